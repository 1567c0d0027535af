"""Giving orders in the window: a hopeless assault asks first; refused orders say why; go-to orders."""

from __future__ import annotations

import pygame

from game.core import events as ev
from game.ui.app import App
from game.ui.game_scene import GameScene
from game.ui.layout import hex_centre_unit
from game.ui.session import Session, controllers_for
from tests import ui_harness
from tests.ui_harness import click, hover, key, place, pump, wait_for_human


def make_scene(app: App, scen, opponent: str = "historical") -> GameScene:
    return ui_harness.make_scene(app, scen, "soviet", opponent)


def _free_next_to(st, target):
    m = st.scenario.map
    return [h for h in target.ring(1) if h in m.index and not st.occupancy.get(m.index[h])
            and m.terrain_rules[m.terrain_at(h)].move and not m.terrain_rules[m.terrain_at(h)].no_vehicles]


def test_hopeless_assault_asks_first(app: App, scen) -> None:
    from game.ui.screens import ConfirmDialog

    scene = make_scene(app, scen)
    wait_for_human(app, scene)
    st = scene.session.game.state
    target = st.units["jp_co1"].hex  # dug in on the hill
    place(st, "su_tk1", _free_next_to(st, target)[0])
    scene.session.fog = False
    click(app, scene.cam.hex_screen(st.units["su_tk1"].hex))
    assert scene.selected == "su_tk1"
    hover(app, scene.cam.hex_screen(target))
    pv = scene.intent().preview
    assert pv is not None and pv.legal and pv.chance is not None and pv.chance < 10
    game = scene.session.game
    n = len(game.steps)
    click(app, scene.cam.hex_screen(target))
    assert isinstance(scene.modal, ConfirmDialog) and len(game.steps) == n  # nothing happened yet
    key(app, pygame.K_ESCAPE)
    assert scene.modal is None and len(game.steps) == n  # cancelled
    click(app, scene.cam.hex_screen(target))
    assert isinstance(scene.modal, ConfirmDialog)
    key(app, pygame.K_RETURN)
    assert scene.modal is None and len(game.steps) == n + 1
    assert any(isinstance(e, ev.AssaultResolved) for e in game.steps[-1].events)
    pump(app, 2)


def test_air_strikes_report_effect_sorties_and_switch_off(app: App, scen) -> None:
    scene = make_scene(app, scen)
    wait_for_human(app, scene)
    key(app, pygame.K_END)  # turn 2: daylight, no fog, aircraft can fly
    wait_for_human(app, scene)
    game = scene.session.game
    st = game.state
    m = scen.map
    # an empty hex far from everyone: a strike there hurts nobody
    empty = next(h for h in m.hexes if not st.occupancy.get(m.index[h])
                 and all(h.distance(u.hex) > 3 for u in st.live_units()))
    scene.cam.centre_on(*hex_centre_unit(empty))
    key(app, pygame.K_r, unicode="r")
    assert scene.mode == "air"
    notes = scene._action_notes()["mode_air"]
    assert "12 SB" in notes and "12 I-15" in notes
    strikes = 0
    while scene.mode == "air" and strikes < 20:
        hover(app, scene.cam.hex_screen(empty))
        pv = scene.intent().preview
        assert pv is not None and pv.legal, pv and pv.problems
        click(app, scene.cam.hex_screen(empty))
        strikes += 1
        assert any(isinstance(e, ev.AirStrikeResolved) for e in game.steps[-1].events)
        texts = [line.text for line in scene.session.log[-6:]]
        assert any("no effect seen" in t for t in texts), texts
        assert any("sorties left today" in t for t in texts)
    assert scene.mode == "auto"  # every sortie flown: air mode switched itself off
    assert "0 SB" in scene._action_notes()["mode_air"]
    assert not scene._enabled_actions(None)["mode_air"]
    key(app, pygame.K_r, unicode="r")
    assert scene.mode == "auto" and "No sorties left" in scene.toast[0]


def test_suppression_is_logged(scen) -> None:
    from game.ui.messages import describe

    st = Session(scen, 1, controllers_for("soviet", "ai")).game.state
    line = describe(st, ev.Suppressed("jp_co1", 60, 50))
    assert line is not None and "pinned down" in line.text and st.units["jp_co1"].name in line.text


def test_refused_moves_say_why_and_go_to_orders_walk_over_turns(app: App, scen) -> None:
    from game.core.orders import Move
    from game.ui.goto import long_path
    from game.ui.interaction import reach_of

    scene = make_scene(app, scen)
    wait_for_human(app, scene)
    game = scene.session.game
    st = game.state
    m = scen.map
    bn = st.units["su_bn1"]
    click(app, scene.cam.hex_screen(bn.hex))
    assert scene.selected == "su_bn1"
    # a lake hex: refused, with the reason, and the unit stays selected
    lake = min((h for h in m.hexes if m.terrain_rules[m.terrain_at(h)].move is None), key=bn.hex.distance)
    scene.cam.centre_on(*hex_centre_unit(lake))
    pump(app)
    n = len(game.steps)
    click(app, scene.cam.hex_screen(lake))
    assert "Impassable" in scene.toast[0] and scene.selected == "su_bn1" and len(game.steps) == n
    # a hex beyond this phase's reach: refused with the cost, and a go-to path shown on hover
    reach = reach_of(st, bn)
    far = max((h for h in m.hexes if m.index[h] not in reach and not st.occupancy.get(m.index[h])
               and long_path(st, bn, m.index[h], set(scene.enemy_seen())) is not None), key=bn.hex.distance)
    scene.cam.centre_on(*hex_centre_unit(far))
    hover(app, scene.cam.hex_screen(far))
    it = scene.intent()
    assert it.order is None and it.path and it.path[-1] == m.index[far] and "Shift+click" in it.path_label
    click(app, scene.cam.hex_screen(far))
    assert "Too far" in scene.toast[0] and len(game.steps) == n
    # Shift+click: a go-to order; the first leg is walked at once
    start = bn.hex
    scene.click_hex(far, shift=True)
    assert scene.gotos.get("su_bn1") == m.index[far]
    assert isinstance(game.steps[-1].order, Move) and st.units["su_bn1"].hex != start
    assert scene.goto_paths() and scene.goto_paths()[0][-1] == m.index[far]
    pump(app, 2)
    # the next phases walk on by themselves until it arrives (or is stopped by an enemy)
    for _ in range(6):
        if "su_bn1" not in scene.gotos:
            break
        here = game.state.units["su_bn1"].hex
        key(app, pygame.K_END)
        wait_for_human(app, scene)
        pump(app, 3)
        if "su_bn1" in scene.gotos:
            assert game.state.units["su_bn1"].hex != here or "blocked" in scene.toast[0]
    moves = [s for s in game.steps if isinstance(s.order, Move) and s.order.unit == "su_bn1"]
    assert len(moves) >= 2
    # Delete cancels a go-to order
    bn = game.state.units["su_bn1"]
    scene.gotos["su_bn1"] = m.index[start]
    scene.selected = "su_bn1"
    key(app, pygame.K_DELETE)
    assert "su_bn1" not in scene.gotos and "cancelled" in scene.toast[0]
