"""What a click would do: reachable hexes, targets for the current order mode, the path and its
cost under the mouse, and the order (with its expected-result preview) a click would give.
Pure logic over the game state, no pygame, so it is easy to test and cheap to cache.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.hexgrid import Hex
from game.core.orders import Fire, Move, Order
from game.core.state import GameState
from game.core.units import Unit
from game.rules.air import can_fly, sorties_left
from game.rules.artillery import in_range_weight, indirect_guns
from game.rules.fire import expected_fire
from game.rules.legality import may_assault, violations
from game.rules.movement import enemy_zoc, path_to, reachable
from game.ui.fogview import seen_enemies
from game.ui.preview import Preview, air_preview, assault_preview, bombard_preview, fire_preview

MODES = ("auto", "move", "fire", "assault", "bombard", "barrage", "air")


@dataclass(slots=True)
class Intent:
    """The result of pointing at a hex: what a click does there and what to show meanwhile."""

    order: Order | None = None
    preview: Preview | None = None
    path: list[int] | None = None
    path_label: str = ""
    hint: str = ""


def seen_by(state: GameState, side: str) -> list[str]:
    """Enemy units `side` has spotted; once the game is over the fog lifts (every enemy is shown)."""
    return seen_enemies(state, side)


def can_act(state: GameState, u: Unit) -> bool:
    return u.alive and u.side == state.side and not u.acted and not state.over


def reach_of(state: GameState, u: Unit) -> dict[int, int]:
    if not can_act(state, u) or u.mp_left <= 0:
        return {}
    cost, _ = reachable(state, u)
    here = state.scenario.map.index[u.hex]
    return {i: c for i, c in cost.items() if i != here}


def targets_of(state: GameState, u: Unit | None, mode: str, seen: list[str]) -> set[int]:
    """Hex indices worth highlighting as targets of `mode` for `u` (spotted enemies only)."""
    m = state.scenario.map
    out: set[int] = set()
    if mode == "air":
        return {m.index[state.units[e].hex] for e in seen} if not state.over and can_fly(state) else set()
    if u is None or not can_act(state, u):
        return out
    enemies = [state.units[e] for e in seen]
    rng = state.params.i("fire.range")
    guns = bool(indirect_guns(state, u))
    for e in enemies:
        idx = m.index[e.hex]
        d = u.hex.distance(e.hex)
        if mode in ("auto", "assault") and may_assault(u, e.hex):
            from game.core.orders import Assault

            if not violations(state, Assault((u.id,), e.hex)):
                out.add(idx)
                continue
        if mode in ("auto", "fire") and d <= rng and not violations(state, Fire(u.id, e.id)):
            out.add(idx)
            continue
        if mode in ("auto", "bombard", "barrage") and guns and in_range_weight(state, u, idx) > 0:
            from game.core.orders import Bombard

            if not violations(state, Bombard(u.id, e.hex, mode == "barrage")):
                out.add(idx)
    return out


def best_fire_target(state: GameState, u: Unit, idx: int, seen: set[str]) -> Unit | None:
    best: tuple[float, str] | None = None
    for t in state.units_at(idx):
        if t.side == u.side or t.id not in seen or violations(state, Fire(u.id, t.id)):
            continue
        key = (expected_fire(state, u.id, t.id), t.id)
        if best is None or key > best:
            best = key
    return state.units[best[1]] if best else None


def assault_group(state: GameState, u: Unit, target: Hex, group: set[str]) -> list[Unit]:
    """The selected unit and every group member that can join an assault on `target`."""
    out = [u]
    for uid in sorted(group):
        o = state.units.get(uid)
        if (o and o.id != u.id and can_act(state, o) and o.hex.distance(target) == 1 and o.traits.may_assault
                and (o.mp_left > 0 or o.moved)):
            out.append(o)
    return out


def intent_at(state: GameState, u: Unit | None, mode: str, h: Hex, seen: list[str], group: set[str],
              shift: bool = False, air: tuple[str, int] | None = None) -> Intent:
    """What pointing at hex `h` means for the selected unit `u` in `mode`."""
    m = state.scenario.map
    if h not in m.index:
        return Intent()
    idx = m.index[h]
    seen_set = set(seen)
    if mode == "air":
        if air is None:
            return Intent(hint="no aircraft")
        pv = air_preview(state, air[0], air[1], h, seen_set)
        return Intent(pv.order if pv.legal else None, pv, hint="Click: send the strike" if pv.legal else "")
    if u is None or not can_act(state, u):
        return Intent()
    enemy_here = [t for t in state.units_at(idx) if t.side != u.side and t.id in seen_set]
    if enemy_here:
        d = u.hex.distance(h)
        if mode in ("auto", "assault") and d == 1 and u.traits.may_assault:
            pv = assault_preview(state, assault_group(state, u, h, group), h)
            if pv.legal or mode == "assault":
                alt = "  (F: fire instead)" if mode == "auto" else ""
                return Intent(pv.order if pv.legal else None, pv, hint=f"Click: ASSAULT{alt}" if pv.legal else "")
        if (mode in ("auto", "fire") and not indirect_guns(state, u)) or mode == "fire":
            t = best_fire_target(state, u, idx, seen_set)
            if t is not None:
                pv = fire_preview(state, u, t)
                return Intent(pv.order, pv, hint="Click: FIRE")
            if mode == "fire":
                pv = fire_preview(state, u, enemy_here[0])
                return Intent(None, pv)
    if mode in ("auto", "bombard", "barrage") and indirect_guns(state, u) and (enemy_here or mode != "auto"):
        barrage = mode == "barrage" or shift
        pv = bombard_preview(state, u, h, barrage, seen_set)
        what = "BARRAGE" if barrage else "FIRE MISSION"
        extra = "  (Shift: barrage)" if not barrage else ""
        return Intent(pv.order if pv.legal else None, pv, hint=f"Click: {what}{extra}" if pv.legal else "")
    if mode in ("auto", "move") and u.mp_left > 0:
        cost, prev = reachable(state, u)
        start = m.index[u.hex]
        if idx in cost and idx != start:
            path = path_to(prev, start, idx)
            left = u.mp_left - cost[idx]
            label = f"{cost[idx]} MP ({left} left)"
            if idx in enemy_zoc(state, u.side):
                label += ", enemy contact: stops"
            return Intent(Move(u.id, h), None, path, label, "Click: move here")
    return Intent()


def air_types(state: GameState) -> list[tuple[str, int]]:
    side = state.side
    return [(k, sorties_left(state, side, k)) for k in sorted(state.scenario.air_types[side])]


def ready_units(state: GameState, side: str) -> list[Unit]:
    """Units of `side` that can still do something this phase, in a stable order."""
    return [u for u in state.live_units(side) if not u.acted and (u.mp_left > 0 or not u.moved)]
