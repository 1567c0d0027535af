"""The public Python API: `game.load(...)` returns a `Game` that scripts, agents and the built-in
players drive with `legal_orders()`, `apply(order)` and `undo()`; `view(side)` and `observe(side)`
show only what a side may know. See docs/api.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from game.core.errors import IllegalOrder
from game.core.events import Event
from game.core.hexgrid import Hex
from game.core.orders import Order
from game.core.state import GameState
from game.core.units import Unit
from game.engine import game as engine
from game.engine.record import MAX_SEED, header_for, write_record
from game.engine.scenario import Scenario, load_scenario
from game.paths import resolve_scenario
from game.rules.air import sorties_left
from game.rules.knowledge import SideView, ViewMemo, knows_details, side_view
from game.rules.legality import legal_orders, violations
from game.rules.sight import spotted
from game.rules.victory import points

if TYPE_CHECKING:
    from game.ai.base import Player

__all__ = ["Game", "IllegalOrder", "UnitView", "View", "load"]


def load(scenario: str | Path, seed: int = 0, whatifs: Iterable[str] = (),
         sets: dict[str, Any] | None = None) -> Game:
    """A new game of `scenario` (a shipped name such as "teaching", or a path)."""
    _check_seed(seed)
    scen = load_scenario(resolve_scenario(str(scenario)), tuple(whatifs), sets)
    return Game(engine.Game(scen, seed), sets=sets)


def _check_seed(seed: Any) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be a whole number from 0 to 2**64-1, got {seed!r}")


@dataclass(frozen=True, slots=True)
class UnitView:
    """A unit as one side knows it. An enemy's strength fields are None unless the side is in contact
    with it (`game.rules.knowledge`); its own-turn fields (mp_left, acted, moved) always are."""

    id: str
    side: str
    name: str
    kind: str
    hex: Hex
    men: int | None = None
    morale: int | None = None
    suppression: int | None = None
    entrench: int | None = None
    ammo: int | None = None
    mp_left: int | None = None
    acted: bool | None = None
    moved: bool | None = None


def _own(u: Unit) -> UnitView:
    return UnitView(u.id, u.side, u.name, u.kind, u.hex, u.men, u.morale, u.suppression, u.entrench, u.ammo,
                    u.mp_left, u.acted, u.moved)


def _enemy(st: GameState, side: str, u: Unit) -> UnitView:
    """A spotted enemy: position and kind; its strength only in contact (the knowledge rule)."""
    if knows_details(st, side, u):
        return UnitView(u.id, u.side, u.name, u.kind, u.hex, u.men, u.morale, u.suppression, u.entrench, u.ammo)
    return UnitView(u.id, u.side, u.name, u.kind, u.hex)


@dataclass(frozen=True, slots=True)
class View:
    """What `side` may know now: its own units exactly, spotted enemy units by position and kind,
    objective control, the clock and its own air budget. Built fresh by `Game.view`; read-only."""

    side: str
    turn: int
    side_to_move: str
    over: bool
    daylight: bool
    fog: bool
    own: tuple[UnitView, ...]
    enemies: tuple[UnitView, ...]
    control: dict[str, str]
    points: dict[str, int]
    sorties_left: dict[str, int]
    scenario: Scenario  # the static battle description (map, objectives, the side's plans)

    @property
    def units(self) -> tuple[UnitView, ...]:
        return self.own + self.enemies

    def unit(self, uid: str) -> UnitView | None:
        return next((u for u in self.units if u.id == uid), None)

    def units_at(self, h: Hex) -> list[UnitView]:
        """Units this side knows to be in hex `h` (what a preview may name)."""
        return [u for u in self.units if u.hex == h]


class Game:
    """A game seen from outside: orders in, events out, fog enforced in views.

    `state` is the engine's live state, for the engine's own tools (records, the window); players
    are handed `side_view(side)`, never the state.
    """

    def __init__(self, eng: engine.Game, players: dict[str, str] | None = None,
                 sets: dict[str, Any] | None = None) -> None:
        self.engine = eng
        self.players = dict(players or {s: "script" for s in eng.scenario.side_keys})
        self.sets = dict(sets or {})
        self.start_turn = eng.steps[0].turn if eng.steps else eng.state.turn
        self._side_view: tuple[GameState, tuple[str, int, int, int, int], SideView] | None = None
        self._memos = {s: ViewMemo() for s in eng.scenario.side_keys}  # what each side's last view keeps

    def fresh(self, seed: int) -> Game:
        """A new game of the same scenario and overlays with another seed (no reloading)."""
        _check_seed(seed)
        return Game(engine.Game(self.scenario, seed), sets=self.sets)

    # --- the position -------------------------------------------------------------------------
    @property
    def state(self) -> GameState:
        return self.engine.state

    @property
    def scenario(self) -> Scenario:
        return self.engine.scenario

    @property
    def seed(self) -> int:
        return self.engine.seed

    @property
    def side_to_move(self) -> str:
        return self.engine.state.side

    @property
    def turn(self) -> int:
        return self.engine.state.turn

    @property
    def over(self) -> bool:
        return self.engine.state.over

    @property
    def orders(self) -> list[Order]:
        """The orders applied so far (what `save` records and `clone` repeats)."""
        return [s.order for s in self.engine.steps]

    def state_hash(self) -> str:
        return self.engine.state.hash()

    # --- orders ---------------------------------------------------------------------------------
    def legal_orders(self, unit: str | None = None) -> list[Order]:
        """Every order the side to move may give now, in a fixed order (EndPhase last); with `unit`,
        only that unit's orders (with the assault groups it would join), or with "air" the air missions."""
        return legal_orders(self.engine.state, unit)

    def check(self, order: Order) -> list[str]:
        """Why `order` is illegal now (empty when it is legal)."""
        return self.engine.check(order)

    def apply(self, order: Order) -> list[Event]:
        """Carry out an order; returns its events, raises IllegalOrder (with reasons) if illegal."""
        return self.engine.apply(order)

    def undo(self) -> Order | None:
        """Take back the last order (any order); returns it, or None at the start."""
        return self.engine.take_back()

    def play(self, player: Player) -> list[Event]:
        """Ask `player` (see `builtin_player`) for the next order of the side to move, handing it that
        side's view, and apply it. Returns the events; [] when the engine refused an order the view
        allowed (something the side cannot see was in the way; ask again). Raises IllegalOrder for an
        order the player's own view forbids."""
        view = self.side_view(self.side_to_move)
        order = player.next_order(view)
        try:
            return self.apply(order)
        except IllegalOrder:
            if violations(view, order):
                raise
            return []

    def clone(self) -> Game:
        """An independent copy with the same orders and the same dice to come."""
        return Game(self.engine.clone(), self.players, self.sets)

    def builtin_player(self, side: str, spec: str = "ai") -> Player:
        """A built-in player (`ai`, `ai:easy|normal|hard`, `historical`, `random`) for `side`, thinking
        with that side's own random stream; `play(player)` asks it with its side's view and applies its order."""
        from game.ai.players import make_player

        self.players[side] = spec
        return make_player(spec, side, self.engine.player_rngs[side])

    # --- what a side knows ----------------------------------------------------------------------
    def view(self, side: str) -> View:
        st = self.engine.state
        if side not in st.scenario.side_keys:
            raise ValueError(f"unknown side {side!r} (choose from {', '.join(st.scenario.side_keys)})")
        clock = st.scenario.clock
        t = min(st.turn, clock.n_turns - 1)
        seen = spotted(st, side)
        return View(
            side=side, turn=st.turn, side_to_move=st.side, over=st.over,
            daylight=bool(clock.daylight[t]), fog=bool(clock.fog[t]),
            own=tuple(_own(u) for u in st.live_units(side)),
            enemies=tuple(_enemy(st, side, st.units[e]) for e in seen),
            control={o.name: st.control.get(o.name, o.held_by) for o in st.scenario.objectives},
            points=points(st),
            sorties_left={k: max(0, sorties_left(st, side, k)) for k in sorted(st.scenario.air_types[side])},
            scenario=st.scenario,
        )

    def side_view(self, side: str) -> SideView:
        """What `side` knows, in the shape the rules read (`game.rules.knowledge.SideView`): what the
        built-in players are handed. Built once per position and side; read it, never change it."""
        if side not in self.engine.scenario.side_keys:
            raise ValueError(f"unknown side {side!r} (choose from {', '.join(self.engine.scenario.side_keys)})")
        st = self.engine.state
        key = (side, st.version, st.turn, st.phase, len(self.engine.steps))
        hit = self._side_view
        if hit is None or hit[0] is not st or hit[1] != key:
            hit = self._side_view = (st, key, side_view(st, side, self._memos[side]))
        return hit[2]

    def observe(self, side: str) -> dict[str, np.ndarray]:
        """Fixed-shape arrays of what `side` knows, for learning code (see `observation_shapes`)."""
        return observe(self.view(side), self.engine.state.scenario)

    # --- results and records --------------------------------------------------------------------
    def result(self) -> dict[str, Any]:
        """The summary `khasan run --json` prints."""
        from game.sim.runner import RunResult

        return RunResult(self.engine, self.players, self.engine.state.turn - self.start_turn).summary()

    def save(self, path: str | Path) -> Path:
        """Write the record (the save game) atomically; `khasan replay --verify` accepts it."""
        eng = self.engine
        if any(not s.hash for s in eng.steps):  # played without hashes: re-simulate once to get them
            eng = engine.Game(eng.scenario, eng.seed, hashing=True)
            for s in self.engine.steps:
                eng.apply(s.order)
        write_record(path, header_for(eng, self.players, sets=self.sets), eng, finished=self.over)
        return Path(path)


HEX_FEATURES = ("own_men", "own_units", "enemy_units", "elevation", "objective", "control")
SCALARS = ("turn", "my_phase", "daylight", "fog", "points_own", "points_enemy", "sorties")


def observation_shapes(scen: Scenario) -> dict[str, tuple[int, ...]]:
    """Shapes of `observe`'s arrays for a scenario: per hex features and a few scalars."""
    return {"hexes": (len(scen.map.hexes), len(HEX_FEATURES)), "scalars": (len(SCALARS),)}


def observe(v: View, scen: Scenario) -> dict[str, np.ndarray]:
    m = scen.map
    n = len(m.hexes)
    hexes = np.zeros((n, len(HEX_FEATURES)), dtype=np.float32)
    for u in v.own:
        i = m.index[u.hex]
        hexes[i, 0] += (u.men or 0) / 1000.0
        hexes[i, 1] += 1.0
    for u in v.enemies:
        hexes[m.index[u.hex], 2] += 1.0
    elev = m.elevation.astype(np.float32)
    hexes[:, 3] = (elev - elev.min()) / max(1.0, float(elev.max() - elev.min()))
    enemy = scen.other(v.side)
    for o in scen.objectives:
        holder = v.control[o.name]
        for i in o.area:
            hexes[i, 4] = o.points / 10.0
            hexes[i, 5] = 1.0 if holder == v.side else -1.0 if holder == enemy else 0.0
    total = max(1, sum(o.points for o in scen.objectives))
    scalars = np.array([
        v.turn / max(1, scen.clock.n_turns), float(v.side_to_move == v.side), float(v.daylight), float(v.fog),
        v.points[v.side] / total, v.points[enemy] / total, sum(v.sorties_left.values()) / 100.0,
    ], dtype=np.float32)
    return {"hexes": hexes, "scalars": scalars}
