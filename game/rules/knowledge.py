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
from typing import Any, cast

from game.core.rng import KeyedDice
from game.core.state import GameState, empty_equipment
from game.core.units import Unit
from game.rules.movement import tables
from game.rules.sight import any_sees, positions, spotted


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


class KnownWire(dict[int, int]):
    """The wire belts a side knows of, worked out when first read (most views are never asked):
    a dict filled on first use by `fill`."""

    __slots__ = ("_fill",)

    def __init__(self, fill: Callable[[], dict[int, int]]) -> None:
        super().__init__()
        self._fill: Callable[[], dict[int, int]] | None = fill

    def _load(self) -> None:
        if self._fill is not None:
            fill, self._fill = self._fill, None
            dict.update(self, fill())

    def __getitem__(self, key: int) -> int:
        self._load()
        return dict.__getitem__(self, key)

    def get(self, key: int, default: Any = None) -> Any:  # type: ignore[override]
        self._load()
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        self._load()
        return dict.__contains__(self, key)

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


def _known_wire(state: GameState, side: str, known: set[int]) -> dict[int, int]:
    """The wire belts `side` knows of: in the hexes it holds or sees enemies in (`known`), and in
    any other hex it can see now (asked of the sight rules only for those)."""
    wire = state.wire
    if not wire:
        return {}
    out: dict[int, int] = {}
    ask: list[int] = []
    for i in sorted(wire):
        if i in known:
            out[i] = wire[i]
        else:
            ask.append(i)
    if ask:
        seen = any_sees(state, state.live_units(side), ask)
        out.update((i, wire[i]) for i, s in zip(ask, seen, strict=True) if s)
    return dict(sorted(out.items()))


Repairs = list[tuple[int, str, str, int, str, str, int]]


@dataclass(slots=True)
class ViewMemo:
    """What one side's last views keep for its next (held by the caller, one per side and game, and
    never reachable from a view): the copies of enemy units as last seen, and parts of the last view
    handed out again while what they were built from has not changed (the same sightings, equal
    control, tallies and repairs). Views are read-only, so sharing those parts between them is safe;
    nothing once handed out is ever changed: a change in the game makes a new copy."""

    estimates: Memo = field(default_factory=dict)
    exact: dict[str, Unit] = field(default_factory=dict)  # enemy id -> the last exact copy made of it
    where: dict[str, int] | None = None  # the own units' hexes `held` was made from
    held: set[int] = field(default_factory=set)
    there: dict[str, int] | None = None  # the sightings `occupancy` was made from
    spot: list[str] | None = None
    occupancy: dict[int, list[str]] = field(default_factory=dict)
    gone_key: tuple[object, ...] = ()
    gone: frozenset[str] = frozenset()
    control: dict[str, str] | None = None
    by_day: dict[str, dict[str, str]] | None = None
    air_from: dict[str, dict[str, int]] | None = None  # a copy of the state's tally (all sides)
    air: dict[str, dict[str, int]] = field(default_factory=dict)
    repairs_from: Repairs | None = None
    repairs: Repairs = field(default_factory=list)
    equipment_from: dict[str, dict[str, int]] | None = None  # a copy of the side's own tally
    equipment: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)


def _exact(u: Unit, memo: ViewMemo | None) -> Unit:
    """A spotted enemy in contact, exactly as it is now (the same copy again while every field of it
    is unchanged, when a memo is kept; `Unit` compares all its fields)."""
    if memo is None:
        return u.copy()
    hit = memo.exact.get(u.id)
    if hit is None or hit != u:
        hit = memo.exact[u.id] = u.copy()
    return hit


def _held_by(where: dict[str, int], memo: ViewMemo) -> set[int]:
    """The hexes the side's live units stand in (kept while the sightings' positions are the same)."""
    if memo.where is not where:
        memo.where, memo.held = where, set(where.values())
    return memo.held


def _view_occupancy(state: GameState, spot: list[str], there: dict[str, int]) -> dict[int, list[str]]:
    """The occupied hexes with the units the side may know of: hidden enemies left out."""
    occupancy = {idx: list(ids) for idx, ids in state.occupancy.items()}
    hidden = there.keys() - set(spot)
    for idx in {there[uid] for uid in hidden}:
        known = [i for i in occupancy.get(idx, ()) if i not in hidden]
        if known:
            occupancy[idx] = known
        else:
            occupancy.pop(idx, None)
    return occupancy


def _occupancy(state: GameState, spot: list[str], there: dict[str, int], memo: ViewMemo) -> dict[int, list[str]]:
    """`_view_occupancy`, kept while the sightings are the same objects (`spotted` keeps them per
    position change, and the hex lists change only with one)."""
    if memo.there is not there or memo.spot is not spot:
        memo.there, memo.spot, memo.occupancy = there, spot, _view_occupancy(state, spot, there)
    return memo.occupancy


def _gone(state: GameState, enemy: frozenset[str], there: dict[str, int]) -> frozenset[str]:
    everyone = state.units
    return frozenset(uid for uid in enemy.difference(there) if _left(everyone[uid], state.turn))


def _gone_kept(state: GameState, enemy: frozenset[str], there: dict[str, int], memo: ViewMemo) -> frozenset[str]:
    """`_gone`, kept while the live enemies' positions and the turn are the same (an enemy off them
    is dead, or off the map until its turn of arrival)."""
    key = (there, enemy, state.turn)
    old = memo.gone_key
    if not old or old[0] is not there or old[1] is not enemy or old[2] != state.turn:
        memo.gone_key, memo.gone = key, _gone(state, enemy, there)
    return memo.gone


def _side_parts(state: GameState, side: str, memo: ViewMemo) -> None:
    """Refresh the memo's copies of control, air sorties, repairs and equipment where they differ
    from the state's (compared whole: cheaper than copying them)."""
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


def side_view(state: GameState, side: str, memo: ViewMemo | None = None) -> SideView:
    """What `side` knows now (see `SideView`): one pass over the spotted enemies, copying them (or
    handing out again an unchanged copy kept in `memo`, which the caller keeps per side; with it the
    parts of the last view whose source has not changed are handed out again)."""
    finished = game_finished(state)
    spot = spotted(state, side)
    where, there = positions(state, side)
    keep = memo if memo is not None else ViewMemo()
    held = _held_by(where, keep)
    own, enemy = _sides(state, side)
    everyone = state.units
    units = own.copy()  # its own units, as they are (nothing about the enemy to hide)
    closed = _closed(state)
    for uid in spot:
        u = everyone[uid]
        full = finished or not held.isdisjoint(closed[there[uid]])  # in contact (`_touches`)
        units[uid] = _exact(u, memo) if full else _estimate(state, u, keep.estimates)
    _side_parts(state, side, keep)
    assert keep.control is not None and keep.by_day is not None
    view = SideView(
        scenario=state.scenario, units=units, dice=cast(KeyedDice, SEALED), turn=state.turn,
        phase=state.phase, started=state.started, over=state.over,
        occupancy=_occupancy(state, spot, there, keep),
        wire=KnownWire(lambda: _known_wire(state, side, held | {there[uid] for uid in spot})),
        control=keep.control, control_by_day=keep.by_day, air_used=keep.air, repairs=keep.repairs,
        equipment=keep.equipment, winner=state.winner, version=state.version, pos_version=state.pos_version,
        viewer=side, gone=_gone_kept(state, enemy, there, keep),
    )
    view.cache["spot_key_" + side] = (side, state.pos_version, state.turn)  # as `spotted` keys it
    view.cache["spot_" + side] = list(spot)
    return view
