"""Close assault: attackers from adjacent hexes storm a hex; both sides bleed, then a roll
against an odds table decides whether the defenders are thrown out.
"""

from __future__ import annotations

import numpy as np

from game.core.events import AssaultResolved, Event
from game.core.orders import Assault
from game.core.rng import Dice, as_dice
from game.core.state import GameState
from game.core.units import Unit
from game.rules.firepower import direct_firepower, protection
from game.rules.morale import harm, retreat


def assault_factors(state: GameState, attackers: list[Unit], idx: int) -> dict[str, float]:
    """The modifiers of an assault, for the rules and for a player's preview."""
    p = state.params
    m = state.scenario.map
    defenders = state.units_at(idx)
    entrench = max((d.entrench for d in defenders), default=0)
    wire = state.wire.get(idx, 0)
    tanks = any(a.tank_count for a in attackers)
    tank_relief = p.i("assault.tank_wire_pct") / 100.0 if tanks else 0.0
    wire_mult = 1.0 + wire * p.i("assault.wire_pct") / 100.0 * (1.0 - tank_relief)
    climb = int(m.elevation[idx]) - min(int(m.elevation[m.index[a.hex]]) for a in attackers)
    climb_mult = 1.0 + max(0, climb) * p.i("assault.climb_pct_per_50m") / 5000.0
    night = 1.0 if state.scenario.clock.daylight[state.turn] else p.i("assault.night_pct") / 100.0
    return {
        "attack_fp": sum(direct_firepower(state, a) for a in attackers),
        "defence_fp": sum(direct_firepower(state, d) for d in defenders) * night,
        "protection": protection(state, idx, entrench, p.i("fire.entrench_pct")),
        "wire": wire_mult,
        "climb": climb_mult,
    }


def expected_assault(state: GameState, attackers: list[Unit], idx: int) -> tuple[float, float, float]:
    """(expected defender losses, expected attacker losses, odds)."""
    f = assault_factors(state, attackers, idx)
    rate = state.params["assault.rate"]
    def_loss = f["attack_fp"] * rate / f["protection"]
    exposure = state.params.i("assault.attacker_exposure_pct") / 100.0
    atk_loss = f["defence_fp"] * rate * exposure * f["wire"] * f["climb"]
    odds = f["attack_fp"] / max(1.0, f["defence_fp"] * f["protection"] * f["wire"] * f["climb"])
    return def_loss, atk_loss, odds


def chance_of(state: GameState, odds: float) -> int:
    chance = 0
    for threshold, pct in state.params.odds:
        if odds >= threshold:
            chance = pct
    return chance


def resolve_assault(state: GameState, order: Assault, dice: Dice | np.random.Generator) -> list[Event]:
    dice = as_dice(dice)
    m = state.scenario.map
    attackers = [state.units[u] for u in order.units]
    roll = 1 + int(100 * dice.uniforms(dice.nth(f"assault_roll|{order.units[0]}"))[0])
    idx = m.index[order.target]
    defenders = state.units_at(idx)
    def_loss, atk_loss, _ = expected_assault(state, attackers, idx)
    events: list[Event] = []
    total_def = sum(d.men for d in defenders) or 1
    for d in defenders:
        events += harm(state, d, def_loss * d.men / total_def, "assault", dice, key=dice.nth(f"assault|{d.id}"))
    total_atk = sum(a.men for a in attackers) or 1
    for a in attackers:
        a.acted = True
        a.mp_left = 0
        events += harm(state, a, atk_loss * a.men / total_atk, "assault", dice, key=dice.nth(f"assault|{a.id}"))
    attackers = [a for a in attackers if a.alive and a.hex.distance(order.target) == 1]
    defenders = state.units_at(idx)
    if not attackers:
        return events + [AssaultResolved(order.units, order.target, tuple(d.id for d in defenders), 0.0, 0, 0, False)]
    _, _, odds = expected_assault(state, attackers, idx) if defenders else (0.0, 0.0, 99.0)
    chance = chance_of(state, odds)
    if defenders:
        chance = min(100, chance + sum(d.suppression for d in defenders) // (4 * len(defenders)))
    taken = not defenders or roll <= chance
    events.append(AssaultResolved(order.units, order.target, tuple(d.id for d in defenders), round(odds, 3),
                                  chance, roll, taken))
    if taken:
        for d in defenders:
            events += retreat(state, d, 1)
        if not state.units_at(idx):
            lead = max(attackers, key=lambda a: (a.men, a.id))
            state.move_unit(lead, idx)
            lead.entrench = 0
    else:
        for a in attackers:
            a.suppression = min(100, a.suppression + 20)
    return events
