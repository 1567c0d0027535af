"""Engine events as short log lines for the message log, with fog-of-war filtering."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

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
    """One line for an event, or None for events not worth a line (Entrenched, WireLaid, Held,
    PhaseEnded: shown on the map instead)."""
    line = LINES.get(type(e))
    return line(state, e) if line is not None else None


def _turn(state: GameState, e: ev.TurnStarted) -> LogLine:
    light = "day" if e.daylight else "night"
    fog = ", fog" if e.fog else ""
    return LogLine(f"Turn {e.turn + 1}: {e.time.replace('T', ' ')} ({light}{fog})", "", e.turn, True)


def _moved(state: GameState, e: ev.UnitMoved) -> LogLine:
    steps = len(e.path) - 1
    return LogLine(f"{_name(state, e.unit)} moves {steps} hex{'' if steps == 1 else 'es'}", _side_of(state, e.unit),
                   state.turn)


def _fire(state: GameState, e: ev.FireResolved) -> LogLine:
    return LogLine(f"{_name(state, e.firer)} fires at {_name(state, e.target)} (expected {e.expected:.1f})",
                   _side_of(state, e.firer), state.turn)


def _casualties(state: GameState, e: ev.Casualties) -> LogLine:
    total = e.killed + e.wounded + e.missing
    return LogLine(f"  {_name(state, e.unit)}: {total} lost ({e.killed} k, {e.wounded} w, {e.missing} m) by {e.cause}",
                   e.side, state.turn)


def _equipment(verb: str) -> Callable[[GameState, Any], LogLine]:
    def line(state: GameState, e: ev.EquipmentLost | ev.EquipmentKnockedOut | ev.EquipmentRepaired) -> LogLine:
        parts = [f"{e.guns} guns" if e.guns else "", f"{e.tanks} tanks" if e.tanks else ""]
        return LogLine(f"  {_name(state, e.unit)} {verb} {' and '.join(p for p in parts if p)}", e.side, state.turn)

    return line


def _assault(state: GameState, e: ev.AssaultResolved) -> LogLine:
    what = "TAKEN" if e.taken else "repulsed"
    return LogLine(f"Assault {where(state, e.target)}: {what} (odds {e.odds:.1f}, chance {e.chance}%, "
                   f"roll {e.roll})", _side_of(state, e.attackers[0]) if e.attackers else "", state.turn, True)


def _bombard(state: GameState, e: ev.BombardResolved) -> LogLine:
    kind = "Barrage" if e.barrage else "Fire mission"
    obs = "observed" if e.observed else "unobserved"
    return LogLine(f"{kind} by {_name(state, e.unit)} {where(state, e.target)} ({obs}, {e.ammo_left} left)",
                   _side_of(state, e.unit), state.turn)


def _air(state: GameState, e: ev.AirStrikeResolved) -> LogLine:
    left = sorties_left(state, e.side, e.aircraft) if e.aircraft in state.scenario.air_types[e.side] else 0
    return LogLine(f"Air strike: {e.sorties} {e.aircraft} sorties, {e.bombs_kg} kg {where(state, e.target)} "
                   f"({left} {e.aircraft} sorties left today)", e.side, state.turn, True)


def _suppressed(state: GameState, e: ev.Suppressed) -> LogLine:
    how = "pinned down (half movement)" if e.suppression >= 50 else "suppressed"
    return LogLine(f"  {_name(state, e.unit)} is {how}", _side_of(state, e.unit), state.turn)


def _unit_line(text: str, important: bool = False) -> Callable[[GameState, Any], LogLine]:
    """A line about one unit: `text` with {unit} for its name, in its side's colour."""
    return lambda state, e: LogLine(text.format(unit=_name(state, e.unit)), _side_of(state, e.unit), state.turn,
                                    important)


def _control(state: GameState, e: ev.ControlChanged) -> LogLine:
    return LogLine(f"{e.objective} is now {side_name(state, e.holder)}", e.holder
                   if e.holder in state.scenario.side_keys else "", state.turn, True)


def _game_over(state: GameState, e: ev.GameEnded) -> LogLine:
    pts = ", ".join(f"{side_name(state, k)} {v}" for k, v in e.points.items())
    return LogLine(f"GAME OVER: {side_name(state, e.winner)} ({pts})", "", state.turn, True)


# The log line of each event type that has one (events not listed get none).
LINES: dict[type[Any], Callable[[GameState, Any], LogLine]] = {
    ev.TurnStarted: _turn,
    ev.PhaseStarted: lambda state, e: LogLine(f"{side_name(state, e.side)} phase", e.side, state.turn),
    ev.UnitArrived: _unit_line("{unit} arrives"),
    ev.UnitMoved: _moved,
    ev.FireResolved: _fire,
    ev.Casualties: _casualties,
    ev.EquipmentLost: _equipment("loses"),
    ev.EquipmentKnockedOut: _equipment("has knocked out"),
    ev.EquipmentRepaired: _equipment("gets back repaired"),
    ev.AssaultResolved: _assault,
    ev.BombardResolved: _bombard,
    ev.AirStrikeResolved: _air,
    ev.Suppressed: _suppressed,
    ev.AircraftLost: lambda state, e: LogLine(f"  {e.count} {e.aircraft} shot down", e.side, state.turn),
    ev.AircraftDamaged: lambda state, e: LogLine(f"  {e.count} {e.aircraft} damaged by fire from the ground", e.side,
                                                 state.turn),
    ev.Retreated: _unit_line("  {unit} falls back"),
    ev.Routed: _unit_line("  {unit} ROUTS", important=True),
    ev.Eliminated: _unit_line("  {unit} is destroyed", important=True),
    ev.ControlChanged: _control,
    ev.DayEnded: lambda state, e: LogLine(f"End of {e.date}: ammunition resupplied, air budgets renewed", "",
                                          state.turn),
    ev.GameEnded: _game_over,
}


def no_effect_lines(state: GameState, events: list[Event], viewer: str | None = None,
                    seen: Collection[str] = ()) -> list[LogLine]:
    """A "no effect" line for each fire mission, barrage or air strike of one order that hurt
    nobody `viewer` can see (None: fog off, everyone): its own units and the enemy units in `seen`.
    Hits and suppression of units it cannot see change nothing in the line, so the line neither
    reveals them nor betrays a hit on them by its absence; under fog it says "no effect seen"."""
    def shown(uid: str) -> bool:
        return viewer is None or uid in seen or _side_of(state, uid) == viewer

    out = []
    for k, e in enumerate(events):
        if isinstance(e, ev.BombardResolved | ev.AirStrikeResolved):
            cause = "artillery" if isinstance(e, ev.BombardResolved) else "air"
            rest = events[k + 1:]
            stop = next((j for j, x in enumerate(rest) if isinstance(x, ev.BombardResolved | ev.AirStrikeResolved)),
                        len(rest))
            effects = rest[:stop]
            if not any(isinstance(x, ev.Casualties) and x.cause == cause and shown(x.unit) for x in effects):
                side = e.side if isinstance(e, ev.AirStrikeResolved) else _side_of(state, e.unit)
                shaken = any(isinstance(x, ev.Suppressed) and shown(x.unit) for x in effects)
                if viewer is None:
                    text = f"no effect {where(state, e.target)}: nobody hit"
                    text += ", the men there kept their heads down" if shaken else ""
                else:
                    text = f"no effect seen {where(state, e.target)}"
                    text += ": the men there kept their heads down" if shaken else ""
                out.append(LogLine(f"  {text}", side, state.turn))
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
