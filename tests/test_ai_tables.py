"""The AI's per-phase shortcuts give exactly what the plain computations give: the battery ranges
table against `in_range_weight`, hex neighbourhoods from offsets against map distances, and the
group search with firepower worked out once against assault estimates made one by one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.ai.ai_combat import Estimate, predict_assault
from game.ai.ai_intel import gather
from game.ai.ai_levels import LEVELS
from game.ai.ai_plan import Planner, best_subset
from game.core.state import GameState
from game.core.units import Unit
from game.engine.game import Game
from game.engine.scenario import load_scenario
from game.rules.artillery import in_range_weight, max_range
from game.rules.knowledge import side_view
from game.sim.runner import run_game

KHASAN = Path(__file__).resolve().parent.parent / "scenarios" / "khasan_1938.yaml"


@pytest.fixture(scope="module")
def campaign() -> Game:
    """The campaign after some turns of AI play (guns lost, units moved, enemies in sight)."""
    return run_game(load_scenario(KHASAN), 3, {"soviet": "ai", "japan": "ai"}, 30).game


def planner(state: GameState, side: str) -> Planner:
    view = side_view(state, side)
    return Planner(view, side, LEVELS["normal"], gather(view, side, None), {})


@pytest.mark.parametrize("side", ["soviet", "japan"])
def test_battery_ranges_table_matches_in_range_weight(campaign: Game, side: str) -> None:
    p = planner(campaign.state, side)
    m = p.m
    assert p.guns
    for g in p.guns:
        here = p.here(g)
        near = np.flatnonzero(m.distances(np.array([here]), np.arange(m.size))[0] <= max_range(p.state, g) + 2)
        for idx in [*near.tolist(), *range(0, m.size, 97)]:
            assert p.kg(g, idx) == in_range_weight(p.state, g, idx)


def test_neighbourhoods_and_exposure_match_map_distances(campaign: Game) -> None:
    p = planner(campaign.state, "soviet")
    m = p.m
    every = np.arange(m.size)
    for centre in range(0, m.size, 211):
        dist = m.distances(np.array([centre]), every)[0]
        for r in (0, 1, 2, 3):
            assert p.within(centre, r) == set(np.flatnonzero(dist <= r).tolist())
    assert p.intel.stacks
    stacks = np.array(sorted(p.intel.stacks))
    near = (m.distances(every, stacks) <= 2).any(axis=1)
    assert [p.exposed(i, 2) for i in range(m.size)] == near.tolist()


def one_by_one(state: GameState, chosen: list[tuple[Unit, int]], aim: int, defenders: list[Unit],
               supp: int) -> tuple[list[tuple[Unit, int]], Estimate] | None:
    """`best_subset` as first written: every cut estimated from scratch by `predict_assault`."""
    elev = state.scenario.map.elevation
    from game.rules.firepower import direct_firepower

    ranked = sorted(chosen, key=lambda t: (-int(elev[t[1]]), -direct_firepower(state, t[0]), t[0].id))
    best = None
    for k in range(1, len(ranked) + 1):
        if k < len(ranked) and elev[ranked[k][1]] == elev[ranked[k - 1][1]]:
            continue
        e = predict_assault(state, ranked[:k], aim, defenders, supp)
        if best is None or e.chance > best[1].chance or (e.chance == best[1].chance and e.def_loss > best[1].def_loss):
            best = (ranked[:k], e)
    return best


@pytest.mark.parametrize("side", ["soviet", "japan"])
def test_group_search_matches_estimates_made_one_by_one(campaign: Game, side: str) -> None:
    p = planner(campaign.state, side)
    checked = 0
    for aim, defenders in sorted(p.intel.stacks.items()):
        chosen = p.assault_positions(aim, p.free, {})
        for supp in (0, 30, 100):
            for group in (chosen, chosen[::2], chosen[:1]):
                assert best_subset(p.state, group, aim, defenders, supp) == one_by_one(p.state, group, aim,
                                                                                      defenders, supp)
                checked += bool(group)
    assert checked
