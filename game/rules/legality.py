"""Saying no is data: `violations(state, order)` lists why an order is illegal (empty if legal);
`legal_orders(state)` lists the orders open to the side to move, in a fixed order.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from typing import Any

from game.core.hexgrid import Hex
from game.core.orders import AirStrike, Assault, Bombard, EndPhase, Entrench, Fire, Hold, Move, Order
from game.core.state import GameState
from game.core.units import Unit
from game.rules.air import can_fly, sorties_left
from game.rules.artillery import in_range_weight, indirect_guns
from game.rules.firepower import direct_firepower
from game.rules.movement import border_forbids, reachable
from game.rules.sight import line_of_sight, spotted

MAX_GROUP = 10  # assault groups are listed for up to this many eligible units around a hex


def _own_unit(state: GameState, uid: str, out: list[str]) -> Unit | None:
    u = state.units.get(uid)
    if u is None:
        out.append(f"no unit {uid!r}")
        return None
    if u.side != state.side:
        out.append(f"{uid} belongs to {u.side}, but it is {state.side}'s phase")
        return None
    if not u.alive:
        out.append(f"{uid} is not on the map")
        return None
    return u


def violations(state: GameState, order: Order) -> list[str]:
    if state.over:
        return ["the game is over"]
    return CHECKS[type(order)](state, order)


def _unit_order(check: Callable[[GameState, Unit, Any], list[str]]) -> Callable[[GameState, Any], list[str]]:
    """The checks of an order for one unit: the unit is the mover's, alive and has not acted; then `check`."""

    def checked(state: GameState, order: Any) -> list[str]:
        out: list[str] = []
        u = _own_unit(state, order.unit, out)
        if u is None:
            return out
        if u.acted:
            return [f"{u.id} has already fired or attacked this phase"]
        return check(state, u, order)

    return checked


def _move(state: GameState, u: Unit, order: Move) -> list[str]:
    m = state.scenario.map
    if order.to not in m.index:
        return [f"{order.to} is off the map"]
    cost, _ = reachable(state, u)
    if m.index[order.to] not in cost or order.to == u.hex:
        return [f"{u.id} cannot reach {order.to.to_list()} with {u.mp_left} movement points"]
    return []


def _bombard(state: GameState, u: Unit, order: Bombard) -> list[str]:
    m = state.scenario.map
    if order.target not in m.index:
        return [f"{order.target} is off the map"]
    out: list[str] = []
    if not indirect_guns(state, u):
        out.append(f"{u.id} has no indirect-fire guns")
    elif in_range_weight(state, u, m.index[order.target]) <= 0:
        out.append(f"{order.target.to_list()} is out of range of {u.id}")
    need = state.params.i("artillery.barrage_ammo") if order.barrage else 1
    if u.ammo < need:
        out.append(f"{u.id} has {u.ammo} fire missions left, needs {need}")
    if u.moved:
        out.append(f"{u.id} moved this turn and cannot fire indirect")
    return out


def _nothing_more(state: GameState, u: Unit, order: Entrench | Hold) -> list[str]:
    return []


def _fire(state: GameState, u: Unit, order: Fire) -> list[str]:
    t = state.units.get(order.target)
    if t is None or not t.alive or t.side == u.side:
        return [f"no enemy unit {order.target!r} on the map"]
    if order.target not in spotted(state, u.side):
        return [f"{order.target} has not been spotted"]
    m = state.scenario.map
    if u.hex.distance(t.hex) > state.params.i("fire.range"):
        return [f"{order.target} is beyond direct-fire range"]
    if not line_of_sight(state, m.index[u.hex], m.index[t.hex]):
        return [f"no line of sight from {u.id} to {order.target}"]
    if direct_firepower(state, u) <= 0:
        return [f"{u.id} has no direct firepower"]
    return []


def _assault(state: GameState, order: Assault) -> list[str]:
    out: list[str] = []
    m = state.scenario.map
    if not order.units:
        return ["an assault needs at least one unit"]
    if len(set(order.units)) != len(order.units):
        return ["a unit is named twice in the assault"]
    if order.target not in m.index:
        return [f"{order.target} is off the map"]
    idx = m.index[order.target]
    occ = state.occupancy.get(idx)
    if not occ or state.units[occ[0]].side == state.side:
        return [f"no enemy in {order.target.to_list()}"]
    for uid in order.units:
        u = _own_unit(state, uid, out)
        if u is None:
            continue
        if u.acted:
            out.append(f"{uid} has already fired or attacked this phase")
        if u.hex.distance(order.target) != 1:
            out.append(f"{uid} is not adjacent to {order.target.to_list()}")
        if not u.traits.may_assault:
            out.append(f"{uid} ({u.kind}) cannot assault")
        if u.mp_left <= 0 and not u.moved:
            out.append(f"{uid} has no movement points left")
    if border_forbids(state, state.side, idx):
        out.append(f"{order.target.to_list()} is across the border line, which {state.side} may not cross")
    return out


def _air(state: GameState, order: AirStrike) -> list[str]:
    side = state.side
    types = state.scenario.air_types[side]
    if order.aircraft not in types:
        return [f"{side} has no aircraft type {order.aircraft!r}"]
    if order.target not in state.scenario.map.index:
        return [f"{order.target} is off the map"]
    if not can_fly(state):
        return ["aircraft are grounded (night or fog)"]
    cap = state.params.i("air.max_sorties_per_strike")
    if not 1 <= order.sorties <= cap:
        return [f"sorties must be 1..{cap}"]
    left = sorties_left(state, side, order.aircraft)
    if order.sorties > left:
        return [f"only {left} {order.aircraft} sorties left today"]
    return []


def legal_orders(state: GameState, unit: str | None = None) -> list[Order]:
    """Every order open to the side to move, in a deterministic order: per unit (by id) its moves,
    fire, bombardments and barrages, dig-in and hold; then assault groups by target hex (every
    non-empty group of the units that may join, smallest first); then air missions; EndPhase last.

    Bombardment, barrage and air targets are the hexes of spotted enemy units and the objectives' own
    hexes (any other hex is legal too, but hits nothing the side knows of). Air missions offer, per
    aircraft type and target, the sorties available now (up to the per-strike cap) and the powers of
    two below that.

    With `unit` (a unit id), only that unit's orders and the assault groups it would join; with
    `unit="air"`, only the air missions; neither list has EndPhase.
    """
    if state.over:
        return []
    side = state.side
    seen = spotted(state, side)
    targets = sorted({state.units[e].hex for e in seen} | {o.hex for o in state.scenario.objectives})
    if unit == "air":
        return _air_orders(state, side, targets)
    if unit is not None:
        u = state.units.get(unit)
        if u is None or not u.alive or u.side != side or u.acted:
            return []
        return _unit_orders(state, u, seen, targets) + _assault_groups(state, side, u)
    out: list[Order] = []
    for u in state.live_units(side):
        if not u.acted:
            out += _unit_orders(state, u, seen, targets)
    out += _assault_groups(state, side)
    out += _air_orders(state, side, targets)
    out.append(EndPhase())
    return out


def _unit_orders(state: GameState, u: Unit, seen: list[str], targets: list[Hex]) -> list[Order]:
    m = state.scenario.map
    here = m.index[u.hex]
    cost, _ = reachable(state, u)
    out: list[Order] = [Move(u.id, m.hexes[i]) for i in sorted(cost) if i != here]
    if direct_firepower(state, u) > 0:  # what `_fire` checks, with the firer's part done once
        rng, units = state.params.i("fire.range"), state.units
        out += [Fire(u.id, e) for e in seen if u.hex.distance(units[e].hex) <= rng
                and line_of_sight(state, here, m.index[units[e].hex])]
    if indirect_guns(state, u) and not u.moved:
        ammo, barrage_ammo = u.ammo, state.params.i("artillery.barrage_ammo")
        for h in targets:
            if in_range_weight(state, u, m.index[h]) > 0:
                out += [Bombard(u.id, h, False)] if ammo >= 1 else []
                out += [Bombard(u.id, h, True)] if ammo >= barrage_ammo else []
    out += [Entrench(u.id), Hold(u.id)]
    return out


def may_assault(u: Unit, target: Hex) -> bool:
    """Whether `u` may join an assault on the hex `target` now: adjacent, not yet fired or attacked
    this phase, of a kind that assaults, with movement left (or having moved up this phase)."""
    return (not u.acted and u.traits.may_assault and u.hex.distance(target) == 1
            and (u.mp_left > 0 or u.moved))


def _assault_groups(state: GameState, side: str, member: Unit | None = None) -> list[Order]:
    """Every assault group (by target hex, smallest first), or only those `member` would join."""
    m = state.scenario.map
    out: list[Order] = []
    mine = state.live_units(side)
    for idx in sorted(state.occupancy):
        if state.side_at(idx) in (None, side) or border_forbids(state, side, idx):
            continue
        if member is not None and member.hex.distance(m.hexes[idx]) != 1:
            continue
        target = m.hexes[idx]
        able = [u.id for u in mine if may_assault(u, target)]
        for n in range(1, min(len(able), MAX_GROUP) + 1):
            out += [Assault(group, target) for group in combinations(able, n)
                    if member is None or member.id in group]
    return out


def _air_orders(state: GameState, side: str, targets: list[Hex]) -> list[Order]:
    if not targets or not can_fly(state):
        return []
    cap = state.params.i("air.max_sorties_per_strike")
    out: list[Order] = []
    for kind in sorted(state.scenario.air_types[side]):
        n = min(cap, sorties_left(state, side, kind))
        if n <= 0:
            continue
        sizes = sorted({1 << k for k in range(n.bit_length()) if 1 << k < n} | {n})
        out += [AirStrike(kind, s, h) for h in targets for s in sizes]
    return out


# Why an order of each type would be illegal: one entry per class in ORDER_TYPES (tests check the cover).
CHECKS: dict[type[Any], Callable[[GameState, Any], list[str]]] = {
    Move: _unit_order(_move),
    Assault: _assault,
    Fire: _unit_order(_fire),
    Bombard: _unit_order(_bombard),
    AirStrike: _air,
    Entrench: _unit_order(_nothing_more),
    Hold: _unit_order(_nothing_more),
    EndPhase: lambda state, order: [],
}
