"""A Gymnasium environment: one side against a built-in player (`ai`, `ai:hard`, `historical`,
`random`). One step is one order of the agent's side; the opponent's phases are played in
between. The action mask is in `info["action_mask"]`; an action that is not legal ends the
agent's phase. The reward is the change in the side's victory-point margin (share of all points)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import gymnasium
import numpy as np
from gymnasium import spaces

from game.agents.common import OBS_HIGH, OBS_LOW, Table
from game.ai.base import Player
from game.ai.players import PLAYER_NAMES, make_player


class KhasanEnv(gymnasium.Env):  # type: ignore[misc]
    metadata = {"render_modes": []}  # noqa: RUF012 (the API's name)

    def __init__(self, scenario: str, side: str, opponent: str = "ai", whatifs: Iterable[str] = ()) -> None:
        self.table = Table(scenario, whatifs)
        sides = self.table.game.scenario.side_keys
        if side not in sides:
            raise ValueError(f"unknown side {side!r} (choose from {', '.join(sides)})")
        self.side = side
        self.opponent_spec = opponent
        if opponent not in PLAYER_NAMES:
            raise ValueError(f"unknown player {opponent!r} (choose from {', '.join(PLAYER_NAMES)})")
        self.observation_space = spaces.Box(OBS_LOW, OBS_HIGH, (self.table.obs_size,), np.float32)
        self.action_space = spaces.Discrete(self.table.actions.n)
        self.opponent: Player | None = None
        self._score = 0.0

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None
              ) -> tuple[np.ndarray, dict[str, Any]]:
        super().reset(seed=seed)
        game_seed = seed if seed is not None else int(self.np_random.integers(0, 2**31))
        self.table.reset(game_seed)
        other = self.table.game.scenario.other(self.side)
        self.opponent = make_player(self.opponent_spec, other, self.table.game.engine.player_rngs[other])
        self._opponent_moves()
        self._score = self.table.score(self.side)
        return self.table.observation(self.side), self._info("")

    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        problem = self.table.play(int(action))
        self._opponent_moves()
        now = self.table.score(self.side)
        reward, self._score = now - self._score, now
        return self.table.observation(self.side), float(reward), self.table.game.over, False, self._info(problem)

    def _opponent_moves(self) -> None:
        g = self.table.game
        while not g.over and g.side_to_move != self.side and self.opponent is not None:
            g.play(self.opponent)

    def _info(self, problem: str) -> dict[str, Any]:
        g = self.table.game
        mask = self.table.legal()[0].copy() if not g.over else np.zeros(self.table.actions.n, dtype=np.int8)
        info: dict[str, Any] = {"action_mask": mask}
        if problem:
            info["illegal"] = problem
        return info
