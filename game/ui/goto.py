"""Go-to orders and refused moves: a path over several turns, the next leg a unit can walk this
phase, and why a click on a hex gives no move. Pure logic over the game state (no pygame).

A go-to order is the window's, not the engine's: each phase the unit is given an ordinary Move
to the farthest hex of its path it can reach; the record holds only those moves.
"""

from __future__ import annotations

import heapq

from game.core.state import GameState
from game.core.units import Unit
from game.rules.movement import border_active, movement_allowance, reachable, tables


def long_path(state: GameState, unit: Unit, goal: int, seen: set[str]) -> tuple[list[int], int] | None:
    """The cheapest path to `goal` over any number of turns, and its cost in movement points,
    around the enemies the side has seen and never across the closed border (zones of control
    are not foreseen: they stop the unit on the way, and the next phase goes on)."""
    m = state.scenario.map
    t = tables(state)
    start = m.index[unit.hex]
    costs = t.vehicle_cost if unit.type.vehicles else t.cost
    forbidden = border_active(state, unit.side)
    blocked = {m.index[state.units[e].hex] for e in seen if state.units[e].alive and state.units[e].on_map}
    if costs[goal] == 0 or goal in blocked or (forbidden and t.border[goal] == forbidden):
        return None
    best = {start: 0}
    prev: dict[int, int] = {}
    heap = [(0, start)]
    while heap:
        c, a = heapq.heappop(heap)
        if a == goal:
            break
        if c > best.get(a, 1 << 30):
            continue
        for b in t.neighbors[a]:
            step = m.road_move if t.road[a] and t.road[b] else costs[b]
            if step == 0 or b in blocked or (forbidden and t.border[b] == forbidden):
                continue
            nc = c + step
            if nc < best.get(b, 1 << 30):
                best[b] = nc
                prev[b] = a
                heapq.heappush(heap, (nc, b))
    if goal not in best or goal == start:
        return None
    path = [goal]
    while path[-1] != start:
        path.append(prev[path[-1]])
    path.reverse()
    return path, best[goal]


def turns_needed(state: GameState, unit: Unit, cost: int) -> int:
    """Phases to walk `cost` MP: what is left this phase, then a full day's allowance each."""
    per = max(1, unit.type.move)
    rest = max(0, cost - max(0, unit.mp_left))
    return 1 + -(-rest // per)


def turns_text(n: int) -> str:
    return "1 turn" if n == 1 else f"about {n} turns"


def next_leg(state: GameState, unit: Unit, path: list[int]) -> int | None:
    """The farthest hex along `path` the unit can move to now (None: no step possible)."""
    cost, _ = reachable(state, unit)
    for idx in reversed(path[1:]):
        if idx in cost:
            return idx
    return None


def refusal(state: GameState, unit: Unit, idx: int, seen: set[str]) -> str:
    """Why clicking hex `idx` gives `unit` no move (an empty string when a move is possible)."""
    m = state.scenario.map
    name = unit.name
    if state.over:
        return "The game is over"
    if unit.side != state.side:
        return f"{name} is not yours to command in this phase"
    if unit.acted:
        return f"{name} has already acted this phase"
    if unit.mp_left <= 0:
        return f"{name} has no movement points left this phase"
    rules = m.terrain_rules[m.terrain[idx]]
    if rules.move is None:
        return f"Impassable: {m.kind(idx).name}"
    if rules.no_vehicles and unit.type.vehicles:
        return f"{name} has vehicles: {m.kind(idx).name} is closed to them"
    forbidden = border_active(state, unit.side)
    if forbidden and int(m.border_side[idx]) == forbidden:
        return "Across the border: your side may not cross it in this scenario"
    here = [state.units[i] for i in state.occupancy.get(idx, ())]
    if any(u.side != unit.side and u.id in seen for u in here):
        return "An enemy holds that hex: fire at it (F) or move next to it and assault (A)"
    if len(here) >= state.params.i("stacking_max_units") and any(u.side == unit.side for u in here):
        return f"That hex is full ({len(here)} units, the stacking limit)"
    cost, _ = reachable(state, unit)
    if idx in cost:
        return ""
    lp = long_path(state, unit, idx, seen)
    if lp is None:
        return f"{name} cannot find a way there"
    _, c = lp
    allowance = movement_allowance(state, unit)
    return (f"Too far for this phase ({c} MP, {unit.mp_left} of {allowance} left): Shift+click to go there in "
            f"{turns_text(turns_needed(state, unit, c))}")
