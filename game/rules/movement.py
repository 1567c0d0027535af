"""Movement: terrain costs, roads, night and fog, zones of control, stacking and the border.

`reachable(state, unit)` runs a Dijkstra over hex indices bounded by the unit's movement points
and returns cost and predecessor maps; ties break by hex index so paths are deterministic.
"""

from __future__ import annotations

import heapq

from game.core.map import EAST, WEST
from game.core.state import GameState
from game.core.terrain import Terrain
from game.core.units import Unit, other_side


def enter_cost(state: GameState, unit: Unit, a: int, b: int) -> int | None:
    """Movement points to step from hex a into adjacent hex b, or None if it may not."""
    m = state.scenario.map
    tr = m.terrain_rules[Terrain(int(m.terrain[b]))]
    road = m.has_road(a) and m.has_road(b)
    if tr.move is None and not road:
        return None
    if unit.type.vehicles and tr.no_vehicles and not road:
        return None
    if border_forbids(state, unit.side, b):
        return None
    return m.road_move if road else int(tr.move or 0)


def border_forbids(state: GameState, side: str, idx: int) -> bool:
    b = state.params.border
    if not b or not b.get("enabled") or b.get("side", "soviet") != side:
        return False
    label = state.scenario.clock.label(state.turn)
    if "from" in b and label < b["from"]:
        return False
    if "until" in b and label >= b["until"]:
        return False
    forbidden = WEST if b.get("forbidden", "west") == "west" else EAST
    return int(state.scenario.map.border_side[idx]) == forbidden


def movement_allowance(state: GameState, unit: Unit) -> int:
    p = state.params
    clock = state.scenario.clock
    mp = unit.type.move
    if not clock.daylight[state.turn]:
        mp = mp * p.i("move.night_pct") // 100
    if clock.fog[state.turn]:
        mp = mp * p.i("move.fog_pct") // 100
    if unit.suppression >= 50:
        mp //= 2
    return mp


def enemy_zoc(state: GameState, side: str) -> set[int]:
    """Hex indices adjacent to (or holding) live enemy units. Cached per state version."""
    key = ("zoc", side, state.version, state.turn)
    cache = state.cache
    hit = cache.get("zoc_key_" + side)
    if hit == key:
        return cache["zoc_" + side]  # type: ignore[no-any-return]
    nb = state.scenario.map.neighbors
    enemy = other_side(side)
    zoc: set[int] = set()
    for idx, ids in state.occupancy.items():
        if state.units[ids[0]].side == enemy:
            zoc.add(idx)
            zoc.update(int(j) for j in nb[idx] if j >= 0)
    cache["zoc_key_" + side] = key
    cache["zoc_" + side] = zoc
    return zoc


def reachable(state: GameState, unit: Unit, budget: int | None = None) -> tuple[dict[int, int], dict[int, int]]:
    """Cheapest cost to every hex the unit can reach this phase, and predecessors."""
    m = state.scenario.map
    start = m.index[unit.hex]
    mp = unit.mp_left if budget is None else budget
    cap = state.params.i("stacking_max_units")
    zoc = enemy_zoc(state, unit.side)
    enemy = other_side(unit.side)
    leave = state.params.i("move.zoc_leave_cost") if start in zoc else 0
    cost = {start: 0}
    prev: dict[int, int] = {}
    heap = [(0, start)]
    nb = m.neighbors
    while heap:
        c, a = heapq.heappop(heap)
        if c > cost.get(a, 1 << 30):
            continue
        if a != start and a in zoc:
            continue  # entering an enemy zone of control ends movement
        for b in nb[a]:
            b = int(b)
            if b < 0:
                continue
            step = enter_cost(state, unit, a, b)
            if step is None:
                continue
            nc = c + step + (leave if a == start else 0)
            if nc > mp or nc >= cost.get(b, 1 << 30):
                continue
            occ = state.occupancy.get(b)
            if occ and state.units[occ[0]].side == enemy:
                continue
            cost[b] = nc
            prev[b] = a
            heapq.heappush(heap, (nc, b))
    # stacking: may pass through but not stop in a full hex
    for b in list(cost):
        if b != start and len(state.occupancy.get(b, ())) >= cap:
            cost.pop(b)
    return cost, prev


def path_to(prev: dict[int, int], start: int, goal: int) -> list[int]:
    path = [goal]
    while path[-1] != start:
        path.append(prev[path[-1]])
    path.reverse()
    return path


def static_distance(state: GameState, goal: int, vehicles: bool) -> list[int]:
    """Movement cost from every hex to `goal` ignoring units (cached per scenario)."""
    key = f"dist:{goal}:{int(vehicles)}"
    cache = state.scenario.cache
    if key in cache:
        return cache[key]  # type: ignore[no-any-return]
    m = state.scenario.map
    big = 1 << 20
    dist = [big] * m.size
    dist[goal] = 0
    heap = [(0, goal)]
    rules = m.terrain_rules
    while heap:
        c, b = heapq.heappop(heap)
        if c > dist[b]:
            continue
        for a in m.neighbors[b]:
            a = int(a)
            if a < 0:
                continue
            road = m.has_road(a) and m.has_road(b)
            tr = rules[Terrain(int(m.terrain[b]))]
            if (tr.move is None or (vehicles and tr.no_vehicles)) and not road:
                continue
            nc = c + (m.road_move if road else int(tr.move or 0))
            if nc < dist[a]:
                dist[a] = nc
                heapq.heappush(heap, (nc, a))
    cache[key] = dist
    return dist


