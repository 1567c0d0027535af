"""The heuristic operational AI (`ai`, `ai:easy|normal|hard`).

Each phase it looks at what its side knows (enemies in sight and remembered), then:
- garrisons the objectives it holds with enough units to make an assault on them a poor bet,
  and lets them dig in (they fire instead only when that costs the enemy more); in an objective
  the enemy has entered, every unit there stays (it keeps the objective contested) and joins
  only assaults at fair odds;
- in the last turns, when only the final control counts, sends units into the empty hexes of
  the objectives the enemy holds alone, leaving one unit on each smaller objective it holds;
- keeps a reserve behind the most threatened objective it holds, and throws it into a
  counterattack when an objective is lost;
- sends the rest at the objectives it does not hold, most valuable and easiest first; a group
  gathers out of reach and goes in only when the units that can reach the target this phase,
  after the planned barrage and air strike, have a good chance (`ai_combat.predict_assault`),
  and waits a turn when night would clearly improve the odds; hopeless assaults are not made;
- barrages the hexes it is about to storm, spends the rest of the day's shells and sorties on
  the enemy stacks that matter most, and never flies in fog or at night (the rules forbid it).
Its thinking draws only on its own random stream and never changes the game state.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from game.ai import ai_exec
from game.ai.ai_intel import Memory, gather
from game.ai.ai_levels import LEVELS, Level
from game.ai.ai_plan import Plan, Planner
from game.ai.ai_support import plan_air, plan_guns
from game.core.orders import EndPhase, Order
from game.core.state import GameState
from game.rules.knowledge import SideView, order_of_battle
from game.rules.legality import violations

__all__ = ["LEVELS", "HeuristicAI", "Level"]

LOST_TURNS = 12  # how long a lost objective counts as one to win back first


class HeuristicAI:
    name = "ai"

    def __init__(self, side: str, rng: np.random.Generator, level: str = "normal") -> None:
        self.side = side
        self.rng = rng
        self.level: Level = LEVELS[level]
        self.memory = Memory(self.level.memory)
        self.lost: dict[str, int] = {}
        self._held: dict[str, str] = {}
        self._phase: tuple[int, int] = (-1, -1)
        self._orders: Iterator[Order] = iter(())
        self._count = 0
        self.plan = Plan()
        self._view: SideView | None = None

    @property
    def view(self) -> SideView:
        """The view this AI was last handed (what its order generator reads)."""
        if self._view is None:
            raise RuntimeError("the AI has not been asked for an order yet")
        return self._view

    def next_order(self, view: SideView) -> Order:
        """The next order of this phase, worked out from `view` (what the side knows now). An order
        the view allows may still be refused by the engine (something unseen in the way): the
        caller then asks again and the AI goes on with its next order."""
        self._view = view
        key = (view.turn, view.phase)
        if key != self._phase:
            self._phase = key
            self.plan = self.think(view)
            self._orders = ai_exec.orders(self, self.plan)
            self._count = 0
        limit = 8 * len(order_of_battle(view)) + 50
        for order in self._orders:
            self._count += 1
            if self._count > limit:
                break
            if not violations(self.view, order):
                return order
        return EndPhase()

    def think(self, state: SideView) -> Plan:
        """The plan for this phase (reads the state, never changes it)."""
        self.track_losses(state)
        if self.level.memory:
            self.memory.update(state, self.side)
        intel = gather(state, self.side, self.memory if self.level.memory else None)
        planner = Planner(state, self.side, self.level, intel, self.lost)
        plan = planner.build()
        plan_guns(planner)
        plan_air(planner)
        return plan

    def track_losses(self, state: GameState) -> None:
        """Remember objectives we held last phase and hold no longer (to counterattack them)."""
        for o in state.scenario.objectives:
            now = state.control.get(o.name, o.held_by)
            if self._held.get(o.name) == self.side and now != self.side:
                self.lost[o.name] = state.turn
            if now == self.side:
                self.lost.pop(o.name, None)
            self._held[o.name] = now
        for name in sorted(self.lost):
            if state.turn - self.lost[name] > LOST_TURNS:
                del self.lost[name]
