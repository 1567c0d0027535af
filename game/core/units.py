"""Unit types and units: who they are, what they carry, how they stand."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.core.fieldmethods import FieldMethods
from game.core.hexgrid import Hex

# The drawable elements of a counter's unit-type symbol (NATO style), named so that a unit kind's
# `symbol:` in the scenario data is a list of them; game/ui/counters.py draws each.
SYMBOL_ELEMENTS: tuple[str, ...] = ("cross", "bar", "top_bar", "arrow", "oval", "dot", "diagonal", "bridge",
                                    "staff", "hq_letters")
# What a vehicle counts as in equipment losses and results (`vehicle_kinds.<kind>.counts_as`).
VEHICLE_COUNTS: tuple[str, ...] = ("tanks", "guns")
# Holder words that can never be a side's key: an objective held by nobody alone, a game nobody won.
NOT_SIDES: tuple[str, ...] = ("contested", "draw", "hotseat", "all", "human")
_new = object.__new__
SIZES: tuple[str, ...] = ("team", "squad", "platoon", "company", "battalion", "regiment", "brigade", "division")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class SideInfo(FieldMethods):
    """One side of a battle, from the scenario's `sides:` section (the engine is two-sided)."""

    key: str  # "soviet"
    name: str  # the formation: "39th Rifle Corps and Posyet Border Detachment"
    adjective: str  # for text: "Soviet", "Japanese"
    short: str  # a short label: "Soviet", "Japan"
    letter: str  # one letter for tables and plots: "S", "J"
    emblem: str  # counter emblem: star, sun or none
    colours: tuple[tuple[str, tuple[int, ...]], ...]  # fill, dark, light, text, chart, chart_expected
    nationalities: tuple[str, ...] = ()  # of its units, for briefings: ("Soviet", "Mongolian")

    def colour(self, part: str) -> tuple[int, ...]:
        for k, v in self.colours:
            if k == part:
                return v
        raise KeyError(part)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class UnitKind(FieldMethods):
    """A kind of unit (`unit_kinds:` in the scenario data): its name, traits and counter symbol."""

    key: str
    name: str  # display name, plural ("rifle infantry", "engineers")
    symbol: tuple[str, ...]  # elements of SYMBOL_ELEMENTS, drawn in this order
    may_assault: bool  # may take part in an assault
    wire_step: int  # wire levels a dug-in unit of this kind adds per turn (0: lays none)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class VehicleKind(FieldMethods):
    """A kind of armoured vehicle (`vehicle_kinds:`): tank, tankette, armoured car..."""

    key: str
    name: str
    counts_as: str  # equipment category in losses and results, one of VEHICLE_COUNTS
    vulnerability: float = 1.0  # multiplies the chance a hit on its unit knocks the vehicle out (1.0: a tank's)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class UnitType(FieldMethods):
    """A template shared by units of one kind."""

    key: str
    kind: str
    move: int
    size: str
    vehicles: bool
    observe: int
    traits: UnitKind


@dataclass(slots=True)
class Unit:
    """A unit on (or coming to) the map. Mutable; copied for snapshots."""

    id: str
    name: str
    side: str
    type: UnitType
    hex: Hex
    men: int
    men_start: int
    rifles: int = 0
    lmg: int = 0
    hmg: int = 0
    atr: int = 0
    guns: dict[str, int] = field(default_factory=dict)
    tanks: dict[str, int] = field(default_factory=dict)
    morale: int = 70
    morale_base: int = 70
    suppression: int = 0
    entrench: int = 0
    ammo: int = 0
    ammo_max: int = 0
    mp_left: int = 0
    acted: bool = False  # fired, assaulted or bombarded this phase
    moved: bool = False  # moved this turn (no digging)
    on_map: bool = True
    arrives: int = 0  # turn of arrival
    killed: int = 0
    wounded: int = 0
    missing: int = 0
    digging: bool = False  # ordered to dig this turn

    @property
    def kind(self) -> str:
        return self.type.kind

    @property
    def traits(self) -> UnitKind:
        return self.type.traits

    @property
    def alive(self) -> bool:
        return self.on_map and self.men > 0

    @property
    def gun_count(self) -> int:
        return sum(self.guns.values())

    @property
    def tank_count(self) -> int:
        return sum(self.tanks.values())

    @property
    def machine_guns(self) -> int:
        return self.lmg + self.hmg

    def copy(self) -> Unit:
        """An independent copy (its own gun and tank dicts), field by field: faster than `__init__`."""
        c: Unit = _new(Unit)
        c.id, c.name, c.side, c.type, c.hex = self.id, self.name, self.side, self.type, self.hex
        c.men, c.men_start, c.rifles, c.lmg, c.hmg, c.atr = (
            self.men, self.men_start, self.rifles, self.lmg, self.hmg, self.atr)
        c.guns = dict(self.guns) if self.guns else {}
        c.tanks = dict(self.tanks) if self.tanks else {}
        c.morale, c.morale_base, c.suppression, c.entrench, c.ammo, c.ammo_max = (
            self.morale, self.morale_base, self.suppression, self.entrench, self.ammo, self.ammo_max)
        c.mp_left, c.acted, c.moved, c.on_map, c.arrives = (
            self.mp_left, self.acted, self.moved, self.on_map, self.arrives)
        c.killed, c.wounded, c.missing, c.digging = self.killed, self.wounded, self.missing, self.digging
        return c

    def snapshot(self) -> list[object]:
        """A JSON-able canonical view used for state hashes."""
        return [
            self.id, self.hex.q, self.hex.r, self.men, self.rifles, self.lmg, self.hmg, self.atr,
            sorted(self.guns.items()), sorted(self.tanks.items()), self.morale, self.suppression,
            self.entrench, self.ammo, self.mp_left, int(self.acted), int(self.moved),
            int(self.on_map), self.killed, self.wounded, self.missing, int(self.digging),
        ]
