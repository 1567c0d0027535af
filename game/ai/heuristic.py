"""A first heuristic operational AI: hold what you own, take what you do not.

Each phase it sorts objectives by value, leaves garrisons on its own objectives to dig in,
sends the rest of its manoeuvre units at the nearest objective it does not hold, refuses
assaults whose chance is below its threshold (it concentrates instead), fires its artillery
at enemies on or next to the objectives (barrages when its infantry is in contact), and sends
aircraft at the strongest enemy stack on the most valuable objective it is attacking.
"""

from __future__ import annotations

import numpy as np

from game.ai.taskplayer import Orders, Task, TaskPlayer
from game.core.state import GameState
from game.rules.movement import static_distance

LEVELS = {"easy": 0, "normal": 15, "hard": 25}


class HeuristicAI(TaskPlayer):
    name = "ai"

    def __init__(self, side: str, rng: np.random.Generator, level: str = "normal") -> None:
        super().__init__(side)
        self.rng = rng
        self.level = level
        self.min_chance = LEVELS[level]
        self.garrison = 2

    def assign(self, state: GameState) -> Orders:
        out = Orders()
        m = state.scenario.map
        objs = sorted(state.scenario.objectives, key=lambda o: (-o.points, o.name))
        mine = [o for o in objs if state.control.get(o.name) == self.side]
        targets = [o for o in objs if state.control.get(o.name) != self.side]
        units = state.live_units(self.side)
        taken: set[str] = set()
        for o in mine:
            inside = [u for u in units if m.index[u.hex] in o.area and u.kind not in ("artillery",)]
            for u in inside[: self.garrison]:
                out.units[u.id] = Task("hold", o.hex)
                taken.add(u.id)
        attackers = tuple(u.id for u in units if u.id not in taken and u.kind not in ("artillery", "headquarters"))
        goals = targets or mine
        for u in units:
            if u.id in taken or not goals:
                continue
            here = m.index[u.hex]
            goal = min(goals, key=lambda o: (static_distance(state, m.index[o.hex], u.type.vehicles)[here], o.name))
            if u.kind == "artillery":
                in_contact = any(
                    state.units[a].hex.distance(goal.hex) <= 2 for a in attackers if state.units[a].alive
                )
                out.units[u.id] = Task("bombard", goal.hex, barrage=in_contact)
            elif targets:
                out.units[u.id] = Task("attack", goal.hex, group=attackers, min_chance=self.min_chance)
            else:
                out.units[u.id] = Task("hold", goal.hex)
        if targets:
            kinds = state.scenario.air_types[self.side]
            cap = state.params.i("air.max_sorties_per_strike")
            out.air.append((targets[0].hex, {k: cap for k in sorted(kinds)}))
        return out
