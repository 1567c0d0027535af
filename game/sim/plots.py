"""Experiment plots (matplotlib, Agg backend, no window): loss distributions per variant with the
documented figures marked, the probability of holding each objective day by day, and the
sensitivity indices of a sweep.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from game.sim.report import sides_of

COLOURS = ("#444444", "#c0392b", "#2471a3", "#229954", "#d68910", "#7d3c98", "#17a589", "#a04000")


def colour(k: int) -> str:
    return COLOURS[k % len(COLOURS)]


def draw_all(out: Path, summary: dict[str, Any], figures: list[np.ndarray]) -> list[str]:
    """Write losses.png and control.png into `out`; returns the names written."""
    names = []
    if draw_losses(out / "losses.png", summary, figures):
        names.append("losses.png")
    if draw_control(out / "control.png", summary):
        names.append("control.png")
    return names


def draw_losses(path: Path, summary: dict[str, Any], figures: list[np.ndarray]) -> bool:
    """One panel per loss figure: a step histogram per variant, documented values as dashed lines."""
    if not any(len(f) for f in figures):
        return False
    rows = len(summary["figures"]) // 4
    fig, axes = plt.subplots(rows, 4, figsize=(16, 3.75 * rows), squeeze=False)
    doc = summary["documented"]["losses"]
    names = [v["name"] for v in summary["variants"]]
    for j, fname in enumerate(summary["figures"]):
        ax = axes[j // 4][j % 4]
        _loss_panel(ax, fname, [f[:, j] for f in figures], names, doc.get(fname, []))
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(6, len(labels)), fontsize=8)
    fig.suptitle(f"{summary['scenario']['title']}: losses over {summary['runs']} runs per variant "
                 f"(dashed: documented figures, {summary['documented']['origin']})", fontsize=10)
    fig.tight_layout(rect=(0, 0.06, 1, 0.95))
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return True


def _loss_panel(ax: Axes, fname: str, columns: list[np.ndarray], names: list[str], doc: list[dict[str, Any]]) -> None:
    values = np.concatenate([c for c in columns if len(c)] or [np.zeros(1)])
    lo, hi = float(values.min()), float(values.max())
    span = max(hi - lo, 1.0)
    near = [d for d in doc if lo - span <= d["value"] <= hi + span]  # documented values off the chart: noted
    lo, hi = min([lo] + [d["value"] for d in near]), max([hi] + [d["value"] for d in near])
    bins = np.linspace(lo, hi if hi > lo else lo + 1, 31)
    for k, (col, name) in enumerate(zip(columns, names, strict=True)):
        if len(col):
            ax.hist(col, bins=list(bins), histtype="step", linewidth=1.4, color=colour(k), label=name)
    for d in near:
        ax.axvline(d["value"], color="black", linestyle="--", linewidth=0.9)
        ax.annotate(f"{d['value']:,}", (d["value"], 1), xycoords=("data", "axes fraction"), fontsize=7,
                    rotation=90, va="top", ha="right")
    far = [f"{d['value']:,}" for d in doc if d not in near]
    if far:
        ax.annotate("documented (off chart): " + ", ".join(far), (0.98, 0.98), xycoords="axes fraction",
                    fontsize=7, ha="right", va="top")
    ax.set_title(fname.replace("_", " "), fontsize=9)
    ax.set_xlabel("men", fontsize=8)
    ax.tick_params(labelsize=7)


def draw_control(path: Path, summary: dict[str, Any]) -> bool:
    """One panel per objective: P(first side holds) and P(second side holds) at the end of each day,
    with Wilson 95% bands; the documented holder of each day along the top (side letters, C)."""
    objectives, days = summary["objectives"], summary["days"]
    if not objectives or not days:
        return False
    fig, axes = plt.subplots(len(objectives), 1, figsize=(11, 2.8 * len(objectives) + 1), squeeze=False)
    for r, obj in enumerate(objectives):
        _control_panel(axes[r][0], obj, days, summary)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(4, len(labels)), fontsize=8)
    fig.suptitle(f"{summary['scenario']['title']}: objective control at the end of each day", fontsize=10)
    fig.tight_layout(rect=(0, 0.07, 1, 0.96))
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return True


def _control_panel(ax: Axes, obj: str, days: list[str], summary: dict[str, Any]) -> None:
    x = np.arange(len(days))
    n = len(summary["variants"])
    for k, v in enumerate(summary["variants"]):
        by_day = v["control"]["by_day"]
        xs = x + 0.05 * (k - (n - 1) / 2)  # a small offset per variant so equal curves stay visible
        first, second = (x["key"] for x in sides_of(summary))
        for side, style in ((first, "-"), (second, ":")):
            cells = [by_day.get(d, {}).get(obj, {}).get(side, {}) for d in days]
            p = np.array([c.get("p") if c.get("p") is not None else np.nan for c in cells], dtype=float)
            ci = [c.get("ci95") or [np.nan, np.nan] for c in cells]
            label = v["name"] if side == first else None
            ax.plot(xs, p, style, marker="o", markersize=3, color=colour(k), label=label)
            ax.fill_between(xs, [c[0] for c in ci], [c[1] for c in ci], color=colour(k), alpha=0.08)
    doc = summary["documented"]["control_by_day"]
    for i, d in enumerate(days):
        want = doc.get(d, {}).get(obj)
        if want:
            letters = {x["key"]: x["letter"] for x in sides_of(summary)} | {"contested": "C"}
            text = "/".join(letters.get(h.strip(), "?") for h in str(want).split("|"))
            ax.annotate(text, (i, 1.04), xycoords=("data", "axes fraction"), ha="center", fontsize=8)
    ax.set_ylim(-0.03, 1.03)
    ax.set_ylabel("P(holds)", fontsize=8)
    one, two = sides_of(summary)[:2]
    ax.set_title(f"{obj} (solid: {one['short']}, dotted: {two['short']}; letters: documented holder)",
                 fontsize=9, pad=16)
    ax.set_xticks(x, [d[5:] for d in days], fontsize=7)
    ax.tick_params(labelsize=7)


def draw_sensitivity(path: Path, sens: dict[str, Any], title: str) -> bool:
    """One panel per output: bars of S1 and ST (or Morris mu_star and sigma) per parameter with
    their 95% half-widths as error bars; outputs without indices are left out. Written atomically."""
    morris = str(sens["method"]).startswith("morris")
    keys = (("mu_star", "mu_star_conf"), ("sigma", None)) if morris else (("S1", "S1_conf"), ("ST", "ST_conf"))
    params = list(sens["params"])
    shown = [(n, d) for n, d in sens["outputs"].items() if any(v is not None for v in d[keys[0][0]].values())]
    if not shown or not params:
        return False
    cols = min(4, len(shown))
    rows = -(-len(shown) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.6 * cols + 0.6, 2.6 * rows + 1.0), squeeze=False)
    x = np.arange(len(params))
    width = 0.38
    for k, (name, d) in enumerate(shown):
        ax = axes[k // cols][k % cols]
        for m, (key, conf) in enumerate(keys):
            vals = [d[key][q] if d[key][q] is not None else np.nan for q in params]
            err = [d[conf][q] or 0.0 for q in params] if conf else None
            ax.bar(x + (m - 0.5) * width, vals, width, yerr=err, capsize=2, color=colour(m + 1), label=key)
        ax.axhline(0, color="black", linewidth=0.6)
        cut = not morris and _clip_sobol_axis(ax, d, keys, params)
        ax.set_title(f"{name} (axis cut: too few samples)" if cut else name, fontsize=8,
                     color="#a04000" if cut else "black")
        ax.set_xticks(x, [q.rsplit(".", 1)[-1] if len(params) > 2 else q for q in params], fontsize=7)
        ax.tick_params(labelsize=7)
    for k in range(len(shown), rows * cols):
        axes[k // cols][k % cols].axis("off")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=8)
    what = "Morris mu_star and sigma" if morris else "Sobol first-order (S1) and total-order (ST) indices"
    fig.suptitle(f"{title}: {what}, error bars 95%", fontsize=10)
    fig.tight_layout(rect=(0, 0.05, 1, 0.95))
    tmp = path.with_name(f".{path.name}.tmp")
    fig.savefig(tmp, dpi=90, format="png")
    plt.close(fig)
    os.replace(tmp, path)
    return True


def _clip_sobol_axis(ax: Axes, d: dict[str, Any], keys: tuple[tuple[str, str | None], ...], params: list[str]) -> bool:
    """Sobol indices lie in [0, 1]; estimates far outside (too few samples) are cut at the frame
    (True), so one wild output does not flatten the rest."""
    ends = [(d[k][q] or 0.0) + sign * (d[c][q] or 0.0) for k, c in keys if c for q in params for sign in (-1, 1)]
    if min(ends) >= -0.5 and max(ends) <= 1.5:
        return False
    ax.set_ylim(-0.5, 1.5)
    return True
