"""Running a sweep: batches of runs on the experiment backends, gathered by run index, and the
output files written atomically (see game/sim/sweep.py for the design and the statistics).
"""

from __future__ import annotations

import csv
import io
import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.engine.scenario import RawScenario, Scenario, build_scenario, read_scenario
from game.engine.yamlio import atomic_write_text
from game.sim import backends
from game.sim.experiment import drive, error_text, peak_rss_kb, timing_of
from game.sim.runner import run_game
from game.sim.sweep import KINDS, Prepared, Result, csv_rows, gather, sensitivity

BATCH_RUNS = 4

@dataclass(frozen=True, slots=True)
class Batch:
    path: str
    sha256: str
    players: tuple[tuple[str, str], ...]
    runs: tuple[tuple[int, int, tuple[tuple[str, float | int], ...]], ...]  # (run index, seed, sets)


_RAW = threading.local()  # per worker thread: the scenario file as read, once for every sample


def _load(path: str, sha256: str, sets: tuple[tuple[str, float | int], ...]) -> Scenario:
    """The scenario with one sample's values: the files are read once per worker, and each sample
    only applies its `--set` values to a copy and compiles it."""
    cache: dict[tuple[str, str], RawScenario] = _RAW.__dict__.setdefault("raw", {})
    raw = cache.get((path, sha256))
    if raw is None:
        raw = read_scenario(path)
        if raw.sha256 != sha256:
            raise RuntimeError(f"scenario {path} on this worker differs from the client's (SHA-256)")
        cache.clear()
        cache[(path, sha256)] = raw
    return build_scenario(raw, (), dict(sets))


def run_batch(batch: Batch) -> dict[str, Any]:
    """Play a batch of runs; each row has the raw outputs of one run, or its error. The repeats of a
    sample are consecutive runs, so they share one scenario load."""
    rows = []
    players = dict(batch.players)
    loaded: dict[tuple[tuple[str, float | int], ...], Scenario] = {}
    for run, seed, sets in batch.runs:
        row: dict[str, Any] = {"run": run, "error": None}
        try:
            if sets not in loaded:
                loaded.clear()
                loaded[sets] = _load(batch.path, batch.sha256, sets)
            row.update(run_outputs(run_game(loaded[sets], seed, players).summary()))
        except Exception as exc:
            row["error"] = error_text(exc)
        rows.append(row)
    return {"rows": rows, "rss_kb": peak_rss_kb()}


def run_outputs(s: dict[str, Any]) -> dict[str, Any]:
    """The numbers a sweep analyses, from a run summary."""
    out: dict[str, Any] = {"winner": s["winner"], "control": dict(s["control"])}
    out["losses"] = {side: {k: int(s["losses"][side][k]) for k in KINDS} for side in s["losses"]}
    equipment = s.get("equipment")
    if isinstance(equipment, dict):
        out["equipment"] = {f"{side}_{kind}_{state}": int(n) for side, kinds in sorted(equipment.items())
                            for kind, states in sorted(kinds.items()) for state, n in sorted(states.items())}
    return out


def batches(p: Prepared) -> Iterator[Batch]:
    path = str(Path(p.plan.scenario).resolve())
    players = tuple(sorted(p.plan.players.items()))
    for start in range(0, p.total, BATCH_RUNS):
        runs = []
        for i in range(start, min(p.total, start + BATCH_RUNS)):
            s, _, seed = p.run(i)
            runs.append((i, seed, tuple((q.path, q.value(v)) for q, v in zip(p.plan.params, p.x[s], strict=True))))
        yield Batch(path, p.sha256, players, tuple(runs))


def make_backend(p: Prepared, jobs: int | None, scheduler: str | None) -> Any:
    if scheduler:
        return backends.DaskCluster(run_batch, scheduler)
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1:
        return backends.Inline(run_batch)
    return backends.LocalPool(run_batch, min(jobs, p.total))


Progress = Any  # a callable (done, total) -> None, or None


def run_sweep(p: Prepared, backend: Any, progress: Progress = None) -> tuple[Result, bool, dict[str, Any]]:
    """Play every run on `backend` (closed here); (results, stopped by Ctrl-C, timing)."""
    rows: list[dict[str, Any] | None] = [None] * p.total
    done, worker_kb = 0, 0
    t0 = time.perf_counter()

    def handle(b: Batch, result: Any, err: str | None) -> None:
        nonlocal done, worker_kb
        worker_kb = max(worker_kb, result["rss_kb"] if result else 0)
        got: list[dict[str, Any]] = result["rows"] if result else [{"run": i, "error": err} for i, _, _ in b.runs]
        for r in got:
            rows[int(r["run"])] = r
        done += len(got)
        if progress:
            progress(done, p.total)

    try:
        interrupted = drive(backend, batches(p), handle)
    finally:
        backend.close()
    wall = time.perf_counter() - t0
    timing = timing_of(wall, done, p.total, backend, interrupted, worker_kb)
    return gather(p, rows), interrupted, timing


def write_samples(out: Path, p: Prepared, res: Result) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(csv_rows(p, res))
    atomic_write_text(out / "samples.csv", buf.getvalue())


def write_outputs(out: Path, p: Prepared, res: Result, timing: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """sensitivity.json, sweep.json, samples.csv, timing.json and sensitivity.png; returns the
    indices and the names written."""
    sens, meta = sensitivity(p, res)
    write_samples(out, p, res)
    atomic_write_text(out / "sweep.json", json.dumps(meta, sort_keys=True, indent=1) + "\n")
    atomic_write_text(out / "timing.json", json.dumps(timing, sort_keys=True, indent=1) + "\n")
    atomic_write_text(out / "sensitivity.json", json.dumps(sens, indent=1) + "\n")  # parameters and outputs in order
    from game.sim import plots  # matplotlib only when there is something to draw

    names = ["sensitivity.json", "sweep.json", "samples.csv", "timing.json"]
    if plots.draw_sensitivity(out / "sensitivity.png", sens, p.scenario["title"]):
        names.append("sensitivity.png")
    return sens, names
