"""The issue-14 figures as ratios to the reference workload (benchmarks/reference.py).

Usage: python benchmarks/bench_ratios.py [--runs N] [--experiment-runs R] [--only NAME ...]

Each figure is a whole `khasan` process, timed right after the reference workload (interleaved),
N times; it prints the median wall and CPU ratios with their ranges and whether the (wall) target
is met:
- campaign: `khasan run scenarios/khasan_1938.yaml` (AI on both sides), target <= 4x
- validate: `khasan validate scenarios/khasan_1938.yaml` (base and every what-if), target <= 2x
- one-turn: `khasan run scenarios/khasan_1938.yaml --turns 1`, target <= 2.5x
- first-frame: `khasan play scenarios/khasan_1938.yaml --frames 1` (dummy video driver), target <= 5x
- experiment: `khasan experiment scenarios/khasan_1938.yaml --runs R --jobs 2`, wall time per run, target <= 3x

The processes import the game from compiled bytecode, as an installed package (`pip install .`
compiles it) or a second run from a checkout does: the game's modules are compiled once into a
temporary bytecode folder (PYTHONPYCACHEPREFIX) even when PYTHONDONTWRITEBYTECODE is set, since
compiling the game's ~60 modules from source on every start adds about 0.1 s (0.5x) to each
figure. `--bytecode none` measures the uncached case instead.
"""

from __future__ import annotations

import argparse
import compileall
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference import ROOT, Timed, measure, process

SCENARIO = "scenarios/khasan_1938.yaml"


def experiment_per_run(runs: int, env: dict[str, str]) -> Callable[[], Timed]:
    """Wall and CPU time (main process and workers) per run of a 2-worker experiment."""
    def run() -> Timed:
        with tempfile.TemporaryDirectory() as tmp:
            return process(["experiment", SCENARIO, "--runs", str(runs), "--jobs", "2", "--seed", "5",
                            "--out", str(Path(tmp) / "out")], env, per=runs)()
    return run


def bytecode_env(cached: bool, tmp: str) -> dict[str, str]:
    """The environment for the measured processes: with the game precompiled into `tmp`, or not."""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    if cached:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = tmp
        sys.pycache_prefix = tmp
        compileall.compile_dir(ROOT / "game", quiet=1)
    return env


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="measurements per figure (default 5)")
    ap.add_argument("--experiment-runs", type=int, default=20, help="runs per experiment (default 20)")
    ap.add_argument("--only", nargs="+", default=None)
    ap.add_argument("--bytecode", choices=("cached", "none"), default="cached",
                    help="import the game from precompiled bytecode (default) or compile it on every start")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run_figures(args, bytecode_env(args.bytecode == "cached", tmp))


def run_figures(args: argparse.Namespace, env: dict[str, str]) -> None:
    figures: list[tuple[str, Callable[[], Timed], float]] = [
        ("campaign", process(["run", SCENARIO, "--seed", "3"], env), 4.0),
        ("validate", process(["validate", SCENARIO], env), 2.0),
        ("one-turn", process(["run", SCENARIO, "--turns", "1"], env), 2.5),
        ("first-frame", process(["play", SCENARIO, "--frames", "1"], env), 5.0),
        ("experiment", experiment_per_run(args.experiment_runs, env), 3.0),
    ]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
          f"bytecode {args.bytecode}")
    for name, fn, target in figures:
        if args.only is None or name in args.only:
            runs = max(2, args.runs // 2) if name == "experiment" else args.runs
            print(measure(name, fn, runs).line(target), flush=True)


if __name__ == "__main__":
    main()
