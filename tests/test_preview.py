"""The air-strike preview states what the ground-fire rule computes: aircraft hit, and of those lost."""

from __future__ import annotations

import pytest

from game.core.orders import EndPhase
from game.rules.air import expected_ground_fire, hit_chance
from game.rules.knowledge import side_view
from game.ui.preview import air_preview


def test_air_preview_shows_expected_aircraft_hit_and_lost_from_the_rule(game):
    st = game.state
    while st.turn < 2 or st.side != "soviet":
        game.apply(EndPhase())
    target = st.units["jp_co1"].hex
    known = side_view(st, "soviet")  # the preview counts the guns the side knows of
    hit, lost = expected_ground_fire(known, "soviet", target, 8)
    assert hit == pytest.approx(8 * hit_chance(known, "soviet", target))
    assert lost == pytest.approx(hit * st.params.i("equipment.aircraft.destroyed_pct") / 100.0)
    pv = air_preview(st, "SB", 8, target)
    assert ("aircraft hit", f"~{hit:.2f} expected, ~{lost:.2f} of them lost") in pv.modifiers
    assert hit > 0 and all(name != "aircraft lost" for name, _ in pv.modifiers)
