"""Expected results of an order before it is given: casualties both ways with a likely range
(the 5-95% interval of the Poisson draw the rules make), the chance of taking a hex, and the
modifiers that produced the numbers. Pure functions of the state; the panels show the result.
The enemy is taken as the acting side knows it (`game.engine.preview`, the same computation as the
public API's previews): spotted units only, their strength as on paper out of contact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from game.core.hexgrid import Hex
from game.core.orders import AirStrike, Assault, Bombard, Fire, Order
from game.core.state import GameState
from game.core.units import Unit
from game.engine.preview import Expected, air_expected, bombard_expected, fire_expected, known_enemies, known_state
from game.rules.air import expected_ground_fire
from game.rules.artillery import is_observed
from game.rules.assault import assault_factors, chance_of, expected_assault
from game.rules.firepower import direct_firepower, protection
from game.rules.knowledge import SideView
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
    return state.scenario.map.kind(idx).name


def _known(state: GameState, side: str, known: GameState | None) -> SideView:
    """What `side` knows (`known` when the caller already made it, see `known_state`)."""
    return known_state(known if known is not None else state, side)


def _loses(x: Expected) -> Outcome:
    label = f"{x.name} loses" + (" (on paper strength)" if x.estimated else "")
    return _outcome(label, x.men, x.strength)


def _paper_note(pv: Preview, xs: list[Expected]) -> None:
    if any(x.estimated for x in xs):
        pv.modifiers.append(("not in contact", "strength on paper"))


def fire_preview(state: GameState, firer: Unit, target: Unit, known: GameState | None = None) -> Preview:
    """The expected result of `firer` shooting at `target`, as the firer's side knows the target
    (`known`: that side's view, made here when not given)."""
    order = Fire(firer.id, target.id)
    problems = violations(state, order)
    pv = Preview(f"Fire: {firer.name} at {target.name}", order, problems=problems)
    if problems:
        return pv
    p = state.params
    m = state.scenario.map
    view = _known(state, firer.side, known)
    if target.id not in view.units:
        pv.problems.append(f"{target.name} is not seen")
        return pv
    x = fire_expected(view, firer.id, target.id)
    pv.outcomes.append(_loses(x))
    ti, fi = m.index[target.hex], m.index[firer.hex]
    pv.modifiers.append(("firepower", f"{direct_firepower(state, firer):.0f}"))
    clock = state.scenario.clock
    if not clock.daylight[state.turn]:
        pv.modifiers.append(("night", f"x{p.i('fire.night_pct') / 100:.2f}"))
    if clock.fog[state.turn]:
        pv.modifiers.append(("fog", f"x{p.i('fire.fog_pct') / 100:.2f}"))
    if int(m.elevation[ti]) > int(m.elevation[fi]) + 20:
        pv.modifiers.append(("firing uphill", f"x{p.i('fire.uphill_pct') / 100:.2f}"))
    prot = protection(view, ti, x.entrench, p.i("fire.entrench_pct"))
    dug = f"dug in {x.entrench}" + (" on paper" if x.estimated else "")
    pv.modifiers.append((f"cover ({_terrain_name(state, ti)}, {dug})", f"/{prot:.2f}"))
    _paper_note(pv, [x])
    pv.modifiers.append(("no return fire", "firer is safe this phase"))
    return pv


def assault_preview(state: GameState, attackers: list[Unit], target: Hex, known: GameState | None = None) -> Preview:
    """The expected result of an assault on the defenders the attackers' side knows in `target`."""
    order = Assault(tuple(sorted(a.id for a in attackers)), target)
    problems = violations(state, order)
    names = ", ".join(a.name for a in attackers[:3]) + (" ..." if len(attackers) > 3 else "")
    pv = Preview(f"Assault by {names}", order, problems=problems)
    if problems:
        return pv
    view = _known(state, attackers[0].side, known)
    m = state.scenario.map
    idx = m.index[target]
    defenders = known_enemies(view, target)
    d_loss, a_loss, odds = expected_assault(view, attackers, idx)
    f = assault_factors(view, attackers, idx)
    pv.outcomes.append(_outcome("defenders lose", d_loss, sum(d.men for d in defenders)))
    pv.outcomes.append(_outcome("attackers lose", a_loss, sum(a.men for a in attackers)))
    chance = chance_of(view, odds)
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
                    seen: set[str] | None = None, known: GameState | None = None) -> Preview:
    """A fire mission's expected result on the enemies the unit's side knows in `target` (`seen`:
    a further limit on the enemy units listed, None: every one the side has spotted)."""
    order = Bombard(unit.id, target, barrage)
    problems = violations(state, order)
    kind = "Barrage" if barrage else "Fire mission"
    pv = Preview(f"{kind}: {unit.name}", order, problems=problems)
    if problems:
        return pv
    p = state.params
    xs, observed = bombard_expected(_known(state, unit.side, known), unit.id, target, barrage)
    xs = [x for x in xs if seen is None or x.unit in seen]
    pv.outcomes += [_loses(x) for x in xs]
    if not pv.outcomes:
        pv.modifiers.append(("target", "no enemy seen there"))
    _paper_note(pv, xs)
    pv.modifiers.append(("observed", "yes" if observed else f"no (x{p.i('artillery.unobserved_pct') / 100:.2f})"))
    if barrage:
        pct, ammo = p.i("artillery.barrage_pct") / 100, p.i("artillery.barrage_ammo")
        pv.modifiers.append(("barrage", f"x{pct:.2f}, {ammo} missions"))
    pv.modifiers.append(("fire missions left", str(unit.ammo)))
    return pv


def air_preview(state: GameState, aircraft: str, sorties: int, target: Hex, seen: set[str] | None = None,
                known: GameState | None = None) -> Preview:
    """An air strike's expected result on the enemies the side to move knows in `target`, and the
    ground fire it expects from the enemy it knows of."""
    order = AirStrike(aircraft, sorties, target)
    problems = violations(state, order)
    pv = Preview(f"Air strike: {sorties} x {aircraft}", order, problems=problems)
    if problems:
        return pv
    side = state.side
    kind = state.scenario.air_types[side][aircraft]
    view = _known(state, side, known)
    xs = [x for x in air_expected(view, aircraft, sorties, target) if seen is None or x.unit in seen]
    pv.outcomes += [_loses(x) for x in xs]
    pv.modifiers.append(("bombs", f"{kind.bomb_kg * sorties:.0f} kg"))
    hit, lost = expected_ground_fire(view, side, target, sorties)
    pv.modifiers.append(("aircraft hit", f"~{hit:.2f} expected, ~{lost:.2f} of them lost"))
    if not pv.outcomes:
        pv.modifiers.append(("target", "no enemy seen there"))
    _paper_note(pv, xs)
    return pv


def observed_text(state: GameState, side: str, idx: int) -> str:
    return "observed" if is_observed(state, side, idx) else "unobserved"
