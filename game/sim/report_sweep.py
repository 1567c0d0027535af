"""The sensitivity part of `khasan report`: a page for a sweep folder (sensitivity.json,
sweep.json, sensitivity.png), or a section added to an experiment's page in the same folder."""

from __future__ import annotations

import base64
import json
from html import escape
from pathlib import Path
from typing import Any

from game.core.errors import KhasanError


def _fmt(v: Any, conf: Any = None) -> str:
    if v is None:
        return "-"
    return f"{v:.3f}" if conf is None else f"{v:.3f} ± {conf:.3f}"


def index_rows(sens: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """A table of the indices: one row per (output, parameter)."""
    morris = str(sens["method"]).startswith("morris")
    head = ["output", "parameter", *(("mu_star ± 95%", "sigma") if morris else ("S1 ± 95%", "ST ± 95%"))]
    rows = []
    for name, d in sens["outputs"].items():
        for q in sens["params"]:
            if morris:
                cells = [_fmt(d["mu_star"][q], d["mu_star_conf"][q]), _fmt(d["sigma"][q])]
            else:
                cells = [_fmt(d["S1"][q], d["S1_conf"][q]), _fmt(d["ST"][q], d["ST_conf"][q])]
            rows.append([name, q, *cells])
    return head, rows


def _table(head: list[str], rows: list[list[Any]]) -> str:
    th = "".join(f"<th>{escape(str(h))}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="sensitivity"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KhasanError([f"{path}: not readable JSON ({exc})"]) from None
    if not isinstance(data, dict):
        raise KhasanError([f"{path}: not a JSON object"])
    return data


def section_sensitivity(folder: Path) -> str:
    """The "Sensitivity" section, or "" when the folder has no sensitivity.json."""
    src = folder / "sensitivity.json"
    if not src.is_file():
        return ""
    sens = _read(src)
    meta = _read(folder / "sweep.json") if (folder / "sweep.json").is_file() else {}
    try:
        head, rows = index_rows(sens)
        params = ", ".join(f"{q} in [{r['lo']:g}, {r['hi']:g}]" for q, r in sens["params"].items())
    except (KeyError, TypeError, AttributeError) as exc:
        raise KhasanError([f"{src}: not a sweep's sensitivity.json ({type(exc).__name__}: {exc})"]) from None
    parts = ["<h2>Sensitivity</h2>", f"<p>Parameters: {escape(params)}.</p>"]
    if meta:
        parts.append(f"<p>{meta.get('samples')} samples (N = {meta.get('samples_n')}) x {meta.get('repeats')} "
                     f"run(s) each over common seeds from seed {meta.get('seed')}: {meta.get('runs_done')} of "
                     f"{meta.get('runs')} runs, {meta.get('runs_failed')} failed; players "
                     f"{escape(json.dumps(meta.get('players')))}.</p>")
        skipped = meta.get("skipped_outputs") or {}
        if skipped:
            parts.append("<p class='note'>No indices for: " + escape("; ".join(f"{k}: {v}" for k, v in
                                                                              sorted(skipped.items()))) + ".</p>")
    png = folder / "sensitivity.png"
    if png.is_file():
        data = base64.b64encode(png.read_bytes()).decode("ascii")
        parts.append(f'<figure><img alt="sensitivity.png" src="data:image/png;base64,{data}"><figcaption>'
                     "Indices per output with 95% error bars</figcaption></figure>")
    parts.append(_table(head, rows))
    parts.append(f"<p class='note'>Method: {escape(str(sens['method']))}. How to read the indices: "
                 "docs/experiments.md.</p>")
    return "".join(parts)


def render_sweep_page(folder: Path, style: str) -> str:
    meta = _read(folder / "sweep.json") if (folder / "sweep.json").is_file() else {}
    sc = meta.get("scenario") or {}
    title = escape(str(sc.get("title", folder.name)))
    head = (f"<h1>{title}: sensitivity sweep</h1><p>Scenario <b>{escape(str(sc.get('id', '?')))}</b> "
            f"({escape(str(sc.get('file', '?')))}, SHA-256 {escape(str(sc.get('sha256', '?'))[:16])}...); engine "
            f"{escape(str(meta.get('engine_version', '?')))}.</p>")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title} sweep</title>'
            f"<style>{style}</style></head><body>\n{head}\n{section_sensitivity(folder)}\n</body></html>\n")
