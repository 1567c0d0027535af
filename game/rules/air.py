"""Air sorties: a daily budget per aircraft type, bombs by type, grounded at night and in fog,
a small chance of losing aircraft to anti-aircraft fire.
"""

from __future__ import annotations

import math

import numpy as np

from game.core.events import AircraftLost, AirStrikeResolved, Event
from game.core.orders import AirStrike
from game.core.state import GameState
from game.core.units import other_side
from game.rules.firepower import protection
from game.rules.morale import harm


def sorties_left(state: GameState, side: str, aircraft: str) -> int:
    clock = state.scenario.clock
    day = clock.day_index(state.turn)
    budget = state.scenario.air_budget[side]
    total = budget[day].get(aircraft, 0) if 0 <= day < len(budget) else 0
    return total - state.air_used[side].get(aircraft, 0)


def can_fly(state: GameState) -> bool:
    clock = state.scenario.clock
    return clock.daylight[state.turn] and not clock.fog[state.turn]


def resolve_air(state: GameState, side: str, order: AirStrike, rng: np.random.Generator) -> list[Event]:
    p = state.params
    kind = state.scenario.air_types[side][order.aircraft]
    state.air_used[side][order.aircraft] = state.air_used[side].get(order.aircraft, 0) + order.sorties
    kg = kind.bomb_kg * order.sorties
    idx = state.scenario.map.index[order.target]
    events: list[Event] = [AirStrikeResolved(side, order.aircraft, order.sorties, order.target, int(kg))]
    for target in state.units_at(idx):
        if target.side != other_side(side):
            continue
        prot = protection(state, idx, target.entrench, p.i("air.entrench_pct"))
        e = kg * p["air.rate"] * math.sqrt(target.men / 500.0) / prot
        events += harm(state, target, e, "air", rng, suppression=p.i("air.suppression"), morale_hit=p.i("air.morale"))
    lost = int(rng.binomial(order.sorties, min(1.0, p["air.loss_per_1000"] / 1000.0)))
    if lost:
        state.aircraft_lost[side] += lost
        events.append(AircraftLost(side, order.aircraft, lost))
    state.version += 1
    return events
