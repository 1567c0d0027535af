"""`Unit.copy` copies every field (a new field must be added to it) and shares no mutable dict."""

from __future__ import annotations

import dataclasses

from game.core.hexgrid import Hex
from game.core.units import Unit, UnitKind, UnitType


def test_copy_has_every_field_and_its_own_dicts():
    kind = UnitKind("rifles", "rifle infantry", ("cross",), True, 1)
    values = {f.name: i + 1 for i, f in enumerate(dataclasses.fields(Unit))}
    values.update(id="u1", name="1st", side="soviet", type=UnitType("bn", "rifles", 6, "battalion", False, 3, kind),
                  hex=Hex(3, 4), guns={"76mm": 2}, tanks={"t26": 5}, acted=True, moved=False, on_map=True,
                  digging=True)
    u = Unit(**values)
    c = u.copy()
    assert c == u and c is not u
    assert {f.name: getattr(c, f.name) for f in dataclasses.fields(Unit)} == values
    assert c.guns is not u.guns and c.tanks is not u.tanks
    c.guns["76mm"] = 0
    assert u.guns["76mm"] == 2
