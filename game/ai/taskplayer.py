"""A player that, at the start of each of its phases, gives every unit a task and then turns
tasks into orders one at a time (air first, then artillery, movement, assaults, the rest).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.ai import tasks as t
from game.core.hexgrid import Hex
from game.core.orders import AirStrike, EndPhase, Order
from game.core.state import GameState
from game.rules.knowledge import SideView, order_of_battle
from game.rules.legality import violations


@dataclass(frozen=True, slots=True)
class Task:
    task: str  # attack | move | hold | withdraw | bombard
    goal: Hex | None
    barrage: bool = False
    group: tuple[str, ...] = ()
    min_chance: int = 0


@dataclass(slots=True)
class Orders:
    """What a player wants this phase: unit tasks and air strikes (goal, sorties by type)."""

    units: dict[str, Task] = field(default_factory=dict)
    air: list[tuple[Hex, dict[str, int]]] = field(default_factory=list)


class TaskPlayer:
    """Subclasses implement `assign(state)`; this class sequences the orders."""

    name = "tasks"

    def __init__(self, side: str) -> None:
        self.side = side
        self._phase: tuple[int, int] = (-1, -1)
        self._queue: list[tuple[str, str]] = []
        self._plan = Orders()
        self._air_left: list[dict[str, int]] = []
        self._count = 0

    def assign(self, state: GameState) -> Orders:
        raise NotImplementedError

    def next_order(self, view: SideView) -> Order:
        state = view
        key = (state.turn, state.phase)
        if key != self._phase:
            self._phase = key
            self._plan = self.assign(state)
            self._air_left = [dict(wanted) for _, wanted in self._plan.air]
            self._queue = self._build_queue(state)
            self._count = 0
        while self._queue:
            self._count += 1
            if self._count > 6 * len(order_of_battle(state)) + 50:
                break
            stage, uid = self._queue.pop(0)
            order = self._order_for(state, stage, uid)
            if order is not None and not violations(state, order):
                if stage in ("air",):
                    self._queue.insert(0, (stage, uid))  # keep striking until nothing is left
                return order
        return EndPhase()

    def _build_queue(self, state: GameState) -> list[tuple[str, str]]:
        ids = [u.id for u in state.live_units(self.side)]
        tasks = self._plan.units
        q: list[tuple[str, str]] = [("air", str(i)) for i in range(len(self._plan.air))]
        q += [("bombard", u) for u in ids if u in tasks and tasks[u].task == "bombard"]
        q += [("move", u) for u in ids if u in tasks and tasks[u].task != "bombard"]
        q += [("assault", u) for u in ids if u in tasks and tasks[u].task == "attack"]
        q += [("default", u) for u in ids]
        return q

    def _order_for(self, state: GameState, stage: str, uid: str) -> Order | None:
        if stage == "air":
            goal, _ = self._plan.air[int(uid)]
            left = self._air_left[int(uid)]
            order = t.air_order(state, self.side, goal, left)
            if isinstance(order, AirStrike):  # a task's sorties are what it flies this phase, in all
                left[order.aircraft] -= order.sorties
            return order
        u = state.units.get(uid)
        if u is None or not u.alive or u.acted:
            return None
        task = self._plan.units.get(uid)
        if stage == "default":
            return None if u.moved else t.default_order(state, u)
        if task is None:
            return None
        if stage == "bombard":
            return t.bombard_order(state, u, task.goal, task.barrage)
        if task.task == "attack" and task.goal is not None:
            return t.attack_order(state, u, task.goal, task.group, task.min_chance)
        if stage != "move" or task.goal is None:
            return None
        if task.task in ("move", "withdraw"):
            return t.move_towards(state, u, task.goal) if u.hex != task.goal else None
        if task.task == "hold":
            return t.hold_order(state, u, task.goal)
        return None
