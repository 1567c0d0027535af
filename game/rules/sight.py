"""Line of sight over elevation and obstacles, observation ranges, and who has spotted whom.

Sight from one hex centre to another is blocked when an intermediate hex (its ground plus an
obstacle height for villages and scrub) rises above the straight sight line from 5 m above the
observer to 2 m above the target. The hex next to the observer never blocks: a unit places its
observers on the forward slope of its own 250 m hex (the military crest). Results are static,
so they are cached per scenario map, per direction. Who has spotted whom (`spotted`) is kept per
side and brought up to date only for the units placed or removed since (`Sightings`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from game.core.state import GameState
from game.core.units import Unit

EYE_M = 5
SMALL_SIGHT = 300  # observer-target pairs up to which spotting is worked out without numpy (measured)
TARGET_M = 2


def line_of_sight(state: GameState, a: int, b: int) -> bool:
    """Whether sight from hex index `a` to `b` is clear (cached per map, per direction)."""
    los = state.scenario.map._los_cache
    key = (a, b)
    hit = los.get(key)
    if hit is None:
        hit = los[key] = _clear(state, a, b)
    return hit


def _clear(state: GameState, a: int, b: int) -> bool:
    """The sight line from `a` to `b` over the hexes `Hex.line_to` lists (worked out here with the same
    floating-point steps, without making Hex objects) against each one's ground plus obstacle."""
    qs, rs, elevation, _, _ = _tables(state)
    aq0, ar0, bq0, br0 = qs[a], rs[a], qs[b], rs[b]
    dq, dr = aq0 - bq0, ar0 - br0
    n = (abs(dq) + abs(dr) + abs(dq + dr)) // 2
    if n <= 2:
        return True  # no hex between that may block (the one next to the observer never does)
    height, at = _heights(state)
    ea = elevation[a] + EYE_M
    eb = elevation[b] + TARGET_M
    aq, ar = aq0 + 1e-6, ar0 + 1e-6  # as Hex.line_to: nudged off hex edges
    bq, br = bq0 + 1e-6, br0 + 1e-6
    for k in range(2, n):
        t = k / n
        fq, fr = aq + (bq - aq) * t, ar + (br - ar) * t
        fs = -fq - fr  # cube_round
        q, r, s = round(fq), round(fr), round(fs)
        eq, er, es = abs(q - fq), abs(r - fr), abs(s - fs)
        if eq > er and eq > es:
            q = -r - s
        elif er > es:
            r = -q - s
        i = at.get((q, r))
        # compare ground*n against the sight line scaled by n (integers only)
        if i is not None and height[i] * n > ea * (n - k) + eb * k:
            return False
    return True


def _heights(state: GameState) -> tuple[list[int], dict[tuple[int, int], int]]:
    """Per hex index: the ground plus an obstacle's height where the terrain blocks sight; and the hex
    index by axial (q, r) (cached per scenario and obstacle height)."""
    obstacle = state.params.i("observe.obstacle_m")
    key = f"los_heights:{obstacle}"
    hit: tuple[list[int], dict[tuple[int, int], int]] | None = state.scenario.cache.get(key)
    if hit is None:
        m = state.scenario.map
        blocks = m.tables.blocks_los[m.terrain]
        height = (m.elevation.astype(np.int64) + np.where(blocks, obstacle, 0)).tolist()
        qs, rs = m.q.tolist(), m.r.tolist()
        hit = state.scenario.cache[key] = (height, {qr: i for i, qr in enumerate(zip(qs, rs, strict=True))})
    return hit


def observe_range(state: GameState, unit: Unit, target_idx: int | None = None) -> int:
    p = state.params
    clock = state.scenario.clock
    r = unit.type.observe
    if target_idx is not None:
        m = state.scenario.map
        rise = int(m.elevation[m.index[unit.hex]]) - int(m.elevation[target_idx])
        if rise > 0:
            r += rise // p.i("observe.height_step_m")
    t = min(state.turn, clock.n_turns - 1)  # after the last turn (game over) the last turn's light holds
    if not clock.daylight[t]:
        r = r * p.i("observe.night_pct") // 100
    if clock.fog[t]:
        r = r * p.i("observe.fog_pct") // 100
    return max(1, r)


def can_observe(state: GameState, unit: Unit, idx: int) -> bool:
    """Whether `unit` can see hex `idx` now (range with height bonus, then line of sight)."""
    m = state.scenario.map
    src = m.index[unit.hex]
    d = unit.hex.distance(m.hexes[idx])
    if d <= 1:
        return True
    if d > observe_range(state, unit, idx):
        return False
    return line_of_sight(state, src, idx)


def _ranges(state: GameState, observers: list[Unit], targets: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distances and observation ranges (observers x target hexes), as observe_range computes them,
    and the observers' hex indices."""
    return _row_ranges(state, _rows(state, observers), targets)


def _row_ranges(state: GameState, rows: list[Row], targets: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`_ranges` of observer rows (`_rows`)."""
    m = state.scenario.map
    p = state.params
    clock = state.scenario.clock
    src = np.array([row[4] for row in rows], dtype=np.int64)
    dist = m.distances(src, targets)
    rise = m.elevation[src].astype(np.int64)[:, None] - m.elevation[targets].astype(np.int64)[None, :]
    base = np.array([row[3] for row in rows], dtype=np.int64)[:, None]
    rng = base + np.maximum(rise, 0) // p.i("observe.height_step_m")
    t = min(state.turn, clock.n_turns - 1)  # after the last turn (game over) the last turn's light holds
    if not clock.daylight[t]:
        rng = rng * p.i("observe.night_pct") // 100
    if clock.fog[t]:
        rng = rng * p.i("observe.fog_pct") // 100
    return dist, np.maximum(rng, 1), src


def any_sees(state: GameState, observers: list[Unit], targets: list[int]) -> list[bool]:
    """For each target hex index: whether any of `observers` can see it (adjacent, or in range
    with line of sight), as `can_observe` decides unit by unit, computed for all at once."""
    if not observers or not targets:
        return [False] * len(targets)
    if len(targets) * len(observers) <= SMALL_SIGHT:  # plain integer code: numpy costs more than it saves
        seer, rows = _row_seer(state), _rows(state, observers)
        return [seer(rows, idx) is not None for idx in targets]
    tgt = np.array(targets, dtype=np.int64)
    dist, rng, src = _ranges(state, observers, tgt)
    close: np.ndarray = np.asarray((dist <= 1).any(axis=0))
    cand = (dist <= rng) & ~close[None, :]
    out: list[bool] = close.tolist()
    sources = src.tolist()
    los = state.scenario.map._los_cache
    js, iis = np.nonzero(cand.T)  # candidate pairs, target by target, observers in order
    for j, i in zip(js.tolist(), iis.tolist(), strict=True):
        if not out[j]:
            a, b = sources[i], targets[j]
            hit = los.get((a, b))
            out[j] = line_of_sight(state, a, b) if hit is None else hit
    return out


def spotted(state: GameState, side: str) -> list[str]:
    """Ids of live enemy units that some unit of `side` can see, in the state's unit order. Cached per
    position change, and worked out again only for the units that have moved since (`Sightings`)."""
    cache = state.cache
    key = (side, state.pos_version, state.turn)
    if cache.get("spot_key_" + side) == key:
        return cache["spot_" + side]  # type: ignore[no-any-return]
    book: Sightings | None = cache.get("sightings_" + side)
    light = _light(state)
    if book is None:
        book = cache["sightings_" + side] = Sightings(light)
    elif book.light != light:  # who sees whom is looked at afresh; where the units stand carries over
        book.light, book.witness, book.blank = light, {}, True
    book.update(state, side)
    out = book.spotted()
    cache["spot_key_" + side] = key
    cache["spot_" + side] = out
    cache["spot_where_" + side] = (key, dict(book.where), dict(book.there))  # copies: the book changes
    return out


def _light(state: GameState) -> tuple[bool, bool]:
    """Daylight and fog now: the only part of the turn that sight depends on (`observe_range`), so
    who sees whom carries over from a turn with the same light and fog."""
    clock = state.scenario.clock
    t = min(state.turn, clock.n_turns - 1)
    return bool(clock.daylight[t]), bool(clock.fog[t])


def _indices(state: GameState, units: list[Unit]) -> dict[str, int]:
    """Hex index of each unit, by id. A unit placed by the rules stands on the map's own Hex object,
    found by identity (no hashing of coordinates); any other Hex is looked up by value."""
    index = state.scenario.map.index
    get = _by_identity(state).get  # the map's hexes live as long as it: their ids are unique
    out = {}
    for u in units:
        i = get(id(u.hex))
        out[u.id] = index[u.hex] if i is None else i
    return out


def positions(state: GameState, side: str) -> tuple[dict[str, int], dict[str, int]]:
    """Hex index of every live unit of `side`, and of every live enemy, by id, as `spotted` saw them
    (the same two dictionaries while the position is unchanged, never changed once handed out)."""
    spotted(state, side)
    hit = state.cache.get("spot_where_" + side)
    if hit is None or hit[0] != (side, state.pos_version, state.turn):  # e.g. a view, whose sightings were given
        return _indices(state, state.live_units(side)), _indices(state, state.live_units(state.scenario.other(side)))
    return hit[1], hit[2]


class Sightings:
    """Which live enemies one side sees, each with one observer that sees it (its witness), kept from one
    position to the next (`spotted`). Where the units stand is brought up to date from the state's
    log of units placed and removed (`_logged`; every live unit compared when it has none). Whether
    an observer sees a unit depends only on where both stand and on the light and fog, so in the
    same light an enemy that has not moved keeps its witness while that has not moved either; an
    enemy seen by nobody is newly seen only by an observer that moved or arrived; every other
    enemy is looked for with all observers (those done moving for the phase first: fewer searches
    later); in a new light every enemy is. The enemies seen are exactly those a full recount finds."""

    __slots__ = ("blank", "foes", "light", "mine", "version", "witness")

    def __init__(self, light: tuple[bool, bool]) -> None:
        self.light = light
        self.blank = True  # no witnesses looked for yet in this light
        self.version = -1  # the position version looked at last
        self.mine = _Stand()  # the observers, where they stood when last looked at
        self.foes = _Stand()  # the live enemies, likewise
        self.witness: dict[str, str] = {}  # enemy id -> an observer that sees it (enemies seen only)

    @property
    def where(self) -> dict[str, int]:
        return self.mine.index

    @property
    def there(self) -> dict[str, int]:
        return self.foes.index

    def spotted(self) -> list[str]:
        witness = self.witness
        return [uid for uid in self.foes.index if uid in witness]

    def update(self, state: GameState, side: str) -> None:
        """Bring the sightings up to the state's position."""
        changed = None if self.version < 0 else _logged(state, self.version)
        if changed is None:  # no log of who moved since: every unit compared
            moved_mine, gone_mine = self.mine.update(state, state.live_units(side))
            moved_foes, gone_foes = self.foes.update(state, state.live_units(state.scenario.other(side)))
        else:
            ours: list[Unit] = []
            theirs: list[Unit] = []
            for u in changed:
                (ours if u.side == side else theirs).append(u)
            moved_mine, gone_mine = self.mine.replay(state, ours) if ours else ([], [])
            moved_foes, gone_foes = self.foes.replay(state, theirs) if theirs else ([], [])
        self.version = state.pos_version
        witness = self.witness
        for eid in gone_foes:
            witness.pop(eid, None)
        if self.blank:
            self.blank = False
            search, unseen = list(self.foes.index), list[str]()
        else:
            stale = {u.id for u in moved_mine}.union(gone_mine)
            moved = {u.id for u in moved_foes}
            search, unseen = [], []
            for eid in self.foes.index:
                w = witness.get(eid)
                if eid in moved or (w is not None and w in stale):
                    witness.pop(eid, None)
                    search.append(eid)
                elif w is None:
                    unseen.append(eid)
        if search:
            mine = list(map(state.units.__getitem__, self.mine.index))
            settled = [u.id for u in mine if u.mp_left <= 0 or u.acted]  # stay put this phase: asked first
            order = settled + [u.id for u in mine if not (u.mp_left <= 0 or u.acted)]
            self._look(state, order, search)
        if unseen and moved_mine:
            self._look(state, [u.id for u in moved_mine], unseen)

    def _look(self, state: GameState, observers: list[str], targets: list[str]) -> None:
        """Give each of `targets` that one of `observers` sees the first such as its witness (by id)."""
        there, rows = self.foes.index, self.mine.rows
        found = _witnesses(state, list(map(rows.__getitem__, observers)), list(map(there.__getitem__, targets)))
        witness = self.witness
        for eid, w in zip(targets, found, strict=True):
            if w is not None:
                witness[eid] = w


SightTables = tuple[list[int], list[int], list[int], dict[int, int], int]


def _tables(state: GameState) -> SightTables:
    """Axial q, r and elevation of every hex as plain lists, hex index by the identity of the map's
    own Hex objects, and the map's height range (cached per scenario)."""
    hit: SightTables | None = state.scenario.cache.get("sight_tables")
    if hit is None:
        m = state.scenario.map
        elevation = m.elevation.tolist()
        hit = (m.q.tolist(), m.r.tolist(), elevation, _by_identity(state),
               max(elevation, default=0) - min(elevation, default=0))
        state.scenario.cache["sight_tables"] = hit
    return hit


def _by_identity(state: GameState) -> dict[int, int]:
    """Hex index by `id()` of the map's own Hex objects (cached per scenario: they live as long as it)."""
    by_id: dict[int, int] | None = state.scenario.cache.get("hex_by_identity")
    if by_id is None:
        by_id = state.scenario.cache["hex_by_identity"] = {id(h): i for i, h in enumerate(state.scenario.map.hexes)}
    return by_id


Row = tuple[str, int, int, int, int]  # an observer: unit id, axial q and r, observe range, hex index


def _rows(state: GameState, observers: list[Unit]) -> list[Row]:
    """The observers as rows of plain integers, in order."""
    by_id = _by_identity(state)
    index = state.scenario.map.index
    out = []
    for u in observers:
        h = u.hex
        src = by_id.get(id(h))
        out.append((u.id, h.q, h.r, u.type.observe, index[h] if src is None else src))
    return out


def _seer(state: GameState) -> Callable[[list[Unit], int], str | None]:
    """The first of `observers` that sees hex `idx` (adjacent, or in range with line of sight), or None,
    with the turn's light, fog and the map looked up once."""
    see = _row_seer(state)
    return lambda observers, idx: see(_rows(state, observers), idx)


def _row_seer(state: GameState) -> Callable[[list[Row], int], str | None]:
    """The first of the observers (`_rows`) that sees hex `idx`, as `_seer` decides, with the
    turn's light, fog and the map looked up once (kept per turn)."""
    hit: tuple[int, Callable[[list[Row], int], str | None]] | None = state.cache.get("row_seer")
    if hit is not None and hit[0] == state.turn:
        return hit[1]
    p = state.params
    clock = state.scenario.clock
    step = p.i("observe.height_step_m")
    t = min(state.turn, clock.n_turns - 1)  # after the last turn, its light and fog (as observe_range)
    night = None if clock.daylight[t] else p.i("observe.night_pct")
    fog = p.i("observe.fog_pct") if clock.fog[t] else None
    los = state.scenario.map._los_cache
    qs, rs, elevation, _, rise = _tables(state)
    bounds: dict[int, int] = {}  # the longest range an observer of each observe value can have now

    def seer(rows: list[Row], idx: int) -> str | None:
        tq, tr = qs[idx], rs[idx]
        far = []
        for row in rows:
            dq, dr = row[1] - tq, row[2] - tr
            d = (abs(dq) + abs(dr) + abs(dq + dr)) // 2
            if d <= 1:
                return row[0]
            far.append(d)
        t_elev = elevation[idx]
        for (uid, _, _, observe, src), d in zip(rows, far, strict=True):
            bound = bounds.get(observe)
            if bound is None:
                bound = observe + rise // step  # no height bonus exceeds rise // step
                if night is not None:
                    bound = bound * night // 100
                if fog is not None:
                    bound = bound * fog // 100
                bound = bounds[observe] = max(1, bound)
            if d > bound:
                continue
            r = observe + max(elevation[src] - t_elev, 0) // step
            if night is not None:
                r = r * night // 100
            if fog is not None:
                r = r * fog // 100
            if d <= max(1, r):
                seen = los.get((src, idx))
                if line_of_sight(state, src, idx) if seen is None else seen:
                    return uid
        return None

    state.cache["row_seer"] = (state.turn, seer)
    return seer


def observed_hex(state: GameState, side: str, idx: int) -> bool:
    """Whether any live, not fully suppressed unit of `side` can see hex `idx` (a spotter)."""
    key = ("obs", side, idx, state.version, state.turn)
    hit = state.cache.get(key)
    if hit is None:
        hints: dict[tuple[str, int], tuple[tuple[bool, bool], Row]] = state.scenario.cache.setdefault("obs_hints", {})
        light = _light(state)
        hint = hints.get((side, idx))
        if hint is not None and hint[0] == light and _spotter_at(state, side, hint[1]):
            hit = True  # the spotter that saw it last, in the same light, still stands there
        else:
            rows = _spotter_rows(state, side)
            w = _row_seer(state)(rows, idx)  # any_sees of the spotters
            hit = w is not None
            if hit:
                hints[(side, idx)] = (light, next(row for row in rows if row[0] == w))
        state.cache[key] = hit
        if len(state.cache) > 4096:
            state.cache.clear()
    return bool(hit)


def _spotter_at(state: GameState, side: str, row: Row) -> bool:
    """Whether the unit of observer `row` is a spotter of `side` now (live, not fully suppressed) and
    stands where the row has it (then it sees what the row saw in the same light)."""
    u = state.units.get(row[0])
    if u is None or u.side != side or not (u.on_map and u.men > 0) or u.suppression >= 100:
        return False
    i = _by_identity(state).get(id(u.hex))
    return (state.scenario.map.index[u.hex] if i is None else i) == row[4]


def _spotters(state: GameState, side: str) -> list[Unit]:
    """The live units of `side` that are not fully suppressed (cached per state version)."""
    key = (state.version, state.turn)
    hit = state.cache.get("spotters_" + side)
    if hit is not None and hit[0] == key:
        return hit[1]  # type: ignore[no-any-return]
    out = [u for u in state.live_units(side) if u.suppression < 100]
    state.cache["spotters_" + side] = (key, out)
    return out


def _spotter_rows(state: GameState, side: str) -> list[Row]:
    """`_spotters` as observer rows (cached per state version)."""
    cache = state.cache
    key = (state.version, state.turn)
    hit = cache.get("spotter_rows_" + side)
    if hit is not None and hit[0] == key:
        return hit[1]  # type: ignore[no-any-return]
    live_key = (state.pos_version, state.turn, len(state.units))  # who is live and where: only moves change it
    live = cache.get("live_rows_" + side)
    if live is None or live[0] != live_key:
        units = state.live_units(side)
        live = cache["live_rows_" + side] = (live_key, units, _rows(state, units))
    out = [row for u, row in zip(live[1], live[2], strict=True) if u.suppression < 100]  # as `_spotters`
    cache["spotter_rows_" + side] = (key, out)
    return out


_NOWHERE = object()


class _Stand:
    """Units of one side as last looked at, by id in the state's unit order: the Hex object each
    stood on, its hex index and its observer row (`_rows`)."""

    __slots__ = ("hexes", "index", "rows")

    def __init__(self) -> None:
        self.hexes: dict[str, object] = {}
        self.index: dict[str, int] = {}
        self.rows: dict[str, Row] = {}

    def update(self, state: GameState, units: list[Unit]) -> tuple[list[Unit], list[str]]:
        """Take the units' places now; give back those that moved or arrived since, and the ids of
        those that left (a unit placed by the rules stands on the map's own Hex object: compared by
        identity, and its index found by identity as in `_indices`)."""
        hexes, index, rows = self.hexes, self.index, self.rows
        moved = []
        fresh = False
        for u in units:
            h = hexes.get(u.id, _NOWHERE)
            if h is not u.hex:
                moved.append(u)
                fresh = fresh or h is _NOWHERE
        for u, row in zip(moved, _rows(state, moved), strict=True):
            index[u.id] = row[4]
            rows[u.id] = row
            hexes[u.id] = u.hex
        if not fresh and len(units) == len(hexes):
            return moved, []  # the same units, in the same order
        ids = {u.id for u in units}
        gone = [uid for uid in hexes if uid not in ids]
        self.hexes = {u.id: u.hex for u in units}
        self.index = {u.id: index[u.id] for u in units}
        self.rows = {u.id: rows[u.id] for u in units}
        return moved, gone

    def replay(self, state: GameState, changed: list[Unit]) -> tuple[list[Unit], list[str]]:
        """`update` from the units placed or removed since (`_logged`), not comparing every unit:
        each is live now or not, and was before or not (the units stay in id order, as
        `GameState.live_units` lists them)."""
        hexes, index, rows = self.hexes, self.index, self.rows
        moved: list[Unit] = []
        gone: list[str] = []
        fresh = False
        for u in changed:
            live = u.on_map and u.men > 0  # Unit.alive, as live_units has it
            h = hexes.get(u.id, _NOWHERE)
            if not live:
                if h is not _NOWHERE:
                    gone.append(u.id)
                    del hexes[u.id], index[u.id], rows[u.id]
            elif h is not u.hex:
                moved.append(u)
                fresh = fresh or h is _NOWHERE
        if moved:
            for u, row in zip(moved, _rows(state, moved), strict=True):
                index[u.id] = row[4]
                rows[u.id] = row
                hexes[u.id] = u.hex
        if fresh:  # arrivals: back into id order
            self.hexes = {uid: hexes[uid] for uid in sorted(hexes)}
            self.index = {uid: index[uid] for uid in self.hexes}
            self.rows = {uid: rows[uid] for uid in self.hexes}
        return moved, gone


def _logged(state: GameState, since: int) -> list[Unit] | None:
    """The units placed or removed since position version `since`, each once (in the order of their
    first change), from the state's log of them (`GameState.place` and `remove`); None when the log
    does not reach back that far."""
    if state.pos_version == since:
        return []
    log: list[tuple[int, Unit]] | None = state.cache.get("pos_log")
    if not log:
        return None
    k = since + 1 - log[0][0]
    if k < 0 or k >= len(log) or log[k][0] != since + 1 or log[-1][0] != state.pos_version:
        return None
    if len(log) - k != state.pos_version - since:  # every change is logged, one entry each
        return None
    out: dict[str, Unit] = {}
    for _, u in log[k:]:
        out[u.id] = u
    return list(out.values())


def _witnesses(state: GameState, rows: list[Row], targets: list[int]) -> list[str | None]:
    """For each target hex index: the first of the observers (`_rows`) that sees it (adjacent, or in
    range with line of sight, as `can_observe` decides), or None."""
    if len(targets) * len(rows) > SMALL_SIGHT:
        return _witness_matrix(state, rows, targets)
    night, fog, step, bounds = _light_rule(state)
    qs, rs, elevation, _, rise = _tables(state)
    for _, _, _, observe, _ in rows:
        if observe not in bounds:
            bounds[observe] = _bound(observe, rise, step, night, fog)
    los = state.scenario.map._los_cache
    out: list[str | None] = []
    for idx in targets:
        tq, tr, t_elev = qs[idx], rs[idx], elevation[idx]
        found = None
        for uid, oq, orr, observe, src in rows:
            dq, dr = oq - tq, orr - tr
            d = (abs(dq) + abs(dr) + abs(dq + dr)) // 2
            if d <= 1:
                found = uid
                break
            if d > bounds[observe]:
                continue
            r = observe + max(elevation[src] - t_elev, 0) // step
            if night is not None:
                r = r * night // 100
            if fog is not None:
                r = r * fog // 100
            if d <= max(1, r):
                seen = los.get((src, idx))
                if line_of_sight(state, src, idx) if seen is None else seen:
                    found = uid
                    break
        out.append(found)
    return out


def _witness_matrix(state: GameState, rows: list[Row], targets: list[int]) -> list[str | None]:
    """`_witnesses` worked out with numpy (for many pairs): an adjacent observer if there is one, else
    the first in range with line of sight (which one does not matter to who is seen)."""
    dist, rng, src = _row_ranges(state, rows, np.array(targets, dtype=np.int64))
    close = dist <= 1
    near: np.ndarray = np.asarray(close.any(axis=0))
    out: list[str | None] = [None] * len(targets)
    first = close.argmax(axis=0).tolist()
    for j in np.nonzero(near)[0].tolist():
        out[j] = rows[first[j]][0]
    sources = src.tolist()
    los = state.scenario.map._los_cache
    js, iis = np.nonzero(((dist <= rng) & ~near[None, :]).T)
    for j, i in zip(js.tolist(), iis.tolist(), strict=True):
        if out[j] is None:
            a, b = sources[i], targets[j]
            hit = los.get((a, b))
            if line_of_sight(state, a, b) if hit is None else hit:
                out[j] = rows[i][0]
    return out


def _bound(observe: int, rise: int, step: int, night: int | None, fog: int | None) -> int:
    """The longest range an observer with this observe value can have now (no height bonus exceeds
    the map's height range // step)."""
    bound = observe + rise // step
    if night is not None:
        bound = bound * night // 100
    if fog is not None:
        bound = bound * fog // 100
    return max(1, bound)


def _light_rule(state: GameState) -> tuple[int | None, int | None, int, dict[int, int]]:
    """The turn's night and fog percentages (None: not night, no fog), the height step, and a
    table for `_bound` by observe value (kept per turn)."""
    hit: tuple[int, tuple[int | None, int | None, int, dict[int, int]]] | None = state.cache.get("light_rule")
    if hit is not None and hit[0] == state.turn:
        return hit[1]
    p = state.params
    clock = state.scenario.clock
    t = min(state.turn, clock.n_turns - 1)  # after the last turn, its light and fog (as observe_range)
    rule: tuple[int | None, int | None, int, dict[int, int]] = (
        None if clock.daylight[t] else p.i("observe.night_pct"), p.i("observe.fog_pct") if clock.fog[t] else None,
        p.i("observe.height_step_m"), {})
    state.cache["light_rule"] = (state.turn, rule)
    return rule
