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
    p = state.params
    m = state.scenario.map
    entrench = max(d.entrench for d in defenders)
    tanks = any(a.tank_count for a, _ in attackers)
    relief = p.i("assault.tank_wire_pct") / 100.0 if tanks else 0.0
    wire = 1.0 + state.wire.get(idx, 0) * p.i("assault.wire_pct") / 100.0 * (1.0 - relief)
    climb = int(m.elevation[idx]) - min(int(m.elevation[h]) for _, h in attackers)
    climb_mult = 1.0 + max(0, climb) * p.i("assault.climb_pct_per_50m") / 5000.0
    night = 1.0 if state.scenario.clock.daylight[t] else p.i("assault.night_pct") / 100.0
    attack_fp = sum(direct_firepower(state, a) for a, _ in attackers)
    defence_fp = sum(direct_firepower(state, d) for d in defenders) * night
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
    atk_fp, def_fp, prot, mult = factors(state, attackers, idx, defs, t)
    rate = state.params["assault.rate"]
    exposure = state.params.get("assault.attacker_exposure_pct", 100) / 100.0  # newer rules expose attackers
    def_loss, atk_loss = atk_fp * rate / prot, def_fp * rate * mult * exposure
    odds = atk_fp / max(1.0, def_fp * prot * mult)
    left = [d2 for d2 in bleed(state, defs, def_loss) if d2.morale >= state.params.i("morale.rout_below")]
    if not left:
        return Estimate(odds, 100, def_loss, atk_loss)
    atk2 = [(a2, h) for a2, (_, h) in zip(bleed(state, [a for a, _ in attackers], atk_loss), attackers, strict=True)]
    a2_fp, d2_fp, prot2, mult2 = factors(state, atk2, idx, left, t)
    odds2 = a2_fp / max(1.0, d2_fp * prot2 * mult2)
    bonus = sum(d.suppression for d in left) // (4 * len(left))
    return Estimate(odds2, min(100, chance_of(state, odds2) + bonus), def_loss, atk_loss)


def bleed(state: GameState, units: list[Unit], loss: float) -> list[Unit]:
    """Copies of `units` after sharing `loss` men by strength, as `casualties.inflict` expects."""
    p = state.params
    total = sum(u.men for u in units) or 1
    out = []
    for u in units:
        c = u.copy()
        lost = min(float(c.men), loss * u.men / total)
        frac = lost / max(1, c.men)
        pct = int(100 * lost) // max(1, c.men)
        c.men = max(0, round(c.men - lost))
        for attr in ("rifles", "lmg", "hmg", "atr"):
            setattr(c, attr, getattr(c, attr) - round(getattr(c, attr) * frac))
        c.tanks = {k: n - round(n * min(1.0, frac * p["tanks.loss_per_pct"])) for k, n in sorted(c.tanks.items())}
        c.guns = {k: n - round(n * frac) for k, n in sorted(c.guns.items())}
        c.morale = max(0, c.morale - int(pct * p["morale.loss_per_pct"]))
        c.suppression = min(100, c.suppression + pct * p.i("fire.suppression_per_pct"))
        out.append(c)
    return out


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
