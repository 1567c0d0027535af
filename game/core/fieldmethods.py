"""`FieldMethods`: equality, hash and repr of a frozen dataclass, written once for many classes.

`@dataclass` writes (and compiles) these three methods for each class at every start, about a
third of the cost of creating a frozen dataclass; the value classes made at import (events,
scenario parts) take them from this base instead, with `@dataclass(frozen=True, slots=True,
eq=False, repr=False)`. The results are those @dataclass would give: `Name(a=1, b='x')` (the
class's qualified name), equal when the class and every field are equal (NotImplemented against
another class), the hash of the tuple of fields. Only for classes whose fields are all plain
`name: type` fields in `__init__` (no `field(...)` options, no keyword-only fields): their names
are then `__match_args__`, in order. tests/test_field_methods.py compares them with @dataclass's.
"""

from __future__ import annotations

from typing import ClassVar


class FieldMethods:
    __slots__ = ()
    __match_args__: ClassVar[tuple[str, ...]]  # the field names in order (set by @dataclass)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            names = self.__match_args__
            return tuple(map(self.__getattribute__, names)) == tuple(map(other.__getattribute__, names))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(map(self.__getattribute__, self.__match_args__)))

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__match_args__)
        return f"{self.__class__.__qualname__}({fields})"
