"""The window shows the enemy as the side knows it: previews of fire and fire missions on a
spotted enemy out of contact use its paper strength (as the public API's do), the statistics
against the computer leave out the enemy's losses until the battle is over, and the "no effect"
line of a strike says nothing about units the side cannot see."""

from __future__ import annotations

import pygame

from game.core import events as ev
from game.engine.preview import bombard_expected
from game.rules.knowledge import knows_details, order_of_battle, side_view
from game.rules.sight import spotted
from game.ui.app import App
from game.ui.game_scene import GameScene
from game.ui.messages import no_effect_lines
from game.ui.preview import bombard_preview, fire_preview
from game.ui.screens import StatsOverlay
from game.ui.session import Session, controllers_for
from tests.test_ui_fog import _open, mg_two_hexes_from_battalion, soviet_game
from tests.ui_harness import key, place, pump


def _out_of_contact(scene: GameScene) -> tuple:
    """The Japanese MG company spotted two hexes from a Soviet battalion in daylight, its real men
    and digging changed from the order of battle."""
    st = scene.state
    bn, jp, _ = mg_two_hexes_from_battalion(st)
    jp.men, jp.entrench = order_of_battle(st)["jp_mg"].men - 37, 3
    assert "jp_mg" in spotted(st, "soviet") and not knows_details(st, "soviet", jp)
    return st, bn, jp


def _numbers(pv) -> list:
    return [(o.mean, o.low, o.high) for o in pv.outcomes] + [m for m in pv.modifiers if m[0].startswith("cover")]


def test_fire_preview_on_an_enemy_out_of_contact_shows_paper_strength(app: App, scen) -> None:
    scene = soviet_game(app, scen, day=True)
    st, bn, jp = _out_of_contact(scene)
    pv = fire_preview(st, bn, jp)
    assert not pv.problems, pv.problems
    paper = order_of_battle(st)["jp_mg"]
    assert "on paper" in pv.outcomes[0].label
    assert any(f"dug in {paper.entrench} on paper" in m[0] for m in pv.modifiers)
    jp.men, jp.entrench = 5, 0  # what the side cannot see changes nothing in the preview
    assert _numbers(fire_preview(st, bn, jp)) == _numbers(pv)


def test_bombard_preview_on_an_enemy_out_of_contact_matches_the_api_estimate(app: App, scen) -> None:
    scene = soviet_game(app, scen, day=True)
    st, _, jp = _out_of_contact(scene)
    bty = st.units["su_bty"]
    pv = bombard_preview(st, bty, jp.hex, False)
    if pv.problems:  # out of range from where it stands: bring it within reach (test set-up)
        place(st, "su_bty", next(h for h in jp.hex.ring(3) if _open(st, h)))
        st.pos_version += 1
        pv = bombard_preview(st, bty, jp.hex, False)
    assert not pv.problems, pv.problems
    xs, _ = bombard_expected(side_view(st, "soviet"), bty.id, jp.hex, False)
    mine = [x for x in xs if x.unit == "jp_mg"]
    assert mine and mine[0].estimated and mine[0].strength == order_of_battle(st)["jp_mg"].men
    assert any(o.mean == min(mine[0].men, mine[0].strength) and "on paper" in o.label for o in pv.outcomes)
    jp.men = 3
    assert _numbers(bombard_preview(st, bty, jp.hex, False)) == _numbers(pv)


def test_stats_against_the_computer_leave_out_the_enemys_losses(app: App, scen) -> None:
    scene = soviet_game(app, scen, day=True)
    scene.open_stats()
    modal = scene.modal
    assert isinstance(modal, StatsOverlay)
    assert set(modal.stats.names) == {"soviet"} and "japan" not in modal.stats.losses
    assert modal.hidden == [next(s.adjective for s in scen.sides if s.key == "japan")]  # named in a note
    pump(app)  # draws with one side
    scene.modal = None
    scene.state.over = True  # a finished game shows everyone's
    scene.open_stats()
    assert isinstance(scene.modal, StatsOverlay) and set(scene.modal.stats.names) == {"soviet", "japan"}


def test_stats_in_hotseat_show_both_sides(app: App, scen) -> None:
    hot = GameScene(app, Session(scen, 3, controllers_for("hotseat", "ai")))
    app.set_scene(hot)
    key(app, pygame.K_RETURN)  # past the hand-over screen
    hot.open_stats()
    assert isinstance(hot.modal, StatsOverlay) and not hot.modal.hidden
    assert set(hot.modal.stats.names) == {"soviet", "japan"}


def test_no_effect_line_says_nothing_about_units_the_side_cannot_see(game) -> None:
    st = game.state
    jp = st.units["jp_co1"]
    strike = ev.AirStrikeResolved("soviet", "SB", 4, jp.hex, 400)
    hit = ev.Casualties("jp_co1", "japan", 3, 5, 0, "air", 4.0)
    shaken = ev.Suppressed("jp_co1", 20, 60)

    def text(events: list, seen: set[str]) -> list[str]:
        return [line.text for line in no_effect_lines(st, events, "soviet", seen)]

    blank = text([strike], set())
    assert len(blank) == 1 and "no effect seen" in blank[0] and "heads down" not in blank[0]
    assert text([strike, shaken], set()) == blank  # unseen men keeping their heads down: not told
    assert text([strike, hit, shaken], set()) == blank  # nor a hit on them, by a missing line
    assert "heads down" in text([strike, shaken], {"jp_co1"})[0]
    assert text([strike, hit], {"jp_co1"}) == []
    assert "nobody hit" in no_effect_lines(st, [strike], None)[0].text  # fog off: everything
