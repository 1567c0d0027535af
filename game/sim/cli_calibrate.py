"""`khasan calibrate`: the model against the documented course and losses, as a table."""

from __future__ import annotations

import argparse
import os
from typing import Any

from rich.console import Console
from rich.table import Table

from game.cli import parse_seed, positive
from game.paths import resolve_scenario
from game.sim.calibrate import control_rows, loss_rows, simulate


def register(sub: Any) -> None:
    p = sub.add_parser("calibrate", help="compare historical-plan games with the documented battle")
    p.add_argument("scenario")
    p.add_argument("--runs", type=positive, default=100, help="games to play (default 100)")
    p.add_argument("--seed", type=parse_seed, default=1938, help="base seed of the run seeds (default 1938)")
    p.add_argument("--jobs", type=positive, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    p.add_argument("--whatif", action="append", default=[])
    p.add_argument("--markdown", action="store_true", help="print Markdown tables (for the README)")
    p.set_defaults(func=cmd_calibrate)


def cmd_calibrate(args: argparse.Namespace) -> int:
    from game.engine.scenario import load_scenario

    path = str(resolve_scenario(args.scenario))
    scen = load_scenario(path, tuple(args.whatif))
    results = simulate(path, args.runs, args.seed, args.jobs, tuple(args.whatif))
    losses = loss_rows(scen, results)
    control = control_rows(scen, results)
    if args.markdown:
        print(markdown(scen.id, args.runs, losses, control))
        return 0
    con = Console()
    t = Table(title=f"{scen.id}: losses over {args.runs} historical-plan games")
    for col in ("figure", "documented", "model median", "model 90% range", "verdict"):
        t.add_column(col)
    for r in losses:
        t.add_row(r.figure, f"{r.low}-{r.high}", f"{r.median:.0f}", f"{r.p5:.0f}-{r.p95:.0f}", r.verdict)
    con.print(t)
    c = Table(title="hill control at the end of each day")
    for col in ("date", "objective", "documented", "model (most often)", "runs matching"):
        c.add_column(col)
    for day, obj, who, top, ok in control:
        c.add_row(day, obj, who, top, f"{100 * ok:.0f}%")
    con.print(c)
    return 0


def markdown(scen_id: str, runs: int, losses: list[Any], control: list[Any]) -> str:
    lines = [f"Losses, {scen_id}, {runs} games with both sides' historical plans:", "",
             "| figure | documented | model median | model 90% range | verdict |", "|---|---|---|---|---|"]
    lines += [f"| {r.figure} | {r.low}-{r.high} | {r.median:.0f} | {r.p5:.0f}-{r.p95:.0f} | {r.verdict} |"
              for r in losses]
    lines += ["", "| date | objective | documented | model (most often) | runs matching |", "|---|---|---|---|---|"]
    lines += [f"| {d} | {o} | {w} | {t} | {100 * ok:.0f}% |" for d, o, w, t, ok in control]
    return "\n".join(lines)
