"""The clock in motion: game start, side phases, end of turn (digging, recovery, control,
day's end with resupply), arrivals of reinforcements, and the end of the game.
"""

from __future__ import annotations

from game.core.events import DayEnded, Event, GameEnded, PhaseEnded, PhaseStarted, TurnStarted, UnitArrived
from game.core.hexgrid import Hex
from game.core.state import GameState
from game.rules.equipment import settle_repairs
from game.rules.fortification import dig
from game.rules.morale import recover
from game.rules.movement import movement_allowance, tables
from game.rules.victory import points, update_control, winner


def start_game(state: GameState) -> list[Event]:
    state.started = True
    for u in state.live_units():
        state.occupancy.setdefault(state.hex_index(u), []).append(u.id)
    state.version += 1  # units entered their hexes: caches of who stands where are stale
    state.pos_version += 1
    for obj in state.scenario.objectives:
        state.control[obj.name] = obj.held_by
    events = _start_turn(state)
    events += update_control(state)
    return events


def _start_turn(state: GameState) -> list[Event]:
    clock = state.scenario.clock
    t = state.turn
    state.dice.new_turn()
    events: list[Event] = [TurnStarted(t, clock.label(t), clock.daylight[t], clock.fog[t])]
    events += _arrivals(state)
    state.phase = 0
    events += _start_phase(state)
    return events


def _arrivals(state: GameState) -> list[Event]:
    m = state.scenario.map
    cap = state.params.i("stacking_max_units")
    events: list[Event] = []
    for uid in state.unit_ids():
        u = state.units[uid]
        if u.on_map or u.arrives != state.turn or u.men <= 0:
            continue
        enemy = state.scenario.other(u.side)

        def free(h: Hex, side: str = enemy) -> bool:
            occ = state.occupancy.get(m.index[h], [])
            passable = m.terrain_rules[m.terrain_at(h)].move is not None
            return passable and len(occ) < cap and not (occ and state.units[occ[0]].side == side)

        h = m.nearest(u.hex, free)
        u.on_map = True
        state.place(u, m.index[h])
        events.append(UnitArrived(u.id, h))
    return events


def _start_phase(state: GameState) -> list[Event]:
    side = state.side
    for u in state.live_units(side):
        u.mp_left = movement_allowance(state, u)
        u.acted = False
    state.version += 1
    return [PhaseStarted(side)]


def end_phase(state: GameState) -> list[Event]:
    events: list[Event] = [PhaseEnded(state.side), *settle_repairs(state)]
    if state.phase + 1 < len(state.scenario.turn_order):
        state.phase += 1
        return events + _start_phase(state)
    return events + _end_turn(state)


def _end_turn(state: GameState) -> list[Event]:
    m = state.scenario.map
    neighbors = tables(state).neighbors  # plain integer lists, not numpy rows
    events: list[Event] = []
    for u in state.live_units():
        if not u.moved:
            events += dig(state, u, state.params.i("entrench.dig") if u.digging else 0)
        in_contact = any(
            (occ := state.occupancy.get(j)) and state.units[occ[0]].side != u.side
            for j in neighbors[m.index[u.hex]]
        )
        recover(state, u, in_contact)
        u.moved = False
        u.digging = False
    events += update_control(state)
    clock = state.scenario.clock
    if clock.is_last_of_day(state.turn):
        date = clock.date_of(state.turn)
        state.control_by_day[date] = dict(sorted(state.control.items()))
        events.append(DayEnded(date, dict(state.control_by_day[date])))
        state.air_used = {s: {} for s in state.scenario.side_keys}
        for u in state.live_units():
            u.ammo = u.ammo_max
    state.turn += 1
    state.version += 1
    if state.turn >= clock.n_turns:
        state.over = True
        state.winner = winner(state)
        events += settle_repairs(state, final=True)
        return events + [GameEnded(state.winner, points(state))]
    return events + _start_turn(state)
