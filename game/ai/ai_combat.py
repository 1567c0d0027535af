"""Assault and fire estimates for planning: odds before the attackers have moved, after the
planned barrage and air strike have suppressed the defenders, by day or by night.

`predict_assault` follows `rules.assault.assault_factors` / `expected_assault` term by term, but
takes the attackers' destination hexes, the defenders as the AI knows them, extra suppression
and the light of a chosen turn; a test pins it to `expected_assault` when nothing is changed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.core.state import GameState
from game.core.units import Unit
from game.rules.assault import chance_of
from game.rules.firepower import direct_firepower, protection


@dataclass(frozen=True, slots=True)
class Estimate:
    """Predicted assault: odds, chance of taking the hex (%), expected losses each side."""

    odds: float
    chance: int
    def_loss: float
    atk_loss: float


def suppressed(u: Unit, extra: int) -> Unit:
    """A copy of `u` with `extra` more suppression (capped at 100)."""
    c = u.copy()
    c.suppression = min(100, c.suppression + extra)
    return c


def predict_assault(state: GameState, attackers: list[tuple[Unit, int]], idx: int, defenders: list[Unit],
                    extra_supp: int = 0, turn: int | None = None) -> Estimate:
    """Estimate an assault by `attackers` (unit, hex index it will attack from) on hex `idx`."""
    if not attackers or not defenders:
        return Estimate(0.0, 0 if not attackers else 100, 0.0, 0.0)
    p = state.params
    m = state.scenario.map
    t = state.turn if turn is None else min(turn, state.scenario.clock.n_turns - 1)
    defs = [suppressed(d, extra_supp) for d in defenders] if extra_supp else defenders
    entrench = max(d.entrench for d in defs)
    tanks = any(a.tank_count for a, _ in attackers)
    relief = p.i("assault.tank_wire_pct") / 100.0 if tanks else 0.0
    wire = 1.0 + state.wire.get(idx, 0) * p.i("assault.wire_pct") / 100.0 * (1.0 - relief)
    climb = int(m.elevation[idx]) - min(int(m.elevation[h]) for _, h in attackers)
    climb_mult = 1.0 + max(0, climb) * p.i("assault.climb_pct_per_50m") / 5000.0
    night = 1.0 if state.scenario.clock.daylight[t] else p.i("assault.night_pct") / 100.0
    attack_fp = sum(direct_firepower(state, a) for a, _ in attackers)
    defence_fp = sum(direct_firepower(state, d) for d in defs) * night
    prot = protection(state, idx, entrench, p.i("fire.entrench_pct"))
    rate = p["assault.rate"]
    odds = attack_fp / max(1.0, defence_fp * prot * wire * climb_mult)
    bonus = sum(d.suppression for d in defs) // (4 * len(defs))
    chance = min(100, chance_of(state, odds) + bonus)
    return Estimate(odds, chance, attack_fp * rate / prot, defence_fp * rate * wire * climb_mult)


def bombard_effect(state: GameState, kg: float, men: int, men_start: int, observed: bool, barrage: bool,
                   idx: int, targets: list[Unit]) -> float:
    """Expected men hit by one fire mission of `kg` from a battery of `men`, on the units in `idx`."""
    p = state.params
    e = kg * math.sqrt(men / max(1, men_start)) * p["artillery.rate"]
    if not observed:
        e *= p.i("artillery.unobserved_pct") / 100.0
    if barrage:
        e *= p.i("artillery.barrage_pct") / 100.0
    total = 0.0
    for t in targets:
        prot = protection(state, idx, t.entrench, p.i("artillery.entrench_pct"))
        total += e * math.sqrt(max(0, t.men) / 500.0) / prot
    return total


def air_effect(state: GameState, kg: float, idx: int, targets: list[Unit]) -> float:
    """Expected men hit by `kg` of bombs on the units in hex `idx`."""
    p = state.params
    total = 0.0
    for t in targets:
        prot = protection(state, idx, t.entrench, p.i("air.entrench_pct"))
        total += kg * p["air.rate"] * math.sqrt(max(0, t.men) / 500.0) / prot
    return total
