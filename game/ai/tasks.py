"""Task execution shared by the historical and heuristic players: turn a task (attack, move,
hold, withdraw, bombard, air) for a unit into a concrete legal order for the current state.
"""

from __future__ import annotations

from game.ai.base import enemy_hexes_near, step_towards
from game.core.hexgrid import Hex
from game.core.orders import AirStrike, Assault, Bombard, Entrench, Fire, Hold, Move, Order
from game.core.state import GameState
from game.core.units import Unit
from game.rules.air import can_fly, sorties_left
from game.rules.artillery import in_range_weight, indirect_guns
from game.rules.assault import chance_of, expected_assault
from game.rules.fire import expected_fire
from game.rules.legality import may_assault, violations
from game.rules.sight import spotted


def legal(state: GameState, order: Order) -> Order | None:
    return None if violations(state, order) else order


def move_towards(state: GameState, u: Unit, goal: Hex, stop_short: int = 0) -> Order | None:
    dest = step_towards(state, u, goal, stop_short)
    return legal(state, Move(u.id, dest)) if dest is not None else None


def assault_partners(state: GameState, target: Hex, group: tuple[str, ...]) -> tuple[str, ...]:
    """Units of the group that can join an assault on `target` now."""
    out = []
    for uid in group:
        u = state.units.get(uid)
        if u and u.alive and may_assault(u, target):
            out.append(uid)
    return tuple(sorted(out))


def attack_order(state: GameState, u: Unit, goal: Hex, group: tuple[str, ...], min_chance: int = 0,
                 radius: int = 1) -> Order | None:
    """Close on `goal`, storm enemy stacks on or next to it with every partner that can join."""
    m = state.scenario.map
    targets = [idx for _, idx in enemy_hexes_near(state, u.side, goal, radius)]
    adjacent = [idx for idx in targets if m.hexes[idx].distance(u.hex) == 1]
    if u.traits.may_assault and not u.acted:
        for idx in sorted(adjacent, key=lambda i: (m.hexes[i].distance(goal), i)):
            units = assault_partners(state, m.hexes[idx], group) or (u.id,)
            if u.id not in units:
                units = tuple(sorted((*units, u.id)))
            attackers = [state.units[x] for x in units]
            _, _, odds = expected_assault(state, attackers, idx)
            if chance_of(state, odds) >= min_chance:
                order = legal(state, Assault(units, m.hexes[idx]))
                if order:
                    return order
    if u.hex == goal:
        return legal(state, Entrench(u.id))
    occupied_goal = state.side_at(m.index[goal]) not in (None, u.side)
    return move_towards(state, u, goal, stop_short=1 if occupied_goal else 0)


def hold_order(state: GameState, u: Unit, goal: Hex | None) -> Order | None:
    if goal is not None and u.hex.distance(goal) > 1 and u.mp_left > 0:
        mv = move_towards(state, u, goal)
        if mv:
            return mv
    fire = fire_order(state, u)
    return fire or legal(state, Entrench(u.id))


def fire_order(state: GameState, u: Unit) -> Order | None:
    """Shoot at the spotted enemy in range that would lose the most men."""
    if u.acted:
        return None
    best: tuple[float, str] | None = None
    rng = state.params.i("fire.range")
    for uid in spotted(state, u.side):
        e = state.units[uid]
        if u.hex.distance(e.hex) <= rng:
            order = Fire(u.id, uid)
            if not violations(state, order):
                exp = expected_fire(state, u.id, uid)
                if best is None or (exp, uid) > best:
                    best = (exp, uid)
    return Fire(u.id, best[1]) if best and best[0] >= 0.5 else None


def bombard_order(state: GameState, u: Unit, goal: Hex | None, barrage: bool, radius: int = 1,
                  keep: int = 0) -> Order | None:
    """Fire at the biggest spotted enemy stack near goal (anywhere in range if goal is None)."""
    if not indirect_guns(state, u) or u.acted:
        return None
    m = state.scenario.map
    centre = goal if goal is not None else u.hex
    r = radius if goal is not None else 60
    for _, idx in enemy_hexes_near(state, u.side, centre, r):
        if in_range_weight(state, u, idx) <= 0:
            continue
        need = state.params.i("artillery.barrage_ammo") if barrage else 1
        if u.ammo - need < keep:
            barrage = False
            if u.ammo - 1 < keep:
                return None
        order = legal(state, Bombard(u.id, m.hexes[idx], barrage))
        if order:
            return order
    return None


def air_order(state: GameState, side: str, goal: Hex, wanted: dict[str, int], radius: int = 2) -> Order | None:
    """Send the wanted sorties (capped by the day's budget) at the biggest enemy stack near goal."""
    if not can_fly(state):
        return None
    targets = enemy_hexes_near(state, side, goal, radius)
    if not targets:
        return None
    idx = targets[0][1]
    cap = state.params.i("air.max_sorties_per_strike")
    for kind in sorted(wanted):
        n = min(wanted[kind], sorties_left(state, side, kind), cap)
        if n > 0:
            order = legal(state, AirStrike(kind, n, state.scenario.map.hexes[idx]))
            if order:
                return order
    return None


def default_order(state: GameState, u: Unit) -> Order:
    """What a unit with no task does: shoot if it can, artillery fires at what it sees, else dig."""
    order = fire_order(state, u) or bombard_order(state, u, None, False, keep=2)
    if order:
        return order
    return legal(state, Entrench(u.id)) or Hold(u.id)
