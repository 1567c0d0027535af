"""Play a whole game headless with named players and summarise the result."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.ai.players import make_player
from game.core.errors import IllegalOrder
from game.core.orders import EndPhase, Order
from game.engine.game import Game
from game.engine.scenario import Scenario
from game.rules.knowledge import SideView
from game.rules.legality import violations
from game.rules.victory import points, winner

if TYPE_CHECKING:
    from game.api import Game as Facade


class PlayerError(RuntimeError):
    """A player produced an illegal order (a bug in that player)."""


@dataclass(slots=True)
class RunResult:
    game: Game
    players: dict[str, str]
    turns_played: int

    def summary(self) -> dict[str, Any]:
        st = self.game.state
        s = self.game.scenario
        return {
            "scenario": s.id,
            "seed": self.game.seed,
            "whatifs": list(s.whatifs),
            "players": dict(self.players),
            "turns_played": self.turns_played,
            "winner": st.winner if st.over else winner(st),
            "points": points(st),
            "control": dict(sorted(st.control.items())),
            "control_by_day": {k: dict(v) for k, v in sorted(st.control_by_day.items())},
            "losses": st.losses(),
            "aircraft_lost": dict(st.aircraft_lost),
            "equipment": {side: {cat: dict(v) for cat, v in sorted(e.items())}
                          for side, e in sorted(st.equipment.items())},
            "orders": len(self.game.steps),
            "state_hash": st.hash(),
        }


GC_YOUNG = 20_000  # allocations between collections of the youngest generation while a game is played


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage less often while a game is played (it makes many short-lived objects and
    few reference cycles: a few percent of a game's time); the thresholds are restored after."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], GC_YOUNG), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def play(game: Game, players: dict[str, str], turns: int | None = None) -> RunResult:
    """Let the players play until the game ends or `turns` turns have been played."""
    with fewer_collections():
        return _play(game, players, turns)


def _play(game: Game, players: dict[str, str], turns: int | None) -> RunResult:
    from game.api import Game as Facade

    agents = {side: make_player(players[side], side, game.player_rngs[side]) for side in game.scenario.side_keys}
    facade = Facade(game, players)  # players see the game through the public API, as their side's view
    st = game.state
    limit = st.scenario.clock.n_turns if turns is None else min(turns, st.scenario.clock.n_turns)
    start = st.turn
    per_phase = 0
    phase_key = (-1, -1)
    while not game.state.over and game.state.turn - start < limit:
        st = game.state
        key = (st.turn, st.phase)
        per_phase = per_phase + 1 if key == phase_key else 0
        phase_key = key
        view = facade.side_view(st.side)
        order = agents[st.side].next_order(view) if per_phase < 10 * len(st.units) + 50 else EndPhase()
        give(facade, view, order, f"{players[st.side]} player for {st.side}")
    return RunResult(game, players, game.state.turn - start)


def give(facade: Facade, view: SideView, order: Order, who: str) -> bool:
    """Apply a player's order; False when the engine refuses an order the player's view allowed
    (something the side cannot see is in the way: the player is simply asked again). An order its
    own view forbids is a bug in the player (PlayerError)."""
    try:
        facade.apply(order)
    except IllegalOrder as exc:
        if violations(view, order):
            raise PlayerError(f"{who} gave an illegal order {order}: {exc.problems[0]}") from None
        return False
    return True


def run_game(scenario: Scenario, seed: int, players: dict[str, str], turns: int | None = None,
             hashing: bool = False) -> RunResult:
    return play(Game(scenario, seed, hashing=hashing), players, turns)
