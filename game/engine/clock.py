"""The scenario clock: dated turns of a few hours, daylight and fog per turn."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from game.core.fieldmethods import FieldMethods


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Clock(FieldMethods):
    """The game clock: the start, hours per turn, the number of turns, and daylight and fog per turn."""

    start: datetime
    hours: int
    n_turns: int
    daylight: tuple[bool, ...]
    fog: tuple[bool, ...]

    def time_of(self, turn: int) -> datetime:
        return self.start + timedelta(hours=self.hours * turn)

    def label(self, turn: int) -> str:
        return self.time_of(turn).strftime("%Y-%m-%dT%H:%M")

    def date_of(self, turn: int) -> str:
        return self.time_of(turn).date().isoformat()

    def day_index(self, turn: int) -> int:
        return (self.time_of(turn).date() - self.start.date()).days

    def is_last_of_day(self, turn: int) -> bool:
        return turn == self.n_turns - 1 or self.time_of(turn + 1).date() != self.time_of(turn).date()

    def turn_at(self, when: datetime) -> int:
        """The turn whose slot contains `when` (clamped to 0..n_turns)."""
        hours = (when - self.start).total_seconds() / 3600.0
        return max(0, min(self.n_turns, int(hours // self.hours)))

    def turn_at_or_after(self, when: datetime) -> int:
        hours = (when - self.start).total_seconds() / 3600.0
        k = int(hours // self.hours)
        if k * self.hours < hours:
            k += 1
        return max(0, min(self.n_turns, k))


# `datetime.strptime`'s own patterns for %Y, %m, %d, %H and %M, matched as it matches them (from the
# start, case-insensitively, every character used): the same values and the same ValueErrors for
# any text, without strptime's first call in a process building its locale tables (about 2.5 ms).
_Y, _m, _d = r"(\d\d\d\d)", r"(1[0-2]|0[1-9]|[1-9])", r"(3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])"
_H, _M = r"(2[0-3]|[0-1]\d|\d)", r"([0-5]\d|\d)"
_TIME = re.compile(f"{_Y}-{_m}-{_d}T{_H}:{_M}", re.IGNORECASE)
_DATE = re.compile(f"{_Y}-{_m}-{_d}", re.IGNORECASE)
_HHMM = re.compile(f"{_H}:{_M}", re.IGNORECASE)


def _numbers(pattern: re.Pattern[str], text: str, what: str) -> list[int]:
    found = pattern.match(text)
    if found is None or found.end() != len(text):
        raise ValueError(f"{text!r} does not match format {what!r}")
    return [int(g) for g in found.groups()]


@functools.lru_cache(maxsize=4096)
def parse_time(text: str) -> datetime:
    """`YYYY-MM-DDTHH:MM` (remembered: scenarios repeat the same times many times; datetimes are immutable)."""
    y, mo, d, h, mi = _numbers(_TIME, text, "%Y-%m-%dT%H:%M")
    return datetime(y, mo, d, h, mi)


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> datetime:
    y, mo, d = _numbers(_DATE, text, "%Y-%m-%d")
    return datetime(y, mo, d)


@functools.lru_cache(maxsize=4096)
def parse_hhmm(text: str) -> time:
    h, mi = _numbers(_HHMM, text, "%H:%M")
    return time(h, mi)


def build_clock(start: datetime, end: datetime, hours: int, day_from: time, day_until: time,
                fog_periods: list[tuple[datetime, datetime]]) -> Clock:
    total = (end - start).total_seconds() / 3600.0
    n = int(-(-total // hours))
    daylight, fog = [], []
    for k in range(n):
        t0 = start + timedelta(hours=hours * k)
        t1 = t0 + timedelta(hours=hours)
        # daylight if the sun is up for at least half the slot (like fog below)
        lit = (min(t1, t0.replace(hour=day_until.hour, minute=day_until.minute))
               - max(t0, t0.replace(hour=day_from.hour, minute=day_from.minute))).total_seconds()
        daylight.append(lit * 2 >= hours * 3600)
        # foggy if fog covers at least half the slot
        covered = 0.0
        for f0, f1 in fog_periods:
            lo, hi = max(t0, f0), min(t1, f1)
            if hi > lo:
                covered += (hi - lo).total_seconds()
        fog.append(covered * 2 >= hours * 3600)
    return Clock(start, hours, n, tuple(daylight), tuple(fog))
