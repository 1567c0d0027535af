"""Game: the one path that changes a game. `apply(order)` checks it, resolves it with the rules'
random stream and returns the events it caused; the history of steps is the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.core.errors import IllegalOrder
from game.core.events import Event, Held, UnitMoved, event_to_dict
from game.core.orders import AirStrike, Assault, Bombard, EndPhase, Entrench, Fire, Hold, Move, Order, order_to_dict
from game.core.rng import KeyedDice, make_streams
from game.core.state import GameState
from game.engine.scenario import Scenario
from game.rules.air import resolve_air
from game.rules.artillery import resolve_bombard
from game.rules.assault import resolve_assault
from game.rules.fire import resolve_fire
from game.rules.legality import violations
from game.rules.movement import enemy_zoc, path_to, reachable
from game.rules.phases import end_phase, start_game
from game.rules.sight import spotted
from game.rules.victory import update_control


@dataclass(frozen=True, slots=True)
class Step:
    """One applied order, the events it caused and the state hash after it ('' if not hashed)."""

    order: Order
    events: tuple[Event, ...]
    hash: str
    turn: int
    side: str

    def to_dict(self, index: int) -> dict[str, Any]:
        return {
            "step": index,
            "turn": self.turn,
            "side": self.side,
            "order": order_to_dict(self.order),
            "events": [event_to_dict(e) for e in self.events],
            "hash": self.hash,
        }


def initial_state(scenario: Scenario, dice: KeyedDice) -> GameState:
    units = {u.id: u.copy() for u in scenario.units}
    return GameState(scenario=scenario, units=units, dice=dice)


class Game:
    """A game in progress. Chance comes only from the streams spawned from `seed`."""

    def __init__(self, scenario: Scenario, seed: int, hashing: bool = False, undo: bool = False) -> None:
        self.scenario = scenario
        self.seed = seed
        streams = make_streams(seed)
        self.state = initial_state(scenario, KeyedDice.from_seed(seed))
        self.player_rngs = {"soviet": streams["soviet"], "japan": streams["japan"]}
        self.steps: list[Step] = []
        self.hashing = hashing
        self.undo_enabled = undo
        self._anchor: tuple[GameState, int] | None = None
        self._pending: list[Event] = []
        if not self.state.started:
            self._pending = start_game(self.state)
        if undo:
            self._anchor = (self.state.copy(), 0)

    @property
    def over(self) -> bool:
        return self.state.over

    def opening_events(self) -> list[Event]:
        """Events of the game's start (turn 0), delivered with the first order too."""
        return list(self._pending)

    def check(self, order: Order) -> list[str]:
        return violations(self.state, order)

    def apply(self, order: Order) -> list[Event]:
        problems = violations(self.state, order)
        if problems:
            raise IllegalOrder(problems)
        side = self.state.side
        turn = self.state.turn
        seen = spotted(self.state, side) if self.undo_enabled else []
        draws_before = self.state.dice.draws
        events = self._pending + resolve(self.state, order)
        self._pending = []
        step = Step(order, tuple(events), self.state.hash() if self.hashing else "", turn, side)
        self.steps.append(step)
        if self.undo_enabled:
            quiet = (isinstance(order, Move) and draws_before == self.state.dice.draws
                     and spotted(self.state, side) == seen)
            if not quiet:
                self._anchor = (self.state.copy(), len(self.steps))
        return events

    def can_undo(self) -> bool:
        return self._anchor is not None and len(self.steps) > self._anchor[1]

    def undo(self) -> Order | None:
        """Take back the last quiet move (no dice rolled, nothing newly spotted since)."""
        if not self.can_undo() or self._anchor is None:
            return None
        base, n = self._anchor
        redo = [s.order for s in self.steps[n:-1]]
        last = self.steps[-1].order
        self.state = base.copy()
        self.steps = self.steps[:n]
        for o in redo:
            self.steps.append(Step(o, tuple(resolve(self.state, o)), self.state.hash() if self.hashing else "",
                                   self.state.turn, self.state.side))
        return last


def resolve(state: GameState, order: Order) -> list[Event]:
    """Carry out a legal order. Only `Game.apply` and replays call this."""
    rng = state.dice
    events: list[Event]
    if isinstance(order, Move):
        events = _move(state, order)
    elif isinstance(order, Assault):
        events = resolve_assault(state, order, rng)
    elif isinstance(order, Fire):
        events = resolve_fire(state, order, rng)
    elif isinstance(order, Bombard):
        events = resolve_bombard(state, order, rng)
    elif isinstance(order, AirStrike):
        events = resolve_air(state, state.side, order, rng)
    elif isinstance(order, Entrench | Hold):
        u = state.units[order.unit]
        u.mp_left = 0
        u.acted = True
        u.digging = isinstance(order, Entrench)
        state.version += 1
        events = [Held(u.id)]
    elif isinstance(order, EndPhase):
        return end_phase(state)
    else:  # pragma: no cover - the Order union is closed
        raise TypeError(order)
    return events + update_control(state)


def _move(state: GameState, order: Move) -> list[Event]:
    m = state.scenario.map
    u = state.units[order.unit]
    cost, prev = reachable(state, u)
    start, goal = m.index[u.hex], m.index[order.to]
    path = path_to(prev, start, goal)
    spent = cost[goal]
    state.move_unit(u, goal)
    u.mp_left -= spent
    if goal in enemy_zoc(state, u.side):
        u.mp_left = 0
    u.moved = True
    u.entrench = 0
    return [UnitMoved(u.id, tuple(m.hexes[i] for i in path), spent)]
