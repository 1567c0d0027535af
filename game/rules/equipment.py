"""Equipment losses: hit vehicles and guns are knocked out or destroyed; knocked-out ones come
back after a repair time if their side holds the field.

The rule, precisely:
- A hit tank or gun is destroyed with probability `equipment.<tanks|guns>.destroyed_pct`,
  otherwise knocked out. Either way it leaves its unit at once.
- A knocked-out one lies in the hex where its unit was hit. At the end of every phase, each one
  lying in a hex the enemy occupies is lost for good (the enemy holds the field); each one whose
  repair time (`repair_turns` after the hit) has run out goes back to its unit, or is counted
  repaired if the unit is gone.
- At the end of the game the ones still under repair count as repaired (the last phase end has
  already taken those in enemy hands).
- `damaged` counts every knock-out once (including those later lost); `destroyed` counts those
  destroyed outright plus those lost with the field. A vehicle is counted in the category its
  kind's `counts_as` names (scenario `vehicle_kinds:`; tanks when its model has no type); hit
  and repair odds follow what it is carried as (`weapons.tanks`). Aircraft: see `game.rules.air`.
- When a unit loses the share f of its men, each vehicle it carries is hit (knocked out or
  destroyed) with chance min(1, f * `tanks.loss_per_pct` * v), v its kind's `vulnerability`
  (1.0 for a tank and for a model without a type); each gun with chance
  min(1, f * `equipment.guns.hit_pct` / 100).
"""

from __future__ import annotations

from game.core.events import EquipmentKnockedOut, EquipmentLost, EquipmentRepaired, Event
from game.core.rng import binomial_quantile
from game.core.state import GameState
from game.core.units import Unit

CATEGORIES: tuple[str, str] = ("tanks", "guns")
Hit = tuple[str, str, int, float]  # category, model, how many hit, the uniform that splits them


def equipment_models(unit: Unit) -> list[tuple[str, str]]:
    """(category, model) of everything the unit carries that can be hit, in a fixed order."""
    return [("tanks", m) for m in sorted(unit.tanks)] + [("guns", c) for c in sorted(unit.guns)]


def counted_as(state: GameState, cat: str, model: str) -> str:
    """The category (tanks, guns) a hit `model` carried as `cat` is counted in: a vehicle's kind says."""
    if cat != "tanks":
        return cat
    kind = state.scenario.tank_kinds.get(model)
    return kind.counts_as if kind is not None else cat


def vulnerability(state: GameState, model: str) -> float:
    """How much likelier than a tank a vehicle of `model` is to be knocked out by a hit on its unit."""
    kind = state.scenario.tank_kinds.get(model)
    return kind.vulnerability if kind is not None else 1.0


def hit_equipment(state: GameState, unit: Unit, frac: float, u: list[float]) -> list[Event]:
    """Vehicles and guns hit when a unit loses the share `frac` of its men; `u` holds two
    uniforms per entry of `equipment_models(unit)` (how many are hit, how many destroyed)."""
    p = state.params
    tank_pr = frac * p["tanks.loss_per_pct"]
    gun_pr = min(1.0, frac * p.i("equipment.guns.hit_pct") / 100.0)
    hits: list[Hit] = []
    for i, (cat, model) in enumerate(equipment_models(unit)):
        have = unit.tanks if cat == "tanks" else unit.guns
        chance = gun_pr if cat == "guns" else min(1.0, tank_pr * vulnerability(state, model))
        hits.append((cat, model, binomial_quantile(u[2 * i], have[model], chance), u[2 * i + 1]))
    return knock_out(state, unit, hits)


def knock_out(state: GameState, unit: Unit, hits: list[Hit]) -> list[Event]:
    """Split hits into destroyed and knocked out, take them from the unit, queue the repairs."""
    p = state.params
    idx = state.hex_index(unit)
    lost = {"tanks": 0, "guns": 0}
    out = {"tanks": 0, "guns": 0}
    for cat, model, k, u in hits:
        have = unit.tanks if cat == "tanks" else unit.guns
        k = min(k, have.get(model, 0))
        if k <= 0:
            continue
        d = binomial_quantile(u, k, p.i(f"equipment.{cat}.destroyed_pct") / 100.0)
        have[model] -= k
        counted = counted_as(state, cat, model)
        lost[counted] += d
        out[counted] += k - d
        if k - d:
            ready = state.turn + p.i(f"equipment.{cat}.repair_turns")
            state.repairs.append((ready, unit.side, unit.id, idx, cat, model, k - d))
    tally = state.equipment[unit.side]
    for cat in CATEGORIES:
        tally[cat]["destroyed"] += lost[cat]
        tally[cat]["damaged"] += out[cat]
    state.version += 1
    events: list[Event] = []
    if lost["guns"] or lost["tanks"]:
        events.append(EquipmentLost(unit.id, unit.side, lost["guns"], lost["tanks"]))
    if out["guns"] or out["tanks"]:
        events.append(EquipmentKnockedOut(unit.id, unit.side, out["guns"], out["tanks"]))
    return events


def settle_repairs(state: GameState, final: bool = False) -> list[Event]:
    """End of a phase: knocked-out equipment in enemy hands is lost, repaired equipment returns."""
    if not state.repairs:
        return []
    events: list[Event] = []
    keep: list[tuple[int, str, str, int, str, str, int]] = []
    for entry in state.repairs:
        ready, side, uid, idx, cat, model, n = entry
        counted = counted_as(state, cat, model)
        guns, tanks = (n, 0) if counted == "guns" else (0, n)
        if state.side_at(idx) == state.scenario.other(side):
            state.equipment[side][counted]["destroyed"] += n
            events.append(EquipmentLost(uid, side, guns, tanks))
        elif final or state.turn >= ready:
            unit = state.units[uid]
            if unit.alive:
                have = unit.tanks if cat == "tanks" else unit.guns
                have[model] = have.get(model, 0) + n
            events.append(EquipmentRepaired(uid, side, guns, tanks))
        else:
            keep.append(entry)
    if len(keep) != len(state.repairs):
        state.repairs = keep
        state.version += 1
    return events
