"""What a side may know about an enemy unit: the one rule that the public view (`game.api`), the
previews and the window's panels all apply.

An enemy unit is known by position, kind and size once the side has spotted it. Its exact men,
morale, suppression, entrenchment and weapons are known only in contact: spotted and standing in
or next to a hex the side holds, close enough to count heads and weapons. Once the game is over
the fog lifts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from game.core.rng import KeyedDice
from game.core.state import GameState, empty_equipment
from game.core.units import Unit
from game.rules.movement import tables
from game.rules.sight import any_sees, positions, spotted

if TYPE_CHECKING:
    from game.engine.scenario import Scenario


def game_finished(state: GameState) -> bool:
    return bool(state.over or state.turn >= state.scenario.clock.n_turns)


def in_contact(state: GameState, side: str, unit: Unit) -> bool:
    """Whether `unit` (an enemy of `side`) stands in or next to a hex held by `side`."""
    idx = state.scenario.map.index.get(unit.hex)
    return idx is not None and _touches(state, _held(state, side), idx)


def knows_details(state: GameState, side: str | None, unit: Unit) -> bool:
    """Whether `side` may see this unit's exact men, morale, suppression and weapons (`side` None:
    fog off, everything is known)."""
    if side is None or unit.side == side or game_finished(state):
        return True
    return unit.id in set(spotted(state, side)) and in_contact(state, side, unit)


class SealedDice:
    """Stands where a side's view would hold the dice: every use fails, so no player can roll, read or
    copy the rules' random streams (copying a view keeps the seal)."""

    __slots__ = ()

    def copy(self) -> SealedDice:
        return self

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"a side's view holds no dice (asked for {name!r})")


SEALED = SealedDice()


@dataclass(slots=True)
class SideView(GameState):
    """The game as `viewer` may know it, in the engine's own shape so the rules' read-only functions
    (movement ranges, sight, firepower, legality) work on it unchanged: the viewer's own units (the
    live objects: nothing to hide; never to be changed); the enemy units it has spotted (copies;
    exact men, morale, suppression, entrenchment, ammunition and weapons only in contact, otherwise
    as they entered the battle); no unspotted enemy at all, so zones of control, stacks and hex
    holders are those the side can see; its own air budget and equipment tallies; sealed dice; and
    the enemy ids announced gone (eliminated, or off the map after arriving).
    Built by `side_view`; players read it and never write it."""

    viewer: str = ""
    gone: frozenset[str] = frozenset()


def order_of_battle(state: GameState) -> dict[str, Unit]:
    """Every unit of both sides as it entered the battle (the scenario's order of battle), by id:
    public knowledge, unlike where the enemy is now and what it has left."""
    scen = state.scenario
    hit: dict[str, Unit] | None = scen.cache.get("paper_units")
    if hit is None:
        hit = {u.id: u for u in [*scen.units, *scen.reserves]}
        scen.cache["paper_units"] = hit
    return hit


Memo = dict[str, tuple[tuple[object, ...], Unit]]  # enemy id -> (what was seen, the estimate made of it)


def _estimate(state: GameState, u: Unit, memo: Memo | None) -> Unit:
    """A spotted enemy out of contact: where it is and what it is doing, strength as on paper (the
    same object again while none of that changes, when a memo is kept)."""
    seen = ("paper", u.hex, u.on_map, u.arrives, u.mp_left, u.acted, u.moved, u.digging)
    hit = memo.get(u.id) if memo is not None else None
    if hit is not None and hit[0] == seen:
        return hit[1]
    e = order_of_battle(state).get(u.id, u).copy()
    e.hex, e.on_map, e.arrives = u.hex, u.on_map, u.arrives
    e.mp_left, e.acted, e.moved, e.digging = u.mp_left, u.acted, u.moved, u.digging
    e.killed = e.wounded = e.missing = 0
    if memo is not None:
        memo[u.id] = (seen, e)
    return e


def _sides(state: GameState, side: str) -> tuple[dict[str, Unit], frozenset[str]]:
    """`side`'s units by id (in the state's order: a dict to copy) and the enemy's ids (kept per
    scenario and number of units; the units are the state's own objects, which live as long as it)."""
    key = f"side_units:{side}:{len(state.units)}"
    hit: tuple[dict[str, Unit], frozenset[str], dict[str, Unit]] | None = state.scenario.cache.get(key)
    if hit is None or hit[2] is not state.units:
        own = {uid: u for uid, u in state.units.items() if u.side == side}
        hit = state.scenario.cache[key] = (own, frozenset(state.units) - set(own), state.units)
    return hit[0], hit[1]


def _held(state: GameState, side: str) -> set[int]:
    """Indices of the hexes holding a unit of `side`."""
    units = state.units
    out: set[int] = set()
    for idx, ids in state.occupancy.items():
        for i in ids:
            if units[i].side == side:
                out.add(idx)
                break
    return out


def _touches(state: GameState, held: set[int], idx: int) -> bool:
    """Whether hex `idx` is one of `held` or next to one (`in_contact` by hex index)."""
    return not held.isdisjoint(_closed(state)[idx])


def _closed(state: GameState) -> list[frozenset[int]]:
    """Each hex with its neighbours, by index (kept per scenario)."""
    closed: list[frozenset[int]] | None = state.scenario.cache.get("closed_neighbourhoods")
    if closed is None:
        closed = [frozenset((i, *nb)) for i, nb in enumerate(tables(state).neighbors)]
        state.scenario.cache["closed_neighbourhoods"] = closed
    return closed


def _left(u: Unit, turn: int) -> bool:
    """Whether an enemy unit has left the battle as both sides learn it: eliminated, or off the
    map after its arrival (a reinforcement still to come is not announced)."""
    return u.men <= 0 or (not u.on_map and u.arrives <= turn)


_ABSENT = object()


class KnownWire(dict[int, int]):
    """The wire belts a side knows of, worked out when first read (most views are never asked): a dict
    filled on first use by `fill`. A lookup of one hex is answered without filling it when the hex
    has no wire at all (`wire`: all the belts then, known or not) or is one the side holds or sees
    enemies in (`known`: every belt there is known); only another hex, or reading the whole mapping,
    fills it. `wire` and `known` are the caller's, never changed afterwards."""

    __slots__ = ("_fill", "_known", "_wire")

    def __init__(self, fill: Callable[[], dict[int, int]], wire: dict[int, int] | None = None,
                 known: set[int] | frozenset[int] = frozenset()) -> None:
        super().__init__()
        self._fill: Callable[[], dict[int, int]] | None = fill
        self._wire: dict[int, int] | None = wire  # None: nothing answered before filling
        self._known = known

    def _load(self) -> None:
        if self._fill is not None:
            fill, self._fill, self._wire = self._fill, None, None
            dict.update(self, fill())

    def _early(self, key: object) -> object:
        """The belts at hex `key` when known without filling (_ABSENT: none there), else None."""
        wire = self._wire
        if wire is None or self._fill is None:
            return None
        n = wire.get(key, _ABSENT)  # type: ignore[call-overload]
        if n is _ABSENT or key in self._known:
            return n
        return None

    def __getitem__(self, key: int) -> int:
        n = self._early(key)
        if n is None:
            self._load()
            return dict.__getitem__(self, key)
        if n is _ABSENT:
            raise KeyError(key)
        return n  # type: ignore[return-value]

    def get(self, key: int, default: Any = None) -> Any:  # type: ignore[override]
        n = self._early(key)
        if n is None:
            self._load()
            return dict.get(self, key, default)
        return default if n is _ABSENT else n

    def __contains__(self, key: object) -> bool:
        n = self._early(key)
        if n is None:
            self._load()
            return dict.__contains__(self, key)
        return n is not _ABSENT

    def __iter__(self) -> Iterator[int]:
        self._load()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._load()
        return dict.__len__(self)

    def __eq__(self, other: object) -> bool:
        self._load()
        return dict.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._load()
        return dict.__repr__(self)

    def keys(self) -> Any:
        self._load()
        return dict.keys(self)

    def values(self) -> Any:
        self._load()
        return dict.values(self)

    def items(self) -> Any:
        self._load()
        return dict.items(self)

    def copy(self) -> dict[int, int]:
        self._load()
        return dict(dict.items(self))


def _known_wire(state: GameState, wire: dict[int, int], known: set[int], eyes: list[Unit]) -> dict[int, int]:
    """The belts of `wire` a side knows of: in the hexes it holds or sees enemies in (`known`), and in
    any other hex one of `eyes` (its live units) can see (asked of the sight rules only for those)."""
    out: dict[int, int] = {}
    ask: list[int] = []
    for i in sorted(wire):
        if i in known:
            out[i] = wire[i]
        else:
            ask.append(i)
    if ask:
        seen = any_sees(state, eyes, ask)
        out.update((i, wire[i]) for i, s in zip(ask, seen, strict=True) if s)
    return dict(sorted(out.items()))


def _wire_then(scenario: Scenario, turn: int, wire: dict[int, int], known: set[int], own: dict[str, Unit],
               where: dict[str, int]) -> dict[int, int]:
    """`_known_wire` as it was when a view was made, whenever the view is first asked: from copies of
    its wire and of where its live units stood then (`where`; a unit that has moved since looks from
    a copy standing there), and its turn's light (no path to the game, nothing newer)."""
    if not wire:
        return {}
    hexes = scenario.map.hexes
    eyes = []
    for uid, idx in where.items():
        eye = own[uid]
        if eye.hex is not hexes[idx] and eye.hex != hexes[idx]:
            eye = eye.copy()
            eye.hex = hexes[idx]
        eyes.append(eye)
    then = GameState(scenario=scenario, units={}, dice=cast(KeyedDice, SEALED), turn=turn)
    return _known_wire(then, wire, known, eyes)


Repairs = list[tuple[int, str, str, int, str, str, int]]


@dataclass(slots=True)
class ViewMemo:
    """What one side's last views keep for its next (held by the caller, one per side and game, and
    never reachable from a view): the estimates of enemies out of contact, and parts of the last view
    handed out again while what they were made from is unchanged (the same position and sightings,
    equal control, tallies, repairs and wire). Views are read-only, so they may share those parts;
    nothing once handed out is ever changed: a change in the game makes new ones."""

    estimates: Memo = field(default_factory=dict)
    # the position the parts below were made for: state, (pos_version, turn), own and enemy hexes,
    # spotted ids, enemy ids (`spotted`, `positions` and `_sides` keep these objects per position)
    position: tuple[object, ...] = ()
    held: set[int] = field(default_factory=set)  # hexes the side's live units stand in
    known: set[int] = field(default_factory=set)  # and those of the enemies it sees
    where: dict[str, int] = field(default_factory=dict)  # a copy of its live units' hexes
    occupancy: dict[int, list[str]] = field(default_factory=dict)
    gone: frozenset[str] = frozenset()
    # the turn and live enemies `gone` was made for: an enemy leaves for good (or arrives) only
    # through a change of those, so it stands while both are equal
    gone_from: tuple[int, dict[str, int]] | None = None
    control: dict[str, str] | None = None
    by_day: dict[str, dict[str, str]] | None = None
    air_from: dict[str, dict[str, int]] | None = None  # a copy of the state's tally (all sides)
    air: dict[str, dict[str, int]] = field(default_factory=dict)
    repairs_from: Repairs | None = None
    repairs: Repairs = field(default_factory=list)
    equipment_from: dict[str, dict[str, int]] | None = None  # a copy of the side's own tally
    equipment: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    wire: dict[int, int] | None = None  # a copy of the state's wire


def _view_occupancy(state: GameState, spot: list[str], there: dict[str, int],
                    last: dict[int, list[str]]) -> dict[int, list[str]]:
    """The occupied hexes with the units the side may know of, in the state's order: hidden enemies
    left out (a hex holding only hidden enemies left out whole, as sight sees a hex or not). A hex
    list equal to the `last` view's is that list again (views never change their lists)."""
    occupancy = state.occupancy
    hidden = there.keys() - set(spot)
    hexes = {there[uid] for uid in hidden}
    if all(hidden.issuperset(occupancy.get(idx, ())) for idx in hexes):
        get = last.get
        return {idx: old if (old := get(idx)) == ids else list(ids)
                for idx, ids in occupancy.items() if idx not in hexes}
    kept = ((idx, [i for i in ids if i not in hidden] if idx in hexes else list(ids))  # known units, in place
            for idx, ids in occupancy.items())
    return {idx: ids for idx, ids in kept if ids}


def _gone(state: GameState, enemy: frozenset[str], there: dict[str, int]) -> frozenset[str]:
    everyone = state.units
    return frozenset(uid for uid in enemy.difference(there) if _left(everyone[uid], state.turn))


def _position(state: GameState, spot: list[str], where: dict[str, int], there: dict[str, int],
              enemy: frozenset[str], memo: ViewMemo) -> None:
    """Make the memo's held and known hexes, hex lists and enemies gone for this position, unless
    they were made for it (the same state, position version and turn, and the same sightings)."""
    last = memo.position
    if (last and last[0] is state and last[3] is where and last[4] is there and last[5] is spot
            and last[6] is enemy and last[1] == state.pos_version and last[2] == state.turn):
        return
    memo.position = (state, state.pos_version, state.turn, where, there, spot, enemy)
    memo.held = set(where.values())
    memo.known = memo.held.union(map(there.__getitem__, spot))
    memo.where = dict(where)
    memo.occupancy = _view_occupancy(state, spot, there, memo.occupancy)
    last_gone = memo.gone_from
    if last_gone is None or last_gone[0] != state.turn or last_gone[1].keys() != there.keys():
        memo.gone = _gone(state, enemy, there)
        memo.gone_from = (state.turn, there)


def _side_parts(state: GameState, side: str, memo: ViewMemo) -> None:
    """Refresh the memo's copies of control, air sorties, repairs, equipment and wire where they
    differ from the state's (compared whole: cheaper than copying them)."""
    if memo.control != state.control:
        memo.control = dict(state.control)
    if memo.by_day != state.control_by_day:
        memo.by_day = {k: dict(v) for k, v in state.control_by_day.items()}
    if memo.air_from != state.air_used:
        memo.air_from = {s: dict(v) for s, v in state.air_used.items()}
        memo.air = {s: dict(v) if s == side else {} for s, v in state.air_used.items()}
    if memo.repairs_from != state.repairs:
        memo.repairs_from = list(state.repairs)
        memo.repairs = [r for r in state.repairs if r[1] == side]
    own = state.equipment.get(side)
    if memo.equipment_from is None or memo.equipment_from != own or memo.equipment.keys() != state.equipment.keys():
        memo.equipment_from = {c: dict(v) for c, v in own.items()} if own is not None else None
        empty = empty_equipment()
        memo.equipment = {s: {c: dict(v) for c, v in e.items()} if s == side else empty
                          for s, e in state.equipment.items()}
    if memo.wire != state.wire:
        memo.wire = dict(state.wire)


def side_view(state: GameState, side: str, memo: ViewMemo | None = None) -> SideView:
    """What `side` knows now (see `SideView`): one pass over the spotted enemies, copying them. With a
    `memo` (kept by the caller per side) an unchanged estimate or part of the last view is handed out
    again instead of a new one."""
    finished = game_finished(state)
    spot = spotted(state, side)
    where, there = positions(state, side)
    own, enemy = _sides(state, side)
    keep = memo if memo is not None else ViewMemo()
    _position(state, spot, where, there, enemy, keep)
    _side_parts(state, side, keep)
    held, known, eyes, wire = keep.held, keep.known, keep.where, keep.wire
    everyone = state.units
    units = own.copy()  # its own units, as they are (nothing about the enemy to hide)
    closed = _closed(state)
    for uid in spot:
        u = everyone[uid]
        full = finished or not held.isdisjoint(closed[there[uid]])  # in contact (`_touches`)
        units[uid] = u.copy() if full else _estimate(state, u, keep.estimates)
    scen, turn = state.scenario, state.turn
    assert keep.control is not None and keep.by_day is not None and wire is not None
    view = SideView(
        scenario=scen, units=units, dice=cast(KeyedDice, SEALED), turn=turn, phase=state.phase,
        started=state.started, over=state.over, occupancy=keep.occupancy,
        wire=KnownWire(lambda: _wire_then(scen, turn, wire, known, own, eyes), wire, known),
        control=keep.control, control_by_day=keep.by_day, air_used=keep.air, repairs=keep.repairs,
        equipment=keep.equipment, winner=state.winner, version=state.version, pos_version=state.pos_version,
        viewer=side, gone=keep.gone,
    )
    view.cache["spot_key_" + side] = (side, state.pos_version, turn)  # as `spotted` keys it
    view.cache["spot_" + side] = list(spot)
    return view
