"""Air sorties: a daily budget per aircraft type, bombs by type, grounded at night and in fog,
and fire from the ground that damages or shoots down aircraft.

Each sortie is hit with probability (`air.loss_per_1000` + `equipment.aircraft.aa_hits_per_gun_per_1000`
x anti-aircraft guns of the enemy whose calibre reaches the target hex) / 1000; a hit aircraft is
shot down with probability `equipment.aircraft.destroyed_pct`, otherwise it comes home damaged.
"""

from __future__ import annotations

import math

import numpy as np

from game.core.events import AircraftDamaged, AircraftLost, AirStrikeResolved, Event
from game.core.hexgrid import Hex
from game.core.orders import AirStrike
from game.core.rng import Dice, as_dice, binomial_quantile
from game.core.state import GameState
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


def aa_guns_in_reach(state: GameState, side: str, target: Hex) -> int:
    """Anti-aircraft guns of `side` on the map whose range reaches `target`."""
    cal = state.scenario.calibres
    n = 0
    for u in state.live_units(side):
        for k, count in u.guns.items():
            c = cal[k]
            if count > 0 and c.role == "anti_aircraft" and c.range_hexes >= u.hex.distance(target):
                n += count
    return n


def hit_chance(state: GameState, side: str, target: Hex) -> float:
    """Chance that one sortie of `side` against `target` is hit by fire from the ground."""
    p = state.params
    aa = aa_guns_in_reach(state, state.scenario.other(side), target)
    return min(1.0, (p["air.loss_per_1000"] + aa * p["equipment.aircraft.aa_hits_per_gun_per_1000"]) / 1000.0)


def expected_ground_fire(state: GameState, side: str, target: Hex, sorties: int) -> tuple[float, float]:
    """Expected aircraft (hit, of those shot down) when `side` flies `sorties` against `target`."""
    hit = sorties * hit_chance(state, side, target)
    return hit, hit * state.params.i("equipment.aircraft.destroyed_pct") / 100.0


def resolve_air(state: GameState, side: str, order: AirStrike, dice: Dice | np.random.Generator) -> list[Event]:
    dice = as_dice(dice)
    p = state.params
    kind = state.scenario.air_types[side][order.aircraft]
    state.air_used[side][order.aircraft] = state.air_used[side].get(order.aircraft, 0) + order.sorties
    kg = kind.bomb_kg * order.sorties
    idx = state.scenario.map.index[order.target]
    events: list[Event] = [AirStrikeResolved(side, order.aircraft, order.sorties, order.target, int(kg))]
    strike = dice.nth(f"air|{side}|{order.aircraft}")
    targets = [t for t in state.units_at(idx) if t.side == state.scenario.other(side)]
    for i, target in enumerate(targets):
        prot = protection(state, idx, target.entrench, p.i("air.entrench_pct"))
        e = kg * p["air.rate"] * math.sqrt(target.men / 500.0) / prot
        events += harm(state, target, e, "air", dice, suppression=p.i("air.suppression"), morale_hit=p.i("air.morale"),
                       key=f"{strike}|{i}")
    events += _ground_fire(state, side, order, dice.uniforms(f"{strike}|ground_fire", 2))
    state.version += 1
    return events


def _ground_fire(state: GameState, side: str, order: AirStrike, u: list[float]) -> list[Event]:
    hits = binomial_quantile(u[0], order.sorties, hit_chance(state, side, order.target))
    if not hits:
        return []
    lost = binomial_quantile(u[1], hits, state.params.i("equipment.aircraft.destroyed_pct") / 100.0)
    tally = state.equipment[side]["aircraft"]
    tally["destroyed"] += lost
    tally["damaged"] += hits - lost
    events: list[Event] = []
    if lost:
        events.append(AircraftLost(side, order.aircraft, lost))
    if hits - lost:
        events.append(AircraftDamaged(side, order.aircraft, hits - lost))
    return events
