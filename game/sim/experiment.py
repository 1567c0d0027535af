"""What-if experiments: the baseline and each variant played over the same run seeds.

Run i of an experiment with base seed S plays the game seed
`int(numpy.random.SeedSequence(S).spawn(N)[i].generate_state(1, numpy.uint32)[0])` in every
variant (common random numbers). It is the rule `khasan calibrate` uses, so run i is the same game
in both, and any row of runs.csv replays with `khasan run SCENARIO --seed SEED`.

A variant is the baseline, a named what-if, or one `--set PATH=VALUE` edit on the baseline.
Batches of runs go to a backend (this process, local worker processes with the scenarios loaded
once per worker, or a dask cluster); results stream back into small per-variant tallies and into
runs.csv, so no game or record is kept. Outputs in DIR: summary.json (a pure function of the
inputs: sorted keys, rounded floats, no timings), runs.csv, timing.json, losses.png, control.png.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import resource
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import yaml

from game import ENGINE_VERSION
from game.core.errors import KhasanError
from game.engine.scenario import Scenario, load_scenario
from game.sim import backends, stats, tally
from game.sim.history import FIGURES, SIDE_FIELDS, Documented, documented
from game.sim.runner import run_game

SEED_RULE = ("run i plays seed int(numpy.random.SeedSequence(S).spawn(N)[i].generate_state(1, numpy.uint32)[0]) "
             "in every variant (common random numbers)")
BATCH_RUNS = 4  # runs per task: small enough for a prompt Ctrl-C, large enough to hide the hand-off


def run_seeds(base: int, n: int) -> list[int]:
    """The game seed of each run (see the module docstring)."""
    return [int(c.generate_state(1, np.uint32)[0]) for c in np.random.SeedSequence(base).spawn(n)]


@dataclass(frozen=True, slots=True)
class Variant:
    """The baseline (no what-ifs, no sets), a named what-if, or a set of `PATH=VALUE` edits."""

    name: str
    whatifs: tuple[str, ...] = ()
    sets: tuple[tuple[str, Any], ...] = ()

    @property
    def kind(self) -> str:
        return "whatif" if self.whatifs else "set" if self.sets else "baseline"

    def key(self) -> str:
        return json.dumps([self.whatifs, self.sets], sort_keys=True, default=str)

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "whatifs": list(self.whatifs),
                "sets": {p: v for p, v in self.sets}}


def split_set(text: str) -> tuple[str, Any]:
    """`PATH=VALUE` -> (PATH, yaml.safe_load(VALUE)); the split is at the first `=` outside [...]."""
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "[") - (ch == "]")
        if ch == "=" and depth == 0:
            path, raw = text[:i].strip(), text[i + 1:]
            if not path:
                break
            try:
                return path, yaml.safe_load(raw) if raw.strip() else None
            except yaml.YAMLError as exc:
                raise KhasanError([f"--set {text}: VALUE is not YAML: {str(exc).splitlines()[0]}"]) from None
    raise KhasanError([f"--set {text!r}: expected PATH=VALUE, e.g. rules.border.enabled=false"])


def make_variants(whatifs: list[str], sets: list[str]) -> tuple[Variant, ...]:
    out = [Variant("baseline")]
    out += [Variant(w, whatifs=(w,)) for w in whatifs]
    out += [Variant(f"set {s}", sets=(split_set(s),)) for s in sets]
    names = [v.name for v in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise KhasanError([f"variant {n!r} given more than once" for n in dup])
    return tuple(out)


# --- worker side -----------------------------------------------------------------------------------

_LOCAL = threading.local()  # per worker thread: variant key -> Scenario (or the error loading it)


def _scenario(path: str, sha256: str, v: Variant) -> Scenario:
    cache: dict[str, Scenario | str] = _LOCAL.__dict__.setdefault("cache", {})
    key = f"{path}|{v.key()}"
    if key not in cache:
        try:
            scen = load_scenario(path, v.whatifs, dict(v.sets))
            ok = scen.sha256 == sha256
            cache[key] = scen if ok else f"scenario {path} on this worker differs from the client's (SHA-256)"
        except KhasanError as exc:
            cache[key] = f"scenario did not load on this worker: {exc.problems[0]}"
    got = cache[key]
    if isinstance(got, str):
        raise RuntimeError(got)
    return got


def init_worker(path: str, sha256: str, variants: tuple[Variant, ...]) -> None:
    """Load every variant's scenario once, when a local worker process starts."""
    for v in variants:
        with contextlib.suppress(RuntimeError):  # reported per run
            _scenario(path, sha256, v)


@dataclass(frozen=True, slots=True)
class Batch:
    seq: int
    path: str
    sha256: str
    index: int  # variant index
    variant: Variant
    players: tuple[tuple[str, str], ...]
    runs: tuple[tuple[int, int], ...]  # (run index, seed)


def error_text(exc: BaseException) -> str:
    """One line: the exception and where it was raised."""
    tb = traceback.extract_tb(exc.__traceback__)
    where = f" [at {Path(tb[-1].filename).name}:{tb[-1].lineno}]" if tb else ""
    msg = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {msg}{where}"


def play_one(scen: Scenario, seed: int, players: dict[str, str]) -> dict[str, Any]:
    s = run_game(scen, seed, players).summary()
    return {"winner": s["winner"], "losses": s["losses"], "control": s["control"],
            "control_by_day": s["control_by_day"], "turns": s["turns_played"]}


def run_batch(batch: Batch) -> dict[str, Any]:
    """Play a batch of runs of one variant; a failing run becomes a row with its error."""
    rows = []
    players = dict(batch.players)
    for run, seed in batch.runs:
        row: dict[str, Any] = {"run": run, "seed": seed, "error": None}
        try:
            row.update(play_one(_scenario(batch.path, batch.sha256, batch.variant), seed, players))
        except Exception as exc:
            row["error"] = error_text(exc)
        rows.append(row)
    return {"seq": batch.seq, "index": batch.index, "rows": rows, "rss_kb": peak_rss_kb()}


def peak_rss_kb() -> int:
    """This process's peak resident memory: VmHWM on Linux (ru_maxrss would include the parent's
    memory at fork time for a spawned worker), else ru_maxrss."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


# --- the experiment -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Plan:
    scenario: str
    runs: int
    seed: int
    players: dict[str, str]
    variants: tuple[Variant, ...]


@dataclass(slots=True)
class Prepared:
    """What the main process needs from the scenarios, which it loads once to check every variant."""

    plan: Plan
    scenario: dict[str, Any]
    sha256: str
    days: tuple[str, ...]
    objectives: tuple[str, ...]
    doc: Documented
    sources: dict[str, Any]
    seeds: list[int]

    @property
    def worker_path(self) -> str:
        """The scenario as workers open it: absolute, since a dask worker's directory may differ."""
        return str(Path(self.plan.scenario).resolve())


def prepare(plan: Plan) -> Prepared:
    if plan.runs < 1:
        raise KhasanError([f"--runs must be at least 1, got {plan.runs}"])
    days: set[str] = set()
    objectives: set[str] = set()
    base: Scenario | None = None
    for v in plan.variants:
        try:
            scen = load_scenario(plan.scenario, v.whatifs, dict(v.sets))
        except KhasanError as exc:
            raise KhasanError([p if v.kind == "whatif" else f"{v.name}: {p}" for p in exc.problems]) from None
        days.update(scen.clock.date_of(t) for t in range(scen.clock.n_turns))
        objectives.update(o.name for o in scen.objectives)
        base = base or scen
    assert base is not None
    info = {"id": base.id, "title": base.title, "file": Path(plan.scenario).name, "sha256": base.sha256}
    sources = bibliography(Path(plan.scenario), base.data)
    return Prepared(plan, info, base.sha256, tuple(sorted(days)), tuple(sorted(objectives)),
                    documented(base.data), dict(sources or {}), run_seeds(plan.seed, plan.runs))


def batches(p: Prepared) -> Iterator[Batch]:
    """Runs in chunks, every variant of a chunk before the next chunk (paired runs finish together)."""
    n, seq = p.plan.runs, 0
    players = tuple(sorted(p.plan.players.items()))
    for start in range(0, n, BATCH_RUNS):
        runs = tuple((i, p.seeds[i]) for i in range(start, min(n, start + BATCH_RUNS)))
        for k, v in enumerate(p.plan.variants):
            yield Batch(seq, p.worker_path, p.sha256, k, v, players, runs)
            seq += 1


CSV_FIXED = ["variant", "run", "seed", "status", "winner", "turns", *[f"{s}_{w}" for s, w in SIDE_FIELDS]]


class RunsCsv:
    """runs.csv, written in batch order (a small reorder buffer absorbs out-of-order completion)."""

    def __init__(self, fh: TextIO, p: Prepared) -> None:
        self.p = p
        self.out = csv.writer(fh, lineterminator="\n")
        self.fh = fh
        self.next = 0
        self.waiting: dict[int, tuple[str, list[dict[str, Any]]]] = {}
        ctl = [f"end:{o}" for o in p.objectives] + [f"{d}:{o}" for d in p.days for o in p.objectives]
        self.out.writerow([*CSV_FIXED, *ctl, "error"])

    def add(self, seq: int, variant: str, rows: list[dict[str, Any]]) -> None:
        self.waiting[seq] = (variant, rows)
        while self.next in self.waiting:
            self._write(*self.waiting.pop(self.next))
            self.next += 1

    def flush_all(self) -> None:
        for seq in sorted(self.waiting):
            self._write(*self.waiting.pop(seq))
        self.fh.flush()

    def _write(self, variant: str, rows: list[dict[str, Any]]) -> None:
        for r in rows:
            self.out.writerow(self._cells(variant, r))

    def _cells(self, variant: str, r: dict[str, Any]) -> list[Any]:
        head = [variant, r["run"], r["seed"]]
        if r.get("error"):
            blanks = len(CSV_FIXED) - 4 + len(self.p.objectives) * (len(self.p.days) + 1)
            return [*head, "failed", *[""] * blanks, r["error"]]
        by_day = r["control_by_day"]
        ctl = [r["control"].get(o, "") for o in self.p.objectives]
        ctl += [by_day.get(d, {}).get(o, "") for d in self.p.days for o in self.p.objectives]
        losses = [r["losses"][s][w] for s, w in SIDE_FIELDS]
        return [*head, "ok", r["winner"], r["turns"], *losses, *ctl, ""]


@dataclass(slots=True)
class Outcome:
    summary: dict[str, Any]
    tallies: list[tally.Tally]
    interrupted: bool
    timing: dict[str, Any]
    out: Path
    files: list[str] = field(default_factory=list)


Progress = Callable[[int, int], None]


def make_backend(p: Prepared, jobs: int | None, scheduler: str | None) -> Any:
    if scheduler:
        return backends.DaskCluster(run_batch, scheduler)
    jobs = jobs or os.cpu_count() or 1
    if jobs < 1:
        raise KhasanError([f"--jobs must be at least 1, got {jobs}"])
    if jobs == 1:
        return backends.Inline(run_batch)
    jobs = min(jobs, p.plan.runs * len(p.plan.variants))
    return backends.LocalPool(run_batch, jobs, init_worker, (p.worker_path, p.sha256, p.plan.variants))


def drive(backend: Any, work: Iterator[Batch], handle: Callable[[Batch, Any, str | None], None]) -> bool:
    """Keep the backend's slots busy until the work is done; True if stopped by Ctrl-C."""
    inflight: dict[Any, Batch] = {}
    try:
        for b in work:
            while len(inflight) >= backend.slots:
                _collect(backend, inflight, backend.wait(inflight), handle)
            inflight[backend.submit(b)] = b
        while inflight:
            _collect(backend, inflight, backend.wait(inflight), handle)
        return False
    except KeyboardInterrupt:
        backend.cancel(list(inflight))
        done = {f for f in inflight if f.done() and not f.cancelled()}
        _collect(backend, inflight, done, handle)
        return True


def _collect(backend: Any, inflight: dict[Any, Batch], done: set[Any],
             handle: Callable[[Batch, Any, str | None], None]) -> None:
    for f in done:
        result, err = backends.outcome(f)
        handle(inflight.pop(f), result, err)


def run_experiment(p: Prepared, out: Path, backend: Any, progress: Progress | None = None) -> Outcome:
    """Play every variant over the run seeds on `backend` (see make_backend; closed here), writing
    runs.csv as results arrive; the summary is in the returned Outcome (see write_outputs)."""
    out.mkdir(parents=True, exist_ok=True)
    tallies = [tally.Tally(p.plan.runs, p.days, p.objectives) for _ in p.plan.variants]
    total = p.plan.runs * len(p.plan.variants)
    done, worker_kb = 0, 0
    t0 = time.perf_counter()
    with open(out / "runs.csv", "w", newline="", encoding="utf-8") as fh:
        sink = RunsCsv(fh, p)

        def handle(b: Batch, result: Any, err: str | None) -> None:
            nonlocal done, worker_kb
            worker_kb = max(worker_kb, result["rss_kb"] if result else 0)
            rows = result["rows"] if result else [{"run": i, "seed": s, "error": err} for i, s in b.runs]
            for r in rows:
                tallies[b.index].add(r)
            sink.add(b.seq, b.variant.name, rows)
            done += len(rows)
            if progress:
                progress(done, total)

        try:
            interrupted = drive(backend, batches(p), handle)
        finally:
            backend.close()
            sink.flush_all()
    wall = time.perf_counter() - t0
    timing = timing_of(wall, done, total, backend, interrupted, worker_kb)
    summary = summarise(p, tallies, complete=not interrupted and done == total)
    return Outcome(summary, tallies, interrupted, timing, out)


def timing_of(wall: float, done: int, total: int, backend: Any, interrupted: bool, worker_kb: int) -> dict[str, Any]:
    return {"wall_s": round(wall, 3), "runs_done": done, "runs_planned": total,
            "runs_per_minute": round(60.0 * done / wall, 1) if wall > 0 else None,
            "backend": backend.name, "workers": backend.jobs, "interrupted": interrupted,
            "peak_rss_mb": {"main": round(peak_rss_kb() / 1024, 1), "largest_worker": round(worker_kb / 1024, 1)}}


METHODS = {
    "seeds": SEED_RULE,
    "losses": "mean, median, p5-p95 (numpy linear percentiles) over runs without error; ci95: 95% percentile "
              f"bootstrap of the mean, {stats.BOOT_RESAMPLES} resamples, generator seed {stats.BOOT_SEED}",
    "probabilities": "share of runs without error; ci95: Wilson score interval",
    "vs_baseline": "paired mean difference variant - baseline over runs both finished (same seeds); ci95: "
                   "percentile bootstrap of the paired differences as above",
    "documented": "percentile: mid-rank, 100 * (#runs below + #runs equal / 2) / #runs",
    "control_by_day": "holder at the end of each day; days after a game ended take its final control",
    "rounding": "floats rounded to 4 decimals",
}


def summarise(p: Prepared, tallies: list[tally.Tally], complete: bool) -> dict[str, Any]:
    """summary.json: a function of the inputs only (and of which runs finished, if stopped early)."""
    variants = []
    for v, t in zip(p.plan.variants, tallies, strict=True):
        d = {**v.as_json(), **tally.describe(t, p.doc)}
        if v.kind != "baseline":
            d["vs_baseline"] = tally.compare(t, tallies[0])
        variants.append(d)
    return stats.clean({
        "format": 1, "engine_version": ENGINE_VERSION, "scenario": p.scenario, "sources": p.sources,
        "players": dict(sorted(p.plan.players.items())), "runs": p.plan.runs, "seed": p.plan.seed,
        "complete": complete, "methods": METHODS, "figures": list(FIGURES), "days": list(p.days),
        "objectives": list(p.objectives), "documented": p.doc.as_json(), "variants": variants,
    })


def write_outputs(o: Outcome, p: Prepared) -> list[str]:
    """summary.json, timing.json and the plots; returns the file names written."""
    (o.out / "summary.json").write_text(dumps(o.summary), encoding="utf-8")
    (o.out / "timing.json").write_text(json.dumps(o.timing, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    from game.sim import plots  # matplotlib only when there is something to draw

    names = plots.draw_all(o.out, o.summary, [t.figures() for t in o.tallies])
    return ["summary.json", "runs.csv", "timing.json", *names]


def dumps(summary: dict[str, Any]) -> str:
    return json.dumps(summary, sort_keys=True, indent=1, ensure_ascii=False, default=str) + "\n"


def bibliography(scenario: Path, data: dict[str, Any]) -> dict[str, str]:
    """The bibliography entries the scenario cites (key -> reference) and its file-wide tag, if any."""
    from game.engine.sources import CITATION_RE, provenance

    try:
        prov = provenance(scenario)
    except KhasanError:
        return {}
    cited = {k for n in prov.numbers for k in CITATION_RE.findall(n.tag or "")}
    out = {k: v for k, v in prov.sources.items() if k in cited}
    if isinstance(data.get("source"), str):
        out["scenario"] = data["source"]
    return out
