"""Benchmark `khasan experiment`: runs per minute with historical and with AI players, and peak
memory (RSS of the main process and of the largest worker) for two numbers of runs.

Usage: python benchmarks/bench_experiment.py [SCENARIO] [--runs N] [--mem-runs N1 N2] [--jobs J]
SCENARIO defaults to scenarios/khasan_1938.yaml (the full campaign), or teaching.yaml while that
file does not exist. Each measurement is one `khasan experiment` subprocess (baseline only); the
rates and memory come from its timing.json, the wall time includes start-up, loading and plots.
The goal: 1,000 full-campaign runs in under 10 minutes (100 runs per minute) on 2 cores, i.e.
at most 3x the reference workload (benchmarks/reference.py, run before each experiment) per run
of wall time; the ratio is printed with each line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from reference import time_reference  # noqa: E402

GOAL_RUNS, GOAL_MINUTES = 1000, 10.0


def default_scenario() -> Path:
    full = ROOT / "scenarios" / "khasan_1938.yaml"
    return full if full.exists() else ROOT / "scenarios" / "teaching.yaml"


def experiment(scenario: Path, runs: int, jobs: int, players: str) -> dict[str, Any]:
    """Run one experiment in a subprocess; its timing.json plus the wall time of the whole command."""
    ref = time_reference()[0]
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "game", "experiment", str(scenario), "--runs", str(runs), "--jobs", str(jobs),
               "--players", f"soviet={players},japan={players}", "--out", str(Path(tmp) / "out")]
        t0 = time.perf_counter()
        res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if res.returncode != 0:
            raise SystemExit(f"experiment failed ({res.returncode}): {res.stderr.strip()}")
        timing = json.loads((Path(tmp) / "out" / "timing.json").read_text())
        summary = json.loads((Path(tmp) / "out" / "summary.json").read_text())
        failed = sum(v["runs_failed"] for v in summary["variants"])
    return {**timing, "command_s": round(wall, 2), "failed": failed, "ratio": wall / runs / ref}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", type=Path, default=default_scenario())
    ap.add_argument("--runs", type=int, default=100, help="runs for the speed measurements")
    ap.add_argument("--mem-runs", type=int, nargs=2, default=(50, 500), metavar=("N1", "N2"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--players", nargs="+", default=["historical", "ai"])
    args = ap.parse_args()
    print(f"scenario {args.scenario.name}, {args.jobs} workers on {os.cpu_count()} cores")
    print(f"{'players':<12}{'runs':>6}{'runs/min':>10}{'command s':>11}{'main MB':>9}{'worker MB':>11}"
          f"{'failed':>8}{'ratio/run':>10}  1,000 runs")
    for players in args.players:
        for runs in (args.runs, *args.mem_runs) if players == args.players[0] else (args.runs,):
            t = experiment(args.scenario, runs, args.jobs, players)
            rate = t["runs_per_minute"] or 0.0
            eta = GOAL_RUNS / rate if rate else float("inf")
            verdict = "ok" if eta <= GOAL_MINUTES else "too slow"
            print(f"{players:<12}{runs:>6}{rate:>10.1f}{t['command_s']:>11.1f}{t['peak_rss_mb']['main']:>9.1f}"
                  f"{t['peak_rss_mb']['largest_worker']:>11.1f}{t['failed']:>8}{t['ratio']:>9.2f}x"
                  f"  {eta:.1f} min ({verdict})")


if __name__ == "__main__":
    main()
