"""Battle statistics from the steps of a game or record: losses per turn, objective control over
time, and luck (men actually lost against the expectation the rules drew them around).

Expected losses come from each `FireResolved.expected` for direct fire, and from the `expected`
field of `Casualties` events for other causes (the engine emits those only when men were lost, so
luck from artillery, air and assault leans slightly towards "unlucky" when expectations are small).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from game.core import events as ev
from game.core.events import Event
from game.engine.scenario import Scenario


@dataclass(slots=True)
class BattleStats:
    n_turns: int
    losses: dict[str, list[int]] = field(default_factory=dict)  # per turn, men lost by side
    expected: dict[str, list[float]] = field(default_factory=dict)  # per turn, expected losses by side
    killed: dict[str, int] = field(default_factory=dict)
    wounded: dict[str, int] = field(default_factory=dict)
    missing: dict[str, int] = field(default_factory=dict)
    guns: dict[str, int] = field(default_factory=dict)
    tanks: dict[str, int] = field(default_factory=dict)
    aircraft: dict[str, int] = field(default_factory=dict)
    control: dict[str, list[str]] = field(default_factory=dict)  # objective -> holder at the end of each turn
    changes: list[tuple[int, str, str]] = field(default_factory=list)  # (turn, objective, holder)
    last_turn: int = 0
    names: dict[str, str] = field(default_factory=dict)  # side key -> adjective, in the scenario's order

    @property
    def sides(self) -> tuple[str, ...]:
        return tuple(self.names)

    def cumulative(self, side: str) -> list[int]:
        out, total = [], 0
        for x in self.losses[side][: self.last_turn + 1]:
            total += x
            out.append(total)
        return out

    def cumulative_expected(self, side: str) -> list[float]:
        out, total = [], 0.0
        for x in self.expected[side][: self.last_turn + 1]:
            total += x
            out.append(total)
        return out

    def luck(self, side: str) -> float:
        """Actual over expected men lost by `side` (1.0 is par; below 1 the side was lucky)."""
        exp = sum(self.expected[side])
        return sum(self.losses[side]) / exp if exp > 0 else 1.0

    def total(self, side: str) -> int:
        return self.killed[side] + self.wounded[side] + self.missing[side]


def compute(scen: Scenario, steps: Iterable[tuple[int, Sequence[Event]]]) -> BattleStats:
    n = scen.clock.n_turns
    st = BattleStats(n, names={s.key: s.adjective for s in scen.sides})
    for s in st.sides:
        st.losses[s] = [0] * n
        st.expected[s] = [0.0] * n
        for d in (st.killed, st.wounded, st.missing, st.guns, st.tanks, st.aircraft):
            d[s] = 0
    holders = {o.name: o.held_by for o in scen.objectives}
    per_turn: dict[int, dict[str, str]] = {}
    side_of = {u.id: u.side for u in scen.units}
    last = 0
    for turn, events in steps:
        t = max(0, min(n - 1, turn))
        last = max(last, t)
        fire_targets: set[str] = set()
        for e in events:
            if isinstance(e, ev.FireResolved):
                side = side_of.get(e.target, "")
                if side in st.expected:
                    st.expected[side][t] += e.expected
                    fire_targets.add(e.target)
            elif isinstance(e, ev.Casualties):
                lost = e.killed + e.wounded + e.missing
                st.losses[e.side][t] += lost
                st.killed[e.side] += e.killed
                st.wounded[e.side] += e.wounded
                st.missing[e.side] += e.missing
                if not (e.cause == "fire" and e.unit in fire_targets):
                    st.expected[e.side][t] += e.expected
            elif isinstance(e, ev.EquipmentLost):
                st.guns[e.side] += e.guns
                st.tanks[e.side] += e.tanks
            elif isinstance(e, ev.AircraftLost):
                st.aircraft[e.side] += e.count
            elif isinstance(e, ev.ControlChanged):
                holders[e.objective] = e.holder
                st.changes.append((t, e.objective, e.holder))
            elif isinstance(e, ev.TurnStarted):
                last = max(last, min(n - 1, e.turn))
        per_turn[t] = dict(holders)
    st.last_turn = last
    current = {o.name: o.held_by for o in scen.objectives}
    for o in scen.objectives:
        st.control[o.name] = []
    for t in range(n):
        if t in per_turn:
            current = per_turn[t]
        for o in scen.objectives:
            st.control[o.name].append(current.get(o.name, o.held_by))
    return st
