"""Assault and fire estimates for planning: odds before the attackers have moved, after the
planned barrage and air strike have suppressed the defenders, by day or by night.

`factors` follows `rules.assault.assault_factors` term by term, but takes the attackers'
destination hexes, the defenders as the AI knows them and the light of a chosen turn (a test pins
it to the rules); `predict_assault` adds the first bleeding of both sides, as the rules do, so a
small or shaken garrison is seen to break.
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


def factors(state: GameState, attackers: list[tuple[Unit, int]], idx: int, defenders: list[Unit],
            t: int) -> tuple[float, float, float, float]:
    """(attack firepower, defence firepower, protection, wire x climb) as in `assault_factors`."""
    return _factors(state, attackers, firepowers(state, [a for a, _ in attackers]), idx, defenders,
                    firepowers(state, defenders), t)


def firepowers(state: GameState, units: list[Unit]) -> list[float]:
    return [direct_firepower(state, u) for u in units]


def _factors(state: GameState, attackers: list[tuple[Unit, int]], atk_fps: list[float], idx: int,
             defenders: list[Unit], def_fps: list[float], t: int) -> tuple[float, float, float, float]:
    """`factors` given the `direct_firepower` of each attacker and defender (summed in order, as the
    rules sum them)."""
    p = state.params
    m = state.scenario.map
    entrench = max(d.entrench for d in defenders)
    tanks = any(a.tank_count for a, _ in attackers)
    relief = p.i("assault.tank_wire_pct") / 100.0 if tanks else 0.0
    wire = 1.0 + state.wire.get(idx, 0) * p.i("assault.wire_pct") / 100.0 * (1.0 - relief)
    climb = int(m.elevation[idx]) - min(int(m.elevation[h]) for _, h in attackers)
    climb_mult = 1.0 + max(0, climb) * p.i("assault.climb_pct_per_50m") / 5000.0
    night = 1.0 if state.scenario.clock.daylight[t] else p.i("assault.night_pct") / 100.0
    attack_fp = sum(atk_fps)
    defence_fp = sum(def_fps) * night
    prot = protection(state, idx, entrench, p.i("fire.entrench_pct"))
    return attack_fp, defence_fp, prot, wire * climb_mult


def predict_assault(state: GameState, attackers: list[tuple[Unit, int]], idx: int, defenders: list[Unit],
                    extra_supp: int = 0, turn: int | None = None) -> Estimate:
    """Estimate an assault by `attackers` (unit, hex index it will attack from) on hex `idx`.

    Like the rules, both sides first bleed by the expected losses (defenders whose morale
    breaks run), then the odds of the survivors and the defenders' suppression give the chance.
    """
    if not attackers or not defenders:
        return Estimate(0.0, 0 if not attackers else 100, 0.0, 0.0)
    t = state.turn if turn is None else min(turn, state.scenario.clock.n_turns - 1)
    defs = [suppressed(d, extra_supp) for d in defenders] if extra_supp else defenders
    return predict(state, attackers, firepowers(state, [a for a, _ in attackers]), idx, defs,
                   firepowers(state, defs), t)


def predict(state: GameState, attackers: list[tuple[Unit, int]], atk_fps: list[float], idx: int,
            defs: list[Unit], def_fps: list[float], t: int) -> Estimate:
    """`predict_assault` on turn `t` by non-empty `attackers` on non-empty `defs` (already suppressed
    by the support), given the `direct_firepower` of each (callers weighing many groups against
    the same defenders work them out once)."""
    atk_fp, def_fp, prot, mult = _factors(state, attackers, atk_fps, idx, defs, def_fps, t)
    rate = state.params["assault.rate"]
    exposure = state.params.get("assault.attacker_exposure_pct", 100) / 100.0  # newer rules expose attackers
    def_loss, atk_loss = atk_fp * rate / prot, def_fp * rate * mult * exposure
    odds = atk_fp / max(1.0, def_fp * prot * mult)
    rout = state.params.i("morale.rout_below")
    left = [d2 for d2 in bleed(state, defs, def_loss) if d2.morale >= rout]
    if not left:
        return Estimate(odds, 100, def_loss, atk_loss)
    bled = bleed(state, [a for a, _ in attackers], atk_loss)
    atk2 = [(a2, h) for a2, (_, h) in zip(bled, attackers, strict=True)]
    a2_fp, d2_fp, prot2, mult2 = _factors(state, atk2, firepowers(state, bled), idx, left, firepowers(state, left), t)
    odds2 = a2_fp / max(1.0, d2_fp * prot2 * mult2)
    bonus = sum(d.suppression for d in left) // (4 * len(left))
    return Estimate(odds2, min(100, chance_of(state, odds2) + bonus), def_loss, atk_loss)


def bleed(state: GameState, units: list[Unit], loss: float) -> list[Unit]:
    """Copies of `units` after sharing `loss` men by strength, as `casualties.inflict` expects."""
    p = state.params
    tank_rate, morale_rate = p["tanks.loss_per_pct"], p["morale.loss_per_pct"]
    supp_rate = p.i("fire.suppression_per_pct")
    total = sum(u.men for u in units) or 1
    out = []
    for u in units:
        c = u.copy()
        lost = min(float(c.men), loss * u.men / total)
        frac = lost / max(1, c.men)
        pct = int(100 * lost) // max(1, c.men)
        c.men = max(0, round(c.men - lost))
        c.rifles -= round(c.rifles * frac)
        c.lmg -= round(c.lmg * frac)
        c.hmg -= round(c.hmg * frac)
        c.atr -= round(c.atr * frac)
        if c.tanks:
            c.tanks = {k: n - round(n * min(1.0, frac * tank_rate)) for k, n in sorted(c.tanks.items())}
        if c.guns:
            c.guns = {k: n - round(n * frac) for k, n in sorted(c.guns.items())}
        c.morale = max(0, c.morale - int(pct * morale_rate))
        c.suppression = min(100, c.suppression + pct * supp_rate)
        out.append(c)
    return out


def bombard_effect(state: GameState, kg: float, men: int, men_start: int, observed: bool, barrage: bool,
                   idx: int, targets: list[Unit]) -> float:
    """Expected men hit by one fire mission of `kg` from a battery of `men`, on the units in `idx`."""
    mission = Missions.of(state).strength(kg, math.sqrt(men / max(1, men_start)), observed, barrage)
    return effect_on(mission, exposure(state, idx, targets, state.params.i("artillery.entrench_pct")))


@dataclass(frozen=True, slots=True)
class Missions:
    """The rule parameters of a fire mission's weight (`bombard_effect`), read once."""

    rate: float
    unobserved: float
    barrage: float

    @staticmethod
    def of(state: GameState) -> Missions:
        p = state.params
        return Missions(p["artillery.rate"], p.i("artillery.unobserved_pct") / 100.0,
                        p.i("artillery.barrage_pct") / 100.0)

    def strength(self, kg: float, crews: float, observed: bool, barrage: bool) -> float:
        """The weight of a mission of `kg` from a battery with `crews` = sqrt(men / men at the start),
        before the targets' numbers and cover."""
        e = kg * crews * self.rate
        if not observed:
            e *= self.unobserved
        if barrage:
            e *= self.barrage
        return e


def exposure(state: GameState, idx: int, targets: list[Unit], entrench_pct: int) -> list[tuple[float, float]]:
    """Per target unit in hex `idx`: the square-root share of its men and its protection."""
    return [(math.sqrt(max(0, t.men) / 500.0), protection(state, idx, t.entrench, entrench_pct)) for t in targets]


def effect_on(e: float, targets: list[tuple[float, float]]) -> float:
    """Expected men hit by a mission of weight `e` on targets as `exposure` gives them."""
    total = 0.0
    for share, prot in targets:
        total += e * share / prot
    return total


def air_effect(state: GameState, kg: float, idx: int, targets: list[Unit]) -> float:
    """Expected men hit by `kg` of bombs on the units in hex `idx`."""
    p = state.params
    total = 0.0
    for t in targets:
        prot = protection(state, idx, t.entrench, p.i("air.entrench_pct"))
        total += kg * p["air.rate"] * math.sqrt(max(0, t.men) / 500.0) / prot
    return total
