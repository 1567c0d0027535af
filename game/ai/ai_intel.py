"""What the heuristic AI knows: enemies it sees now, enemies it remembers, and distances.

The AI plans only from what its side could know: its own units, the enemy units it has spotted
(`rules.sight.spotted`), and where it last saw the others (a memory that forgets a sighting when
the hex is seen empty, the unit is reported eliminated, or the sighting grows old). Distances are
border-aware movement costs over the map, cached per scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.core.state import GameState
from game.core.units import Unit
from game.rules.firepower import direct_firepower
from game.rules.knowledge import SideView
from game.rules.movement import UNREACHABLE, DistanceMap, border_active, static_distance
from game.rules.sight import any_sees, spotted

BIG = UNREACHABLE


@dataclass(slots=True)
class Sighting:
    """An enemy unit as last seen (a copy, so later changes are not leaked) and when."""

    unit: Unit
    idx: int
    turn: int


@dataclass(slots=True)
class Memory:
    """Sightings kept from phase to phase by one player."""

    horizon: int
    seen: dict[str, Sighting] = field(default_factory=dict)

    def update(self, state: SideView, side: str) -> None:
        m = state.scenario.map
        now = spotted(state, side)
        for uid in now:
            u = state.units[uid]
            self.seen[uid] = Sighting(u.copy(), m.index[u.hex], state.turn)
        visible = set(now)
        unseen = [uid for uid in sorted(self.seen) if uid not in visible]
        looked = any_sees(state, state.live_units(side), [self.seen[uid].idx for uid in unseen])
        for uid, in_view in zip(unseen, looked, strict=True):
            gone = uid in state.gone  # eliminations are announced to both sides
            old = state.turn - self.seen[uid].turn > self.horizon
            if gone or old or in_view:  # in view but not spotted: it has moved on
                del self.seen[uid]


@dataclass(slots=True)
class Intel:
    """Known enemy stacks by hex index (units as seen) and whether each is in sight now."""

    stacks: dict[int, list[Unit]]
    visible: set[int]
    fp: dict[int, float]

    def hexes(self) -> list[int]:
        return sorted(self.stacks)

    def men(self, idx: int) -> int:
        return sum(u.men for u in self.stacks.get(idx, ()))


def gather(state: GameState, side: str, memory: Memory | None) -> Intel:
    """Known enemy stacks: what is spotted now, plus remembered sightings if a memory is kept."""
    m = state.scenario.map
    stacks: dict[int, list[Unit]] = {}
    visible: set[int] = set()
    for uid in spotted(state, side):
        u = state.units[uid]
        idx = m.index[u.hex]
        stacks.setdefault(idx, []).append(u)
        visible.add(idx)
    seen_ids = {u.id for units in stacks.values() for u in units}
    if memory is not None:
        for uid in sorted(memory.seen):
            s = memory.seen[uid]
            if s.idx in visible or uid in seen_ids or s.unit.side != state.scenario.other(side):
                continue
            stacks.setdefault(s.idx, []).append(s.unit)
    fp = {idx: sum(direct_firepower(state, u) for u in units) for idx, units in stacks.items()}
    return Intel(stacks, visible, fp)


def distance_map(state: GameState, goal: int, vehicles: bool, side: str) -> DistanceMap:
    """Movement cost from every hex to `goal`, ignoring units but keeping out of hexes the border
    rule forbids `side` this turn."""
    return static_distance(state, goal, vehicles, border_active(state, side))
