"""Firepower of a unit and protection of a hex: the two numbers every fire rule multiplies."""

from __future__ import annotations

from game.core.state import GameState
from game.core.units import Unit


def direct_firepower(state: GameState, unit: Unit) -> float:
    """Small arms, machine guns, anti-tank rifles, direct-fire guns and tanks, after suppression."""
    p = state.params
    cal = state.scenario.calibres
    direct_guns = sum(n for k, n in unit.guns.items() if cal[k].direct)
    fp = (unit.rifles * p["fire.fp_rifle"] + unit.lmg * p["fire.fp_lmg"] + unit.hmg * p["fire.fp_hmg"]
          + unit.atr * p["fire.fp_atr"] + direct_guns * p["fire.fp_direct_gun"] + unit.tank_count * p["fire.fp_tank"])
    fp *= 1.0 - unit.suppression * p.i("suppression.effect_pct") / 10000.0
    fp *= 0.5 + unit.morale / 200.0
    return max(0.0, fp)


def protection(state: GameState, idx: int, entrench: int, per_level_pct: int) -> float:
    """How much a hex and its digging divide incoming fire (>= 1 in open ground, undug)."""
    m = state.scenario.map
    terrain = m.terrain_rules[m.terrain[idx]]
    return terrain.defence * (1.0 + entrench * per_level_pct / 100.0)


def conditions_pct(state: GameState, night_key: str, fog_key: str) -> float:
    clock = state.scenario.clock
    f = 1.0
    if not clock.daylight[state.turn]:
        f *= state.params.i(night_key) / 100.0
    if clock.fog[state.turn]:
        f *= state.params.i(fog_key) / 100.0
    return f
