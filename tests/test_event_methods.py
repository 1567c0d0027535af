"""Events compare, hash and print exactly as plain frozen dataclasses with the same fields would
(game.core.events writes those three methods once for all event classes)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from game.core.events import EVENT_TYPES, Casualties, UnitMoved
from game.core.hexgrid import Hex

SAMPLES: dict[str, tuple[Any, Any]] = {  # two different values of each field type
    "int": (3, 4), "str": ("su_118_3", "jp_75_1"), "bool": (True, False), "float": (0.25, 1.5),
    "Hex": (Hex(1, 2), Hex(2, 1)), "tuple[Hex, ...]": ((Hex(0, 0), Hex(1, 0)), (Hex(0, 0),)),
    "tuple[str, ...]": (("a", "b"), ("a",)), "dict[str, str]": ({"Hill": "soviet"}, {"Hill": "japan"}),
    "dict[str, int]": ({"soviet": 3}, {"soviet": 4}),
}


def plain_twin(cls: type[Any]) -> type[Any]:
    """The same class as `@dataclass(frozen=True, slots=True)` writes it."""
    fields = [(f.name, f.type) for f in dataclasses.fields(cls)]
    twin = dataclasses.make_dataclass(cls.__name__, fields, frozen=True, slots=True)
    twin.__qualname__ = cls.__qualname__
    return twin


def values(cls: type[Any], which: int) -> list[Any]:
    return [SAMPLES[str(f.type)][which] for f in dataclasses.fields(cls)]


@pytest.mark.parametrize("kind", sorted(EVENT_TYPES))
def test_an_event_behaves_as_a_plain_frozen_dataclass(kind):
    cls = EVENT_TYPES[kind]
    twin = plain_twin(cls)
    a, b, other = cls(*values(cls, 0)), cls(*values(cls, 0)), cls(*values(cls, 1))
    ta = twin(*values(cls, 0))
    assert repr(a) == repr(ta)
    assert a == b and (a != b) is False and a != other and (a == ta) is False
    assert cls.__eq__(a, ta) is NotImplemented
    hashable = not any(isinstance(v, dict) for v in values(cls, 0))
    if hashable:
        assert hash(a) == hash(b) == hash(ta)
    else:
        with pytest.raises(TypeError):
            hash(a)
    name = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(a, name, values(cls, 1)[0])
    assert refusal(a, "other") == refusal(ta, "other")


def refusal(obj: Any, name: str) -> str:
    try:
        setattr(obj, name, 1)
    except Exception as exc:  # the type of refusal is what is compared
        return type(exc).__name__
    return "accepted"


def test_events_in_sets_and_dict_keys_are_found_by_value():
    moved = UnitMoved("su_1", (Hex(0, 0), Hex(1, 0)), 2)
    seen = {moved: 1, Casualties("su_1", "soviet", 1, 2, 0, "fire", 1.5): 2}
    assert seen[UnitMoved("su_1", (Hex(0, 0), Hex(1, 0)), 2)] == 1
    assert UnitMoved("su_1", (Hex(0, 0),), 2) not in seen
