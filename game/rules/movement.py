"""Movement: terrain costs, roads, night and fog, zones of control, stacking and the border.

`reachable(state, unit)` runs a Dijkstra over hex indices bounded by the unit's movement points
and returns cost and predecessor maps; ties break by hex index so paths are deterministic.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import compress

import numpy as np

from game.core.map import EAST, WEST
from game.core.state import GameState
from game.core.terrain import RAIL, ROAD
from game.core.units import Unit


@dataclass(frozen=True, slots=True)
class MoveTables:
    """Per-hex movement data as plain Python lists (faster than numpy for scalar lookups)."""

    cost: list[int]  # movement points to enter; 0 is impassable
    no_vehicles: list[bool]
    road: list[bool]
    neighbors: list[tuple[int, ...]]
    vehicle_cost: list[int]  # as `cost`, with 0 where vehicles may not go
    border: list[int]  # the map's border side per hex (EAST, WEST or 0)


def tables(state: GameState) -> MoveTables:
    cache = state.scenario.cache
    t = cache.get("move_tables")
    if t is None:
        m = state.scenario.map
        kt = m.tables
        cost = kt.move[m.terrain]
        no_vehicles = kt.no_vehicles[m.terrain]
        t = MoveTables(
            cost=cost.tolist(),
            no_vehicles=no_vehicles.tolist(),
            road=((m.overlay & (ROAD | RAIL)) != 0).tolist(),  # as m.has_road
            neighbors=[tuple(j for j in row if j >= 0) for row in m.neighbors.tolist()],
            vehicle_cost=np.where(no_vehicles, 0, cost).tolist(),
            border=m.border_side.tolist(),
        )
        cache["move_tables"] = t
    return t


def enter_cost(state: GameState, unit: Unit, a: int, b: int) -> int | None:
    """Movement points to step from hex a into adjacent hex b, or None if it may not."""
    t = tables(state)
    road = t.road[a] and t.road[b]
    if road:
        cost = state.scenario.map.road_move
    elif t.cost[b] == 0 or (unit.type.vehicles and t.no_vehicles[b]):
        return None
    else:
        cost = t.cost[b]
    if border_forbids(state, unit.side, b):
        return None
    return cost


def border_active(state: GameState, side: str) -> int:
    """The forbidden border side (EAST/WEST) for `side` this turn, or 0 if it may go anywhere."""
    key = ("border", side, state.turn)
    cache = state.cache
    if key in cache:
        return cache[key]  # type: ignore[no-any-return]
    b = state.params.border
    out = 0
    if b and b.get("enabled") and b.get("side") == side:
        label = state.scenario.clock.label(state.turn)
        if not ("from" in b and label < b["from"]) and not ("until" in b and label >= b["until"]):
            out = WEST if b.get("forbidden", "west") == "west" else EAST
    cache[key] = out
    return out


def border_forbids(state: GameState, side: str, idx: int) -> bool:
    forbidden = border_active(state, side)
    return forbidden != 0 and int(state.scenario.map.border_side[idx]) == forbidden


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
    """Hex indices adjacent to (or holding) live enemy units. Cached per position change."""
    return _ground(state, side).zoc


@dataclass(slots=True)
class Ground:
    """What the units standing where they stand mean for `side`'s movement: the hexes holding its
    enemies, and (found when first asked) their zones of control and the hexes with no room to stop."""

    occupancy: dict[int, list[str]]  # the occupancy these were made from (compared by identity)
    key: tuple[int, int]  # and its position version and turn
    held: frozenset[int]
    neighbors: list[tuple[int, ...]]
    _zoc: set[int] | None = None
    full: list[int] | None = None

    @property
    def zoc(self) -> set[int]:
        """The enemy-held hexes and their neighbours."""
        zoc = self._zoc
        if zoc is None:
            zoc = self._zoc = set(self.held)
            nb = self.neighbors
            for idx in self.held:
                zoc.update(nb[idx])
        return zoc


GROUNDS_KEPT = 4  # per side: the engine's state and the side's views alternate


def _ground(state: GameState, side: str) -> Ground:
    """`Ground` for `side` now. It depends only on who stands where (the occupancy, which keeps live
    units only, changed only by `place` and `remove`, which bump pos_version; a view never changes
    its own), so it is kept per scenario under the occupancy object, its position version and the
    turn: consecutive views of one position share one occupancy, and so one ground."""
    occupancy, key = state.occupancy, (state.pos_version, state.turn)
    grounds: dict[str, list[Ground]] | None = state.scenario.cache.get("move_grounds")
    if grounds is None:
        grounds = state.scenario.cache["move_grounds"] = {}
    kept = grounds.get(side)
    if kept is None:
        kept = grounds[side] = []
    for g in kept:
        if g.occupancy is occupancy and g.key == key:
            return g
    enemy = state.scenario.other(side)
    units = state.units
    held = frozenset([idx for idx, ids in occupancy.items() if units[ids[0]].side == enemy])
    g = Ground(occupancy, key, held, tables(state).neighbors)
    kept.insert(0, g)
    del kept[GROUNDS_KEPT:]
    return g


def reachable(state: GameState, unit: Unit, budget: int | None = None) -> tuple[dict[int, int], dict[int, int]]:
    """Cheapest cost to every hex the unit can reach this phase, and predecessors (cached per version)."""
    key = ("reach", unit.id, state.version, budget)
    hit = state.cache.get("reach")
    if hit is not None and hit[0] == key:
        return hit[1]  # type: ignore[no-any-return]
    cost, prev = _kept(state, unit, budget)
    result = (dict(cost), dict(prev))
    state.cache["reach"] = (key, result)
    return result


def reach_costs(state: GameState, unit: Unit, budget: int | None = None) -> Mapping[int, int]:
    """`reachable(state, unit, budget)[0]` without a copy, for callers that only read it: it may be
    shared with other callers and the search cache, so it must never be changed."""
    return _kept(state, unit, budget)[0]


def _kept(state: GameState, unit: Unit, budget: int | None) -> Search:
    """`_reachable`, kept per state version (an AI's plan, its orders and the legality check ask
    for the same units on one view)."""
    kept: tuple[int, dict[tuple[str, int | None], Search]] | None = state.cache.get("reach_kept")
    if kept is None or kept[0] != state.version:
        kept = state.cache["reach_kept"] = (state.version, {})
    key = (unit.id, budget)
    hit = kept[1].get(key)
    if hit is None:
        hit = kept[1][key] = _reachable(state, unit, budget)
    return hit


Search = tuple[dict[int, int], dict[int, int]]  # cost to every hex reached (stacking ignored), predecessors
SEARCH_CACHE_MAX = 512  # searches kept per scenario (a worker playing many games reuses them)


def _reachable(state: GameState, unit: Unit, budget: int | None) -> Search:
    """The search, then stacking: a unit may pass through but not stop in a full hex. The search
    depends only on where the unit starts, its points, vehicles, the border and the enemy's
    hexes within mp+1 of the start (every step costs at least 1 point, so no other hex is looked
    at; not on friendly units), so it is kept per scenario under those and reused when, say, the
    AI's plan, its side's view and the engine's check ask for the same unit, or an enemy far
    away has moved; failing that, a search from the same start is reused when the enemy holds
    the same hexes of its region (`Searched`). Both dicts may be the cached ones: callers copy
    before changing them."""
    start = state.scenario.map.index[unit.hex]
    mp = unit.mp_left if budget is None else budget
    ground = _ground(state, unit.side)
    forbidden = border_active(state, unit.side)
    vehicles = unit.type.vehicles
    key = (start, mp, vehicles, forbidden, _within(state, ground.held, start, mp + 1))
    scache = state.scenario.cache
    cache: dict[tuple[int, int, bool, int, tuple[int, ...]], Search] | None = scache.get("reach_search")
    if cache is None:
        cache = scache["reach_search"] = {}
    found = cache.get(key)
    if found is None:
        if len(cache) >= SEARCH_CACHE_MAX:
            cache.clear()
            scache["reach_alike"] = {}
        alike: dict[tuple[int, int, bool, int], list[Searched]] = scache.setdefault("reach_alike", {})
        kin = alike.setdefault(key[:4], [])
        found = _same_as(state, kin, ground.held)
        if found is None:
            found = _search(state, start, mp, vehicles, forbidden, ground.held, ground.zoc)
            kin.append(Searched(found, ground.held))
        cache[key] = found
    reached, prev = found
    drop = [b for b in _full(state, ground) if b != start and b in reached]
    if not drop:
        return found
    cost = dict(reached)
    for b in drop:
        del cost[b]
    return cost, prev


@dataclass(slots=True)
class Searched:
    """A search and the enemy hexes it was made with; and (found when first needed) the hexes whose
    holder it depends on: those it reached and their neighbours (a hex is blocked only if a step
    into it is tried, from a hex it reached; a reached hex is in a zone of control only if it or a
    neighbour is held)."""

    search: Search
    held: frozenset[int]
    region: frozenset[int] | None = None
    seen: frozenset[int] = frozenset()  # `held` within `region`


def _same_as(state: GameState, kin: list[Searched], held: frozenset[int]) -> Search | None:
    """A search of `kin` (same start, points, vehicles and border) that enemies in `held` would
    leave the same, step for step, since they hold the same hexes of its region; or None."""
    for s in kin:
        region = s.region
        if region is None:
            nb = tables(state).neighbors
            grown = set(s.search[0])
            for a in s.search[0]:
                grown.update(nb[a])
            region = s.region = frozenset(grown)
            s.seen = s.held & region
        if held & region == s.seen:
            return s.search
    return None


def _within(state: GameState, hexes: frozenset[int], centre: int, radius: int) -> tuple[int, ...]:
    """The hexes of `hexes` at most `radius` steps from `centre`, sorted."""
    qs, rs = coordinates(state)
    cq, cr = qs[centre], rs[centre]
    out = []
    for i in hexes:
        dq, dr = qs[i] - cq, rs[i] - cr
        if abs(dq) + abs(dr) + abs(dq + dr) <= 2 * radius:
            out.append(i)
    out.sort()
    return tuple(out)


def coordinates(state: GameState) -> tuple[list[int], list[int]]:
    """Axial q and r of every hex by index, as plain lists (cached per scenario)."""
    hit: tuple[list[int], list[int]] | None = state.scenario.cache.get("hex_qr")
    if hit is None:
        hexes = state.scenario.map.hexes
        hit = state.scenario.cache["hex_qr"] = ([h.q for h in hexes], [h.r for h in hexes])
    return hit


def _full(state: GameState, ground: Ground) -> list[int]:
    """Hexes holding as many units as may stop there, in occupancy order (kept with the ground)."""
    full = ground.full
    if full is None:
        cap = state.params.i("stacking_max_units")
        full = ground.full = [idx for idx, ids in state.occupancy.items() if len(ids) >= cap]
    return full


def _search(state: GameState, start: int, mp: int, vehicles: bool, forbidden: int, blocked: frozenset[int],
            zoc: set[int]) -> Search:
    """Dijkstra with a bucket per cost (every step costs at least 1 point, so a bucket is
    complete when it is reached); each bucket is expanded in hex-index order, which is the
    order a heap of (cost, hex) pops, so costs, predecessors and dict orders match it. Costs so
    far are kept in a list by hex (enemy-held hexes at a cost nothing beats); the dicts list the
    hexes in the order they were first reached."""
    edges = out_edges(state, vehicles, forbidden)
    big = 1 << 30
    dist = [big] * len(edges)
    for b in blocked:
        dist[b] = -1
    dist[start] = 0
    came: dict[int, int] = {}
    buckets: list[list[int]] = [[] for _ in range(max(mp, 0) + 1)]
    leave = state.params.i("move.zoc_leave_cost") if start in zoc else 0  # leaving a zone of control
    room = mp - leave  # the points left for a step
    for b, w in edges[start]:
        if w <= room and leave + w < dist[b]:
            nc = dist[b] = leave + w
            came[b] = start
            buckets[nc].append(b)
    for c in range(1, mp + 1):
        bucket = buckets[c]
        if not bucket:
            continue
        bucket.sort()
        room = mp - c
        for a in bucket:
            if c != dist[a] or a in zoc:
                continue  # stale, or entering an enemy zone of control ends movement
            for b, w in edges[a]:
                if w <= room and c + w < dist[b]:
                    nc = dist[b] = c + w
                    came[b] = a
                    buckets[nc].append(b)
    cost = {start: 0}
    cost.update(zip(came, map(dist.__getitem__, came), strict=True))
    return cost, came


def out_edges(state: GameState, vehicles: bool, forbidden: int) -> list[tuple[tuple[int, int], ...]]:
    """Per hex a: (b, points to step from a into neighbour b) for each neighbour b that a unit may
    step into (a road counts where both hexes have one; otherwise b's terrain cost, never an
    impassable hex, nor one vehicles may not enter when `vehicles`; never a hex on the
    `forbidden` border side), in neighbour order: the edges `_search` relaxes. Cached per scenario."""
    key = f"move_out_edges:{int(vehicles)}:{forbidden}"
    cache = state.scenario.cache
    hit: list[tuple[tuple[int, int], ...]] | None = cache.get(key)
    if hit is None:
        m = state.scenario.map
        t = tables(state)
        nb = m.neighbors
        valid = nb >= 0
        b = np.where(valid, nb, 0)
        cost = np.array(t.vehicle_cost if vehicles else t.cost, dtype=np.int64)[b]
        road = np.array(t.road, dtype=bool)
        both_road = road[:, None] & road[b]
        keep = valid & (both_road | (cost != 0))
        if forbidden:
            keep &= np.array(t.border)[b] != forbidden
        weight = np.where(both_road, m.road_move, np.array(t.cost, dtype=np.int64)[b])  # where kept, as `cost`
        pairs = tuple(compress(_pairs(state, "out", b, weight, valid), keep[valid].tolist()))
        ends = np.cumsum(keep.sum(axis=1)).tolist()
        hit = [pairs[s:e] for s, e in zip([0, *ends[:-1]], ends, strict=True)]  # row by row, neighbour order
        cache[key] = hit
    return hit


def _pairs(state: GameState, name: str, other: np.ndarray, weight: np.ndarray,
           valid: np.ndarray) -> tuple[tuple[int, int], ...]:
    """The (neighbour, points) pair of every hex and valid neighbour slot, row by row: the same
    whichever edges a variant (vehicles, border) keeps, so made once per scenario and direction."""
    key = "move_pairs_" + name
    hit: tuple[tuple[int, int], ...] | None = state.scenario.cache.get(key)
    if hit is None:
        hit = tuple(zip(other[valid].tolist(), weight[valid].tolist(), strict=True))
        state.scenario.cache[key] = hit
    return hit


def path_to(prev: dict[int, int], start: int, goal: int) -> list[int]:
    path = [goal]
    while path[-1] != start:
        path.append(prev[path[-1]])
    path.reverse()
    return path


def in_edges(state: GameState, vehicles: bool, forbidden: int) -> list[list[tuple[int, int]]]:
    """Per hex b: (a, points to step from neighbour a into b) for each neighbour a that may step
    into b (never into a hex on the `forbidden` border side; a road counts where both hexes have
    one), in neighbour order: the edges `static_distance` relaxes. Built with numpy, cached per
    scenario."""
    key = f"move_in_edges:{int(vehicles)}:{forbidden}"
    cache = state.scenario.cache
    hit = cache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    m = state.scenario.map
    t = tables(state)
    nb = m.neighbors
    valid = nb >= 0
    a = np.where(valid, nb, 0)
    cost = np.array(t.cost, dtype=np.int64)
    road = np.array(t.road, dtype=bool)
    off = (np.array(t.border) == forbidden) if forbidden else np.zeros(m.size, dtype=bool)
    blocked = off | (cost == 0)
    if vehicles:
        blocked |= np.array(t.no_vehicles, dtype=bool)
    both_road = valid & road[:, None] & road[a]
    keep = valid & (~blocked[:, None] | (both_road & ~off[:, None]))
    weight = np.where(both_road, m.road_move, cost[:, None])
    pairs = list(compress(_pairs(state, "in", a, weight, valid), keep[valid].tolist()))
    ends = np.cumsum(keep.sum(axis=1)).tolist()
    hit = [pairs[s:e] for s, e in zip([0, *ends[:-1]], ends, strict=True)]  # row by row, neighbour order
    cache[key] = hit
    return hit


UNREACHABLE = 1 << 20  # static_distance of a hex that cannot reach the goal
DIST_CACHE_MAX = 1024  # distance maps kept per scenario: a finished one is an int32 array of about 11 KB on the
# campaign map, one searched only partly a list of about twice that (22 KB on average over 5 AI campaigns)


class DistanceMap:
    """Movement cost from every hex to a goal (`dmap[idx]`), found lazily: a Dijkstra outwards
    from the goal with a ring of buckets by cost (Dial's), settling hexes in order of cost and
    stopping as soon as the hex asked for is settled; a later ask resumes it. Every step costs
    at least 1, so once the buckets below cost c are expanded every hex whose cost so far is at
    most c is final; a hex never reached costs UNREACHABLE."""

    __slots__ = ("_buckets", "_c", "_dist", "_edges", "_pending", "_span")

    def __init__(self, edges: list[list[tuple[int, int]]], goal: int, span: int) -> None:
        self._edges = edges
        self._dist: list[int] | array[int] = [UNREACHABLE] * len(edges)
        self._dist[goal] = 0
        self._span = span  # steps cost 1..span-1
        self._buckets: list[list[int]] = [[] for _ in range(span)]
        self._buckets[0].append(goal)
        self._pending, self._c = 1, 0  # entries in the buckets; the next cost to expand

    def __getitem__(self, idx: int) -> int:
        d = self._dist[idx]
        if d <= self._c:
            return d
        self._settle(idx)
        return self._dist[idx]

    def __len__(self) -> int:
        return len(self._dist)

    def values(self, idxs: list[int]) -> list[int]:
        """`[self[i] for i in idxs]`, settling only as far as the farthest asked for."""
        c = self._c
        for i in idxs:
            if self._dist[i] > c:
                self._settle(i)
                c = self._c
        dist = self._dist
        return [dist[i] for i in idxs]

    def _settle(self, idx: int) -> None:
        dist, edges, buckets, span = self._dist, self._edges, self._buckets, self._span
        pending, c = self._pending, self._c
        while pending and dist[idx] > c:
            bucket = buckets[c % span]
            if bucket:
                buckets[c % span] = []
                pending -= len(bucket)
                for b in bucket:
                    if dist[b] != c:
                        continue
                    for a, w in edges[b]:
                        nc = c + w
                        if nc < dist[a]:
                            dist[a] = nc
                            buckets[nc % span].append(a)
                            pending += 1
            c += 1
        self._pending, self._c = pending, c
        if not pending:  # finished: every cost is final; keep it compact
            self._c = UNREACHABLE
            self._dist = array("i", dist)
            self._buckets = []


def static_distance(state: GameState, goal: int, vehicles: bool, forbidden: int = 0) -> DistanceMap:
    """Movement cost from every hex to `goal` ignoring units, never through hexes on the
    `forbidden` border side (EAST/WEST; 0: none), found as far as it is asked for. Cached per
    scenario, bounded so that a worker playing thousands of games stays flat."""
    key = (goal, vehicles, forbidden)
    cache: dict[tuple[int, bool, int], DistanceMap] = state.scenario.cache.setdefault("static_distance", {})
    hit = cache.get(key)
    if hit is not None:
        return hit
    if len(cache) >= DIST_CACHE_MAX:
        cache.clear()
    span = max(state.scenario.map.road_move, *tables(state).cost) + 1
    out = cache[key] = DistanceMap(in_edges(state, vehicles, forbidden), goal, span)
    return out
