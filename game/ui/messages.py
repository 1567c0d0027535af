"""Engine events as short log lines for the message log, with fog-of-war filtering."""

from __future__ import annotations

from dataclasses import dataclass

from game.core import events as ev
from game.core.events import Event
from game.core.hexgrid import Hex
from game.core.state import GameState
from game.rules.air import sorties_left


def side_name(state: GameState, key: str) -> str:
    """A side's adjective from the scenario (`Soviet`), or the holder word (`contested`, `draw`)."""
    return next((s.adjective for s in state.scenario.sides if s.key == key), key)


@dataclass(frozen=True, slots=True)
class LogLine:
    text: str
    side: str  # a side key, or "" (neutral)
    turn: int
    important: bool = False


def _name(state: GameState, uid: str) -> str:
    u = state.units.get(uid)
    return u.name if u else uid


def _side_of(state: GameState, uid: str) -> str:
    u = state.units.get(uid)
    return u.side if u else ""


def where(state: GameState, h: Hex) -> str:
    """Where a hex is, as a reader knows it: "on"/"near" the named place on or next to it, else
    "on hex q,r"."""
    best = min(((h.distance(p), name) for name, p in state.scenario.map.places.items() if h.distance(p) <= 1),
               default=None)
    if best is None:
        return f"on hex {h.q},{h.r}"
    return f"on {best[1]}" if best[0] == 0 else f"near {best[1]}"


def event_units(e: Event) -> tuple[str, ...]:
    """Unit ids an event is about (for fog filtering)."""
    if isinstance(e, ev.AssaultResolved):
        return e.attackers + e.defenders
    if isinstance(e, ev.FireResolved):
        return (e.firer, e.target)
    u = getattr(e, "unit", None)
    return (u,) if isinstance(u, str) else ()


def describe(state: GameState, e: Event) -> LogLine | None:
    """One line for an event, or None for events not worth a line."""
    t = state.turn
    n = lambda uid: _name(state, uid)  # noqa: E731 - terse local helper
    if isinstance(e, ev.TurnStarted):
        light = "day" if e.daylight else "night"
        fog = ", fog" if e.fog else ""
        return LogLine(f"Turn {e.turn + 1}: {e.time.replace('T', ' ')} ({light}{fog})", "", e.turn, True)
    if isinstance(e, ev.PhaseStarted):
        return LogLine(f"{side_name(state, e.side)} phase", e.side, t)
    if isinstance(e, ev.UnitArrived):
        return LogLine(f"{n(e.unit)} arrives", _side_of(state, e.unit), t)
    if isinstance(e, ev.UnitMoved):
        steps = len(e.path) - 1
        return LogLine(f"{n(e.unit)} moves {steps} hex{'' if steps == 1 else 'es'}", _side_of(state, e.unit), t)
    if isinstance(e, ev.FireResolved):
        return LogLine(f"{n(e.firer)} fires at {n(e.target)} (expected {e.expected:.1f})", _side_of(state, e.firer), t)
    if isinstance(e, ev.Casualties):
        total = e.killed + e.wounded + e.missing
        return LogLine(f"  {n(e.unit)}: {total} lost ({e.killed} k, {e.wounded} w, {e.missing} m) by {e.cause}",
                       e.side, t)
    if isinstance(e, ev.EquipmentLost | ev.EquipmentKnockedOut | ev.EquipmentRepaired):
        parts = [f"{e.guns} guns" if e.guns else "", f"{e.tanks} tanks" if e.tanks else ""]
        verb = {"equipment_lost": "loses", "equipment_knocked_out": "has knocked out",
                "equipment_repaired": "gets back repaired"}[e.kind]
        return LogLine(f"  {n(e.unit)} {verb} {' and '.join(p for p in parts if p)}", e.side, t)
    if isinstance(e, ev.AssaultResolved):
        what = "TAKEN" if e.taken else "repulsed"
        return LogLine(f"Assault {where(state, e.target)}: {what} (odds {e.odds:.1f}, chance {e.chance}%, "
                       f"roll {e.roll})", _side_of(state, e.attackers[0]) if e.attackers else "", t, True)
    if isinstance(e, ev.BombardResolved):
        kind = "Barrage" if e.barrage else "Fire mission"
        obs = "observed" if e.observed else "unobserved"
        return LogLine(f"{kind} by {n(e.unit)} {where(state, e.target)} ({obs}, {e.ammo_left} left)",
                       _side_of(state, e.unit), t)
    if isinstance(e, ev.AirStrikeResolved):
        left = sorties_left(state, e.side, e.aircraft) if e.aircraft in state.scenario.air_types[e.side] else 0
        return LogLine(f"Air strike: {e.sorties} {e.aircraft} sorties, {e.bombs_kg} kg {where(state, e.target)} "
                       f"({left} {e.aircraft} sorties left today)", e.side, t, True)
    if isinstance(e, ev.Suppressed):
        how = "pinned down (half movement)" if e.suppression >= 50 else "suppressed"
        return LogLine(f"  {n(e.unit)} is {how}", _side_of(state, e.unit), t)
    if isinstance(e, ev.AircraftLost):
        return LogLine(f"  {e.count} {e.aircraft} shot down", e.side, t)
    if isinstance(e, ev.AircraftDamaged):
        return LogLine(f"  {e.count} {e.aircraft} damaged by fire from the ground", e.side, t)
    if isinstance(e, ev.Retreated):
        return LogLine(f"  {n(e.unit)} falls back", _side_of(state, e.unit), t)
    if isinstance(e, ev.Routed):
        return LogLine(f"  {n(e.unit)} ROUTS", _side_of(state, e.unit), t, True)
    if isinstance(e, ev.Eliminated):
        return LogLine(f"  {n(e.unit)} is destroyed", _side_of(state, e.unit), t, True)
    if isinstance(e, ev.ControlChanged):
        return LogLine(f"{e.objective} is now {side_name(state, e.holder)}", e.holder
                       if e.holder in state.scenario.side_keys else "", t, True)
    if isinstance(e, ev.DayEnded):
        return LogLine(f"End of {e.date}: ammunition resupplied, air budgets renewed", "", t)
    if isinstance(e, ev.GameEnded):
        pts = ", ".join(f"{side_name(state, k)} {v}" for k, v in e.points.items())
        return LogLine(f"GAME OVER: {side_name(state, e.winner)} ({pts})", "", t, True)
    return None  # Entrenched, WireLaid, Held, PhaseEnded: shown on the map instead


def no_effect_lines(state: GameState, events: list[Event]) -> list[LogLine]:
    """A "no effect" line for each fire mission, barrage or air strike of one order that hurt
    nobody (no casualties from it among the events that follow it)."""
    out = []
    for k, e in enumerate(events):
        if isinstance(e, ev.BombardResolved | ev.AirStrikeResolved):
            cause = "artillery" if isinstance(e, ev.BombardResolved) else "air"
            rest = events[k + 1:]
            stop = next((j for j, x in enumerate(rest) if isinstance(x, ev.BombardResolved | ev.AirStrikeResolved)),
                        len(rest))
            if not any(isinstance(x, ev.Casualties) and x.cause == cause for x in rest[:stop]):
                side = e.side if isinstance(e, ev.AirStrikeResolved) else _side_of(state, e.unit)
                shaken = any(isinstance(x, ev.Suppressed) for x in rest[:stop])
                what = "nobody hit, the men there kept their heads down" if shaken else "nobody hit"
                out.append(LogLine(f"  no effect {where(state, e.target)}: {what}", side, state.turn))
    return out


def visible_to(e: Event, viewer: str | None, seen: set[str], state: GameState) -> bool:
    """Whether a log line about this event may be shown to `viewer` (None: everything)."""
    if viewer is None:
        return True
    ids = event_units(e)
    if not ids:
        side = getattr(e, "side", viewer)
        if isinstance(e, ev.AirStrikeResolved | ev.AircraftLost):
            return True
        return side in (viewer, "") or not isinstance(e, ev.PhaseStarted)
    return any(_side_of(state, uid) == viewer or uid in seen for uid in ids)
