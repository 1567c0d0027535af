"""Tunable rule parameters: the names, types and ranges a scenario's `rules:` block must give.

Every value lives in scenario data (scenarios/common/rules_1938.yaml explains each choice);
the rules read them through `Params`, a flat mapping from dotted key to number.
"""

from __future__ import annotations

from typing import Any

# (dotted key, type, minimum, maximum)
RULE_SPEC: tuple[tuple[str, type, float, float], ...] = (
    ("stacking_max_units", int, 1, 20),
    ("move.night_pct", int, 10, 100),
    ("move.fog_pct", int, 10, 100),
    ("move.zoc_leave_cost", int, 0, 30),
    ("observe.night_pct", int, 0, 100),
    ("observe.fog_pct", int, 0, 100),
    ("observe.height_step_m", int, 1, 1000),
    ("observe.obstacle_m", int, 0, 100),
    ("fire.range", int, 1, 6),
    ("fire.fp_rifle", float, 0, 100),
    ("fire.fp_lmg", float, 0, 100),
    ("fire.fp_hmg", float, 0, 100),
    ("fire.fp_atr", float, 0, 100),
    ("fire.fp_direct_gun", float, 0, 200),
    ("fire.fp_tank", float, 0, 200),
    ("fire.rate", float, 0, 1),
    ("fire.night_pct", int, 0, 100),
    ("fire.fog_pct", int, 0, 100),
    ("fire.uphill_pct", int, 0, 100),
    ("fire.entrench_pct", int, 0, 200),
    ("fire.suppression_per_pct", int, 0, 50),
    ("assault.rate", float, 0, 1),
    ("assault.attacker_exposure_pct", int, 0, 1000),
    ("assault.wire_pct", int, 0, 500),
    ("assault.tank_wire_pct", int, 0, 100),
    ("assault.climb_pct_per_50m", int, 0, 200),
    ("assault.surrender_pct", int, 0, 100),
    ("assault.night_pct", int, 0, 200),
    ("artillery.rate", float, 0, 1),
    ("artillery.unobserved_pct", int, 0, 100),
    ("artillery.barrage_ammo", int, 1, 10),
    ("artillery.barrage_pct", int, 0, 500),
    ("artillery.barrage_suppression", int, 0, 100),
    ("artillery.fire_suppression", int, 0, 100),
    ("artillery.entrench_pct", int, 0, 200),
    ("artillery.counter_battery_rate", float, 0, 1),
    ("air.rate", float, 0, 1),
    ("air.suppression", int, 0, 100),
    ("air.morale", int, 0, 100),
    ("air.loss_per_1000", float, 0, 1000),
    ("air.entrench_pct", int, 0, 200),
    ("air.max_sorties_per_strike", int, 1, 1000),
    ("morale.loss_per_pct", float, 0, 20),
    ("morale.rout_below", int, 0, 100),
    ("morale.recover", int, 0, 100),
    ("morale.rout_retreat", int, 1, 10),
    ("suppression.recover", int, 0, 100),
    ("suppression.effect_pct", int, 0, 100),
    ("entrench.per_turn", int, 0, 5),
    ("entrench.dig", int, 0, 5),
    ("entrench.wire_at", int, 0, 6),
    ("entrench.wire_max", int, 0, 5),
    ("tanks.loss_per_pct", float, 0, 10),
    ("equipment.tanks.destroyed_pct", int, 0, 100),
    ("equipment.tanks.repair_turns", int, 0, 200),
    ("equipment.guns.hit_pct", int, 0, 500),
    ("equipment.guns.destroyed_pct", int, 0, 100),
    ("equipment.guns.repair_turns", int, 0, 200),
    ("equipment.aircraft.aa_hits_per_gun_per_1000", float, 0, 1000),
    ("equipment.aircraft.destroyed_pct", int, 0, 100),
    ("casualties.{side}.killed", int, 0, 100),
    ("casualties.{side}.wounded", int, 0, 100),
    ("casualties.{side}.missing", int, 0, 100),
)

RULE_KEYS = frozenset(k for k, *_ in RULE_SPEC)


def rule_spec(sides: tuple[str, ...]) -> tuple[tuple[str, type, float, float], ...]:
    """RULE_SPEC with the `{side}` entries (kept last) repeated for each of the scenario's sides."""
    plain = tuple(r for r in RULE_SPEC if "{side}" not in r[0])
    per_side = [r for r in RULE_SPEC if "{side}" in r[0]]
    return plain + tuple((k.format(side=s), t, lo, hi) for s in sides for k, t, lo, hi in per_side)


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        else:
            out[key] = v
    return out


class Params(dict[str, float]):
    """Flat rule parameters plus the assault odds table and the border rule."""

    odds: list[tuple[float, int]]
    border: dict[str, Any]

    @staticmethod
    def build(rules: dict[str, Any], sides: tuple[str, ...]) -> Params:
        flat = flatten({k: v for k, v in rules.items() if k not in ("border", "assault_odds")})
        p = Params({k: (float(flat[k]) if typ is float else int(flat[k])) for k, typ, *_ in rule_spec(sides)})
        p.odds = [(float(o), int(c)) for o, c in rules["assault_odds"]]
        p.border = dict(rules.get("border") or {})
        return p

    def i(self, key: str) -> int:
        return int(self[key])
