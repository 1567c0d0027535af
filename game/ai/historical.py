"""The historical player: follows the scenario's documented plans by time slot, and falls back
to sensible defaults (shoot what it sees, dig in) for units without a task.
"""

from __future__ import annotations

import numpy as np

from game.ai.taskplayer import Orders, Task, TaskPlayer
from game.core.state import GameState


class HistoricalPlayer(TaskPlayer):
    name = "historical"

    def __init__(self, side: str, rng: np.random.Generator) -> None:
        super().__init__(side)
        self.rng = rng

    def assign(self, state: GameState) -> Orders:
        out = Orders()
        turn = state.turn
        for plan in state.scenario.plans[self.side]:
            if not plan.start <= turn < plan.stop:
                continue
            if plan.task == "air" and plan.target is not None:
                out.air.append((plan.target, dict(plan.sorties)))
                continue
            for uid in plan.units:  # later plan entries override earlier ones
                out.units[uid] = Task(plan.task, plan.target, plan.barrage, plan.units, 0)
        return out
