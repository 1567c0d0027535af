"""Casualties in men: draw a count around an expectation, split it, and let morale follow.

Every source of harm (fire, assault, artillery, air) ends here, so losses, morale, suppression,
rout and elimination behave the same way whatever caused them. The dice belong to the one who
acts, counted by its actions over the game: the firer's n-th shot (fire), the battery's n-th
mission and the i-th unit in its target hex (artillery), the n-th strike of an aircraft type and
the i-th unit in the hex (air), each attacker's and defender's n-th assault (assault). If a
what-if moves a target or the moment, the shooter's luck stays with the shot. The
count and its split read fixed positions of the key's uniforms and the equipment hits another
block, so an earlier outcome never shifts a later draw.
"""

from __future__ import annotations

import numpy as np

from game.core.events import Casualties, Eliminated, Event, Suppressed
from game.core.rng import Dice, as_dice, binomial_quantile, poisson_quantile
from game.core.state import GameState
from game.core.units import Unit
from game.rules.equipment import equipment_models, hit_equipment


def moment(state: GameState) -> str:
    """Turn and phase, the time part of every dice key."""
    return f"{state.turn}.{state.phase}"


def draw_losses(state: GameState, unit: Unit, expected: float, dice: Dice | np.random.Generator,
                key: str = "") -> tuple[int, int, int]:
    """Killed, wounded and missing around `expected`: a Poisson count, split into the dead or
    missing and the wounded, then the dead from the missing (a multinomial split in two binomial
    steps). Every draw is an inversion of one uniform, so nearby expectations give nearby counts."""
    if expected <= 0 or unit.men <= 0:
        return 0, 0, 0
    dice = as_dice(dice)
    key = key or f"harm|{unit.id}|{moment(state)}"
    u_count, u_gone, u_killed = dice.uniforms(key, 3)
    n = min(poisson_quantile(u_count, expected), unit.men)
    if n == 0:
        return 0, 0, 0
    p = state.params
    k_pct, m_pct = p.i(f"casualties.{unit.side}.killed"), p.i(f"casualties.{unit.side}.missing")  # rest wounded
    gone = binomial_quantile(u_gone, n, (k_pct + m_pct) / 100.0)  # killed or missing
    killed = binomial_quantile(u_killed, gone, k_pct / max(1, k_pct + m_pct))
    return killed, n - gone, gone - killed


def inflict(state: GameState, unit: Unit, expected: float, cause: str, dice: Dice | np.random.Generator,
            suppression: int = 0, morale_hit: int = 0, key: str = "") -> list[Event]:
    """Apply expected casualties, suppression and morale loss to one unit. `key` names the dice
    (see the module doc); by default the cause, the unit and the moment."""
    events: list[Event] = []
    dice = as_dice(dice)
    key = key or f"{cause}|{unit.id}|{moment(state)}"
    killed, wounded, missing = draw_losses(state, unit, expected, dice, key)
    lost = killed + wounded + missing
    before = unit.men
    if lost:
        unit.men -= lost
        unit.killed += killed
        unit.wounded += wounded
        unit.missing += missing
        events.append(Casualties(unit.id, unit.side, killed, wounded, missing, cause, round(expected, 2)))
        if unit.tanks or unit.guns:
            u = dice.uniforms(key, 2 * len(equipment_models(unit)), sub=1)
            events.extend(hit_equipment(state, unit, lost / max(1, before), u))
        _small_arms(unit, lost / max(1, before))
    p = state.params
    pct = (100 * lost) // max(1, before)
    unit.morale = max(0, unit.morale - int(pct * p["morale.loss_per_pct"]) - morale_hit)
    unit.suppression = min(100, unit.suppression + suppression + pct * p.i("fire.suppression_per_pct"))
    state.version += 1
    if lost or suppression or morale_hit:
        events.append(Suppressed(unit.id, unit.suppression, unit.morale))
    if unit.men <= 0:
        state.remove(unit)
        unit.on_map = False
        events.append(Eliminated(unit.id))
    return events


def _small_arms(unit: Unit, frac: float) -> None:
    """Rifles and machine guns go with the men who carried them."""
    for attr in ("rifles", "lmg", "hmg", "atr"):
        n = getattr(unit, attr)
        if n:
            setattr(unit, attr, n - round(n * frac))
