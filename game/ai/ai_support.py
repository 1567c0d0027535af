"""Fire support for a plan: barrages on the hexes about to be stormed, aircraft over them when
the weather lets them fly, and the rest of the day's ammunition and sorties spent wearing down
the enemy stacks that matter most (on the objectives, near our garrisons, enemy batteries).

Ammunition and sorties are refilled at the end of each day, so whatever is left then is wasted:
the guns keep a barrage in hand only while an attack may still go in today.
"""

from __future__ import annotations

import math

from game.ai.ai_combat import Missions, air_effect, effect_on, exposure
from game.ai.ai_plan import Planner
from game.core.hexgrid import Hex
from game.core.state import GameState
from game.core.units import Unit
from game.rules.air import can_fly, sorties_left
from game.rules.artillery import indirect_guns
from game.rules.sight import observed_hex

WITHIN_2 = tuple((h.q, h.r) for h in Hex(0, 0).spiral(2))  # axial offsets of the hexes within 2 steps

def phases_left_today(state: GameState, flying: bool = False) -> int:
    """This side's phases from now to the end of the day (this one included)."""
    clock = state.scenario.clock
    n, t = 0, state.turn
    while t < clock.n_turns:
        if not flying or (clock.daylight[t] and not clock.fog[t]):
            n += 1
        if clock.is_last_of_day(t):
            break
        t += 1
    return n


def priorities(planner: Planner) -> dict[int, float]:
    """How much hitting each known enemy stack is worth, before its size and cover."""
    st, m = planner.state, planner.m
    areas: dict[int, float] = {}
    for o in st.scenario.objectives:
        for i in o.area:
            areas[i] = max(areas.get(i, 0.0), 1.0 + o.points / 10.0)
    mine = {(u.hex.q, u.hex.r) for u in planner.units}
    out: dict[int, float] = {}
    for idx in planner.intel.hexes():
        w = areas.get(idx, 1.0)
        h = m.hexes[idx]
        if any((h.q + dq, h.r + dr) in mine for dq, dr in WITHIN_2):  # one of ours within 2 hexes
            w *= 1.5
        if any(u.guns and indirect_guns(st, u) for u in planner.intel.stacks[idx]):
            w *= 1.5
        out[idx] = w
    return out


def plan_guns(planner: Planner) -> None:
    st, plan = planner.state, planner.plan
    need = st.params.i("artillery.barrage_ammo")
    busy: set[str] = set()
    for s in plan.strikes:
        for gid in s.batteries:
            plan.bombard.append((gid, s.target, True))
            busy.add(gid)
    last = phases_left_today(st) <= 1
    keep = need if plan.waiting and not last else 0
    prio = priorities(planner)
    targets = Targets(planner)
    used: dict[int, int] = {}
    moving = {uid for uid, _ in plan.moves}  # firing would pin them: a unit that has fired cannot move
    for g in sorted(planner.guns, key=lambda g: g.id):
        if g.id in busy or g.id in moving or g.moved or g.acted or g.ammo - 1 < keep:
            continue
        barrage = last and g.ammo >= need
        best = best_target(planner, g, targets, prio, used, barrage)
        if best is not None:
            plan.bombard.append((g.id, best, barrage))
            used[best] = used.get(best, 0) + 1


class Targets:
    """The known enemy stacks as fire missions see them, worked out once per plan and only for
    the stacks some gun can reach: whether a spotter observes each, and its men and cover."""

    def __init__(self, planner: Planner) -> None:
        self.planner = planner
        self.pct = planner.state.params.i("artillery.entrench_pct")
        self.missions = Missions.of(planner.state)
        self._observed: dict[int, bool] = {}
        self._exposure: dict[int, list[tuple[float, float]]] = {}

    def observed(self, idx: int) -> bool:
        hit = self._observed.get(idx)
        if hit is None:
            p = self.planner
            hit = self._observed[idx] = idx in p.intel.visible and observed_hex(p.state, p.side, idx)
        return hit

    def exposure(self, idx: int) -> list[tuple[float, float]]:
        hit = self._exposure.get(idx)
        if hit is None:
            hit = self._exposure[idx] = exposure(self.planner.state, idx, self.planner.intel.stacks[idx], self.pct)
        return hit


def best_target(planner: Planner, g: Unit, targets: Targets, prio: dict[int, float], used: dict[int, int],
                barrage: bool) -> int | None:
    crews = math.sqrt(g.men / max(1, g.men_start))
    best: tuple[float, int] | None = None
    hexes = planner.intel.hexes()
    for idx, kg in zip(hexes, planner.kgs(g, hexes), strict=True):
        if kg <= 0:
            continue
        e = effect_on(targets.missions.strength(kg, crews, targets.observed(idx), barrage), targets.exposure(idx))
        v = e * prio[idx] * 0.8 ** used.get(idx, 0)
        if best is None or (v, -idx) > (best[0], -best[1]):
            best = (v, idx)
    return best[1] if best is not None and best[0] > 0.05 else None


def plan_air(planner: Planner) -> None:
    """Sorties by type: the first planned assault gets what a strike can carry; the rest of the
    day's sorties are spread over the flying phases left, at the most valuable stack."""
    st, plan, intel = planner.state, planner.plan, planner.intel
    if not can_fly(st) or not intel.stacks:
        return
    cap = st.params.i("air.max_sorties_per_strike")
    kinds = st.scenario.air_types[planner.side]
    left = {k: sorties_left(st, planner.side, k) for k in sorted(kinds)}
    if not any(v > 0 for v in left.values()):
        return
    for s in plan.strikes[:2]:
        for k in sorted(left):
            n = min(cap, left[k])
            if n > 0:
                plan.air.append((s.target, k, n))
                left[k] -= n
    share = phases_left_today(st, flying=True)
    prio = priorities(planner)
    target = max(intel.hexes(), key=lambda i: (air_effect(st, 1000.0, i, intel.stacks[i]) * prio[i], -i))
    for k in sorted(left):
        n = min(cap, -(-left[k] // max(1, share)))
        if n > 0:
            plan.air.append((target, k, n))
