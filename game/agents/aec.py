"""A PettingZoo AEC environment: the two sides take turns giving orders (one order per step);
observations are a dict of the side's flat observation and the action mask; each step's reward
is the change in the agent's victory-point margin (as a share of all points)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from gymnasium import spaces

from game.agents.common import OBS_HIGH, OBS_LOW, Table, import_pettingzoo_aec

AECEnv: Any = import_pettingzoo_aec()


class KhasanAEC(AECEnv):  # type: ignore[misc]
    metadata = {"render_modes": [], "name": "khasan_v0", "is_parallelizable": False}  # noqa: RUF012 (the API's name)

    def __init__(self, scenario: str, seed: int = 0, whatifs: Iterable[str] = ()) -> None:
        super().__init__()
        self.table = Table(scenario, whatifs)
        self.seed = seed
        self.possible_agents = list(self.table.game.scenario.side_keys)
        obs = spaces.Box(OBS_LOW, OBS_HIGH, (self.table.obs_size,), np.float32)
        mask = spaces.Box(0, 1, (self.table.actions.n,), np.int8)
        self._obs_space = spaces.Dict({"observation": obs, "action_mask": mask})
        self._act_space = spaces.Discrete(self.table.actions.n)
        self.render_mode = None

    def observation_space(self, agent: str) -> spaces.Space[Any]:
        return self._obs_space

    def action_space(self, agent: str) -> spaces.Space[Any]:
        return self._act_space

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        self.table.reset(self.seed if seed is None else seed)
        self.agents = list(self.possible_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos: dict[str, dict[str, Any]] = {a: {} for a in self.agents}
        self._scores = {a: self.table.score(a) for a in self.agents}
        self.agent_selection = self.table.game.side_to_move

    def observe(self, agent: str) -> dict[str, np.ndarray]:
        g = self.table.game
        if not g.over and g.side_to_move == agent:
            mask = self.table.legal()[0]
        else:
            mask = np.zeros(self.table.actions.n, dtype=np.int8)
        return {"observation": self.table.observation(agent), "action_mask": mask.copy()}

    def step(self, action: int | None) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0.0
        problem = self.table.play(int(action if action is not None else -1))
        self.infos[agent] = {"illegal": problem} if problem else {}
        for a in self.agents:
            now = self.table.score(a)
            self.rewards[a] = now - self._scores[a]
            self._scores[a] = now
        g = self.table.game
        if g.over:
            self.terminations = {a: True for a in self.agents}
        else:
            self.agent_selection = g.side_to_move
        self._accumulate_rewards()

    def render(self) -> None:
        return None

    def close(self) -> None:
        return None
