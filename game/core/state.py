"""GameState: everything that changes during a game, and its canonical hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.core.rng import KeyedDice
from game.core.units import Unit

if TYPE_CHECKING:
    from game.engine.scenario import Scenario

EQUIPMENT: tuple[str, ...] = ("tanks", "guns", "aircraft")


def empty_equipment() -> dict[str, dict[str, int]]:
    """Equipment losses of one side: destroyed (lost for good) and damaged (knocked out) per category."""
    return {c: {"destroyed": 0, "damaged": 0} for c in EQUIPMENT}


@dataclass(slots=True)
class GameState:
    """The mutable game. Rules mutate it; `Game.apply` is the only caller of rules."""

    scenario: Scenario
    units: dict[str, Unit]
    dice: KeyedDice
    turn: int = 0
    phase: int = 0  # index into scenario.turn_order
    started: bool = False
    over: bool = False
    occupancy: dict[int, list[str]] = field(default_factory=dict)  # hex index -> unit ids in order
    wire: dict[int, int] = field(default_factory=dict)
    control: dict[str, str] = field(default_factory=dict)
    control_by_day: dict[str, dict[str, str]] = field(default_factory=dict)
    air_used: dict[str, dict[str, int]] = field(default_factory=dict)  # side -> aircraft type -> sorties
    # knocked-out equipment waiting for repair: (ready turn, side, unit id, hex index, category, model, count)
    repairs: list[tuple[int, str, str, int, str, str, int]] = field(default_factory=list)
    # side -> tanks|guns|aircraft -> {"destroyed": n, "damaged": n}
    equipment: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    winner: str = ""
    version: int = 0  # bumped by every change; keys caches of derived data
    pos_version: int = 0  # bumped only when a unit enters or leaves a hex (sight depends on it)
    cache: dict[Any, Any] = field(default_factory=dict)  # derived data keyed by version; never copied

    def __post_init__(self) -> None:
        """A new game starts with an empty tally for each of the scenario's sides."""
        if not self.air_used:
            self.air_used = {s: {} for s in self.scenario.side_keys}
        if not self.equipment:
            self.equipment = {s: empty_equipment() for s in self.scenario.side_keys}

    @property
    def side(self) -> str:
        """The side whose phase it is."""
        return self.scenario.turn_order[self.phase]

    @property
    def params(self) -> Any:
        return self.scenario.params

    def unit_ids(self) -> list[str]:
        return sorted(self.units)

    def hex_index(self, u: Unit) -> int:
        return self.scenario.map.index[u.hex]

    def units_at(self, idx: int) -> list[Unit]:
        return [self.units[i] for i in self.occupancy.get(idx, ())]

    def side_at(self, idx: int) -> str | None:
        ids = self.occupancy.get(idx)
        return self.units[ids[0]].side if ids else None

    def place(self, u: Unit, idx: int) -> None:
        self.occupancy.setdefault(idx, []).append(u.id)
        u.hex = self.scenario.map.hexes[idx]
        self.version += 1
        self.pos_version += 1
        self.cache.setdefault("pos_log", []).append((self.pos_version, u))  # who moved (`rules.sight`)

    def remove(self, u: Unit) -> None:
        idx = self.scenario.map.index[u.hex]
        ids = self.occupancy.get(idx)
        if ids and u.id in ids:
            ids.remove(u.id)
            if not ids:
                del self.occupancy[idx]
        self.version += 1
        self.pos_version += 1
        self.cache.setdefault("pos_log", []).append((self.pos_version, u))

    def move_unit(self, u: Unit, idx: int) -> None:
        self.remove(u)
        self.place(u, idx)

    def live_units(self, side: str | None = None) -> list[Unit]:
        """Units on the map with men left (of one side, or all), in id order (a new list; the lists are
        kept per position change: a unit comes onto the map, and leaves it when its men are gone, only
        through `place` and `remove`, which bump `pos_version`)."""
        cache = self.cache
        key = (self.pos_version, len(self.units))
        hit = cache.get("live")
        if hit is None or hit[0] != key:
            order: list[str] | None = cache.get("unit_order")
            if order is None or len(order) != len(self.units):
                order = sorted(self.units)
                cache["unit_order"] = order
            units = self.units
            live = [u for u in map(units.__getitem__, order) if u.on_map and u.men > 0]  # Unit.alive, inlined
            sides: dict[str | None, list[Unit]] = {None: live}
            hit = cache["live"] = (key, sides)
        by_side: dict[str | None, list[Unit]] = hit[1]
        out = by_side.get(side)
        if out is None:
            out = by_side[side] = [u for u in by_side[None] if u.side == side]
        return list(out)

    def losses(self) -> dict[str, dict[str, int]]:
        out = {s: {"killed": 0, "wounded": 0, "missing": 0} for s in self.scenario.side_keys}
        for u in self.units.values():
            out[u.side]["killed"] += u.killed
            out[u.side]["wounded"] += u.wounded
            out[u.side]["missing"] += u.missing
        return out

    def copy(self) -> GameState:
        return GameState(
            scenario=self.scenario,
            units={k: u.copy() for k, u in self.units.items()},
            dice=self.dice.copy(),
            turn=self.turn,
            phase=self.phase,
            started=self.started,
            over=self.over,
            occupancy={k: list(v) for k, v in self.occupancy.items()},
            wire=dict(self.wire),
            control=dict(self.control),
            control_by_day={k: dict(v) for k, v in self.control_by_day.items()},
            air_used={k: dict(v) for k, v in self.air_used.items()},
            repairs=list(self.repairs),
            equipment={s: {c: dict(v) for c, v in e.items()} for s, e in self.equipment.items()},
            winner=self.winner,
            version=self.version,
            pos_version=self.pos_version,
        )

    @property
    def aircraft_lost(self) -> dict[str, int]:
        """Aircraft lost for good by side (the equipment tally's count, kept in one place)."""
        return {side: e["aircraft"]["destroyed"] for side, e in self.equipment.items()}

    def canonical(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "phase": self.phase,
            "started": self.started,
            "over": self.over,
            "units": [self.units[k].snapshot() for k in sorted(self.units)],
            "wire": sorted(self.wire.items()),
            "control": sorted(self.control.items()),
            "control_by_day": sorted((k, sorted(v.items())) for k, v in self.control_by_day.items()),
            "air_used": sorted((s, sorted(v.items())) for s, v in self.air_used.items()),
            "aircraft_lost": sorted(self.aircraft_lost.items()),
            "winner": self.winner,
            "rng": self.dice.snapshot(),
            "repairs": [list(r) for r in self.repairs],
            "equipment": sorted((s, sorted((c, sorted(v.items())) for c, v in e.items()))
                                for s, e in self.equipment.items()),
        }

    def hash(self) -> str:
        text = json.dumps(self.canonical(), separators=(",", ":"), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()
