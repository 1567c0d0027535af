"""The agent adapters pass the ecosystems' own checkers and play whole games."""

from __future__ import annotations

import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from pettingzoo.test import api_test

from game.agents import aec_env, gym_env


def test_aec_env_passes_the_pettingzoo_api_test():
    api_test(aec_env("teaching", seed=1), num_cycles=300)


@pytest.mark.parametrize("side", ["soviet", "japan"])
def test_gym_env_passes_the_gymnasium_checker(side):
    check_env(gym_env("teaching", side, opponent="random").unwrapped, skip_render_check=True)


def test_masked_random_agents_finish_an_aec_game_with_point_rewards():
    env = aec_env("teaching", seed=3)
    env.reset()
    rng = np.random.default_rng(3)
    total = {a: 0.0 for a in env.possible_agents}
    steps = 0
    for agent in env.agent_iter():
        obs, reward, term, trunc, _ = env.last()
        total[agent] += reward
        action = None if term or trunc else int(rng.choice(np.flatnonzero(obs["action_mask"])))
        env.step(action)
        steps += 1
    assert steps > 10 and total["soviet"] == pytest.approx(-total["japan"])


def test_gym_env_plays_a_game_against_the_ai_and_refuses_unknown_opponents():
    env = gym_env("teaching", "soviet", opponent="ai")
    obs, info = env.reset(seed=2)
    rng = np.random.default_rng(2)
    done = False
    while not done:
        assert obs.shape == env.observation_space.shape and info["action_mask"].any()
        obs, _, done, _, info = env.step(int(rng.choice(np.flatnonzero(info["action_mask"]))))
    with pytest.raises(ValueError, match="unknown player"):
        gym_env("teaching", "soviet", opponent="clever")
