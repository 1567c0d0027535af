"""Sensitivity analysis: which assumptions drive the result (`khasan sweep`).

Each `--param PATH=LO:HI` is a number in the scenario data (a dotted `--set` path such as
`rules.fire.rate`). SALib draws the parameter samples: Saltelli's scheme for Sobol indices
(`SALib.sample.sobol`, N * (2D + 2) samples with second-order terms) or Morris trajectories
(N * (D + 1) samples). A sample is the scenario with its values applied as `--set` overlays (a
parameter whose scenario value is a whole number is rounded to one); every sample plays the same
`repeats` run seeds (common random numbers, the seed rule of `khasan experiment`), and its output is
the mean over those runs. Runs go to the experiment backends (this process, local worker
processes or a dask cluster), and the results are gathered by run index, so every backend gives
the same files.

Outputs (one number per run): losses by side and kind, `<first side>_win` (Lake Khasan:
`soviet_win`, 1 if the Soviet side won), `<first side>_holds_<objective>` (1 if that side holds it
at the end) and, when the run result carries `equipment`, `<side>_<kind>_<state>` equipment counts. Indices come from
`SALib.analyze.sobol` (S1, ST with 95% bootstrap half-widths) or `SALib.analyze.morris` (mu_star,
its 95% half-width, sigma), seeded with the sweep seed, so the files are a pure function of the inputs.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from game import ENGINE_VERSION
from game.core.errors import KhasanError
from game.engine import overlay
from game.engine.scenario import load_raw, load_scenario
from game.sim import stats
from game.sim.experiment import run_seeds

METHODS = ("sobol", "morris")
KINDS = ("killed", "wounded", "missing")
MORRIS_LEVELS = 4
CONF_RESAMPLES = 200


@dataclass(frozen=True, slots=True)
class Param:
    path: str
    lo: float
    hi: float
    whole: bool = False  # the scenario value is a whole number: samples are rounded

    def value(self, x: float) -> float | int:
        return round(x) if self.whole else float(x)


def parse_param(text: str) -> Param:
    """`PATH=LO:HI` with LO < HI, both numbers (one-line KhasanError otherwise)."""
    path, sep, rng = text.rpartition("=")
    lo_s, colon, hi_s = rng.partition(":")
    if not sep or not path.strip() or not colon:
        raise KhasanError([f"--param {text!r}: expected PATH=LO:HI, e.g. rules.fire.rate=0.01:0.02"])
    try:
        lo, hi = float(lo_s), float(hi_s)
    except ValueError:
        raise KhasanError([f"--param {text!r}: LO and HI must be numbers"]) from None
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise KhasanError([f"--param {text!r}: LO and HI must be finite numbers"])
    if lo >= hi:
        raise KhasanError([f"--param {text!r}: LO must be below HI"])
    return Param(path.strip(), lo, hi)


def check_params(scenario: str, texts: list[str]) -> tuple[Param, ...]:
    """Parse the `--param`s and check each path addresses numbers that load at LO and at HI."""
    if not texts:
        raise KhasanError(["--param: give at least one PATH=LO:HI"])
    params = [parse_param(t) for t in texts]
    paths = [p.path for p in params]
    dup = sorted({p for p in paths if paths.count(p) > 1})
    if dup:
        raise KhasanError([f"--param {p}: given more than once" for p in dup])
    data, _, _ = load_raw(scenario)
    out = []
    for p in params:
        try:
            values = overlay.get_path(data, p.path)
        except overlay.OverlayError as exc:
            raise KhasanError([f"--param {p.path}: no such value in {scenario} ({exc})"]) from None
        if not values or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            raise KhasanError([f"--param {p.path}: {scenario} has {values!r} there, not a number"])
        q = Param(p.path, p.lo, p.hi, whole=all(isinstance(v, int) for v in values))
        for end in (p.lo, p.hi):
            try:
                load_scenario(scenario, (), {q.path: q.value(end)})
            except KhasanError as exc:
                raise KhasanError([f"--param {p.path}={p.lo:g}:{p.hi:g}: {exc.problems[0]}"]) from None
        out.append(q)
    return tuple(out)


def problem(params: tuple[Param, ...]) -> dict[str, Any]:
    return {"num_vars": len(params), "names": [p.path for p in params], "bounds": [[p.lo, p.hi] for p in params]}


def draw_samples(method: str, params: tuple[Param, ...], n: int, seed: int) -> np.ndarray:
    """The parameter samples, one row each, in SALib's order (rounded for whole-number parameters)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib warns when N is not a power of 2; the design stays valid
        if method == "sobol":
            from SALib.sample import sobol

            x = sobol.sample(problem(params), n, calc_second_order=True, seed=seed)
        else:
            from SALib.sample import morris

            x = morris.sample(problem(params), n, num_levels=MORRIS_LEVELS, seed=seed)
    for j, p in enumerate(params):
        if p.whole:
            x[:, j] = np.round(x[:, j])
    return np.asarray(x, dtype=float)


# --- the sweep ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Plan:
    scenario: str
    params: tuple[Param, ...]
    samples: int
    repeats: int
    seed: int
    method: str
    players: dict[str, str]


@dataclass(slots=True)
class Prepared:
    plan: Plan
    scenario: dict[str, Any]
    sha256: str
    objectives: tuple[str, ...]
    x: np.ndarray  # (samples, params)
    seeds: list[int]  # the run seeds every sample plays
    sides: tuple[str, ...] = ()  # the scenario's side keys; outputs name the first (`soviet_win`)

    @property
    def total(self) -> int:
        return len(self.x) * self.plan.repeats

    def run(self, i: int) -> tuple[int, int, int]:
        """Run i -> (sample, repeat, seed)."""
        s, r = divmod(i, self.plan.repeats)
        return s, r, self.seeds[r]


def prepare(plan: Plan) -> Prepared:
    if plan.method not in METHODS:
        raise KhasanError([f"--method must be one of {', '.join(METHODS)}, got {plan.method!r}"])
    if plan.samples < 2:
        raise KhasanError([f"--samples must be at least 2, got {plan.samples}"])
    base = load_scenario(plan.scenario)
    info = {"id": base.id, "title": base.title, "file": Path(plan.scenario).name, "sha256": base.sha256}
    x = draw_samples(plan.method, plan.params, plan.samples, plan.seed)
    return Prepared(plan, info, base.sha256, tuple(o.name for o in base.objectives), x,
                    run_seeds(plan.seed, plan.repeats), base.side_keys)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def output_names(p: Prepared, rows: list[dict[str, Any] | None]) -> list[str]:
    first = p.sides[0]
    names = [f"{side}_{k}" for side in p.sides for k in KINDS] + [f"{first}_win"]
    names += [f"{first}_holds_{slug(o)}" for o in p.objectives]
    ok = [r for r in rows if r and not r["error"]]
    if ok and all("equipment" in r for r in ok):
        names += sorted({k for r in ok for k in r["equipment"]})
    return names


def output_values(p: Prepared, row: dict[str, Any], names: list[str]) -> list[float]:
    first = p.sides[0]
    v: dict[str, float] = {f"{side}_{k}": row["losses"][side][k] for side in p.sides for k in KINDS}
    v[f"{first}_win"] = float(row["winner"] == first)
    v.update({f"{first}_holds_{slug(o)}": float(row["control"].get(o) == first) for o in p.objectives})
    v.update(row.get("equipment", {}))
    return [float(v.get(n, 0.0)) for n in names]


@dataclass(slots=True)
class Result:
    names: list[str]
    y: np.ndarray  # (runs, outputs); NaN for failed runs
    failures: list[dict[str, Any]]
    done: int


def gather(p: Prepared, rows: list[dict[str, Any] | None]) -> Result:
    names = output_names(p, rows)
    y = np.full((p.total, len(names)), np.nan)
    failures = []
    for i, r in enumerate(rows):
        if r is None:
            continue
        if r["error"]:
            s, rep, seed = p.run(i)
            failures.append({"run": i, "sample": s, "repeat": rep, "seed": seed, "error": r["error"]})
        else:
            y[i] = output_values(p, r, names)
    return Result(names, y, failures, sum(r is not None for r in rows))


def per_sample(p: Prepared, y: np.ndarray) -> np.ndarray:
    """(samples, outputs): the mean over each sample's repeats (NaN if none of them finished)."""
    z = y.reshape(len(p.x), p.plan.repeats, y.shape[1])
    ok = ~np.isnan(z)
    count = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, np.where(ok, z, 0.0).sum(axis=1) / np.maximum(count, 1), np.nan)


def analyse(p: Prepared, ys: np.ndarray, names: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Indices per output; outputs that are constant or have a failed sample get none (with a reason)."""
    prob = problem(p.plan.params)
    outputs: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    for j, name in enumerate(names):
        col = ys[:, j]
        if np.isnan(col).any():
            skipped[name] = "a sample has no finished run"
        elif np.ptp(col) == 0:
            skipped[name] = f"constant ({col[0]:g}) over the sweep"
        else:
            outputs[name] = _indices(p, prob, col)
            continue
        keys = ("S1", "ST", "S1_conf", "ST_conf") if p.plan.method == "sobol" else MORRIS_KEYS
        outputs[name] = {k: {q.path: None for q in p.plan.params} for k in keys}
    return outputs, skipped


MORRIS_KEYS = ("mu_star", "mu_star_conf", "sigma", "mu")


def _indices(p: Prepared, prob: dict[str, Any], col: np.ndarray) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if p.plan.method == "sobol":
            from SALib.analyze import sobol

            r = sobol.analyze(prob, col, calc_second_order=True, num_resamples=CONF_RESAMPLES, seed=p.plan.seed)
            keys: tuple[str, ...] = ("S1", "ST", "S1_conf", "ST_conf")
        else:
            from SALib.analyze import morris

            r = morris.analyze(prob, p.x, col, num_resamples=CONF_RESAMPLES, num_levels=MORRIS_LEVELS,
                               seed=p.plan.seed)
            keys = MORRIS_KEYS
    names = [q.path for q in p.plan.params]
    return {k: {n: float(np.asarray(r[k], dtype=float)[i]) for i, n in enumerate(names)} for k in keys}


METHOD_TEXT = {
    "sobol": ("sobol: Saltelli sampling (SALib.sample.sobol, second order, N * (2D + 2) samples); first-order S1 "
              "and total-order ST indices from SALib.analyze.sobol; S1_conf and ST_conf are half-widths of 95% "
              f"bootstrap intervals ({CONF_RESAMPLES} resamples)"),
    "morris": ("morris: elementary-effects screening (SALib.sample.morris, N trajectories of D + 1 samples, "
               f"{MORRIS_LEVELS} levels; SALib.analyze.morris); in place of S1/ST each output has mu_star (mean "
               "absolute elementary effect: importance), mu_star_conf (95% bootstrap half-width), sigma (spread "
               "of the effects: interactions or non-linearity) and mu (signed mean effect), in output units per "
               "unit of the parameter"),
}


def sensitivity(p: Prepared, res: Result) -> tuple[dict[str, Any], dict[str, Any]]:
    """(sensitivity.json, sweep.json) contents: the indices, and what was run."""
    ys = per_sample(p, res.y)
    outputs, skipped = analyse(p, ys, res.names)
    sens = {"method": METHOD_TEXT[p.plan.method],
            "params": {q.path: {"lo": q.lo, "hi": q.hi, "whole": q.whole} for q in p.plan.params},
            "outputs": outputs}
    meta = {"format": 1, "engine_version": ENGINE_VERSION, "scenario": p.scenario, "method": p.plan.method,
            "players": dict(sorted(p.plan.players.items())), "samples_n": p.plan.samples,
            "samples": len(p.x), "repeats": p.plan.repeats, "seed": p.plan.seed, "run_seeds": p.seeds,
            "runs": p.total, "runs_done": res.done, "complete": res.done == p.total,
            "runs_failed": len(res.failures), "failures": res.failures, "outputs": res.names,
            "skipped_outputs": skipped,
            "output_means": {n: float(np.nanmean(ys[:, j])) if not np.isnan(ys[:, j]).all() else None
                             for j, n in enumerate(res.names)}}
    return stats.clean(sens, 4), stats.clean(meta, 4)


def _cell(v: float | int) -> str:
    return f"{v:.6g}" if isinstance(v, float) else str(v)


def csv_rows(p: Prepared, res: Result) -> list[list[Any]]:
    """samples.csv: a header, then one row per run with its sample's parameter values and its outputs."""
    head = ["run", "sample", "repeat", "seed", "status", *(q.path for q in p.plan.params), *res.names, "error"]
    failed = {f["run"]: f["error"] for f in res.failures}
    rows: list[list[Any]] = [head]
    for i in range(p.total):
        s, rep, seed = p.run(i)
        vals = [_cell(q.value(v)) for q, v in zip(p.plan.params, p.x[s], strict=True)]
        if i in failed or np.isnan(res.y[i]).all():
            status = "failed" if i in failed else "not run"
            rows.append([i, s, rep, seed, status, *vals, *[""] * len(res.names), failed.get(i, "")])
        else:
            rows.append([i, s, rep, seed, "ok", *vals, *(f"{y:g}" for y in res.y[i]), ""])
    return rows
