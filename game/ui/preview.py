"""Expected results of an order before it is given: casualties both ways with a likely range
(the 5-95% interval of the Poisson draw the rules make), the chance of taking a hex, and the
modifiers that produced the numbers. Pure functions of the state; the panels show the result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from game.core.hexgrid import Hex
from game.core.orders import AirStrike, Assault, Bombard, Fire, Order
from game.core.state import GameState
from game.core.units import Unit
from game.rules.air import expected_ground_fire
from game.rules.artillery import expected_bombard, is_observed
from game.rules.assault import assault_factors, chance_of, expected_assault
from game.rules.firepower import direct_firepower, protection
from game.rules.legality import violations


def poisson_range(mean: float, lo: float = 0.05, hi: float = 0.95) -> tuple[int, int]:
    """The lo and hi quantiles of a Poisson count with this mean."""
    if mean <= 0:
        return 0, 0
    if mean > 400:  # normal approximation, far beyond any single order here
        sd = math.sqrt(mean)
        return max(0, round(mean - 1.645 * sd)), round(mean + 1.645 * sd)
    p = math.exp(-mean)
    cdf = p
    k = 0
    low = -1
    while True:
        if low < 0 and cdf >= lo:
            low = k
        if cdf >= hi:
            return low, k
        k += 1
        p *= mean / k
        cdf += p
        if k > 10000:
            return max(low, 0), k


@dataclass(slots=True)
class Outcome:
    """One side's expected loss in men, capped by who is there."""

    label: str
    mean: float
    low: int
    high: int


@dataclass(slots=True)
class Preview:
    """What the panel shows for a prospective order."""

    title: str
    order: Order | None
    outcomes: list[Outcome] = field(default_factory=list)
    chance: int | None = None
    modifiers: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def legal(self) -> bool:
        return self.order is not None and not self.problems


def _outcome(label: str, mean: float, cap: int) -> Outcome:
    lo, hi = poisson_range(mean)
    return Outcome(label, min(mean, float(cap)), min(lo, cap), min(hi, cap))


def _terrain_name(state: GameState, idx: int) -> str:
    return state.scenario.map.kind(idx).key


def fire_preview(state: GameState, firer: Unit, target: Unit) -> Preview:
    from game.rules.fire import expected_fire

    order = Fire(firer.id, target.id)
    problems = violations(state, order)
    pv = Preview(f"Fire: {firer.name} at {target.name}", order, problems=problems)
    if problems:
        return pv
    p = state.params
    m = state.scenario.map
    e = expected_fire(state, firer.id, target.id)
    pv.outcomes.append(_outcome(f"{target.name} loses", e, target.men))
    ti, fi = m.index[target.hex], m.index[firer.hex]
    pv.modifiers.append(("firepower", f"{direct_firepower(state, firer):.0f}"))
    clock = state.scenario.clock
    if not clock.daylight[state.turn]:
        pv.modifiers.append(("night", f"x{p.i('fire.night_pct') / 100:.2f}"))
    if clock.fog[state.turn]:
        pv.modifiers.append(("fog", f"x{p.i('fire.fog_pct') / 100:.2f}"))
    if int(m.elevation[ti]) > int(m.elevation[fi]) + 20:
        pv.modifiers.append(("firing uphill", f"x{p.i('fire.uphill_pct') / 100:.2f}"))
    prot = protection(state, ti, target.entrench, p.i("fire.entrench_pct"))
    pv.modifiers.append((f"cover ({_terrain_name(state, ti)}, dug in {target.entrench})", f"/{prot:.2f}"))
    pv.modifiers.append(("no return fire", "firer is safe this phase"))
    return pv


def assault_preview(state: GameState, attackers: list[Unit], target: Hex) -> Preview:
    order = Assault(tuple(sorted(a.id for a in attackers)), target)
    problems = violations(state, order)
    names = ", ".join(a.name for a in attackers[:3]) + (" ..." if len(attackers) > 3 else "")
    pv = Preview(f"Assault by {names}", order, problems=problems)
    if problems:
        return pv
    m = state.scenario.map
    idx = m.index[target]
    defenders = state.units_at(idx)
    d_loss, a_loss, odds = expected_assault(state, attackers, idx)
    f = assault_factors(state, attackers, idx)
    pv.outcomes.append(_outcome("defenders lose", d_loss, sum(d.men for d in defenders)))
    pv.outcomes.append(_outcome("attackers lose", a_loss, sum(a.men for a in attackers)))
    chance = chance_of(state, odds)
    if defenders:
        chance = min(100, chance + sum(d.suppression for d in defenders) // (4 * len(defenders)))
    pv.chance = chance
    pv.modifiers += [
        ("odds", f"{odds:.2f} : 1"),
        ("attack firepower", f"{f['attack_fp']:.0f}"),
        ("defence firepower", f"{f['defence_fp']:.0f}"),
        (f"cover ({_terrain_name(state, idx)}, dug in {max((d.entrench for d in defenders), default=0)})",
         f"x{f['protection']:.2f}"),
    ]
    if f["wire"] > 1.0:
        pv.modifiers.append(("wire", f"x{f['wire']:.2f}"))
    if f["climb"] > 1.0:
        pv.modifiers.append(("uphill assault", f"x{f['climb']:.2f}"))
    if not state.scenario.clock.daylight[state.turn]:
        pv.modifiers.append(("night (defenders' fire)", f"x{state.params.i('assault.night_pct') / 100:.2f}"))
    pv.modifiers.append(("note", "losses are rolled before the odds are re-checked"))
    return pv


def bombard_preview(state: GameState, unit: Unit, target: Hex, barrage: bool,
                    seen: set[str] | None = None) -> Preview:
    """`seen`: the enemy units the firing side has spotted (None: all); only those are listed."""
    order = Bombard(unit.id, target, barrage)
    problems = violations(state, order)
    kind = "Barrage" if barrage else "Fire mission"
    pv = Preview(f"{kind}: {unit.name}", order, problems=problems)
    if problems:
        return pv
    p = state.params
    m = state.scenario.map
    idx = m.index[target]
    e, observed = expected_bombard(state, unit, idx, barrage)
    for t in state.units_at(idx):
        if t.side == unit.side or (seen is not None and t.id not in seen):
            continue
        prot = protection(state, idx, t.entrench, p.i("artillery.entrench_pct"))
        share = e * math.sqrt(t.men / 500.0) / prot
        pv.outcomes.append(_outcome(f"{t.name} loses", share, t.men))
    if not pv.outcomes:
        pv.modifiers.append(("target", "no enemy seen there"))
    pv.modifiers.append(("observed", "yes" if observed else f"no (x{p.i('artillery.unobserved_pct') / 100:.2f})"))
    if barrage:
        pct, ammo = p.i("artillery.barrage_pct") / 100, p.i("artillery.barrage_ammo")
        pv.modifiers.append(("barrage", f"x{pct:.2f}, {ammo} missions"))
    pv.modifiers.append(("fire missions left", str(unit.ammo)))
    return pv


def air_preview(state: GameState, aircraft: str, sorties: int, target: Hex, seen: set[str] | None = None) -> Preview:
    order = AirStrike(aircraft, sorties, target)
    problems = violations(state, order)
    pv = Preview(f"Air strike: {sorties} x {aircraft}", order, problems=problems)
    if problems:
        return pv
    p = state.params
    side = state.side
    kind = state.scenario.air_types[side][aircraft]
    kg = kind.bomb_kg * sorties
    idx = state.scenario.map.index[target]
    for t in state.units_at(idx):
        if t.side == side or (seen is not None and t.id not in seen):
            continue
        prot = protection(state, idx, t.entrench, p.i("air.entrench_pct"))
        e = kg * p["air.rate"] * math.sqrt(t.men / 500.0) / prot
        pv.outcomes.append(_outcome(f"{t.name} loses", e, t.men))
    pv.modifiers.append(("bombs", f"{kg:.0f} kg"))
    hit, lost = expected_ground_fire(state, side, target, sorties)
    pv.modifiers.append(("aircraft hit", f"~{hit:.2f} expected, ~{lost:.2f} of them lost"))
    if not pv.outcomes:
        pv.modifiers.append(("target", "no enemy seen there"))
    return pv


def observed_text(state: GameState, side: str, idx: int) -> str:
    return "observed" if is_observed(state, side, idx) else "unobserved"
