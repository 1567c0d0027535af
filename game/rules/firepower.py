"""Firepower of a unit and protection of a hex: the two numbers every fire rule multiplies."""

from __future__ import annotations

from game.core.state import GameState
from game.core.units import Unit

FpParams = tuple[float, float, float, float, float, float, int]


def _fp_params(state: GameState) -> FpParams:
    """The firepower parameters, read once per scenario's parameter table."""
    p = state.scenario.params
    hit: tuple[object, FpParams] | None = state.scenario.cache.get("fp_params")
    if hit is None or hit[0] is not p:
        hit = (p, (p["fire.fp_rifle"], p["fire.fp_lmg"], p["fire.fp_hmg"], p["fire.fp_atr"],
                   p["fire.fp_direct_gun"], p["fire.fp_tank"], p.i("suppression.effect_pct")))
        state.scenario.cache["fp_params"] = hit
    return hit[1]


def _direct(state: GameState) -> dict[str, bool]:
    """Whether each calibre fires directly, by key (cached per scenario's calibre table)."""
    cal = state.scenario.calibres
    hit: tuple[object, dict[str, bool]] | None = state.scenario.cache.get("direct_calibres")
    if hit is None or hit[0] is not cal:
        hit = (cal, {k: c.direct for k, c in cal.items()})
        state.scenario.cache["direct_calibres"] = hit
    return hit[1]


def direct_firepower(state: GameState, unit: Unit) -> float:
    """Small arms, machine guns, anti-tank rifles, direct-fire guns and tanks, after suppression."""
    hit = state.scenario.cache.get("fp_params")  # `_fp_params`, looked up inline (called very often)
    fp_params = hit[1] if hit is not None and hit[0] is state.scenario.params else _fp_params(state)
    rifle, lmg, hmg, atr, gun, tank, supp = fp_params
    if unit.guns:
        direct = _direct(state)
        direct_guns = sum(n for k, n in unit.guns.items() if direct[k])
    else:
        direct_guns = 0
    fp = (unit.rifles * rifle + unit.lmg * lmg + unit.hmg * hmg
          + unit.atr * atr + direct_guns * gun + (sum(unit.tanks.values()) if unit.tanks else 0) * tank)
    fp *= 1.0 - unit.suppression * supp / 10000.0
    fp *= 0.5 + unit.morale / 200.0
    return fp if fp > 0.0 else 0.0  # max(0.0, fp)


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
