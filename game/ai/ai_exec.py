"""Turning a phase's plan into orders, one at a time and against the state as it is then:
air strikes, then artillery (barrages first), then movement, then the planned assaults (each
checked again with the defenders as they stand after the barrage), opportunistic assaults,
the fire of infantry's own guns (held back until no assault needs them), and finally direct
fire or digging for every unit that has not acted.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import numpy as np

from game.ai.ai_plan import Plan, best_subset
from game.core.orders import AirStrike, Assault, Bombard, Entrench, Fire, Move, Order
from game.core.rng import decision_stream
from game.core.state import GameState
from game.core.units import Unit
from game.rules.air import can_fly, sorties_left
from game.rules.assault import resolve_assault
from game.rules.fire import expected_fire
from game.rules.legality import may_assault
from game.rules.movement import reach_costs, tables
from game.rules.sight import line_of_sight, spotted

if TYPE_CHECKING:
    from game.ai.heuristic import HeuristicAI

ATTACKERS = ("attack", "strike", "idle")


def orders(ai: HeuristicAI, plan: Plan) -> Iterator[Order]:
    """The phase's orders, each worked out from `ai.view` as it is when the order is asked for."""
    yield from air(ai, plan)
    yield from guns(ai, plan, first=True)
    yield from moves(ai, plan)
    yield from strikes(ai, plan)
    yield from opportunities(ai, plan)
    yield from guns(ai, plan, first=False)
    yield from fire_or_dig(ai, plan)


def enemy_seen_at(state: GameState, side: str, idx: int) -> bool:
    hexes = state.scenario.map.hexes
    return state.side_at(idx) == state.scenario.other(side) and any(
        state.units[uid].hex == hexes[idx] for uid in spotted(state, side))


def air(ai: HeuristicAI, plan: Plan) -> Iterator[Order]:
    side = ai.side
    cap = ai.view.params.i("air.max_sorties_per_strike")
    for idx, kind, n in plan.air:
        st = ai.view
        if not can_fly(st) or not enemy_seen_at(st, side, idx):
            continue
        k = min(n, sorties_left(st, side, kind), cap)
        if k > 0:
            yield AirStrike(kind, k, st.scenario.map.hexes[idx])


def guns(ai: HeuristicAI, plan: Plan, first: bool) -> Iterator[Order]:
    """The planned fire missions: first the batteries and the barrages for planned assaults;
    infantry firing its own guns only later (`first=False`), once it is clear it is not
    needed for an assault (a unit that has fired cannot assault)."""
    side = ai.side
    support = {b for s in plan.strikes for b in s.batteries}
    for gid, idx, barrage in plan.bombard:
        st = ai.view
        u = st.units[gid]
        if not u.alive or u.acted:
            continue
        if first != (not u.traits.may_assault or gid in support):
            continue
        if barrage and not enemy_seen_at(st, side, idx):
            continue
        yield Bombard(gid, st.scenario.map.hexes[idx], barrage)


def moves(ai: HeuristicAI, plan: Plan) -> Iterator[Order]:
    for uid, dest in plan.moves:
        st = ai.view
        u = st.units[uid]
        m = st.scenario.map
        if not u.alive or u.acted or u.mp_left <= 0 or m.index[u.hex] == dest:
            continue
        cost = reach_costs(st, u)
        if dest not in cost:
            dest = nearest_reachable(st, u, dest, cost)
        if dest != m.index[u.hex]:
            yield Move(uid, m.hexes[dest])


def nearest_reachable(st: GameState, u: Unit, dest: int, cost: Mapping[int, int]) -> int:
    m = st.scenario.map
    goal = m.hexes[dest]
    here = m.index[u.hex]
    best = min(cost, key=lambda i: (m.hexes[i].distance(goal), cost[i], i))
    return best if m.hexes[best].distance(goal) < u.hex.distance(goal) else here


def ready(st: GameState, u: Unit, idx: int) -> bool:
    """Whether `u` may join an assault on hex `idx` now."""
    return u.alive and may_assault(u, st.scenario.map.hexes[idx])


def assault_on(ai: HeuristicAI, st: GameState, idx: int, units: list[Unit], threshold: int) -> Assault | None:
    """The best assault on `idx` by some of `units`, if its chance (rechecked now) is good enough."""
    m = st.scenario.map
    if st.side_at(idx) != st.scenario.other(ai.side):
        return None
    units = [u for u in units if ready(st, u, idx)]
    if not units:
        return None
    best = best_subset(st, [(u, m.index[u.hex]) for u in units], idx, st.units_at(idx), 0)
    if best is None or best[1].chance < threshold:
        return None
    order = Assault(tuple(sorted(u.id for u, _ in best[0])), m.hexes[idx])
    if ai.level.samples:  # trial dice keyed by the decision (common random numbers across what-ifs)
        key = f"sample|{st.turn}.{st.phase}|{','.join(order.units)}|{order.target.q},{order.target.r}"
        if sampled_chance(st, order, decision_stream(ai.rng, key), ai.level.samples) < threshold:
            return None
    return order


def sampled_chance(st: GameState, order: Assault, rng: np.random.Generator, n: int) -> int:
    """Share (%) of `n` trial assaults on copies of the state that take the hex."""
    idx = st.scenario.map.index[order.target]
    taken = 0
    for _ in range(n):
        trial = st.copy()
        resolve_assault(trial, order, rng)
        if trial.side_at(idx) != st.scenario.other(st.side):
            taken += 1
    return 100 * taken // n


def strikes(ai: HeuristicAI, plan: Plan) -> Iterator[Order]:
    for s in plan.strikes:
        st = ai.view
        group = [st.units[uid] for uid in sorted(set(s.units) | {k for k, v in plan.aims.items() if v == s.target})]
        order = assault_on(ai, st, s.target, group, plan.threshold)
        if order is not None:
            yield order


def opportunities(ai: HeuristicAI, plan: Plan) -> Iterator[Order]:
    """Assaults nobody planned: attackers next to a weak enemy stack, garrisons clearing their hill."""
    st = ai.view
    m = st.scenario.map
    areas = {i: o for o in st.scenario.objectives for i in o.area}
    enemy = st.scenario.other(ai.side)
    targets = sorted(i for i, ids in st.occupancy.items() if st.units[ids[0]].side == enemy)
    adj: dict[int, list[Unit]] | None = None
    for idx in targets:
        st = ai.view
        if adj is None:  # again after each order: it changes the state
            adj = adjacent_units(st, ai.side, targets)
        units = [u for u in adj.get(idx, ()) if ready(st, u, idx)]
        units = [u for u in units if plan.roles.get(u.id, "idle") in ATTACKERS
                 or (plan.roles.get(u.id) == "garrison" and areas.get(m.index[u.hex]) is areas.get(idx) is not None)]
        if not units:
            continue
        clearing = idx in areas
        need = plan.threshold if clearing else max(plan.threshold, ai.level.opportunist)
        movers = [u for u in units if plan.roles.get(u.id, "idle") in ATTACKERS]
        order = assault_on(ai, st, idx, movers, need)
        if order is None and len(movers) < len(units):  # a garrison joins only at a fair chance, however late
            order = assault_on(ai, st, idx, units, max(need, ai.level.min_chance))
        if order is not None:
            adj = None
            yield order


def adjacent_units(st: GameState, side: str, targets: list[int]) -> dict[int, list[Unit]]:
    """The live units of `side` next to each hex of `targets`, in `live_units` order."""
    m = st.scenario.map
    nb = tables(st).neighbors
    want = set(targets)
    out: dict[int, list[Unit]] = {}
    for u in st.live_units(side):
        i = m.index.get(u.hex)
        near = ([j for j in nb[i] if j in want] if i is not None
                else [j for j in targets if u.hex.distance(m.hexes[j]) == 1])
        for j in near:
            out.setdefault(j, []).append(u)
    return out


def fire_or_dig(ai: HeuristicAI, plan: Plan) -> Iterator[Order]:
    seen: tuple[GameState, list[tuple[str, int, int, int]]] | None = None
    for uid in [u.id for u in ai.view.live_units(ai.side)]:
        st = ai.view  # a fresh view after each order: read the unit from it
        u = st.units[uid]
        if u.acted:
            continue
        if seen is None or seen[0] is not st:
            seen = (st, enemies_seen(st, ai.side))
        order = fire_at_best(st, u, seen[1])
        if order is not None:
            yield order
        elif not u.moved and u.entrench < max_dig(st, u):
            yield Entrench(u.id)


def max_dig(st: GameState, u: Unit) -> int:
    m = st.scenario.map
    return int(m.terrain_rules[m.terrain_at(u.hex)].max_entrench)


def enemies_seen(st: GameState, side: str) -> list[tuple[str, int, int, int]]:
    """The enemy units `side` has spotted: id, axial q and r, hex index."""
    m = st.scenario.map
    out = []
    for uid in spotted(st, side):
        h = st.units[uid].hex
        out.append((uid, h.q, h.r, m.index[h]))
    return out


def fire_at_best(st: GameState, u: Unit, enemies: list[tuple[str, int, int, int]]) -> Fire | None:
    """Direct fire at the spotted enemy (of `enemies_seen`) that would lose the most men, if worth
    more than digging."""
    m = st.scenario.map
    reach = 2 * st.params.i("fire.range")
    here = m.index[u.hex]
    can_dig = not u.moved and u.entrench < min(3, max_dig(st, u))
    limit = 2.0 if can_dig else 0.5
    best: tuple[float, str] | None = None
    uq, ur = u.hex.q, u.hex.r
    for uid, q, r, idx in enemies:
        dq, dr = q - uq, r - ur
        if abs(dq) + abs(dr) + abs(dq + dr) > reach or not line_of_sight(st, here, idx):
            continue  # out of range (hex distance, inlined) or out of sight
        v = expected_fire(st, u.id, uid)
        if v >= limit and (best is None or (v, uid) > best):
            best = (v, uid)
    return Fire(u.id, best[1]) if best else None
