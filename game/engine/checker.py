"""A small collector of located problems for validating loaded YAML data."""

from __future__ import annotations

import math
import re
from typing import Any

ID_RE = re.compile(r"^[a-z0-9_]+$")
TAGS = ("source", "sources", "note")  # keys of a kind table that tag it and are not kinds (docs/sources.md)


def kinds_of(table: dict[Any, Any]) -> dict[Any, Any]:
    """A checked kind table (terrain, sides, unit_kinds, ...) without its tags, in table order."""
    return {k: v for k, v in table.items() if k not in TAGS}


class Checker:
    """Collects `FILE: location: problem` lines while sections are checked."""

    def __init__(self, label: str, origins: dict[str, str] | None = None) -> None:
        self.label = label
        self.origins = origins or {}
        self.problems: list[str] = []
        self._missing: set[str] = set()  # locations already reported missing (no second line)

    def add(self, loc: str, what: str) -> None:
        self.problems.append(f"{self.file_of(loc)}: {loc or 'top level'}: {what}")

    def file_of(self, loc: str) -> str:
        """The file that set `loc` (second-level key, else top-level key, else the main file)."""
        parts = loc.split("[")[0].split(".")
        top = parts[0]
        if len(parts) > 1 and f"{top}.{parts[1]}" in self.origins:
            return self.origins[f"{top}.{parts[1]}"]
        return self.origins.get(top, self.label)

    def mapping(self, data: Any, loc: str, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> bool:
        if data is None and loc in self._missing:
            return False
        if not isinstance(data, dict):
            self.add(loc, f"expected a mapping, got {type_name(data)}")
            return False
        for key in required:
            if key not in data and not (key == "source" and isinstance(data.get("sources"), dict)):
                self._missing.add(_join(loc, key))
                if key == "source":
                    self.add(loc, "missing 'source' (every historical figure cites where it comes from)")
                else:
                    self.add(loc, f"missing key '{key}'")
        allowed = set(required) | set(optional)
        if allowed:
            allowed |= {"source", "sources"}  # provenance tags are allowed in every mapping (docs/sources.md)
        for key in data:
            if not isinstance(key, str):
                self.add(loc, f"key {key!r} is not a string")
            elif allowed and key not in allowed:
                self.add(_join(loc, key), f"unknown key (expected one of: {', '.join(sorted(allowed))})")
        return True

    def seq(self, data: Any, loc: str) -> list[Any]:
        if data is None and loc in self._missing:
            return []
        if not isinstance(data, list):
            self.add(loc, f"expected a list, got {type_name(data)}")
            return []
        return data

    def integer(self, data: Any, loc: str, lo: int | None = None, hi: int | None = None) -> int | None:
        if loc in self._missing:
            return None
        if isinstance(data, bool) or not isinstance(data, int):
            self.add(loc, f"expected an integer, got {got(data)}")
            return None
        return self._range(data, loc, lo, hi)

    def number(self, data: Any, loc: str, lo: float | None = None, hi: float | None = None) -> float | None:
        if loc in self._missing:
            return None
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.add(loc, f"expected a number, got {got(data)}")
            return None
        if isinstance(data, float) and not math.isfinite(data):
            self.add(loc, f"{data} is not a finite number")
            return None
        return self._range(data, loc, lo, hi)

    def _range(self, v: Any, loc: str, lo: float | None, hi: float | None) -> Any:
        if lo is not None and v < lo:
            self.add(loc, f"{v} is below the minimum {lo}")
            return None
        if hi is not None and v > hi:
            self.add(loc, f"{v} is above the maximum {hi}")
            return None
        return v

    def string(self, data: Any, loc: str, pattern: re.Pattern[str] | None = None) -> str | None:
        if loc in self._missing:
            return None
        if not isinstance(data, str) or not data.strip():
            self.add(loc, f"expected a non-empty string, got {got(data)}")
            return None
        if pattern is not None and not pattern.match(data):
            self.add(loc, f"{data!r} does not match {pattern.pattern}")
            return None
        return data

    def boolean(self, data: Any, loc: str) -> bool | None:
        if loc in self._missing:
            return None
        if not isinstance(data, bool):
            self.add(loc, f"expected true or false, got {got(data)}")
            return None
        return data

    def choice(self, data: Any, loc: str, options: tuple[str, ...]) -> str | None:
        if loc in self._missing:
            return None
        if data not in options:
            self.add(loc, f"{short(data)} is not one of: {', '.join(options)}")
            return None
        return str(data)

    def source(self, data: dict[str, Any], loc: str) -> None:
        """Every historical figure cites where it comes from."""
        if "source" not in data:
            if isinstance(data.get("sources"), dict):
                return
            if _join(loc, "source") not in self._missing:
                self.add(loc, "missing 'source' (every historical figure cites where it comes from)")
        else:
            self.tag(data["source"], _join(loc, "source"))


    def tags(self, data: dict[Any, Any], loc: str) -> None:
        """A mapping's provenance tags: `source` a tag string, `sources` a mapping of tag strings, `note` text."""
        if "source" in data:
            self.tag(data["source"], _join(loc, "source"))
        if "note" in data:
            self.string(data["note"], _join(loc, "note"))
        if "sources" in data and self.mapping(data["sources"], _join(loc, "sources")):
            for k, tag in data["sources"].items():
                self.tag(tag, f"{_join(loc, 'sources')}.{k}")

    def tag(self, data: Any, loc: str) -> str | None:
        """A source tag: text citing `[KEY, locator]` or beginning `est:` (docs/sources.md)."""
        if not isinstance(data, str) or not data.strip():
            self.add(loc, f"expected a tag string ('[KEY, locator]' or 'est: reason'), got {got(data)}")
            return None
        return data

    def kind_table(self, data: Any, loc: str, what: str, most: int | None = None, optional: bool = False,
                   shaped: bool = True) -> tuple[str, ...] | None:
        """A table of named kinds (`terrain`, `unit_kinds`, ...): a mapping of kinds (keys matching
        `^[a-z0-9_]+$` if `shaped`) besides its tags, at least one unless `optional`. Returns the
        kind names other sections may refer to, or None when the table itself is broken (then a
        reference to it is not checked: one problem, one line)."""
        if not self.mapping(data, loc):
            return None
        self.tags(data, loc)
        kinds = list(kinds_of(data))
        if not kinds and not optional:
            self.add(loc, f"needs at least one {what}")
            return None
        if most is not None and len(kinds) > most:
            self.add(loc, f"{len(kinds)} kinds (at most {most})")
            return None
        for k in kinds:
            if shaped and isinstance(k, str) and not ID_RE.match(k):  # (a key that is not a string: reported above)
                self.add(_join(loc, k), f"{k!r} does not match {ID_RE.pattern}")
        return tuple(k for k in kinds if isinstance(k, str))


def _join(loc: str, key: str) -> str:
    return f"{loc}.{key}" if loc else key


def type_name(v: Any) -> str:
    if v is None:
        return "nothing"
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "an integer",
             float: "a number"}
    return names.get(type(v), type(v).__name__)


def got(v: Any) -> str:
    """What a value is, for `expected ..., got ...` (`nothing`, `a string 'x'`, `an integer 3`)."""
    return "nothing" if v is None else f"{type_name(v)} {short(v)}"


def short(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."
