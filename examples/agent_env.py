"""The Gymnasium adapter (needs `pip install ".[agents]"`): a masked random agent plays the Soviet
side of the teaching scenario against the built-in AI."""

import numpy as np

from game.agents import gym_env

env = gym_env("teaching", side="soviet", opponent="ai")
obs, info = env.reset(seed=1)
rng = np.random.default_rng(1)
total, done = 0.0, False
while not done:
    legal = np.flatnonzero(info["action_mask"])  # numbers of the legal actions
    obs, reward, done, truncated, info = env.step(int(rng.choice(legal)))
    total += reward
print(f"episode over; reward {total:+.2f} (change in the Soviet victory-point margin)")
