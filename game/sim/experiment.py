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

Crash safety: while it runs, an experiment writes only into a fresh work folder beside DIR
(`.DIR.partial`: the plan in state.json, every finished batch appended to batches.jsonl). The
outputs are then written into DIR file by file, each to a temporary file renamed into place:
the old summary.json is removed first and the new one, which carries the SHA-256 of runs.csv,
is written last, so a summary is never paired with other runs. An interrupted experiment writes
`complete: false` and keeps its work folder; `--resume` plays only the batches it lacks and
gives the same outputs as an uninterrupted run.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import itertools
import json
import os
import resource
import shutil
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import yaml

from game import ENGINE_VERSION
from game.core.errors import KhasanError
from game.engine.scenario import Scenario, build_scenario, load_scenario, read_scenario
from game.engine.yamlio import LimitError, atomic_write_text, load_text
from game.sim import backends, stats, tally
from game.sim.history import Documented, documented, figures, side_fields
from game.sim.runner import run_game

SEED_RULE = ("run i plays seed int(numpy.random.SeedSequence(S).spawn(N)[i].generate_state(1, numpy.uint32)[0]) "
             "in every variant (common random numbers)")
BATCH_RUNS = 4  # runs per task: small enough for a prompt Ctrl-C, large enough to hide the hand-off
TAIL_RUNS = (2, 2, 1, 1, 1, 1)  # the chunks of the last runs (see batch_bounds)


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
                return path, load_text(raw) if raw.strip() else None
            except (yaml.YAMLError, LimitError) as exc:
                what = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise KhasanError([f"--set {_clip(text)}: VALUE is not usable YAML: {what}"]) from None
            except RecursionError:
                raise KhasanError([f"--set {_clip(text)}: VALUE is nested too deep"]) from None
    raise KhasanError([f"--set {_clip(text)!r}: expected PATH=VALUE, e.g. rules.border.enabled=false"])


def _clip(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


MAX_VARIANTS = 64  # each variant is loaded and checked before the first run


def make_variants(whatifs: list[str], sets: list[str]) -> tuple[Variant, ...]:
    if len(whatifs) + len(sets) >= MAX_VARIANTS:
        raise KhasanError([f"{len(whatifs) + len(sets)} --whatif and --set variants (at most {MAX_VARIANTS - 1})"])
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
            "control_by_day": s["control_by_day"], "turns": s["turns_played"],
            "equipment": s["equipment"]}


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
    doc_equipment: dict[str, Any] = field(default_factory=dict)  # tally.documented_equipment
    sides: tuple[dict[str, str], ...] = ()  # key, adjective, short, letter of each side, in order

    @property
    def side_keys(self) -> tuple[str, ...]:
        return tuple(s["key"] for s in self.sides)

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
    raw = read_scenario(plan.scenario)
    for v in plan.variants:
        try:
            scen = build_scenario(raw, v.whatifs, dict(v.sets))
        except KhasanError as exc:
            raise KhasanError([p if v.kind == "whatif" else f"{v.name}: {p}" for p in exc.problems]) from None
        days.update(scen.clock.date_of(t) for t in range(scen.clock.n_turns))
        objectives.update(o.name for o in scen.objectives)
        base = base or scen
    assert base is not None
    info = {"id": base.id, "title": base.title, "file": Path(plan.scenario).name, "sha256": base.sha256}
    sources = bibliography(Path(plan.scenario), base.source)
    sides = tuple({"key": x.key, "adjective": x.adjective, "short": x.short, "letter": x.letter}
                  for x in base.sides)
    return Prepared(plan, info, base.sha256, tuple(sorted(days)), tuple(sorted(objectives)),
                    documented(base.data), dict(sources or {}), run_seeds(plan.seed, plan.runs),
                    tally.documented_equipment(base.data, base.side_keys), sides)


def batch_bounds(n: int) -> list[tuple[int, int]]:
    """The runs 0..n-1 in chunks of BATCH_RUNS, except the last 2 * BATCH_RUNS or fewer, which go in
    ever smaller chunks (TAIL_RUNS): the workers then finish close together instead of one playing a
    whole last chunk while the others wait (20% of the wall time of a 20-run experiment on 2 workers)."""
    tail = min(n, sum(TAIL_RUNS))
    head = n - tail
    sizes = [BATCH_RUNS] * (head // BATCH_RUNS) + ([head % BATCH_RUNS] if head % BATCH_RUNS else [])
    for k in TAIL_RUNS:
        if tail > 0:
            sizes.append(min(k, tail))
            tail -= sizes[-1]
    ends = list(itertools.accumulate(sizes))
    return list(zip([0, *ends[:-1]], ends, strict=True))


def batches(p: Prepared) -> Iterator[Batch]:
    """Runs in chunks, every variant of a chunk before the next chunk (paired runs finish together)."""
    seq = 0
    players = tuple(sorted(p.plan.players.items()))
    for start, end in batch_bounds(p.plan.runs):
        runs = tuple((i, p.seeds[i]) for i in range(start, end))
        for k, v in enumerate(p.plan.variants):
            yield Batch(seq, p.worker_path, p.sha256, k, v, players, runs)
            seq += 1


def csv_fixed(sides: tuple[str, ...]) -> list[str]:
    """The columns of runs.csv before the control columns."""
    return ["variant", "run", "seed", "status", "winner", "turns", *[f"{s}_{w}" for s, w in side_fields(sides)],
            *tally.equipment_names(sides)]


def runs_csv(p: Prepared, results: list[tuple[str, list[dict[str, Any]]]]) -> str:
    """runs.csv: one row per run, in batch order (variant name, rows per batch)."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    ctl_head = [f"end:{o}" for o in p.objectives] + [f"{d}:{o}" for d in p.days for o in p.objectives]
    out.writerow([*csv_fixed(p.side_keys), *ctl_head, "error"])
    for variant, rows in results:
        for r in rows:
            out.writerow(_cells(p, variant, r))
    return buf.getvalue()


def _cells(p: Prepared, variant: str, r: dict[str, Any]) -> list[Any]:
    head = [variant, r["run"], r["seed"]]
    if r.get("error"):
        blanks = len(csv_fixed(p.side_keys)) - 4 + len(p.objectives) * (len(p.days) + 1)
        return [*head, "failed", *[""] * blanks, r["error"]]
    by_day = r["control_by_day"]
    ctl = [r["control"].get(o, "") for o in p.objectives]
    ctl += [by_day.get(d, {}).get(o, "") for d in p.days for o in p.objectives]
    losses = [r["losses"][s][w] for s, w in side_fields(p.side_keys)]
    return [*head, "ok", r["winner"], r["turns"], *losses, *tally.equipment_counts(r, p.side_keys), *ctl, ""]


class WorkFolder:
    """`.DIR.partial` beside the output folder: the plan and every finished batch, for --resume."""

    def __init__(self, out: Path, p: Prepared) -> None:
        out = out.resolve()
        self.path = out.parent / f".{out.name}.partial"
        self.state = {"engine_version": ENGINE_VERSION, "scenario_sha256": p.sha256, "runs": p.plan.runs,
                      "seed": p.plan.seed, "players": dict(sorted(p.plan.players.items())),
                      "variants": [v.key() for v in p.plan.variants], "batch_runs": BATCH_RUNS,
                      "tail_runs": list(TAIL_RUNS)}

    def start(self, resume: bool) -> dict[int, dict[str, Any]]:
        """Finished batches by sequence number (none unless resuming a matching experiment)."""
        if resume:
            return self._finished()
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(self.path)
        try:
            self.path.mkdir(parents=True)
            atomic_write_text(self.path / "state.json", json.dumps(self.state, sort_keys=True) + "\n")
        except OSError as exc:
            raise KhasanError([f"{self.path}: cannot create the work folder: {exc.strerror or exc}"]) from None
        return {}

    def _finished(self) -> dict[int, dict[str, Any]]:
        try:
            state = json.loads((self.path / "state.json").read_text(encoding="utf-8"))
            log = self.path / "batches.jsonl"
            lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        except FileNotFoundError:
            raise KhasanError([f"--resume: {self.path}: no interrupted experiment to resume here"]) from None
        except (OSError, ValueError) as exc:
            raise KhasanError([f"--resume: {self.path}: unreadable ({exc})"]) from None
        if state != self.state:
            raise KhasanError([f"--resume: {self.path}: that experiment had other settings, scenario or "
                               "engine version (run without --resume to start afresh)"])
        done: dict[int, dict[str, Any]] = {}
        for line in lines:
            with contextlib.suppress(ValueError, KeyError, TypeError):  # a line cut short by a kill
                rec = json.loads(line)
                done[int(rec["seq"])] = rec
        return done

    def open(self) -> Any:
        return open(self.path / "batches.jsonl", "a", encoding="utf-8")

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


@dataclass(slots=True)
class Outcome:
    summary: dict[str, Any]
    tallies: list[tally.Tally]
    interrupted: bool
    timing: dict[str, Any]
    out: Path
    files: list[str] = field(default_factory=list)
    csv_text: str = ""
    work: WorkFolder | None = None


Progress = Callable[[int, int], None]


def make_backend(p: Prepared, jobs: int | None, scheduler: str | None, force_jobs: bool = False) -> Any:
    """Inline for one job, else local worker processes (at most one per core unless forced), or dask."""
    if scheduler:
        return backends.DaskCluster(run_batch, scheduler)
    cores = os.cpu_count() or 1
    jobs = jobs or cores
    if jobs < 1:
        raise KhasanError([f"--jobs must be at least 1, got {jobs}"])
    if not force_jobs:
        jobs = min(jobs, cores)
    jobs = min(jobs, p.plan.runs * len(p.plan.variants))
    if jobs == 1:
        return backends.Inline(run_batch)
    return backends.LocalPool(run_batch, jobs, init_worker, (p.worker_path, p.sha256, p.plan.variants))


B = TypeVar("B")  # a batch of runs: the backend only hands it back to `handle`


def drive(backend: Any, work: Iterator[B], handle: Callable[[B, Any, str | None], None]) -> bool:
    """Keep the backend's slots busy with `work` (experiment or sweep batches) until it is done;
    True if stopped by Ctrl-C (what has finished by then is still handled)."""
    inflight: dict[Any, B] = {}
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


def _collect(backend: Any, inflight: dict[Any, B], done: set[Any],
             handle: Callable[[B, Any, str | None], None]) -> None:
    for f in done:
        result, err = backends.outcome(f)
        handle(inflight.pop(f), result, err)


def run_experiment(p: Prepared, out: Path, backend: Any, progress: Progress | None = None,
                   resume: bool = False) -> Outcome:
    """Play every variant over the run seeds on `backend` (see make_backend; closed here), recording
    each finished batch in the work folder; the outputs are in the returned Outcome (see
    write_outputs). With `resume`, batches the work folder already holds are not played again."""
    work = WorkFolder(out, p)
    try:
        finished = work.start(resume)
    except KhasanError:
        backend.close()
        raise
    total = p.plan.runs * len(p.plan.variants)
    done = sum(len(rec["rows"]) for rec in finished.values())
    worker_kb = 0
    t0 = time.perf_counter()
    with work.open() as log:

        def handle(b: Batch, result: Any, err: str | None) -> None:
            nonlocal done, worker_kb
            worker_kb = max(worker_kb, result["rss_kb"] if result else 0)
            rows = result["rows"] if result else [{"run": i, "seed": s, "error": err} for i, s in b.runs]
            rec = {"seq": b.seq, "index": b.index, "rows": rows}
            finished[b.seq] = rec
            log.write(json.dumps(rec, sort_keys=True) + "\n")
            log.flush()
            done += len(rows)
            if progress:
                progress(done, total)

        todo = (b for b in batches(p) if b.seq not in finished)
        try:
            interrupted = drive(backend, todo, handle)
        finally:
            backend.close()
    wall = time.perf_counter() - t0
    tallies = [tally.Tally(p.plan.runs, p.days, p.objectives, p.side_keys) for _ in p.plan.variants]
    results = []
    for seq in sorted(finished):
        rec = finished[seq]
        for r in rec["rows"]:
            tallies[rec["index"]].add(r)
        results.append((p.plan.variants[rec["index"]].name, rec["rows"]))
    timing = timing_of(wall, done, total, backend, interrupted, worker_kb)
    complete = not interrupted and done == total
    summary = summarise(p, tallies, complete=complete)
    return Outcome(summary, tallies, not complete, timing, out, csv_text=runs_csv(p, results), work=work)


def timing_of(wall: float, done: int, total: int, backend: Any, interrupted: bool, worker_kb: int) -> dict[str, Any]:
    return {"wall_s": round(wall, 3), "runs_done": done, "runs_planned": total,
            "runs_per_minute": round(60.0 * done / wall, 1) if wall > 0 else None,
            "backend": backend.name, "workers": backend.jobs, "interrupted": interrupted,
            "peak_rss_mb": {"main": round(peak_rss_kb() / 1024, 1), "largest_worker": round(worker_kb / 1024, 1)}}


METHODS = {
    "seeds": SEED_RULE,
    "losses": f"mean, median, p5-p95 (numpy linear percentiles) over runs without error; ci95: {stats.METHOD_MEAN}",
    "probabilities": "share of runs without error; ci95: Wilson score interval",
    "equipment": "destroyed and damaged (knocked out, counted once even if later lost) tanks, guns and aircraft "
                 "per side; same statistics as losses",
    "vs_baseline": "over the runs both finished (same seeds); losses and equipment: " + stats.METHOD_PAIRED_MEAN
                   + "; winner and control_end: " + stats.METHOD_PAIRED_PROPORTION,
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
        "complete": complete, "methods": METHODS, "figures": list(figures(p.side_keys)), "days": list(p.days),
        "objectives": list(p.objectives), "equipment": list(tally.equipment_names(p.side_keys)),
        "documented": p.doc.as_json(), "documented_equipment": p.doc_equipment, "sides": list(p.sides),
        "variants": variants,
    })


def write_outputs(o: Outcome, p: Prepared) -> list[str]:
    """runs.csv, timing.json, the plots and summary.json (last, with the SHA-256 of runs.csv), each
    written to a temporary file and renamed; returns the file names written. A complete experiment's
    work folder is removed."""
    try:
        o.out.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            (o.out / "summary.json").unlink()  # never beside the runs of another experiment
        atomic_write_text(o.out / "runs.csv", o.csv_text)
        atomic_write_text(o.out / "timing.json", json.dumps(o.timing, sort_keys=True, indent=1) + "\n")
        from game.sim import plots  # matplotlib only when there is something to draw

        names = plots.draw_all(o.out, o.summary, [t.figures() for t in o.tallies])
        o.summary["runs_csv_sha256"] = hashlib.sha256(o.csv_text.encode("utf-8")).hexdigest()
        atomic_write_text(o.out / "summary.json", dumps(o.summary))
    except OSError as exc:
        raise KhasanError([f"{o.out}: cannot write the outputs: {exc.strerror or exc}"]) from None
    if o.work is not None and o.summary["complete"]:
        o.work.remove()
    return ["summary.json", "runs.csv", "timing.json", *names]


def dumps(summary: dict[str, Any]) -> str:
    return json.dumps(summary, sort_keys=True, indent=1, ensure_ascii=False, default=str) + "\n"


def bibliography(scenario: Path, file_tag: str) -> dict[str, str]:
    """The bibliography entries the scenario cites (key -> reference) and its file-wide tag, if any."""
    from game.engine.sources import CITATION_RE, provenance

    try:
        prov = provenance(scenario)
    except KhasanError:
        return {}
    cited = {k for n in prov.numbers for k in CITATION_RE.findall(n.tag or "")}
    out = {k: v for k, v in prov.sources.items() if k in cited}
    if file_tag:
        out["scenario"] = file_tag
    return out
