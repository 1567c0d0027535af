"""Chance: one SeedSequence per game, child generators spawned in a fixed order.

Stream 0 rolls the rules' dice; streams 1 and 2 belong to the soviet and japan players, so a
player's thinking never shifts the combat dice.
"""

from __future__ import annotations

import numpy as np

STREAMS = ("rules", "soviet", "japan")


def make_streams(seed: int) -> dict[str, np.random.Generator]:
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return {name: np.random.Generator(np.random.PCG64(child)) for name, child in zip(STREAMS, children, strict=True)}


def rng_state(gen: np.random.Generator) -> dict[str, object]:
    return dict(gen.bit_generator.state)


def clone(gen: np.random.Generator) -> np.random.Generator:
    out = np.random.Generator(np.random.PCG64())
    out.bit_generator.state = gen.bit_generator.state
    return out
