"""The clock's time parsing gives what `datetime.strptime` gives for its formats: the same value, or
a ValueError, for any text (it reads them with strptime's own patterns, without its locale tables)."""

from __future__ import annotations

from datetime import datetime

from hypothesis import example, given
from hypothesis import strategies as st

from game.engine.clock import parse_date, parse_hhmm, parse_time

NEAR = st.text(alphabet="0123456789-:Tt ١x", max_size=18)  # the formats' characters, and a few others
SHAPED = st.builds("{:04d}-{}-{}T{}:{}".format, st.integers(0, 9999), st.sampled_from(["1", "01", "12", "13", "00"]),
                   st.sampled_from(["1", "09", " 9", "29", "30", "31", "32"]), st.sampled_from(["0", "04", "23", "24"]),
                   st.sampled_from(["0", "5", "59", "60", "000"]))


def strptime_or_error(text: str, fmt: str) -> object:
    try:
        return datetime.strptime(text, fmt)
    except ValueError:
        return ValueError


def ours_or_error(parse, text: str) -> object:
    try:
        return parse(text)
    except ValueError:
        return ValueError


@given(st.one_of(NEAR, SHAPED))
@example("1938-08-06T04:00")
@example("1938-8-6t4:5")
@example("1900-02-29T00:00")
@example("1938-08-06T04:00 ")
def test_times_parse_as_strptime_parses_them(text):
    assert ours_or_error(parse_time, text) == strptime_or_error(text, "%Y-%m-%dT%H:%M")
    date_text = text.split("T")[0].split("t")[0]
    assert ours_or_error(parse_date, date_text) == strptime_or_error(date_text, "%Y-%m-%d")
    hhmm = text[-5:]
    expected = strptime_or_error(hhmm, "%H:%M")
    assert ours_or_error(parse_hhmm, hhmm) == (expected if expected is ValueError else expected.time())
