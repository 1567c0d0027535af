"""`khasan calibrate`: the model against the documented course and losses, as tables.

    khasan calibrate SCENARIO [--seeds fit|holdout] [--runs N] [--seed BASE] [--jobs N]
        [--whatif NAME]... [--set PATH=VALUE]... [--markdown | --json] [--sensitivity [--step F]]

The report plays the held-out seeds by default (never used for fitting); `--seeds fit` plays the
seeds the fitted values were tuned on. `--sensitivity` plays the fit seeds (unless `--seeds`
says otherwise) once at the fitted values and twice per fitted rule value (scaled by 1 -/+ step)
and prints how each target's median moves.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from rich.console import Console
from rich.table import Table

from game.cli import parse_seed, positive
from game.core.errors import KhasanError
from game.paths import resolve_scenario
from game.sim import calibrate as cb


def parse_step(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"step must be a number, got {text!r}") from None
    if not 0 < v < 1:
        raise argparse.ArgumentTypeError(f"step must be between 0 and 1 (0.25 = +-25%), got {v}")
    return v


def register(sub: Any) -> None:
    p = sub.add_parser("calibrate", help="compare historical-plan games with the documented battle")
    p.add_argument("scenario")
    p.add_argument("--seeds", choices=cb.SEED_SETS, default=None,
                   help="seed set: holdout (default for the report) or fit (default for --sensitivity)")
    p.add_argument("--runs", type=positive, default=None, help="games to play (default: the seed set's size)")
    p.add_argument("--seed", type=parse_seed, default=None,
                   help="custom base seed instead of the set's (fit seeds are still left out)")
    p.add_argument("--jobs", type=positive, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    p.add_argument("--whatif", action="append", default=[])
    p.add_argument("--set", action="append", default=[], dest="sets", metavar="PATH=VALUE",
                   help="edit the scenario data before playing (as in khasan experiment)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--markdown", action="store_true", help="print Markdown tables (for the docs)")
    fmt.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--sensitivity", action="store_true",
                   help="report how each target's median moves when each fitted rule value moves by +-step")
    p.add_argument("--step", type=parse_step, default=0.25, help="relative change for --sensitivity (default 0.25)")
    p.set_defaults(func=cmd_calibrate)


def cmd_calibrate(args: argparse.Namespace) -> int:
    from game.engine.scenario import load_scenario
    from game.sim.experiment import split_set

    path = str(resolve_scenario(args.scenario))
    sets = dict(split_set(s) for s in args.sets)
    scen = load_scenario(path, tuple(args.whatif), sets or None)
    cal = cb.calibration_of(scen)
    cb.check_targets(scen)  # unknown figures fail before any game is played
    which = args.seeds or ("fit" if args.sensitivity else "holdout")
    seeds = cb.choose_seeds(cal, which, args.runs, args.seed)
    if args.sensitivity:
        if sets:
            raise KhasanError(["--sensitivity: --set is not allowed (each row is one --set of a fitted value)"])
        if not cb.fitted_params(cal):
            raise KhasanError([f"{path}: calibration.fitted: no fitted rule parameters to vary"])
        sens = cb.sensitivity(path, scen, seeds, args.jobs, tuple(args.whatif), args.step)
        print(json.dumps(sens.as_json(), sort_keys=True, indent=1) if args.json else sensitivity_markdown(sens))
        return 0
    results = cb.simulate(path, jobs=args.jobs, whatifs=tuple(args.whatif), seeds=seeds.seeds, sets=sets)
    report = Report(scen.id, seeds, cb.target_rows(scen, results), cb.input_rows(scen, results),
                    cb.control_rows(scen, results), cb.account_rows(scen, results),
                    (scen.sides[0].adjective, scen.sides[1].adjective), cb.account_names(scen))
    if args.json:
        print(json.dumps(report.as_json(), sort_keys=True, indent=1))
    elif args.markdown:
        print(report.markdown())
    else:
        report.print(Console())
    return 0


class Report:
    """One calibration report: targets, fitted inputs, hill control by day and the last days' accounts."""

    def __init__(self, scen_id: str, seeds: cb.SeedSet, rows: list[cb.TargetRow], inputs: list[cb.InputRow],
                 control: list[cb.ControlRow], accounts: list[tuple[str, float, float, float]],
                 sides: tuple[str, str], names: tuple[str, str]) -> None:
        self.scen_id, self.seeds, self.rows, self.inputs = scen_id, seeds, rows, inputs
        self.control, self.accounts = control, accounts
        self.sides, self.names = sides, names  # the sides' adjectives; the accounts' result keys

    def as_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scen_id,
            "seeds": {"set": self.seeds.name, "base": self.seeds.base, "runs": len(self.seeds.seeds),
                      "skipped_fit_seeds": self.seeds.skipped, "seeds": list(self.seeds.seeds)},
            "targets": [r.as_json() for r in self.rows],
            "fitted_inputs": [i.as_json() for i in self.inputs],
            "control_by_day": [{"date": d, "objective": o, "documented": w, "model": t, "match_share": round(ok, 4),
                                "verdict": "match" if cb.control_matches((d, o, w, t, ok)) else "miss"}
                               for d, o, w, t, ok in self.control],
            "accounts": [{"date": d, self.names[0]: round(s, 4), self.names[1]: round(j, 4),
                          "neither": round(x, 4)} for d, s, j, x in self.accounts],
        }

    def table_rows(self) -> list[list[str]]:
        return [[r.figure, f"{r.low:g}-{r.high:g}", _num(r.median), _range(r), r.verdict, r.role] for r in self.rows]

    def input_cells(self) -> list[list[str]]:
        return [[f"{i.side} killed/wounded/missing split", "/".join(str(v) for v in i.split.values()) + " %",
                 f"killed {i.killed_share:.0f}%", "fitted input (set directly, not scored)"] for i in self.inputs]

    def control_cells(self) -> list[list[str]]:
        return [[d, o, w, t, f"{100 * ok:.0f}%", "match" if cb.control_matches((d, o, w, t, ok)) else "MISS"]
                for d, o, w, t, ok in self.control]

    def account_heads(self) -> list[str]:
        a, b = self.sides
        return [f"{a} account (every objective {a})", f"{b} account (objectives contested, none {b})"]

    def account_cells(self) -> list[list[str]]:
        return [[d, f"{100 * s:.0f}%", f"{100 * j:.0f}%", f"{100 * x:.0f}%"] for d, s, j, x in self.accounts]

    def print(self, con: Console) -> None:
        con.print(f"{self.scen_id}: {self.seeds.describe()}")
        _table(con, "targets", ["figure", "documented", "model median", "model 90% range", "verdict", "role"],
               self.table_rows())
        _table(con, "fitted inputs", ["input", "value", "model", "role"], self.input_cells())
        _table(con, "hill control at the end of each day (all used for fitting)",
               ["date", "objective", "documented", "model (most often)", "runs matching", "verdict"],
               self.control_cells())
        if self.accounts:
            _table(con, "the end of the battle: share of games giving each documented account",
                   ["date", *self.account_heads(), "neither"],
                   self.account_cells())
        con.print("seeds: " + " ".join(str(s) for s in self.seeds.seeds), soft_wrap=True)

    def markdown(self) -> str:
        out = [f"{self.scen_id}, {self.seeds.describe()}, both sides' historical plans:", ""]
        out += _md(["figure", "documented", "model median", "model 90% range", "verdict", "role"], self.table_rows())
        out += [""] + _md(["input", "value", "model", "role"], self.input_cells())
        out += [""] + _md(["date", "objective", "documented", "model (most often)", "runs matching", "verdict"],
                          self.control_cells())
        if self.accounts:
            out += [""] + _md(["date", *self.account_heads(), "neither"], self.account_cells())
        out += ["", "Seeds: " + ", ".join(str(s) for s in self.seeds.seeds)]
        return "\n".join(out)


def sensitivity_markdown(s: cb.Sensitivity) -> str:
    figs = [f for f in (*s.figures, "hill_match", s.account) if s.base.get(f) is not None]
    head = ["parameter", "value", *figs]
    rows = [["(fitted values)", "", *[_num(s.base.get(f)) for f in figs]]]
    for key, value, lo, hi, at_lo, at_hi in s.rows:
        for label, v, med in ((f"-{100 * s.step:g}%", lo, at_lo), (f"+{100 * s.step:g}%", hi, at_hi)):
            rows.append([f"{key} {label}", f"{value:g} -> {v:g}", *[_delta(s.base.get(f), med.get(f)) for f in figs]])
    lines = [f"Sensitivity: median of each target at the fitted values and with one fitted value moved by "
             f"+-{100 * s.step:g}% ({s.seeds.describe()}; hill_match = mean share of hill-days matching, %; "
             f"{s.account} = share of games giving that account (every objective held) on the last day, %):", ""]
    return "\n".join(lines + _md(head, rows))


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:.0f}"


def _range(r: cb.TargetRow) -> str:
    return "-" if r.p5 is None or r.p95 is None else f"{r.p5:.0f}-{r.p95:.0f}"


def _delta(base: float | None, v: float | None) -> str:
    if v is None or base is None:
        return "-"
    if base == 0:
        return f"{v:.0f}"
    return f"{v:.0f} ({100 * (v - base) / base:+.0f}%)"


def _md(head: list[str], rows: list[list[str]]) -> list[str]:
    cells = [[c.replace("|", "\\|") for c in r] for r in rows]  # "soviet|contested" inside a cell
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + ["| " + " | ".join(r) + " |" for r in cells]


def _table(con: Console, title: str, head: list[str], rows: list[list[str]]) -> None:
    t = Table(title=title)
    for col in head:
        t.add_column(col)
    for r in rows:
        t.add_row(*r)
    con.print(t)
