"""Events, orders and scenario parts compare, hash and print exactly as plain frozen dataclasses with the
same fields would (they take those three methods from game.core.fieldmethods.FieldMethods)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from conftest import ROOT

from game.core.events import EVENT_TYPES, Casualties, UnitMoved
from game.core.hexgrid import Hex
from game.core.orders import ORDER_TYPES

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


@pytest.mark.parametrize("cls", [*EVENT_TYPES.values(), *ORDER_TYPES.values()], ids=lambda c: c.__name__)
def test_an_event_or_order_behaves_as_a_plain_frozen_dataclass(cls):
    twin = plain_twin(cls)
    a, b, other = cls(*values(cls, 0)), cls(*values(cls, 0)), cls(*values(cls, 1))
    ta = twin(*values(cls, 0))
    assert repr(a) == repr(ta)
    assert a == b and (a != b) is False and (a == other) is (values(cls, 0) == values(cls, 1)) and (a == ta) is False
    assert cls.__eq__(a, ta) is NotImplemented
    hashable = not any(isinstance(v, dict) for v in values(cls, 0))
    if hashable:
        assert hash(a) == hash(b) == hash(ta)
    else:
        with pytest.raises(TypeError):
            hash(a)
    for f in dataclasses.fields(cls)[:1]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(a, f.name, values(cls, 1)[0])
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


def scenario_values() -> list[Any]:
    """One or more instances of each scenario-part class that takes its methods from FieldMethods."""
    from game.engine.scenario import load_scenario, read_scenario

    s = load_scenario(ROOT / "scenarios" / "khasan_1938.yaml")
    parts: list[Any] = [s.clock, s.victory, s.map.projection, read_scenario(ROOT / "scenarios" / "teaching.yaml")]
    parts += [*s.calibres.values(), *s.unit_types.values(), *s.objectives, *s.targets, *s.sides]
    parts += [*s.unit_kinds.values(), *s.tank_kinds.values(), *s.map.terrain_rules]
    parts += [t for tasks in s.plans.values() for t in tasks] + [a for t in s.air_types.values() for a in t.values()]
    return parts


def test_scenario_parts_behave_as_plain_frozen_dataclasses():
    parts = scenario_values()
    assert {type(p).__name__ for p in parts} >= {
        "Calibre", "Victory", "Target", "Objective", "PlanTask", "AirType", "RawScenario", "SideInfo", "UnitKind",
        "VehicleKind", "UnitType", "TerrainKind", "Clock", "Projection"}
    for p in parts:
        cls = type(p)
        twin = plain_twin(cls)
        tp = twin(*(getattr(p, f.name) for f in dataclasses.fields(cls)))
        assert repr(p) == repr(tp)
        assert p == cls(*(getattr(p, f.name) for f in dataclasses.fields(cls))) and (p == tp) is False
        assert refusal(p, "other") == refusal(tp, "other")
        try:
            expected: Any = hash(tp)
        except TypeError:
            expected = TypeError
        try:
            got: Any = hash(p)
        except TypeError:
            got = TypeError
        assert got == expected, cls.__name__
