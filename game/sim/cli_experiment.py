"""`khasan experiment` (what-ifs over common random numbers) and `khasan report` (an HTML page).

    khasan experiment SCENARIO --runs N [--jobs J [--force-jobs] | --scheduler ADDRESS] [--seed S]
        [--players SIDE=P,SIDE=P] [--whatif NAME]... [--set PATH=VALUE]... --out DIR [--resume]
    khasan report DIR

User errors raise KhasanError (one line each, exit 2). Ctrl-C stops the experiment, keeps the
finished runs, writes the outputs over them marked incomplete and exits with 130; `--resume`
(same arguments) finishes it, also after a kill.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.cli import parse_players, parse_seed, players_for, positive, scenario_sides
from game.core.errors import KhasanError
from game.paths import resolve_scenario

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

EXIT_INTERRUPTED = 130
MAX_RUNS = 100_000


def parse_runs(text: str) -> int:
    return positive(text, "runs", MAX_RUNS)


def parse_jobs(text: str) -> int:
    return positive(text, "jobs", 1024)


def add_batch_options(p: argparse.ArgumentParser, jobs_help: str, seed_help: str) -> None:
    """Where the games of a batch command run (--jobs or --scheduler), its --seed and --players."""
    where = p.add_mutually_exclusive_group()
    where.add_argument("--jobs", type=parse_jobs, help=jobs_help)
    where.add_argument("--scheduler", metavar="ADDRESS", help="a dask.distributed scheduler, e.g. tcp://host:8786")
    p.add_argument("--seed", type=parse_seed, default=1938, help=seed_help)
    p.add_argument("--players", type=parse_players, default={}, metavar="SIDE=P,SIDE=P",
                   help="who plays each side (default ai for every side)")


def register(sub: Any) -> None:
    p = sub.add_parser("experiment", help="play the baseline and what-ifs over the same seeds; statistics and plots")
    p.add_argument("scenario")
    p.add_argument("--runs", type=parse_runs, default=100, help="runs per variant (default 100)")
    add_batch_options(p, "local worker processes (default and at most: all cores)",
                      "base seed of the run seeds (default 1938)")
    p.add_argument("--whatif", action="append", default=[], metavar="NAME", help="a what-if variant (repeatable)")
    p.add_argument("--set", action="append", default=[], dest="sets", metavar="PATH=VALUE",
                   help="one edit as its own variant (repeatable); VALUE is YAML")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--resume", action="store_true", help="finish an interrupted experiment with the same arguments")
    p.add_argument("--force-jobs", action="store_true", help="allow more --jobs than cores")
    p.set_defaults(func=cmd_experiment)
    r = sub.add_parser("report", help="write DIR/report.html from an experiment's outputs")
    r.add_argument("dir")
    r.set_defaults(func=cmd_report)


def cmd_experiment(args: argparse.Namespace) -> int:
    from game.sim.experiment import Plan, make_backend, make_variants, prepare, run_experiment, write_outputs

    path = str(resolve_scenario(args.scenario))
    plan = Plan(path, args.runs, args.seed, players_for(scenario_sides(path), args.players),
                make_variants(args.whatif, args.sets))
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    prep = prepare(plan)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise KhasanError([f"--out {out}: not a directory"])
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KhasanError([f"--out {out}: cannot create the directory: {exc.strerror or exc}"]) from None
    backend = make_backend(prep, args.jobs, args.scheduler, args.force_jobs)
    con = Console()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=con) as bar:
        task = bar.add_task(f"{prep.scenario['id']}: {len(plan.variants)} variants x {plan.runs} runs",
                            total=plan.runs * len(plan.variants))
        outcome = run_experiment(prep, out, backend, resume=args.resume,
                                 progress=lambda done, total: bar.update(task, completed=done))
    files = write_outputs(outcome, prep)
    print_tables(con, outcome.summary)
    t = outcome.timing
    con.print(f"{t['runs_done']} runs in {t['wall_s']:.1f} s ({t['runs_per_minute']} runs/min, {t['backend']}, "
              f"{t['workers']} workers); wrote {', '.join(files)} in {out}")
    if outcome.interrupted:
        con.print(f"[yellow]interrupted: kept {t['runs_done']} of {t['runs_planned']} runs (summary marked "
                  "incomplete); the same command with --resume finishes it[/yellow]")
        return EXIT_INTERRUPTED
    return 0


def print_tables(con: Console, s: dict[str, Any]) -> None:
    con.print(variant_table(s))
    if len(s["variants"]) > 1:
        con.print(difference_table(s))
    for v in s["variants"]:
        for f in v["failures"][:5]:
            con.print(f"[red]failed[/red] {v['name']} run {f['run']} seed {f['seed']}: {f['error']}")
        if v["runs_failed"] > 5:
            con.print(f"[red]... {v['runs_failed'] - 5} more failed runs of {v['name']} (see runs.csv)[/red]")


def variant_table(s: dict[str, Any]) -> Table:
    """One column per variant; rows: win probability, losses, final control."""
    from rich.table import Table

    from game.sim.report import fmt_ci, fmt_p, sides_of, table_figures

    sides = sides_of(s)
    first = sides[0]
    t = Table(title=f"{s['scenario']['title']}: {s['runs']} runs per variant, seed {s['seed']}, players "
                    + " ".join(f"{x['key']}={s['players'][x['key']]}" for x in sides))
    t.add_column("mean [95% CI]")
    for v in s["variants"]:
        t.add_column(v["name"], justify="right")
    vs = s["variants"]
    t.add_row("runs ok / failed", *(f"{v['runs_ok']} / {v['runs_failed']}" for v in vs))
    t.add_row(f"P({first['short']} win)", *(fmt_p(v["winner"][first["key"]]) for v in vs))
    for f, label in table_figures(s):
        t.add_row(label, *(fmt_ci(v["losses"][f]) for v in vs))
    for o in s["objectives"]:
        t.add_row(f"{o}: P({first['adjective']} holds)", *(fmt_p(v["control"]["end"][o][first["key"]]) for v in vs))
    return t


def difference_table(s: dict[str, Any]) -> Table:
    """One column per non-baseline variant: paired mean differences from the baseline."""
    from rich.table import Table

    from game.sim.report import fmt_diff, sides_of, table_figures

    t = Table(title="Paired differences from the baseline (same seeds): mean [95% CI]")
    t.add_column("variant - baseline")
    vs = s["variants"][1:]
    for v in vs:
        t.add_column(v["name"], justify="right")
    t.add_row("pairs", *(str(v["vs_baseline"]["n_pairs"]) for v in vs))
    first = sides_of(s)[0]
    t.add_row(f"P({first['short']} win)", *(fmt_diff(v["vs_baseline"]["winner"][first["key"]], pct=True) for v in vs))
    for f, label in table_figures(s):
        t.add_row(label, *(fmt_diff(v["vs_baseline"]["losses"][f]) for v in vs))
    for o in s["objectives"]:
        t.add_row(f"{o}: P({first['adjective']} holds)",
                  *(fmt_diff(v["vs_baseline"]["control_end"][o][first["key"]], pct=True) for v in vs))
    return t


def cmd_report(args: argparse.Namespace) -> int:
    from game.sim.report import write_report

    path = write_report(Path(args.dir))
    print(f"wrote {path}")
    return 0
