"""Play a whole game headless with named players and summarise the result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.ai.players import make_player
from game.core.errors import IllegalOrder
from game.core.orders import EndPhase
from game.engine.game import Game
from game.engine.scenario import Scenario
from game.rules.victory import points, winner


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


def play(game: Game, players: dict[str, str], turns: int | None = None) -> RunResult:
    """Let the players play until the game ends or `turns` turns have been played."""
    from game.api import Game as Facade

    agents = {side: make_player(players[side], side, game.player_rngs[side]) for side in game.scenario.side_keys}
    facade = Facade(game, players)  # players see the game through the public API
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
        order = agents[st.side].next_order(facade) if per_phase < 10 * len(st.units) + 50 else EndPhase()
        try:
            facade.apply(order)
        except IllegalOrder as exc:
            raise PlayerError(f"{players[st.side]} player for {st.side} gave an illegal order {order}: "
                              f"{exc.problems[0]}") from None
    return RunResult(game, players, game.state.turn - start)


def run_game(scenario: Scenario, seed: int, players: dict[str, str], turns: int | None = None,
             hashing: bool = False) -> RunResult:
    return play(Game(scenario, seed, hashing=hashing), players, turns)
