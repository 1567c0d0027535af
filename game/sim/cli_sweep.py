"""`khasan sweep`: Sobol (or Morris) sensitivity of the outcome to scenario numbers.

    khasan sweep SCENARIO --param PATH=LO:HI [--param ...] --samples N [--repeats R]
        [--players SIDE=P,SIDE=P] [--jobs J | --scheduler ADDRESS] [--method sobol|morris]
        [--seed S] --out DIR

User errors raise KhasanError (one line each, exit 2). Ctrl-C stops the sweep and keeps the
finished runs in samples.csv (no indices: they need every sample); exit 130.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from game.cli import players_for, positive, scenario_sides
from game.core.errors import KhasanError
from game.paths import resolve_scenario
from game.sim.cli_experiment import add_batch_options

EXIT_INTERRUPTED = 130


def register(sub: Any) -> None:
    p = sub.add_parser("sweep", help="sensitivity of the outcome to scenario numbers (Sobol or Morris, SALib)")
    p.add_argument("scenario")
    p.add_argument("--param", action="append", default=[], metavar="PATH=LO:HI", required=True,
                   help="a scenario number and its range, e.g. rules.fire.rate=0.011:0.019 (repeatable)")
    p.add_argument("--samples", type=positive, default=64,
                   help="N: sobol runs N*(2D+2) samples (a power of 2 is best), morris N*(D+1) (default 64)")
    p.add_argument("--repeats", type=positive, default=1,
                   help="runs per sample over common seeds; a sample's output is their mean (default 1)")
    p.add_argument("--method", choices=("sobol", "morris"), default="sobol")
    add_batch_options(p, "local worker processes (default: all cores)",
                      "seed of the samples and the run seeds (default 1938)")
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(func=cmd_sweep)


def cmd_sweep(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from game.sim import sweep, sweep_run

    scenario = str(resolve_scenario(args.scenario))
    plan = sweep.Plan(scenario, sweep.check_params(scenario, args.param), args.samples, args.repeats, args.seed,
                      args.method, players_for(scenario_sides(scenario), args.players))
    prep = sweep.prepare(plan)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KhasanError([f"--out {out}: cannot create the directory: {exc.strerror or exc}"]) from None
    backend = sweep_run.make_backend(prep, args.jobs, args.scheduler)
    con = Console()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=con) as bar:
        task = bar.add_task(f"{prep.scenario['id']}: {plan.method}, {len(prep.x)} samples x {plan.repeats} runs",
                            total=prep.total)
        res, interrupted, timing = sweep_run.run_sweep(prep, backend, lambda done, _: bar.update(task, completed=done))
    if interrupted:
        sweep_run.write_samples(out, prep, res)
        con.print(f"[yellow]interrupted: {res.done} of {prep.total} runs kept in {out / 'samples.csv'}; "
                  "no indices[/yellow]")
        return EXIT_INTERRUPTED
    sens, files = sweep_run.write_outputs(out, prep, res, timing)
    con.print(index_table(sens))
    for f in res.failures[:5]:
        con.print(f"[red]failed[/red] run {f['run']} (sample {f['sample']}, seed {f['seed']}): {f['error']}")
    con.print(f"{res.done} runs in {timing['wall_s']:.1f} s ({timing['backend']}, {timing['workers']} workers); "
              f"wrote {', '.join(files)} in {out}")
    return 0


def index_table(sens: dict[str, Any]) -> Any:
    from rich.table import Table

    from game.sim.report_sweep import index_rows

    head, rows = index_rows(sens)
    t = Table(title=str(sens["method"]).split(":")[0] + " sensitivity indices (95% half-widths)")
    for h in head:
        t.add_column(h, justify="left" if h in ("output", "parameter") else "right")
    for r in rows:
        t.add_row(*map(str, r))
    return t
