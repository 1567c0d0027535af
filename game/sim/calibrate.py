"""Calibration: play a scenario many times with both sides' historical plans and hold the
model's losses, equipment losses and day-by-day hill control against the documented figures in
the scenario's `calibration:` block (scenarios/common/calibration_1938.yaml).

Honest by construction: the block names two disjoint seed sets. The rule values listed under
`fitted` were tuned on the *fit* seeds only; the report plays the *held-out* seeds, which never
include a fit seed. Each target says whether it was used for fitting (`use: fit`) or never
looked at while fitting (`use: holdout`). The casualty split (`inputs`) is set directly, so the
report shows it as a fitted input and does not score it. `sensitivity` moves each fitted rule
value by a fraction and reports how far each target's median moves (common random numbers: the
same seeds in every variant).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.core import events as ev
from game.core.errors import KhasanError
from game.engine.scenario import Scenario, load_scenario
from game.rules.params import RULE_SPEC, flatten
from game.sim.runner import run_game

SEED_SETS = ("fit", "holdout")
USES = {"fit": "used for fitting", "holdout": "held out"}
DEFAULT_SEEDS = {"fit": (1938, 100), "holdout": (1945, 100)}  # when a scenario names none
RULE_TYPES = {k: t for k, t, *_ in RULE_SPEC}

Result = dict[str, Any]


def run_seeds(base: int, n: int) -> list[int]:
    """Run seeds from one SeedSequence, the same for every variant (common random numbers)."""
    return [int(c.generate_state(1, np.uint32)[0]) for c in np.random.SeedSequence(base).spawn(n)]


# --- seed sets -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SeedSet:
    """The seeds one report played: the fit set, the held-out set or a custom base."""

    name: str
    base: int
    seeds: tuple[int, ...]
    skipped: int = 0  # candidate seeds dropped because they belong to the fit set

    def describe(self) -> str:
        what = {"fit": "fit seeds (used for fitting)", "holdout": "held-out seeds (never used for fitting)"}
        head = f"{what.get(self.name, 'custom seeds')}: base {self.base}, {len(self.seeds)} runs"
        return head + (f", {self.skipped} fit seeds skipped" if self.skipped else "")


def seed_bases(cal: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """{fit|holdout: (base seed, runs)} from `calibration.seeds`, defaults where absent."""
    block = cal.get("seeds") or {}
    out = {}
    for name in SEED_SETS:
        d = block.get(name) or {}
        base, runs = DEFAULT_SEEDS[name]
        out[name] = (int(d.get("base", base)), int(d.get("runs", runs)))
    if out["fit"][0] == out["holdout"][0]:
        raise KhasanError([f"calibration.seeds: fit and holdout share the base seed {out['fit'][0]}"])
    return out


def fit_seeds(cal: dict[str, Any]) -> tuple[int, ...]:
    base, runs = seed_bases(cal)["fit"]
    return tuple(run_seeds(base, runs))


def choose_seeds(cal: dict[str, Any], which: str, runs: int | None = None, base: int | None = None) -> SeedSet:
    """The seeds to play: the first `runs` fit seeds, or `runs` seeds from the held-out (or a
    custom) base with every fit seed left out, so a report never replays a fit game."""
    bases = seed_bases(cal)
    fit = run_seeds(*bases["fit"])
    if which == "fit" and base is None:
        n = bases["fit"][1] if runs is None else runs
        if n > len(fit):
            raise KhasanError([f"--runs {n}: the fit set has only {len(fit)} seeds (calibration.seeds.fit.runs)"])
        return SeedSet("fit", bases["fit"][0], tuple(fit[:n]))
    if which not in SEED_SETS:
        raise KhasanError([f"--seeds {which!r}: choose fit or holdout"])
    name, b = ("holdout", bases["holdout"][0]) if base is None else ("custom", base)
    n = bases["holdout"][1] if runs is None else runs
    taken = set(fit)
    candidates = run_seeds(b, n + len(taken))
    kept = [s for s in candidates if s not in taken][:n]
    skipped = sum(1 for s in candidates[:candidates.index(kept[-1]) + 1] if s in taken) if kept else 0
    return SeedSet(name, b, tuple(kept), skipped)


# --- playing ---------------------------------------------------------------------------------------

_WORKER: dict[str, Scenario] = {}
Task = tuple[str, tuple[str, ...], str, int]  # path, what-ifs, sets as JSON, seed


def _scenario(path: str, whatifs: tuple[str, ...], sets: str) -> Scenario:
    key = f"{path}|{','.join(whatifs)}|{sets}"
    if key not in _WORKER:
        _WORKER[key] = load_scenario(path, whatifs, json.loads(sets) or None)
    return _WORKER[key]


def aa_units(scen: Scenario) -> frozenset[str]:
    """Units whose guns are all anti-aircraft guns (calibre `role: anti_aircraft`)."""
    return frozenset(u.id for u in (*scen.units, *scen.reserves)
                     if u.guns and all(c in scen.calibres and scen.calibres[c].role == "anti_aircraft" for c in u.guns))


def _count_equipment(lost: dict[str, Counter[str]], e: ev.EquipmentLost | ev.EquipmentKnockedOut,
                     aa: frozenset[str]) -> None:
    """Anti-aircraft guns lost for good (destroyed, or knocked out and left to the enemy) or
    knocked out; the other equipment comes from the run's `equipment` tally."""
    if e.unit in aa:
        state = "destroyed" if isinstance(e, ev.EquipmentLost) else "damaged"
        lost[e.side][f"aa_{state}"] += e.guns


def historical(scen: Scenario) -> dict[str, str]:
    """Every side played by its historical plan."""
    return {side: "historical" for side in scen.side_keys}


def _one(task: Task) -> Result:
    """Play one historical game and keep what calibration measures (no record is kept)."""
    path, whatifs, sets, seed = task
    scen = _scenario(path, whatifs, sets)
    aa = aa_units(scen)
    res = run_game(scen, seed, historical(scen))
    s = res.summary()
    by_cause: dict[str, Counter[str]] = {side: Counter() for side in scen.side_keys}
    by_day: dict[str, Counter[str]] = {side: Counter() for side in scen.side_keys}
    lost: dict[str, Counter[str]] = {side: Counter() for side in scen.side_keys}
    for step in res.game.steps:
        day = scen.clock.date_of(step.turn)
        for e in step.events:
            if isinstance(e, ev.Casualties):
                n = e.killed + e.wounded + e.missing
                by_cause[e.side][e.cause] += n
                by_day[e.side][day] += n
            elif isinstance(e, (ev.EquipmentLost, ev.EquipmentKnockedOut)):
                _count_equipment(lost, e, aa)
    equipment = s["equipment"]
    if aa:
        for side in lost:
            equipment.setdefault(side, {})["aa_guns"] = {k: lost[side][f"aa_{k}"] for k in ("destroyed", "damaged")}
    return {"seed": seed, "losses": s["losses"], "control_by_day": s["control_by_day"], "control": s["control"],
            "equipment": equipment, "by_cause": {k: dict(v) for k, v in by_cause.items()},
            "by_day": {k: dict(v) for k, v in by_day.items()}}


def play_all(tasks: list[Task], jobs: int) -> list[Result]:
    if jobs <= 1:
        return [_one(t) for t in tasks]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_one, tasks, chunksize=max(1, len(tasks) // (8 * jobs))))


def simulate(path: str, runs: int | None = None, seed: int | None = None, jobs: int = 1,
             whatifs: tuple[str, ...] = (), seeds: tuple[int, ...] | None = None,
             sets: dict[str, Any] | None = None) -> list[Result]:
    """Play the given seeds (or `runs` seeds from base `seed`) with the historical plans."""
    if seeds is None:
        seeds = tuple(run_seeds(1938 if seed is None else seed, runs or 0))
    raw = json.dumps(sets or {}, sort_keys=True)
    return play_all([(path, whatifs, raw, s) for s in seeds], jobs)


# --- measures --------------------------------------------------------------------------------------

def _men(side: str, *fields: str) -> Callable[[Result], float | None]:
    return lambda r: float(sum(r["losses"][side][f] for f in fields))


def _equipment(side: str, kind: str, state: str) -> Callable[[Result], float | None]:
    def get(r: Result) -> float | None:
        v = ((r.get("equipment") or {}).get(side) or {}).get(kind, {}).get(state)
        return None if v is None else float(v)
    return get


def _cause_share(side: str, cause: str) -> Callable[[Result], float | None]:
    def get(r: Result) -> float | None:
        causes = r.get("by_cause", {}).get(side, {})
        total = sum(causes.values())
        return 100.0 * causes.get(cause, 0) / total if total else None
    return get


def _on_day(side: str, day: str) -> Callable[[Result], float | None]:
    return lambda r: float(r.get("by_day", {}).get(side, {}).get(day, 0))


CAUSES = ("fire", "assault", "artillery", "air", "rout", "surrender")  # of ev.Casualties
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")


def _day_name(day: str) -> str:
    """`1938-07-29` -> `29_july` (as in the target `japan_lost_29_july`)."""
    _, month, d = day.split("-")
    return f"{int(d)}_{MONTHS[int(month) - 1]}"


def measures(scen: Scenario) -> dict[str, Callable[[Result], float | None]]:
    """The figures a calibration target can name, for each of the scenario's sides: men lost
    (`<side>_killed`, `_wounded`, `_missing`, `_killed_missing`), the share of losses by cause
    (`<side>_artillery_share_pct`), losses on one day of the clock (`<side>_lost_29_july`) and
    equipment (`<side>_tanks_destroyed`)."""
    days = sorted({scen.clock.date_of(t) for t in range(scen.clock.n_turns)})
    out: dict[str, Callable[[Result], float | None]] = {}
    for side in scen.side_keys:
        out[f"{side}_killed_missing"] = _men(side, "killed", "missing")
        out.update({f"{side}_{f}": _men(side, f) for f in ("killed", "wounded", "missing")})
        out.update({f"{side}_{c}_share_pct": _cause_share(side, c) for c in CAUSES})
        out.update({f"{side}_lost_{_day_name(d)}": _on_day(side, d) for d in days})
        out.update({f"{side}_{kind}_{state}": _equipment(side, kind, state)
                    for kind in ("tanks", "guns", "aa_guns", "aircraft") for state in ("destroyed", "damaged")})
    return out


def values(scen: Scenario, name: str, results: list[Result]) -> np.ndarray | None:
    """The measure over all runs, or None when the runs do not report it."""
    measure = measures(scen)[name]
    got = [measure(r) for r in results]
    if not got or any(v is None for v in got):
        return None
    return np.array(got, dtype=float)


# --- the report ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TargetRow:
    figure: str
    low: float
    high: float
    median: float | None
    p5: float | None
    p95: float | None
    use: str  # fit | holdout
    source: str
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.median is None or self.p5 is None or self.p95 is None:
            return "not measured"
        if self.low <= self.median <= self.high:
            return "inside"
        if self.p5 <= self.high and self.p95 >= self.low:
            return "overlaps"
        return "outside"

    @property
    def role(self) -> str:
        return USES[self.use]

    def as_json(self) -> dict[str, Any]:
        return {"figure": self.figure, "low": self.low, "high": self.high, "median": self.median,
                "p5": self.p5, "p95": self.p95, "verdict": self.verdict, "use": self.use, "source": self.source,
                "note": self.note}


def calibration_of(scen: Scenario) -> dict[str, Any]:
    return dict(scen.data.get("calibration") or {})


def check_targets(scen: Scenario) -> None:
    """Refuse a documented target (`calibration.<block>.<figure>`) whose figure no measure knows."""
    known = measures(scen)
    bad = [t for t in scen.targets if t.figure not in known]
    if bad:
        from game.engine.scenario import read_scenario

        origins = read_scenario(scen.path).origins
        raise KhasanError([f"{origins.get(f'calibration.{t.block}', scen.path)}: calibration.{t.block}.{t.figure}: "
                           "unknown figure (see calibrate.measures: <side>_killed, <side>_lost_29_july, "
                           "<side>_tanks_destroyed...)"
                           for t in bad])


def target_rows(scen: Scenario, results: list[Result]) -> list[TargetRow]:
    rows = []
    check_targets(scen)
    for t in scen.targets:
        vals = values(scen, t.figure, results)
        stats = (None, None, None) if vals is None else tuple(float(x) for x in np.percentile(vals, [5, 50, 95]))
        rows.append(TargetRow(t.figure, t.low, t.high, stats[1], stats[0], stats[2], t.use, t.source, t.note))
    return rows


@dataclass(frozen=True, slots=True)
class InputRow:
    """A value set directly in the rules (the casualty split): shown, not scored."""

    side: str
    split: dict[str, int]
    killed_share: float  # model median of killed / (killed + wounded + missing), percent

    def as_json(self) -> dict[str, Any]:
        return {"side": self.side, "split_pct": self.split, "model_killed_share_pct": self.killed_share,
                "role": "fitted input (set directly, not scored)"}


def input_rows(scen: Scenario, results: list[Result]) -> list[InputRow]:
    rules = scen.data.get("rules", {}).get("casualties", {})
    out = []
    for side in scen.side_keys:
        split = {k: int(rules.get(side, {}).get(k, 0)) for k in ("killed", "wounded", "missing")}
        shares = [100.0 * r["losses"][side]["killed"] / max(1, sum(r["losses"][side].values())) for r in results]
        out.append(InputRow(side, split, float(np.median(shares)) if shares else 0.0))
    return out


ControlRow = tuple[str, str, str, str, float]


def control_rows(scen: Scenario, results: list[Result]) -> list[ControlRow]:
    """(date, objective, documented, model's most frequent holder, share of runs matching the record)."""
    doc = calibration_of(scen).get("control_by_day", {})
    out = []
    for day in sorted(doc):
        for obj, who in sorted(doc[day].items()):
            if obj in ("source", "sources", "note"):
                continue
            seen = Counter(r["control_by_day"].get(day, {}).get(obj, "-") for r in results)
            top = max(sorted(seen), key=lambda k: seen[k])
            ok = sum(n for k, n in seen.items() if k in str(who).split("|")) / max(1, len(results))
            out.append((day, obj, str(who), f"{top} {100 * seen[top] // max(1, len(results))}%", ok))
    return out


def control_matches(row: ControlRow) -> bool:
    """A day matches when the model's most frequent holder is one the sources allow."""
    return row[3].split()[0] in row[2].split("|")


def account_names(scen: Scenario) -> tuple[str, str]:
    """Result keys of the two accounts, after the sides' adjectives: `soviet_account`, `japanese_account`."""
    a, b = (re.sub(r"[^a-z0-9]+", "_", s.adjective.lower()).strip("_") + "_account" for s in scen.sides)
    return a, b


def account_rows(scen: Scenario, results: list[Result]) -> list[tuple[str, float, float, float]]:
    """For the last days (`calibration.accounts.days`): the share of runs giving the first side's
    account (Lake Khasan: the Soviet account, every hill Soviet), the second side's (the Japanese
    keep part of the crests: a hill contested, none held by the second side) and anything else."""
    cal = calibration_of(scen)
    doc = cal.get("control_by_day", {})
    out = []
    for day in (cal.get("accounts") or {}).get("days", []):
        objs = [o for o in sorted(doc.get(day, {})) if o not in ("source", "sources", "note")]
        n = max(1, len(results))
        first = scen.side_keys[0]
        mine = theirs = 0
        for r in results:
            held = [r["control_by_day"].get(day, {}).get(o, "-") for o in objs]
            if all(h == first for h in held):
                mine += 1
            elif all(h in (first, "contested") for h in held):
                theirs += 1
        out.append((str(day), mine / n, theirs / n, (n - mine - theirs) / n if results else 0.0))
    return out


# --- sensitivity -----------------------------------------------------------------------------------

def fitted_params(cal: dict[str, Any]) -> list[str]:
    """Rule keys (as in RULE_SPEC, e.g. `fire.rate`) tuned on the fit seeds."""
    keys = [str(k) for k in cal.get("fitted") or []]
    bad = [k for k in keys if k not in RULE_TYPES]
    if bad:
        raise KhasanError([f"calibration.fitted: {k}: not a rule parameter" for k in bad])
    return keys


def scaled(value: float, key: str, factor: float) -> float | int:
    v = value * factor
    return round(v) if RULE_TYPES[key] is int else round(v, 6)


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """Target medians at the fitted values and with each fitted value scaled by 1 -/+ step."""

    step: float
    seeds: SeedSet
    figures: tuple[str, ...]
    base: dict[str, float | None]  # figure -> median; "hill_match": mean % of hill-days matching;
    # account_names(scen)[0] ("soviet_account"): % of games giving the first side's account on the
    # last account day
    rows: tuple[tuple[str, float, float | int, float | int, dict[str, float | None], dict[str, float | None]], ...]
    account: str = ""  # the key of the first side's account in `base` (account_names)

    def as_json(self) -> dict[str, Any]:
        return {"step": self.step, "seeds": {"set": self.seeds.name, "base": self.seeds.base,
                                             "seeds": list(self.seeds.seeds)},
                "baseline": self.base,
                "rows": [{"parameter": p, "value": v, "low": lo, "high": hi, "at_low": a, "at_high": b}
                         for p, v, lo, hi, a, b in self.rows]}


def _medians(scen: Scenario, results: list[Result], figures: tuple[str, ...]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for name in figures:
        vals = values(scen, name, results)
        out[name] = None if vals is None else float(np.median(vals))
    rows = control_rows(scen, results)
    out["hill_match"] = 100.0 * float(np.mean([r[4] for r in rows])) if rows else None
    accounts = account_rows(scen, results)
    out[account_names(scen)[0]] = 100.0 * accounts[-1][1] if accounts else None  # share of games, last day
    return out


def sensitivity(path: str, scen: Scenario, seeds: SeedSet, jobs: int, whatifs: tuple[str, ...] = (),
                step: float = 0.25) -> Sensitivity:
    cal = calibration_of(scen)
    params = fitted_params(cal)
    flat = flatten(scen.data.get("rules") or {})
    check_targets(scen)
    figures = tuple(t.figure for t in scen.targets)
    variants: list[dict[str, Any]] = [{}]
    for key in params:
        variants += [{f"rules.{key}": scaled(float(flat[key]), key, 1 - step)},
                     {f"rules.{key}": scaled(float(flat[key]), key, 1 + step)}]
    tasks = [(path, whatifs, json.dumps(v, sort_keys=True), s) for v in variants for s in seeds.seeds]
    results = play_all(tasks, jobs)
    n = len(seeds.seeds)
    med = [_medians(scen, results[i * n:(i + 1) * n], figures) for i in range(len(variants))]
    rows = []
    for j, key in enumerate(params):
        lo, hi = variants[1 + 2 * j], variants[2 + 2 * j]
        rows.append((key, float(flat[key]), lo[f"rules.{key}"], hi[f"rules.{key}"], med[1 + 2 * j], med[2 + 2 * j]))
    return Sensitivity(step, seeds, figures, med[0], tuple(rows), account_names(scen)[0])
