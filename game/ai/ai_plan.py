"""The operational plan of one phase: who garrisons which objective, which objective is attacked
and by whom, whether the attack goes in now or gathers first, and who stays in reserve.

A `Planner` is built at the start of a side's phase from what the side knows (`ai_intel.Intel`)
and returns a `Plan` of moves and planned assaults; `ai_support` then adds artillery and air.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from game.ai.ai_combat import Estimate, firepowers, predict, predict_assault, suppressed
from game.ai.ai_intel import BIG, Intel, distance_map
from game.ai.ai_levels import Level
from game.core.hexgrid import Hex
from game.core.state import GameState
from game.core.units import Unit
from game.engine.scenario import Objective
from game.rules.air import can_fly, sorties_left
from game.rules.artillery import indirect_guns
from game.rules.firepower import direct_firepower, protection
from game.rules.movement import DistanceMap, border_active, border_forbids, coordinates, reach_costs
from game.rules.victory import points

ENDGAME_TURNS = 5  # turns before the end when contesting an objective is worth any risk
CONTESTERS = 3  # most units sent at the end into the empty hexes of one enemy-held objective


@dataclass(slots=True)
class Strike:
    """A planned assault on hex `target` by `units`, with the support it counted on."""

    target: int
    units: tuple[str, ...]
    estimate: Estimate
    batteries: tuple[str, ...] = ()


@dataclass(slots=True)
class Plan:
    roles: dict[str, str] = field(default_factory=dict)
    moves: list[tuple[str, int]] = field(default_factory=list)
    strikes: list[Strike] = field(default_factory=list)
    bombard: list[tuple[str, int, bool]] = field(default_factory=list)
    air: list[tuple[int, str, int]] = field(default_factory=list)
    threshold: int = 0
    aims: dict[str, int] = field(default_factory=dict)  # unit -> hex of the enemy it is set against
    waiting: list[int] = field(default_factory=list)  # aims whose groups gather this phase


@dataclass(slots=True)
class ObjInfo:
    obj: Objective
    ctrl: str
    mine: list[Unit]
    enemy: list[int]  # known enemy stack hexes inside the area
    threat: float
    legal: list[int]  # area hexes this side may enter


class Planner:
    """Builds a `Plan` for one phase; holds per-phase caches (reach, stacking room)."""

    def __init__(self, state: GameState, side: str, level: Level, intel: Intel, lost: dict[str, int]) -> None:
        self.state, self.side, self.level, self.intel, self.lost = state, side, level, intel, lost
        self.m = state.scenario.map
        self.cap = state.params.i("stacking_max_units")
        self.plan = Plan()
        self._reach: dict[str, Mapping[int, int]] = {}
        self._arrive: dict[int, int] = {}
        self._exposed: dict[int, list[bool]] = {}
        self._dmaps: dict[tuple[int, bool], DistanceMap] = {}
        self._fp: dict[str, float] = {}
        self._here: dict[str, int] = {}
        self._within: dict[tuple[int, int], frozenset[int]] = {}
        self._full: set[int] | None = None
        self._batteries: dict[str, tuple[int, int, list[tuple[int, float]]]] = {}  # q, r, (range, kg) per calibre
        self._threats = sorted(intel.fp.items())
        self._resistance: dict[str, float] = {}  # objective -> `resistance` (the state is fixed while planning)
        self.units = state.live_units(side)
        self.free = [u for u in self.units if u.traits.may_assault]
        self.guns = [u for u in self.units if u.guns and indirect_guns(state, u)]

    # -- helpers ---------------------------------------------------------------------------
    def reach(self, u: Unit) -> Mapping[int, int]:
        r = self._reach.get(u.id)
        if r is None:
            r = reach_costs(self.state, u) if u.mp_left > 0 and not u.acted else {self.here(u): 0}
            self._reach[u.id] = r
        return r

    def fp(self, u: Unit) -> float:
        """`direct_firepower` of one of our units (memoised: the state does not change while planning)."""
        f = self._fp.get(u.id)
        if f is None:
            f = self._fp[u.id] = direct_firepower(self.state, u)
        return f

    def kg(self, g: Unit, idx: int) -> float:
        """`in_range_weight(state, g, idx)`: the shells of our battery's indirect guns whose range
        reaches hex `idx` (the guns read once per phase; a test pins this to the rules)."""
        return self.kgs(g, [idx])[0]

    def kgs(self, g: Unit, hexes: list[int]) -> list[float]:
        """`kg` of battery `g` on each of `hexes`."""
        bat = self._batteries.get(g.id)
        if bat is None:
            cal = self.state.scenario.calibres
            here = self.here(g)
            qs, rs = coordinates(self.state)
            shells = [(cal[k].range_hexes, n * cal[k].shell_kg) for k, n in indirect_guns(self.state, g)]
            bat = self._batteries[g.id] = (qs[here], rs[here], shells)
        q, r, shells = bat
        qs, rs = coordinates(self.state)
        out = []
        for i in hexes:
            dq, dr = qs[i] - q, rs[i] - r
            d = (abs(dq) + abs(dr) + abs(dq + dr)) // 2
            out.append(sum(w for reach, w in shells if reach >= d))
        return out

    def here(self, u: Unit) -> int:
        h = self._here.get(u.id)
        if h is None or self.m.hexes[h] is not u.hex:
            h = self._here[u.id] = self.m.index[u.hex]
        return h

    def room(self, idx: int) -> int:
        return self.cap - len(self.state.occupancy.get(idx, ())) - self._arrive.get(idx, 0)

    def enemy_at(self, idx: int) -> bool:
        return idx in self.intel.stacks or self.state.side_at(idx) == self.state.scenario.other(self.side)

    def move(self, u: Unit, dest: int, role: str) -> None:
        self.plan.roles[u.id] = role
        if dest != self.here(u):
            self.plan.moves.append((u.id, dest))
            self._arrive[dest] = self._arrive.get(dest, 0) + 1
            if self._full is not None and self.room(dest) <= 0:
                self._full.add(dest)

    def passable(self, idx: int, u: Unit) -> bool:
        t = self.m.terrain_rules[self.state.scenario.map.terrain_at(self.m.hexes[idx])]
        if t.move is None or (u.type.vehicles and t.no_vehicles):
            return False
        return not border_forbids(self.state, self.side, idx)

    def dmap(self, goal: int, vehicles: bool) -> DistanceMap:
        """Movement cost to `goal` from every hex (the scenario-wide cache, memoised per phase)."""
        key = (goal, vehicles)
        d = self._dmaps.get(key)
        if d is None:
            d = self._dmaps[key] = distance_map(self.state, goal, vehicles, self.side)
        return d

    def dist(self, goal: int, u: Unit) -> int:
        d = self._dmaps.get((goal, u.type.vehicles))
        if d is None:
            d = self.dmap(goal, u.type.vehicles)
        return d[self.here(u)]

    def approach(self, u: Unit, goal: int, stop_at: int = 0) -> int:
        """The reachable hex that gets `u` closest to `goal` but no nearer than `stop_at` hexes,
        avoiding hexes within fire range of known enemies when it is staying out of reach (ties:
        the cheaper to reach, then the lower index)."""
        dmap = self.dmap(goal, u.type.vehicles)
        here = self.here(u)
        reach = self.reach(u)
        near = self.within(goal, stop_at - 1) if stop_at else ()  # hex distance < stop_at
        full = self.full()
        if full is None:
            cands = [i for i in reach if i == here and i not in near]
        else:
            cands = [i for i in reach if i not in near and (i == here or i not in full)]
        if not cands:
            return here
        costs = dmap.values(cands)
        if stop_at > 1:
            r = self.state.params.i("fire.range")
            self.exposed(here, r)
            mask = self._exposed[r]
            costs = [c + 40 if mask[i] else c for i, c in zip(cands, costs, strict=True)]
        low = min(costs)
        return min((reach[i], i) for i, c in zip(cands, costs, strict=True) if c == low)[1]

    def within(self, centre: int, r: int) -> frozenset[int]:
        """The map hexes at most `r` hexes from `centre` (memoised per phase)."""
        key = (centre, r)
        hit = self._within.get(key)
        if hit is None:
            at = hex_at(self.state)
            qs, rs = coordinates(self.state)
            cq, cr = qs[centre], rs[centre]
            found = (at.get((cq + dq, cr + dr)) for dq, dr in offsets(r))
            hit = self._within[key] = frozenset(i for i in found if i is not None)
        return hit

    def full(self) -> set[int] | None:
        """The hexes with no room left for one more unit (`room` <= 0), or None when that is every
        hex (no stacking room at all); kept up to date as units are sent (`move`)."""
        if self.cap <= 0:
            return None
        if self._full is None:
            occupancy, arrive, cap = self.state.occupancy, self._arrive, self.cap
            self._full = {i for i in (*occupancy, *arrive) if cap - len(occupancy.get(i, ())) - arrive.get(i, 0) <= 0}
        return self._full

    def exposed(self, idx: int, r: int) -> bool:
        """Whether hex `idx` is within `r` hexes of a known enemy stack (a map-wide mask per phase)."""
        mask = self._exposed.get(r)
        if mask is None:
            mask = [False] * len(self.m.hexes)
            at = hex_at(self.state)
            qs, rs = coordinates(self.state)
            for e in self.intel.stacks:
                eq, er = qs[e], rs[e]
                for dq, dr in offsets(r):
                    i = at.get((eq + dq, er + dr))
                    if i is not None:
                        mask[i] = True
            self._exposed[r] = mask
        return mask[idx]

    # -- the situation ---------------------------------------------------------------------
    def objectives(self) -> list[ObjInfo]:
        out = []
        for o in sorted(self.state.scenario.objectives, key=lambda o: (-o.points, o.name)):
            area = set(o.area)
            mine = [u for u in self.free if self.here(u) in area]
            enemy = [i for i in self.intel.hexes() if i in area]
            ctrl = self.state.control.get(o.name, o.held_by)
            out.append(ObjInfo(o, ctrl, mine, enemy, self.threat(o), self.legal(o)))
        return out

    def legal(self, o: Objective) -> list[int]:
        """The hexes of `o`'s area this side may enter: passable and not across the border (kept
        per scenario for each border rule)."""
        key = f"ai_legal:{o.name}:{border_active(self.state, self.side)}"
        hit: list[int] | None = self.state.scenario.cache.get(key)
        if hit is None:
            hit = [i for i in o.area if not border_forbids(self.state, self.side, i)
                   and self.m.terrain_rules[self.m.terrain_at(self.m.hexes[i])].move is not None]
            self.state.scenario.cache[key] = hit
        return list(hit)

    def threat(self, o: Objective) -> float:
        t = 0.0
        for idx, fp in self._threats:
            d = self.m.hexes[idx].distance(o.hex)
            if d <= 3:
                t += fp
            elif d <= 7:
                t += fp * 0.5
            elif d <= 12:
                t += fp * 0.25
        return t

    def threshold(self) -> int:
        st = self.state
        pts = points(st)
        mine, theirs = pts[self.side], pts[self.state.scenario.other(self.side)]
        need = st.scenario.victory.points_to_win
        winning = mine > theirs and mine >= need
        left = st.scenario.clock.n_turns - st.turn
        if winning:
            return self.level.min_chance
        if left <= 2:
            return min(self.level.desperate_chance, 5)
        if left <= max(3, st.scenario.clock.n_turns // 8):
            return self.level.desperate_chance
        return self.level.min_chance

    # -- the plan --------------------------------------------------------------------------
    def build(self) -> Plan:
        self.plan.threshold = self.threshold()
        infos = self.objectives()
        pool = list(self.free)
        prize = self.prize(infos)
        for info in infos:
            if info.ctrl == self.side or (info.ctrl == "contested" and info.mine):
                pool = self.garrison(info, pool, prize)
        targets = [i for i in infos if i.ctrl != self.side and i.legal]
        pool = self.contest(targets, pool)
        counter = any(i.obj.name in self.lost for i in targets)
        if not counter:
            pool = self.reserve(infos, pool)
        groups = self.allocate(targets, pool)
        for info in targets:
            self.attack(info, groups.get(info.obj.name, []))
        leftover = [u for u in pool if u.id not in self.plan.roles]
        self.idle(leftover, infos)
        return self.plan

    def prize(self, infos: list[ObjInfo]) -> int:
        """At the end of the game, the points of the best objective the enemy holds alone (taking
        even a share of it away is worth more than a smaller objective's spare garrison); else 0."""
        if not self.endgame():
            return 0
        enemy = self.state.scenario.other(self.side)
        return max((i.obj.points for i in infos if i.ctrl == enemy and i.legal), default=0)

    def contest(self, targets: list[ObjInfo], pool: list[Unit]) -> list[Unit]:
        """At the end only the last control counts: send units into the empty hexes of the
        objectives the enemy holds alone (most valuable first), each contested one costing the
        enemy its points; the nearest units go, the ones that cannot get there yet close in."""
        if not self.endgame():
            return pool
        for info in sorted(targets, key=lambda i: (-i.obj.points, i.obj.name)):
            if info.ctrl != self.state.scenario.other(self.side):
                continue
            empty = [i for i in info.legal if not self.enemy_at(i) and self.room(i) > 0]
            for _ in range(min(len(empty), CONTESTERS)):
                pick = self.contester(pool, empty)
                if pick is None:
                    break
                u, goal = pick
                self.plan.aims[u.id] = goal
                self.move(u, goal if goal in self.reach(u) else self.approach(u, goal), "attack")
                pool = [x for x in pool if x is not u]
                empty.remove(goal)
        return pool

    def contester(self, pool: list[Unit], empty: list[int]) -> tuple[Unit, int] | None:
        """The unit and empty hex that make the quickest entry: one it can reach this phase
        first, then the nearest; the strongest unit of those equally near."""
        best: tuple[tuple[bool, int, int, str, int], Unit] | None = None
        for u in pool:
            r = self.reach(u)
            for g in empty:
                d = self.dist(g, u)
                if d >= BIG:
                    continue
                key = (g not in r, d, -u.men, u.id, g)
                if best is None or key < best[0]:
                    best = (key, u)
        return None if best is None else (best[1], best[0][4])

    def garrison(self, info: ObjInfo, pool: list[Unit], prize: int = 0) -> list[Unit]:
        """Keep enough units on an objective we hold to make an assault on it a poor bet; at the
        end, one is enough on an objective worth less than the `prize` still to contest."""
        o = info.obj
        centre = self.m.index[o.hex]
        prot = protection(self.state, centre, 3, self.state.params.i("fire.entrench_pct"))
        need = info.threat / (1.5 * prot)
        most = min(self.level.garrison_max, self.cap * max(1, len(info.legal)))
        if info.ctrl == self.side and o.points < prize:
            most = 1
        chosen: list[Unit] = []
        have = 0.0
        mine = {u.id for u in info.mine}  # units by id: a Unit compares by all its fields
        free = {u.id for u in pool}
        inside = sorted(info.mine, key=lambda u: (-self.fp(u), u.id))
        near = sorted(((self.dist(centre, u), u.id, u) for u in pool if u.id not in mine), key=lambda t: t[:2])
        others = [u for d, _, u in near if d <= 3 * max(1, u.type.move)]  # nearest first
        hold_all = info.ctrl != self.side  # in a contested area every man there keeps it contested
        for u in [*inside, *others]:
            if u.id not in free:
                continue
            if not (hold_all and u.id in mine) and (len(chosen) >= most or (chosen and have >= need)):
                continue
            chosen.append(u)
            have += self.fp(u)
        for u in chosen:
            if self.here(u) in o.area:
                self.plan.roles[u.id] = "garrison"
            else:
                self.move(u, self.garrison_hex(u, info), "garrison")
        return without(pool, chosen)

    def garrison_hex(self, u: Unit, info: ObjInfo) -> int:
        """Spread over the area first (an empty hex lets the enemy walk in and contest it),
        then thicken the highest ground."""
        cands = [i for i in info.legal if self.room(i) > 0 and not self.enemy_at(i)]
        if not cands:
            return self.approach(u, self.m.index[info.obj.hex])
        elev = self.m.elevation
        r = self.reach(u)
        filled = {i: self.cap - self.room(i) for i in cands}
        goal = min(cands, key=lambda i: (filled[i] >= self.level.spread, i not in r, -int(elev[i]),
                                         self.m.hexes[i].distance(u.hex), i))
        return goal if goal in r else self.approach(u, goal)

    def reserve(self, infos: list[ObjInfo], pool: list[Unit]) -> list[Unit]:
        """Hold back a share of the free units behind the most threatened objective we hold."""
        held = [i for i in infos if i.ctrl == self.side]
        n = len(pool) * self.level.reserve_pct // 100
        if not held or n <= 0:
            return pool
        anchor = max(held, key=lambda i: (i.obj.points * (1.0 + i.threat), i.obj.name))
        spot = self.reserve_spot(anchor)
        chosen = sorted(pool, key=lambda u: (self.dist(spot, u), u.id))[:n]
        for u in chosen:
            self.move(u, self.approach(u, spot), "reserve")
        return without(pool, chosen)

    def reserve_spot(self, info: ObjInfo) -> int:
        """A hex two or three hexes from the objective, as far from known enemies as can be."""
        o = info.obj
        best: tuple[int, int, int] | None = None
        enemies = [self.m.hexes[i] for i in self.intel.hexes()]
        for r in (2, 3):
            for h in o.hex.ring(r):
                idx = self.m.index.get(h)
                if idx is None or border_forbids(self.state, self.side, idx):
                    continue
                if self.m.terrain_rules[self.m.terrain_at(h)].move is None:
                    continue
                near = min((h.distance(e) for e in enemies), default=99)
                key = (-min(near, 8), r, idx)
                if best is None or key < best:
                    best = key
        return best[2] if best else self.m.index[o.hex]

    def allocate(self, targets: list[ObjInfo], pool: list[Unit]) -> dict[str, list[Unit]]:
        """Give each target objective the units it needs, most valuable first; the rest join the first."""
        out: dict[str, list[Unit]] = {}
        if not targets or not pool:
            return out
        total = sum(self.fp(u) for u in pool) or 1.0
        ranked = sorted(targets, key=lambda i: (-self.score(i, total, pool), i.obj.name))
        left = list(pool)
        for info in ranked:
            centre = self.m.index[info.obj.hex]
            need = self.resistance(info) * 3.0
            by_dist = sorted(((self.dist(centre, u), u.id, u) for u in left), key=lambda t: t[:2])
            near = [u for d, _, u in by_dist if d < BIG]
            got: list[Unit] = []
            fp = 0.0
            for u in near:
                if fp >= need and got:
                    break
                got.append(u)
                fp += self.fp(u)
            if info is not ranked[0] and fp < need and len(got) > 2:
                continue  # not enough for a second attack: keep them for the main one
            out[info.obj.name] = got
            left = without(left, got)
        first = ranked[0].obj.name
        out.setdefault(first, []).extend(left)
        return out

    def score(self, info: ObjInfo, total: float, pool: list[Unit]) -> float:
        swing = info.obj.points * (2.0 if info.ctrl == self.state.scenario.other(self.side) else 1.0)
        if info.obj.name in self.lost:
            swing *= 1.5
        centre = self.m.index[info.obj.hex]
        dists = sorted(self.dist(centre, u) for u in pool)
        near = dists[: max(1, len(dists) // 2)]
        travel = sum(min(d, 200) for d in near) / len(near) / 12.0
        return swing / (1.0 + travel) / (0.3 + self.resistance(info) / total)

    def resistance(self, info: ObjInfo) -> float:
        """Attack firepower needed for odds 1 against every known enemy stack in the area."""
        hit = self._resistance.get(info.obj.name)
        if hit is not None:
            return hit
        total = 0.0
        for idx in info.enemy:
            units = self.intel.stacks[idx]
            entrench = max(u.entrench for u in units)
            prot = protection(self.state, idx, entrench, self.state.params.i("fire.entrench_pct"))
            total += self.intel.fp[idx] * prot * (1.0 + self.state.wire.get(idx, 0) * 0.3)
        self._resistance[info.obj.name] = total
        return total

    # -- attacking -------------------------------------------------------------------------
    def attack(self, info: ObjInfo, group: list[Unit]) -> None:
        holders = self.holders(info)
        if not group and not holders:
            return
        aims = sorted((i for i in info.enemy if not border_forbids(self.state, self.side, i)),
                      key=lambda i: (self.resistance_at(i), i))[: self.level.aims]
        pool = list(group)
        if not aims:
            self.occupy(info, pool)
            return
        for aim in aims:
            if not pool and not holders:
                break
            left = self.try_strike(aim, pool + holders, {u.id: info.obj.area for u in holders})
            ids = {u.id for u in left}
            pool = [u for u in pool if u.id in ids]  # `left` keeps the order of `pool + holders`
            holders = [u for u in holders if u.id in ids]
        if self.endgame():
            pool = self.infiltrate(info, pool)
        for u in pool:
            self.plan.aims[u.id] = aims[0]
            if self.level.concentrate and not self.endgame():
                self.move(u, self.approach(u, aims[0], stop_at=self.level.stage), "attack")
            else:
                self.move(u, self.approach(u, aims[0], stop_at=1), "attack")
        if pool:
            self.plan.waiting.append(aims[0])

    def holders(self, info: ObjInfo) -> list[Unit]:
        """Our garrison inside a contested area: it may join a planned assault on an enemy stack
        there, but only when the odds asked for are fair (not in a late, desperate push)."""
        if self.plan.threshold < self.level.min_chance:
            return []
        return [u for u in info.mine if self.plan.roles.get(u.id) == "garrison"]

    def endgame(self) -> bool:
        st = self.state
        return st.scenario.clock.n_turns - st.turn <= ENDGAME_TURNS

    def infiltrate(self, info: ObjInfo, pool: list[Unit]) -> list[Unit]:
        """At the end only the last control counts: slip into empty hexes of the area to contest it."""
        empty = [i for i in info.legal if not self.enemy_at(i) and self.room(i) > 0]
        left = []
        for u in pool:
            r = self.reach(u)
            opts = [i for i in empty if i in r]
            if not opts:
                left.append(u)
                continue
            goal = min(opts, key=lambda i: (r[i], i))
            empty.remove(goal)
            self.move(u, goal, "attack")
        return left

    def resistance_at(self, idx: int) -> float:
        units = self.intel.stacks[idx]
        entrench = max(u.entrench for u in units)
        return self.intel.fp[idx] * protection(self.state, idx, entrench, self.state.params.i("fire.entrench_pct"))

    def occupy(self, info: ObjInfo, pool: list[Unit]) -> None:
        """No known enemy inside: walk in (nearest free area hexes first)."""
        for u in pool:
            cands = [i for i in info.legal if self.room(i) > 0 and not self.enemy_at(i)]
            if not cands:
                self.move(u, self.approach(u, self.m.index[info.obj.hex], stop_at=1), "attack")
                continue
            goal = min(cands, key=lambda i: (self.dist(i, u), i))
            self.move(u, goal if goal in self.reach(u) else self.approach(u, goal), "attack")

    def try_strike(self, aim: int, pool: list[Unit], keep_in: dict[str, tuple[int, ...]] | None = None) -> list[Unit]:
        """Plan an assault on `aim` now if the units that can reach it this phase have the odds.
        `keep_in` limits some units (a garrison) to the hexes of their own area."""
        chosen = self.assault_positions(aim, pool, keep_in or {})
        if not chosen:
            return pool
        defenders = self.intel.stacks[aim]
        supp, batteries = self.support(aim, {u.id for u, _ in chosen})
        est = best_subset(self.state, chosen, aim, defenders, supp)
        if est is None or est[1].chance < self.plan.threshold or self.wait_for_better(chosen, aim, est[1]):
            return pool
        units, e = est
        for u, dest in units:
            self.plan.aims[u.id] = aim
            self.move(u, dest, "strike")
        self.plan.strikes.append(Strike(aim, tuple(u.id for u, _ in units), e, batteries))
        taken = {u.id for u, _ in units}
        return [u for u in pool if u.id not in taken]

    def assault_positions(self, aim: int, pool: list[Unit],
                          keep_in: dict[str, tuple[int, ...]]) -> list[tuple[Unit, int]]:
        """Each unit that can be next to `aim` this phase, with the highest such hex it can reach
        (for a unit in `keep_in`, only among the hexes it must not leave)."""
        elev = self.m.elevation
        ring = [int(j) for j in self.m.neighbors[aim] if j >= 0]
        out = []
        strong = sorted(pool, key=lambda u: (-self.fp(u), u.id))
        taken: dict[int, int] = {}
        for u in strong:
            here = self.here(u)
            if here in ring:
                out.append((u, here))
                continue
            if u.mp_left <= 0 or u.acted:
                continue
            r = self.reach(u)
            allowed = keep_in.get(u.id)
            opts = [j for j in ring if j in r and not self.enemy_at(j) and self.room(j) - taken.get(j, 0) > 0
                    and (allowed is None or j in allowed)]
            if not opts:
                continue
            j = max(opts, key=lambda k: (int(elev[k]), -r[k], -k))
            taken[j] = taken.get(j, 0) + 1
            out.append((u, j))
        return out

    def support(self, aim: int, attackers: set[str]) -> tuple[int, tuple[str, ...]]:
        """Suppression the guns and aircraft can add to `aim` before the assault, and the guns;
        never a unit that may assault (a unit that has fired cannot)."""
        p = self.state.params
        need = p.i("artillery.barrage_ammo")
        per = p.i("artillery.barrage_suppression")
        if aim not in self.intel.visible:
            per //= 2
        have = max((u.suppression for u in self.intel.stacks[aim]), default=0)
        supp = 0
        guns = []
        busy = {b for s in self.plan.strikes for b in (*s.batteries, *s.units)} | attackers
        weight = {g.id: self.kg(g, aim) for g in self.guns}
        for g in sorted(self.guns, key=lambda g: (-weight[g.id], g.id)):
            if g.id in busy or g.ammo < need or g.moved or weight[g.id] <= 0:
                continue
            if have + supp >= 100 + per:
                break
            guns.append(g.id)
            supp += per
        if can_fly(self.state) and any(sorties_left(self.state, self.side, k) > 0
                                       for k in sorted(self.state.scenario.air_types[self.side])):
            supp += p.i("air.suppression")
        return min(supp, 100), tuple(guns)

    def wait_for_better(self, chosen: list[tuple[Unit, int]], aim: int, now: Estimate) -> bool:
        """Hold off a turn if night (or lifted fog) next turn clearly improves the odds."""
        if not self.level.timing or self.plan.threshold < self.level.min_chance:
            return False
        clock = self.state.scenario.clock
        nxt = self.state.turn + 1
        if nxt >= clock.n_turns or now.chance >= 85:
            return False
        supp, _ = self.support(aim, {u.id for u, _ in chosen})
        if clock.daylight[self.state.turn] and not clock.daylight[nxt]:
            later = predict_assault(self.state, chosen, aim, self.intel.stacks[aim], supp, turn=nxt)
            return later.chance >= now.chance + 15
        return False

    def idle(self, units: list[Unit], infos: list[ObjInfo]) -> None:
        """Units with no task thicken the garrisons of the objectives we hold (the most valuable
        and threatened per unit already there first), or stay where they are."""
        held = [i for i in infos if i.ctrl == self.side and i.legal]
        count = {i.obj.name: sum(1 for r, u in self.plan.roles.items() if r and u == "garrison"
                                 and self.m.index[self.state.units[r].hex] in i.obj.area) for i in held}
        for u in units:
            if not held:
                self.plan.roles[u.id] = "idle"
                continue
            if any(self.here(u) in i.obj.area for i in held):
                self.plan.roles[u.id] = "garrison"
                continue
            best = max(held, key=lambda i: (i.obj.points * (1.0 + i.threat) / (1 + count[i.obj.name])
                                            / (1.0 + self.dist(self.m.index[i.obj.hex], u) / 24.0), i.obj.name))
            count[best.obj.name] += 1
            self.move(u, self.garrison_hex(u, best), "garrison")


def offsets(r: int) -> tuple[tuple[int, int], ...]:
    """Axial (dq, dr) of the hexes within `r` steps of a hex."""
    hit = OFFSETS.get(r)
    if hit is None:
        hit = OFFSETS[r] = tuple((h.q, h.r) for h in Hex(0, 0).spiral(r))
    return hit


OFFSETS: dict[int, tuple[tuple[int, int], ...]] = {}


def hex_at(state: GameState) -> dict[tuple[int, int], int]:
    """Hex index by axial (q, r) (kept per scenario)."""
    hit: dict[tuple[int, int], int] | None = state.scenario.cache.get("ai_hex_at")
    if hit is None:
        qs, rs = coordinates(state)
        hit = state.scenario.cache["ai_hex_at"] = {(q, r): i for i, (q, r) in enumerate(zip(qs, rs, strict=True))}
    return hit


def without(units: list[Unit], drop: list[Unit]) -> list[Unit]:
    """`units` less those in `drop`, by id (a Unit compares by all its fields: slow in a list)."""
    ids = {u.id for u in drop}
    return [u for u in units if u.id not in ids]


def best_subset(state: GameState, chosen: list[tuple[Unit, int]], aim: int, defenders: list[Unit],
                supp: int) -> tuple[list[tuple[Unit, int]], Estimate] | None:
    """The attackers (highest first) whose lowest hex gives the best chance: one low attacker
    raises the climb for all, so it may be better left out."""
    elev = state.scenario.map.elevation
    fp = {u.id: direct_firepower(state, u) for u, _ in chosen}
    ranked = sorted(chosen, key=lambda t: (-int(elev[t[1]]), -fp[t[0].id], t[0].id))
    fps = [fp[u.id] for u, _ in ranked]
    defs = [suppressed(d, supp) for d in defenders] if supp else defenders
    def_fps = firepowers(state, defs)  # the same defenders for every group: their firepower once
    best: tuple[list[tuple[Unit, int]], Estimate] | None = None
    for k in range(1, len(ranked) + 1):
        if k < len(ranked) and elev[ranked[k][1]] == elev[ranked[k - 1][1]]:
            continue  # only cut between elevation steps
        e = (predict(state, ranked[:k], fps[:k], aim, defs, def_fps, state.turn) if defs
             else predict_assault(state, ranked[:k], aim, defs))
        if best is None or e.chance > best[1].chance or (e.chance == best[1].chance and e.def_loss > best[1].def_loss):
            best = (ranked[:k], e)
    return best

