"""Events: past-tense facts an order caused. Renderer, record, statistics and AI read them.

Each is a frozen dataclass taking equality, hash and repr from `FieldMethods` (same results, cheaper
to create at every start).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from game.core import serial
from game.core.fieldmethods import FieldMethods
from game.core.hexgrid import Hex


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class TurnStarted(FieldMethods):
    """A new turn began: its time label, and whether it is daylight and foggy."""

    kind: ClassVar[str] = "turn_started"
    turn: int
    time: str
    daylight: bool
    fog: bool


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PhaseStarted(FieldMethods):
    """A side's phase began."""

    kind: ClassVar[str] = "phase_started"
    side: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class UnitArrived(FieldMethods):
    """A reinforcement came onto the map at a hex."""

    kind: ClassVar[str] = "unit_arrived"
    unit: str
    hex: Hex


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class UnitMoved(FieldMethods):
    """A unit moved along a path of hexes (start included), spending movement points."""

    kind: ClassVar[str] = "unit_moved"
    unit: str
    path: tuple[Hex, ...]
    cost: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class FireResolved(FieldMethods):
    """Direct fire of one unit at another: the expected effect and the roll."""

    kind: ClassVar[str] = "fire_resolved"
    firer: str
    target: str
    expected: float
    roll: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Casualties(FieldMethods):
    """Men lost by one unit; `cause` is fire, assault, artillery, air, rout or surrender."""

    kind: ClassVar[str] = "casualties"
    unit: str
    side: str
    killed: int
    wounded: int
    missing: int
    cause: str
    expected: float


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class EquipmentLost(FieldMethods):
    """Guns and tanks of one unit lost for good: destroyed outright, or knocked out and left in a
    hex the enemy took before they were repaired."""

    kind: ClassVar[str] = "equipment_lost"
    unit: str
    side: str
    guns: int
    tanks: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class EquipmentKnockedOut(FieldMethods):
    """Guns and tanks of one unit knocked out: out of action until repaired, if the field is held."""

    kind: ClassVar[str] = "equipment_knocked_out"
    unit: str
    side: str
    guns: int
    tanks: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class EquipmentRepaired(FieldMethods):
    """Knocked-out guns and tanks back in service with their unit (or counted repaired at the end)."""

    kind: ClassVar[str] = "equipment_repaired"
    unit: str
    side: str
    guns: int
    tanks: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Suppressed(FieldMethods):
    """A unit's suppression and morale after it was hit."""

    kind: ClassVar[str] = "suppressed"
    unit: str
    suppression: int
    morale: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class AssaultResolved(FieldMethods):
    """An assault on a hex: who attacked and defended, the odds, the chance, the roll, and whether it was taken."""

    kind: ClassVar[str] = "assault_resolved"
    attackers: tuple[str, ...]
    target: Hex
    defenders: tuple[str, ...]
    odds: float
    chance: int
    roll: int
    taken: bool


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class BombardResolved(FieldMethods):
    """An artillery mission at a hex: barrage or not, observed or not, and the firer's ammunition left."""

    kind: ClassVar[str] = "bombard_resolved"
    unit: str
    target: Hex
    barrage: bool
    observed: bool
    ammo_left: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class AirStrikeResolved(FieldMethods):
    """An air strike: the side, aircraft type, sorties, target hex and bombs dropped."""

    kind: ClassVar[str] = "air_strike_resolved"
    side: str
    aircraft: str
    sorties: int
    target: Hex
    bombs_kg: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class AircraftLost(FieldMethods):
    """Aircraft of one type shot down for good."""

    kind: ClassVar[str] = "aircraft_lost"
    side: str
    aircraft: str
    count: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class AircraftDamaged(FieldMethods):
    """Aircraft hit by fire from the ground that came home damaged."""

    kind: ClassVar[str] = "aircraft_damaged"
    side: str
    aircraft: str
    count: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Retreated(FieldMethods):
    """A unit fell back along a path of hexes."""

    kind: ClassVar[str] = "retreated"
    unit: str
    path: tuple[Hex, ...]


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Routed(FieldMethods):
    """A unit broke and routed."""

    kind: ClassVar[str] = "routed"
    unit: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Eliminated(FieldMethods):
    """A unit was destroyed or dispersed."""

    kind: ClassVar[str] = "eliminated"
    unit: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Entrenched(FieldMethods):
    """A unit dug in to a new entrenchment level."""

    kind: ClassVar[str] = "entrenched"
    unit: str
    level: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class WireLaid(FieldMethods):
    """Barbed wire in a hex reached a new level."""

    kind: ClassVar[str] = "wire_laid"
    hex: Hex
    level: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Held(FieldMethods):
    """A unit held its ground (or dug) for the rest of the turn."""

    kind: ClassVar[str] = "held"
    unit: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ControlChanged(FieldMethods):
    """An objective changed hands (or became contested)."""

    kind: ClassVar[str] = "control_changed"
    objective: str
    holder: str  # soviet, japan or contested


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PhaseEnded(FieldMethods):
    """A side's phase ended."""

    kind: ClassVar[str] = "phase_ended"
    side: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class DayEnded(FieldMethods):
    """A day ended: who held each objective."""

    kind: ClassVar[str] = "day_ended"
    date: str
    control: dict[str, str]


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class GameEnded(FieldMethods):
    """The game ended: the winner and each side's points."""

    kind: ClassVar[str] = "game_ended"
    winner: str
    points: dict[str, int]


Event = (
    TurnStarted | PhaseStarted | UnitArrived | UnitMoved | FireResolved | Casualties | EquipmentLost
    | EquipmentKnockedOut | EquipmentRepaired | Suppressed | AssaultResolved | BombardResolved
    | AirStrikeResolved | AircraftLost | AircraftDamaged | Retreated | Routed | Eliminated | Entrenched
    | WireLaid | Held | ControlChanged | PhaseEnded | DayEnded | GameEnded
)

EVENT_TYPES: dict[str, type[Any]] = {
    c.kind: c
    for c in (
        TurnStarted, PhaseStarted, UnitArrived, UnitMoved, FireResolved, Casualties, EquipmentLost,
        EquipmentKnockedOut, EquipmentRepaired, Suppressed, AssaultResolved, BombardResolved,
        AirStrikeResolved, AircraftLost, AircraftDamaged, Retreated, Routed, Eliminated, Entrenched,
        WireLaid, Held, ControlChanged, PhaseEnded, DayEnded, GameEnded,
    )
}


def event_to_dict(event: Event) -> dict[str, Any]:
    return serial.to_dict(event)


def event_from_dict(data: Any) -> Event:
    return serial.from_dict(EVENT_TYPES, data)  # type: ignore[no-any-return]
