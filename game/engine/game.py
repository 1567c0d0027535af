"""Game: the one path that changes a game. `apply(order)` checks it, resolves it with the rules'
random stream and returns the events it caused; the history of steps is the record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from game.core.errors import IllegalOrder
from game.core.events import Event, Held, UnitMoved, event_to_dict
from game.core.orders import AirStrike, Assault, Bombard, EndPhase, Entrench, Fire, Hold, Move, Order, order_to_dict
from game.core.rng import KeyedDice, make_streams
from game.core.rng import clone as clone_rng
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
    m = scenario.map
    for u in units.values():  # stand on the map's own Hex objects (equal ones): found by identity later
        i = m.index.get(u.hex)
        if i is not None:
            u.hex = m.hexes[i]
    return GameState(scenario=scenario, units=units, dice=dice)


SNAP_EVERY = 32  # undo keeps a copy of the state every this many steps (take-backs re-apply fewer)
# Without undo (AI games, experiments) a copy only every this many steps: copies are for take-backs,
# which such games rarely make (a copy of khasan_1938's state costs about 0.06 ms: 100 of them were
# ~0.7% of a campaign); a take-back re-applies at most SNAP_EVERY_NO_UNDO - 1 orders.
SNAP_EVERY_NO_UNDO = 8 * SNAP_EVERY


class Game:
    """A game in progress. Chance comes only from the streams spawned from `seed`.

    `apply` is the one path that changes it; `take_back` (and `undo`, the window's quiet take-back)
    restores an earlier copy and re-applies the remaining orders through the same path.
    """

    def __init__(self, scenario: Scenario, seed: int, hashing: bool = False, undo: bool = False) -> None:
        self.scenario = scenario
        self.seed = seed
        streams = make_streams(seed, scenario.side_keys)
        self.state = initial_state(scenario, KeyedDice.from_seed(seed))
        self.player_rngs = {s: streams[s] for s in scenario.side_keys}
        self.steps: list[Step] = []
        self.hashing = hashing
        self.undo_enabled = undo
        self.opening: tuple[Event, ...] = ()
        if not self.state.started:
            self.opening = tuple(start_game(self.state))
        self._snaps: dict[int, GameState] = {0: self.state.copy()}
        self._anchor = 0  # steps after this one are quiet moves the window may take back

    @property
    def over(self) -> bool:
        return self.state.over

    def opening_events(self) -> list[Event]:
        """Events of the game's start (turn 0), delivered with the first order too."""
        return list(self.opening)

    def check(self, order: Order) -> list[str]:
        return violations(self.state, order)

    def apply(self, order: Order) -> list[Event]:
        problems = violations(self.state, order)
        if problems:
            raise IllegalOrder(problems)
        side = self.state.side
        seen = spotted(self.state, side) if self.undo_enabled else []
        draws_before = self.state.dice.draws
        events = self._step(order)
        n = len(self.steps)
        if n % (SNAP_EVERY if self.undo_enabled else SNAP_EVERY_NO_UNDO) == 0:
            self._snaps[n] = self.state.copy()
        if not self.undo_enabled:
            self._anchor = n  # orders applied without undo are never taken back quietly
            return events
        quiet = (isinstance(order, Move) and draws_before == self.state.dice.draws
                 and spotted(self.state, side) == seen)
        if not quiet:
            if self._anchor % SNAP_EVERY:
                self._snaps.pop(self._anchor, None)  # keep the periodic copies and the latest anchor only
            self._anchor = n
            self._snaps[n] = self.state.copy()
        return events

    def _step(self, order: Order) -> list[Event]:
        """Resolve a checked order and record it: the opening events go with the first step."""
        side, turn = self.state.side, self.state.turn
        events = (list(self.opening) if not self.steps else []) + resolve(self.state, order)
        self.steps.append(Step(order, tuple(events), self.state.hash() if self.hashing else "", turn, side))
        return events

    def can_undo(self) -> bool:
        """Whether the last step is a quiet move (no dice rolled, nothing newly spotted)."""
        return self.undo_enabled and len(self.steps) > self._anchor

    def undo(self) -> Order | None:
        """Take back the last quiet move (the window's rule for human players)."""
        if not self.can_undo():
            return None
        return self.take_back()

    def take_back(self) -> Order | None:
        """Take back the last step, whatever it was: restore the nearest earlier copy of the state
        and re-apply the orders after it through the same path as `apply`."""
        if not self.steps:
            return None
        last = self.steps[-1].order
        self.rewind(len(self.steps) - 1)
        return last

    def rewind(self, n: int) -> None:
        """Go back to the position after the first `n` steps."""
        n = max(0, min(n, len(self.steps)))
        base = max(k for k in self._snaps if k <= n)
        redo = [s.order for s in self.steps[base:n]]
        self.state = self._snaps[base].copy()
        del self.steps[base:]
        for k in [k for k in self._snaps if k > base]:
            del self._snaps[k]
        for o in redo:
            self._step(o)
        self._anchor = min(self._anchor, n)

    def clone(self) -> Game:
        """An independent copy: the same steps, the same state and the same dice to come."""
        other = Game.__new__(Game)
        other.scenario, other.seed = self.scenario, self.seed
        other.state = self.state.copy()
        other.player_rngs = {s: clone_rng(r) for s, r in self.player_rngs.items()}
        other.steps = list(self.steps)
        other.hashing, other.undo_enabled = self.hashing, self.undo_enabled
        other.opening = self.opening
        other._snaps = dict(self._snaps)  # snapshots are never changed in place, only copied
        other._anchor = self._anchor
        return other


def resolve(state: GameState, order: Order) -> list[Event]:
    """Carry out a legal order. Only `Game._step` (under `apply`, `take_back` and replays) calls this."""
    return RESOLVERS[type(order)](state, order)


def _assault(state: GameState, order: Assault) -> list[Event]:
    return resolve_assault(state, order, state.dice) + update_control(state)


def _fire(state: GameState, order: Fire) -> list[Event]:
    return resolve_fire(state, order, state.dice) + update_control(state)


def _bombard(state: GameState, order: Bombard) -> list[Event]:
    return resolve_bombard(state, order, state.dice) + update_control(state)


def _air(state: GameState, order: AirStrike) -> list[Event]:
    return resolve_air(state, state.side, order, state.dice) + update_control(state)


def _stand(state: GameState, order: Entrench | Hold, digging: bool) -> list[Event]:
    u = state.units[order.unit]
    u.mp_left = 0
    u.acted = True
    u.digging = digging
    state.version += 1
    return [Held(u.id), *update_control(state)]


def _end_phase(state: GameState, order: EndPhase) -> list[Event]:
    return end_phase(state)


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
    return [UnitMoved(u.id, tuple(m.hexes[i] for i in path), spent), *update_control(state)]


# How each order type is carried out: one entry per class in ORDER_TYPES (tests check the cover).
RESOLVERS: dict[type[Any], Callable[[GameState, Any], list[Event]]] = {
    Move: _move,
    Assault: _assault,
    Fire: _fire,
    Bombard: _bombard,
    AirStrike: _air,
    Entrench: lambda state, order: _stand(state, order, digging=True),
    Hold: lambda state, order: _stand(state, order, digging=False),
    EndPhase: _end_phase,
}
