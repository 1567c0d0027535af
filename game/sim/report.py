"""`khasan report DIR`: one self-contained HTML page (plots embedded as base64 PNG) from an
experiment's summary.json: variants, losses, objective control, what-if differences, documented
figures, failed runs, methods and the scenario's sources. Also the number formats the terminal
tables share.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from pathlib import Path
from typing import Any

from game.core.errors import KhasanError
from game.engine.yamlio import atomic_write_text

PLOTS: tuple[tuple[str, str], ...] = (
    ("losses.png", "Loss distributions per variant; dashed lines mark the documented figures"),
    ("control.png", "Probability of holding each objective at the end of each day, with Wilson 95% bands"),
)


def sides_of(s: dict[str, Any]) -> list[dict[str, str]]:
    """The sides of a summary, in order: key, adjective, short, letter (older summaries: from the
    figure names, with the key as the name)."""
    if s.get("sides"):
        return list(s["sides"])
    keys = [f.removesuffix("_killed") for f in s["figures"][::4]]
    return [{"key": k, "adjective": k.capitalize(), "short": k.capitalize(), "letter": k[:1].upper()} for k in keys]


def table_figures(s: dict[str, Any]) -> list[tuple[str, str]]:
    """The loss figures of the compact tables, (figure, label): per side killed+missing (killed
    alone if that is what is documented) and wounded."""
    doc = s.get("documented", {}).get("losses", {})
    out = []
    for side in sides_of(s):
        k = side["key"]
        first = f"{k}_killed" if f"{k}_killed" in doc and f"{k}_killed_missing" not in doc else f"{k}_killed_missing"
        out += [(f, label(s, f)) for f in (first, f"{k}_wounded")]
    return out


def label(s: dict[str, Any], figure: str) -> str:
    """`soviet_killed_missing` -> `Soviet killed+missing` (the side's adjective from the summary)."""
    for side in sides_of(s):
        if figure.startswith(side["key"] + "_"):
            return f"{side['adjective']} {figure.removeprefix(side['key'] + '_').replace('_', '+')}"
    return figure


def fmt_ci(d: dict[str, Any]) -> str:
    if d.get("mean") is None:
        return "-"
    lo, hi = d["ci95"]
    return f"{d['mean']:,.0f} [{lo:,.0f}-{hi:,.0f}]"


def fmt_p(d: dict[str, Any]) -> str:
    if d.get("p") is None:
        return "-"
    lo, hi = d["ci95"]
    return f"{100 * d['p']:.0f}% [{100 * lo:.0f}-{100 * hi:.0f}]"


def fmt_diff(d: dict[str, Any], pct: bool = False) -> str:
    if d.get("mean_diff") is None:
        return "-"
    k = 100.0 if pct else 1.0
    unit = " pp" if pct else ""
    lo, hi = d["ci95"]
    fmt = ".0f" if pct else ".1f"
    return f"{k * d['mean_diff']:+,{fmt}}{unit} [{k * lo:+,{fmt}}, {k * hi:+,{fmt}}]"


def write_report(folder: Path) -> Path:
    """Write folder/report.html; raise KhasanError if there is no readable summary.json."""
    src = folder / "summary.json"
    if not src.is_file() and (folder / "sensitivity.json").is_file():  # a `khasan sweep` folder
        from game.sim.report_sweep import render_sweep_page

        out = folder / "report.html"
        out.write_text(render_sweep_page(folder, STYLE), encoding="utf-8")
        return out
    if not src.is_file():
        raise KhasanError([f"{folder}: no summary.json here (run `khasan experiment ... --out {folder}` first)"])
    try:
        summary = json.loads(src.read_text(encoding="utf-8"))
        check_current(summary, folder)
        page = render(summary, folder)
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise KhasanError([f"{src}: not an experiment summary ({type(exc).__name__}: {exc})"]) from None
    out = folder / "report.html"
    atomic_write_text(out, page)
    return out


def check_current(summary: dict[str, Any], folder: Path) -> None:
    """Refuse an incomplete experiment, or a summary whose runs.csv is not the one it was made with."""
    src = folder / "summary.json"
    if summary.get("complete") is not True:
        raise KhasanError([f"{src}: incomplete experiment (interrupted); finish it with the same "
                           "`khasan experiment` command and --resume"])
    want = summary.get("runs_csv_sha256")
    try:
        got = hashlib.sha256((folder / "runs.csv").read_bytes()).hexdigest()
    except OSError:
        got = None
    if not want or got != want:
        raise KhasanError([f"{src}: stale summary: it does not belong to the runs.csv beside it "
                           "(run the experiment again)"])


def table(head: list[str], rows: list[list[Any]], cls: str = "") -> str:
    th = "".join(f"<th>{escape(str(h))}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


STYLE = """body{font-family:system-ui,sans-serif;margin:2em;max-width:1300px;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:3px 7px;font-size:13px}
th{background:#eee}td{text-align:right}td:first-child{text-align:left}img{max-width:100%}
.note{color:#555;font-size:13px}h2{border-bottom:1px solid #ccc}"""


def render(s: dict[str, Any], folder: Path) -> str:
    sc = s["scenario"]
    parts = [
        f"<h1>{escape(sc['title'])}: what-if experiment</h1>",
        f"<p>Scenario <b>{escape(sc['id'])}</b> ({escape(sc['file'])}, SHA-256 {escape(sc['sha256'][:16])}...); "
        f"{s['runs']} runs per variant from seed {s['seed']}; players "
        + ", ".join(f"{escape(x['key'])}={escape(s['players'][x['key']])}" for x in sides_of(s))
        + f"; engine {escape(str(s['engine_version']))}."
        + ("" if s["complete"] else " <b>Stopped early: only the finished runs are counted.</b>") + "</p>",
        section_overview(s), section_plots(folder), section_differences(s), section_losses(s),
        section_equipment(s), section_control(s),
        section_documented(s), section_failures(s), section_methods(s), section_sources(s),
        section_timing(folder), section_sensitivity(folder),
    ]
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(sc["title"])} '
            f"experiment</title><style>{STYLE}</style></head><body>\n" + "\n".join(parts) + "\n</body></html>\n")


def section_sensitivity(folder: Path) -> str:
    from game.sim.report_sweep import section_sensitivity as sensitivity

    return sensitivity(folder)


def section_overview(s: dict[str, Any]) -> str:
    sides = sides_of(s)
    first = sides[0]
    head = ["variant", "what-ifs / edits", "runs ok", "failed", *(f"P({x['short']} win)" for x in sides), "P(draw)"]
    head += [f"{o}: P({first['adjective']} holds) at end" for o in s["objectives"]]
    rows = []
    for v in s["variants"]:
        edits = ", ".join(v["whatifs"] + [f"{k}={json.dumps(x)}" for k, x in v["sets"].items()]) or "-"
        row = [v["name"], edits, v["runs_ok"], v["runs_failed"], *(fmt_p(v["winner"][w]) for w in
                                                                   (*(x["key"] for x in sides), "draw"))]
        rows.append(row + [fmt_p(v["control"]["end"][o][first["key"]]) for o in s["objectives"]])
    return "<h2>Variants</h2>" + table(head, rows, "overview")


def section_losses(s: dict[str, Any]) -> str:
    out = ["<h2>Losses</h2><p class='note'>Men per run: mean with Student's t 95% CI, median, 90% range "
           "(5th-95th percentile).</p>"]
    for v in s["variants"]:
        rows = [[label(s, f), fmt_ci(d), _num(d["median"]), f"{_num(d['p5'])}-{_num(d['p95'])}"]
                for f in s["figures"] for d in [v["losses"][f]]]
        out.append(f"<h3>{escape(v['name'])}</h3>" + table(["figure", "mean [95% CI]", "median", "90% range"],
                                                           rows, "losses"))
    return "".join(out)


def section_equipment(s: dict[str, Any]) -> str:
    names = s.get("equipment", [])
    if not names:
        return ""
    doc = s.get("documented_equipment", {})
    out = ["<h2>Equipment losses</h2><p class='note'>Tanks, guns and aircraft per run: destroyed (for good) and "
           "damaged (knocked out or hit, counted once); mean with Student's t 95% CI, median, 90% range; "
           "documented: the band of the scenario's calibration targets.</p>"]
    for v in s["variants"]:
        diffs = v.get("vs_baseline", {}).get("equipment", {})
        head = ["equipment", "mean [95% CI]", "median", "90% range", "documented"] + (["vs baseline"] if diffs else [])
        rows = [[label(s, f).replace("+", " "), _ci1(d), _num(d["median"]), f"{_num(d['p5'])}-{_num(d['p95'])}",
                 f"{doc[f]['low']}-{doc[f]['high']}" if f in doc else "-"]
                + ([fmt_diff(diffs[f])] if diffs else [])
                for f in names for d in [v["equipment"][f]]]
        out.append(f"<h3>{escape(v['name'])}</h3>" + table(head, rows, "equipment"))
    return "".join(out)


def _ci1(d: dict[str, Any]) -> str:
    if d.get("mean") is None:
        return "-"
    lo, hi = d["ci95"]
    return f"{d['mean']:.1f} [{lo:.1f}-{hi:.1f}]"


def _num(x: Any) -> str:
    return "-" if x is None else f"{x:,.0f}"


def section_differences(s: dict[str, Any]) -> str:
    if len(s["variants"]) < 2:
        return ""
    first = sides_of(s)[0]
    head = ["variant", "pairs", f"P({first['short']} win)", *(label(s, f) for f in s["figures"])]
    head += [f"{o}: P({first['adjective']} holds)" for o in s["objectives"]]
    rows = []
    for v in s["variants"][1:]:
        d = v["vs_baseline"]
        row = [v["name"], d["n_pairs"], fmt_diff(d["winner"][first["key"]], pct=True)]
        row += [fmt_diff(d["losses"][f]) for f in s["figures"]]
        rows.append(row + [fmt_diff(d["control_end"][o][first["key"]], pct=True) for o in s["objectives"]])
    return ("<h2>What-if differences from the baseline</h2><p class='note'>Paired over the same run seeds: mean "
            "of (variant - baseline) with Student's t 95% CI; probabilities: difference in percentage points with "
            "Tango's score 95% CI for paired proportions.</p>"
            + table(head, rows, "differences"))


def section_control(s: dict[str, Any]) -> str:
    holders = (*(x["key"] for x in sides_of(s)), "contested")
    head = ["variant", "day"] + [f"{o}: {h}" for o in s["objectives"] for h in holders]
    rows = []
    for v in s["variants"]:
        for day in [*s["days"], "end"]:
            cells = v["control"]["end"] if day == "end" else v["control"]["by_day"].get(day, {})
            rows.append([v["name"], day] + [fmt_p(cells.get(o, {}).get(h, {})) for o in s["objectives"]
                                            for h in holders])
    return ("<h2>Objective control</h2><p class='note'>Probability of holding at the end of each day and at the "
            "end of the game, Wilson 95% interval.</p>" + table(head, rows, "control"))


def section_documented(s: dict[str, Any]) -> str:
    doc = s["documented"]
    names = [v["name"] for v in s["variants"]]
    rows = []
    for f in s["figures"]:
        for j, d in enumerate(doc["losses"].get(f, [])):
            pcts = [v["documented"]["losses"][f][j]["percentile"] for v in s["variants"]]
            rows.append([label(s, f), f"{d['value']:,}", *("-" if p is None else f"{p:.0f}" for p in pcts),
                         d["source"]])
    out = [f"<h2>Documented figures</h2><p class='note'>From the {escape(doc['origin'])}. Percentile: where the "
           "documented value falls in each variant's simulated distribution (mid-rank).</p>",
           table(["figure", "documented", *(f"percentile in {n}" for n in names), "source"], rows, "documented")]
    crow = []
    for day in sorted({d for v in s["variants"] for d in v["documented"]["control_by_day"]}):
        for obj in s["objectives"]:
            cells = [v["documented"]["control_by_day"].get(day, {}).get(obj) for v in s["variants"]]
            if any(cells):
                want = next(c["documented"] for c in cells if c)
                crow.append([day, obj, want, *(fmt_p(c["match"]) if c else "-" for c in cells)])
    if crow:
        out.append(table(["day", "objective", "documented", *(f"runs matching, {n}" for n in names)], crow, "match"))
    return "".join(out)


def section_failures(s: dict[str, Any]) -> str:
    rows = [[v["name"], f["run"], f["seed"], f["error"]] for v in s["variants"] for f in v["failures"]]
    if not rows:
        return "<h2>Failed runs</h2><p>None.</p>"
    return "<h2>Failed runs</h2>" + table(["variant", "run", "seed", "error"], rows, "failures")


def section_plots(folder: Path) -> str:
    out = ["<h2>Plots</h2>"]
    for name, caption in PLOTS:
        p = folder / name
        if p.is_file():
            data = base64.b64encode(p.read_bytes()).decode("ascii")
            out.append(f'<figure><img alt="{escape(name)}" src="data:image/png;base64,{data}">'
                       f"<figcaption>{escape(caption)}</figcaption></figure>")
    return "".join(out) if len(out) > 1 else ""


def section_methods(s: dict[str, Any]) -> str:
    rows = [[k, v] for k, v in sorted(s["methods"].items())]
    return "<h2>Methods</h2>" + table(["what", "how"], rows, "methods")


def section_sources(s: dict[str, Any]) -> str:
    rows = [[k, v if isinstance(v, str) else json.dumps(v)] for k, v in sorted(s.get("sources", {}).items())]
    note = "The scenario's bibliography (<code>scenarios/common/sources.yaml</code>)."
    return f"<h2>Sources</h2><p class='note'>{note}</p>" + table(
        ["tag", "source"], rows, "sources")


def section_timing(folder: Path) -> str:
    p = folder / "timing.json"
    if not p.is_file():
        return ""
    try:
        t = json.loads(p.read_text(encoding="utf-8"))
    except ValueError:
        return ""
    return (f"<p class='note'>Timing (not part of the results): {t.get('runs_done')} runs in {t.get('wall_s')} s, "
            f"{t.get('runs_per_minute')} runs per minute, backend {escape(str(t.get('backend')))}.</p>")
