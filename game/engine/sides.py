"""The scenario's `sides:` section: who fights, what they are called, how they are drawn.

The mapping's order is the sides' order (first side's player stream is spawned first, ties in
tables list it first); who moves first is `clock.turn_order`. The engine is two-sided: a
scenario names exactly two sides. Colours are presentation (assets/theme.yaml may override
them per side key, e.g. in the high-contrast palette), but a side the theme does not name is
drawn from these values, so a new battle needs no change outside its scenario files.
"""

from __future__ import annotations

from typing import Any

from game.core.units import NOT_SIDES, SideInfo
from game.engine.checker import ID_RE, TAGS, Checker, got

SIDE_REQUIRED = ("name", "adjective", "short", "letter", "emblem", "colours")
SIDE_OPTIONAL = ("nationalities", "note")
COLOUR_PARTS = ("fill", "dark", "light", "text", "chart", "chart_expected")
EMBLEMS = ("star", "sun", "none")


def side_keys_of(d: Any) -> tuple[str, ...]:
    """The side keys of raw scenario data in order (empty if the section is not a mapping)."""
    v = d.get("sides") if isinstance(d, dict) else None
    return tuple(str(k) for k in v if k not in TAGS) if isinstance(v, dict) else ()


def usable_side_keys(d: Any) -> tuple[str, ...]:
    """The side keys other sections are checked against: exactly two well-formed keys, else none
    (then only the `sides:` section's own problems are reported, not one per unit)."""
    keys = side_keys_of(d)
    ok = len(keys) == 2 and all(ID_RE.match(k) and k not in NOT_SIDES for k in keys)
    return keys if ok else ()


def check_sides(c: Checker, v: Any) -> None:
    if not c.mapping(v, "sides"):
        return
    c.tags(v, "sides")
    keys = [k for k in v if k not in TAGS]  # as side_keys_of, keeping non-strings
    if len(keys) != 2:
        named = f"{len(keys)} side{'' if len(keys) == 1 else 's'} ({', '.join(map(str, keys)) or 'none'})"
        c.add("sides", f"names {named}; the engine is two-sided: list exactly two")
    for k in keys:
        loc = f"sides.{k}"
        if not (isinstance(k, str) and ID_RE.match(k)) or k in NOT_SIDES:
            c.add(loc, f"{k!r} cannot be a side key (lower-case letters, digits and _; not "
                       f"{', '.join(NOT_SIDES)})")
        s = v[k]
        if not c.mapping(s, loc, SIDE_REQUIRED, SIDE_OPTIONAL):
            continue
        c.tags(s, loc)
        for f in ("name", "adjective", "short"):
            c.string(s.get(f), f"{loc}.{f}")
        letter = c.string(s.get("letter"), f"{loc}.letter")
        if letter is not None and len(letter) != 1:
            c.add(f"{loc}.letter", f"{letter!r}: one character")
        c.choice(s.get("emblem"), f"{loc}.emblem", EMBLEMS)
        if "nationalities" in s and not (isinstance(s["nationalities"], list)
                                         and all(isinstance(x, str) for x in s["nationalities"])):
            c.add(f"{loc}.nationalities", "expected a list of names")
        if "colours" in s:  # (missing: reported above)
            _colours(c, s["colours"], f"{loc}.colours")


def _colours(c: Checker, v: Any, loc: str) -> None:
    if not c.mapping(v, loc, COLOUR_PARTS, ("note",)):
        return
    for part in COLOUR_PARTS:
        if part not in v:  # (missing: reported above)
            continue
        col = v[part]
        if not (isinstance(col, list) and len(col) in (3, 4)):
            c.add(f"{loc}.{part}", f"expected [r, g, b] or [r, g, b, a], got {got(col)}")
            continue
        for i, x in enumerate(col):
            c.integer(x, f"{loc}.{part}[{i}]", 0, 255)


def compile_sides(d: dict[str, Any]) -> tuple[SideInfo, ...]:
    out = []
    for key in side_keys_of(d):
        s = d["sides"][key]
        cols = tuple((p, tuple(int(x) for x in s["colours"][p])) for p in COLOUR_PARTS)
        out.append(SideInfo(key=key, name=str(s["name"]), adjective=str(s["adjective"]), short=str(s["short"]),
                            letter=str(s["letter"]), emblem=str(s["emblem"]), colours=cols,
                            nationalities=tuple(str(x) for x in s.get("nationalities") or ())))
    return tuple(out)
