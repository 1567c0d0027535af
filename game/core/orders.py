"""Orders: what a player asks a game to do. One path changes a game: `Game.apply(order)`.

A new order type is a class here (in `Order` and ORDER_TYPES) plus one entry per concern, each a
table keyed by the order class: how it is resolved (game.engine.game.RESOLVERS), why it would be
illegal (game.rules.legality.CHECKS) and its action number for agents (game.agents.actions.ENCODERS);
tests/test_unit_kinds_data.py checks that every table covers every class. The events it causes
get a log line (game.ui.messages.LINES) and an animation (game.ui.animation.PLAYS) the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from game.core import serial
from game.core.fieldmethods import FieldMethods
from game.core.hexgrid import Hex


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Move(FieldMethods):
    """Move a unit to a hex along its cheapest legal path."""

    kind: ClassVar[str] = "move"
    unit: str
    to: Hex


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Assault(FieldMethods):
    """Close assault on an adjacent enemy-held hex by one or more adjacent units."""

    kind: ClassVar[str] = "assault"
    units: tuple[str, ...]
    target: Hex


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Fire(FieldMethods):
    """Direct fire at a spotted enemy unit in range."""

    kind: ClassVar[str] = "fire"
    unit: str
    target: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Bombard(FieldMethods):
    """Indirect artillery fire at a hex; a barrage spends double ammunition for suppression."""

    kind: ClassVar[str] = "bombard"
    unit: str
    target: Hex
    barrage: bool = False


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class AirStrike(FieldMethods):
    """Sorties of one aircraft type against a hex, from the side's daily budget."""

    kind: ClassVar[str] = "air"
    aircraft: str
    sorties: int
    target: Hex


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Entrench(FieldMethods):
    """Spend the turn digging: entrenchment grows twice as fast, the unit may not move."""

    kind: ClassVar[str] = "entrench"
    unit: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Hold(FieldMethods):
    """Stay in place this phase (no movement points left)."""

    kind: ClassVar[str] = "hold"
    unit: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class EndPhase(FieldMethods):
    """End the side's phase; the other side moves, or the turn ends."""

    kind: ClassVar[str] = "end_phase"


Order = Move | Assault | Fire | Bombard | AirStrike | Entrench | Hold | EndPhase

ORDER_TYPES: dict[str, type[Any]] = {
    c.kind: c for c in (Move, Assault, Fire, Bombard, AirStrike, Entrench, Hold, EndPhase)
}


def order_to_dict(order: Order) -> dict[str, Any]:
    return serial.to_dict(order)


def order_from_dict(data: Any) -> Order:
    return serial.from_dict(ORDER_TYPES, data)  # type: ignore[no-any-return]


def order_units(order: Order) -> tuple[str, ...]:
    """Ids of the units an order commands (empty for side-wide orders)."""
    if isinstance(order, Assault):
        return order.units
    unit = getattr(order, "unit", None)
    return (unit,) if isinstance(unit, str) else ()
