"""Drive the game window headlessly with synthetic pygame events and check the game state."""

from __future__ import annotations

import time
from pathlib import Path

import pygame

from game.core import events as ev
from game.core.orders import EndPhase, Fire, Move
from game.engine.record import read_record
from game.ui.app import App
from game.ui.game_scene import GameScene
from game.ui.interaction import reach_of
from game.ui.session import Session, controllers_for, load_session
from tests.ui_harness import TEACHING, click, hover, key, make_scene, place, pump, wait_for_human


def test_select_move_undo_end_turn(app: App, scen) -> None:
    scene = make_scene(app, scen)
    wait_for_human(app, scene)
    game = scene.session.game
    st = game.state
    assert st.side == "soviet"
    bn = st.units["su_bn1"]
    start = bn.hex
    click(app, scene.cam.hex_screen(bn.hex))
    assert scene.selected == "su_bn1"
    reach = reach_of(st, bn)
    assert reach
    # the farthest reachable hex east, so it stays on screen and is quiet (no dice)
    m = scen.map
    goal_idx = max(reach, key=lambda i: (m.hexes[i].distance(bn.hex), i))
    goal = m.hexes[goal_idx]
    hover(app, scene.cam.hex_screen(goal))
    assert scene.intent().path is not None and scene.intent().path[-1] == goal_idx
    n = len(game.steps)
    click(app, scene.cam.hex_screen(goal))
    assert len(game.steps) == n + 1 and isinstance(game.steps[-1].order, Move)
    assert game.state.units["su_bn1"].hex == goal
    # undo by keyboard takes the quiet move back (a move that spotted something cannot be undone)
    if game.can_undo():
        key(app, pygame.K_z, pygame.KMOD_CTRL)
        assert game.state.units["su_bn1"].hex == start
        assert len(game.steps) == n
    # end the phase with the End key; the computer plays its next phase and hands back
    turn = game.state.turn
    key(app, pygame.K_END)
    assert isinstance(game.steps[-1].order, EndPhase)
    wait_for_human(app, scene)
    assert game.state.turn == turn + 1 and game.state.side == "soviet"
    assert any(line.text.startswith("Turn 2") for line in scene.session.log)


def test_fire_and_assault_with_preview(app: App, scen) -> None:
    scene = make_scene(app, scen, opponent="historical")
    wait_for_human(app, scene)
    key(app, pygame.K_END)  # into turn 2: daylight, the morning fog has lifted
    wait_for_human(app, scene)
    game = scene.session.game
    st = game.state
    m = scen.map
    # set up a contact: the Japanese company two hexes from the battalion, the MG company adjacent
    bn = st.units["su_bn1"]
    east = [h for h in bn.hex.ring(2) if h in m.index and m.terrain_rules[m.terrain_at(h)].move]
    near = [h for h in bn.hex.ring(1) if h in m.index and m.terrain_rules[m.terrain_at(h)].move]
    place(st, "jp_co1", east[0])
    place(st, "jp_mg", near[0])
    scene.session.fog = False
    click(app, scene.cam.hex_screen(bn.hex))
    assert scene.selected == "su_bn1"
    # F: fire mode; hover the company: preview with a 5-95% range; click fires
    key(app, pygame.K_f, unicode="f")
    assert scene.mode == "fire"
    hover(app, scene.cam.hex_screen(east[0]))
    pv = scene.intent().preview
    assert pv is not None and pv.legal and pv.outcomes
    assert pv.outcomes[0].low <= pv.outcomes[0].mean <= pv.outcomes[0].high
    n = len(game.steps)
    click(app, scene.cam.hex_screen(east[0]))
    assert len(game.steps) == n + 1
    assert isinstance(game.steps[-1].order, Fire) and game.steps[-1].order.target == "jp_co1"
    assert any(isinstance(e, ev.FireResolved) for e in game.steps[-1].events)
    # the tank company assaults the adjacent MG company after hovering for the odds
    tk = st.units["su_tk1"]
    free = [h for h in near[0].ring(1) if h in m.index and not st.occupancy.get(m.index[h])
            and m.terrain_rules[m.terrain_at(h)].move and not m.terrain_rules[m.terrain_at(h)].no_vehicles]
    place(st, "su_tk1", free[0])
    click(app, scene.cam.hex_screen(tk.hex))
    assert scene.selected == "su_tk1"
    hover(app, scene.cam.hex_screen(near[0]))
    pv = scene.intent().preview
    assert pv is not None and pv.chance is not None and len(pv.outcomes) == 2
    click(app, scene.cam.hex_screen(near[0]))
    assert any(isinstance(e, ev.AssaultResolved) for e in game.steps[-1].events)
    pump(app, 3)


def test_save_and_load_continue_exactly(app: App, scen, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KHASAN_SAVE_DIR", str(tmp_path))
    scene = make_scene(app, scen)
    wait_for_human(app, scene)
    game = scene.session.game
    st = game.state
    bn = st.units["su_bn1"]
    click(app, scene.cam.hex_screen(bn.hex))
    goal = scen.map.hexes[max(reach_of(st, bn))]
    click(app, scene.cam.hex_screen(goal))
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    saves = list(tmp_path.glob("*.jsonl"))
    assert len(saves) == 1
    rec = read_record(saves[0])
    assert len(rec.orders) == len(game.steps)
    assert rec.header["players"] == {"soviet": "human", "japan": "ai"}
    loaded = load_session(saves[0])
    assert loaded.game.state.hash() == game.state.hash()
    assert loaded.controllers == scene.session.controllers
    # the loaded game goes on: end the phase in the new scene
    app.set_scene(GameScene(app, loaded))
    n = len(loaded.game.steps)
    key(app, pygame.K_END)
    assert isinstance(loaded.game.steps[n].order, EndPhase) and loaded.game.steps[n].side == "soviet"


def test_keyboard_only(app: App, scen) -> None:
    """Tab selects, the cursor moves with Shift+arrows, Enter acts, E digs in; help and menu open."""
    scene = make_scene(app, scen)
    wait_for_human(app, scene)
    game = scene.session.game
    key(app, pygame.K_TAB)
    assert scene.selected is not None
    uid = scene.selected
    key(app, pygame.K_e, unicode="e")
    assert game.state.units[uid].digging and game.state.units[uid].acted
    key(app, pygame.K_F1)
    assert scene.modal is not None
    key(app, pygame.K_ESCAPE)
    assert scene.modal is None
    key(app, pygame.K_TAB)
    sel = game.state.units[scene.selected]
    start = sel.hex
    key(app, pygame.K_RIGHT, pygame.KMOD_SHIFT)
    key(app, pygame.K_LEFT, pygame.KMOD_SHIFT)
    key(app, pygame.K_LEFT, pygame.KMOD_SHIFT)
    target = scene.focus
    if target is not None and scen.map.index.get(target) in reach_of(game.state, sel):
        key(app, pygame.K_RETURN)
        assert game.state.units[sel.id].hex != start
    key(app, pygame.K_ESCAPE)  # deselect
    assert scene.selected is None
    key(app, pygame.K_ESCAPE)
    assert scene.modal is not None  # the menu
    key(app, pygame.K_ESCAPE)
    assert scene.modal is None


def test_hotseat_hands_over_and_hides_the_map(app: App, scen) -> None:
    sess = Session(scen, 1, controllers_for("hotseat", "ai"))
    scene = GameScene(app, sess)
    app.set_scene(scene)
    pump(app)
    assert scene.modal is not None and scene.modal.blocks_map  # Japanese player first
    assert scene.shown_units()  # the data is there, but the draw hides it behind the hand-over
    key(app, pygame.K_RETURN)
    assert scene.modal is None
    assert sess.viewer() == "japan"
    key(app, pygame.K_END)
    assert sess.game.state.side == "soviet"
    pump(app)
    assert scene.modal is not None and scene.modal.blocks_map
    key(app, pygame.K_RETURN)
    assert sess.viewer() == "soviet"
    shown = {u.id for lst in scene.shown_units().values() for u in lst}
    assert {u.id for u in sess.game.state.live_units("soviet")} <= shown


def test_start_screen_starts_a_game(app: App, scen) -> None:
    import argparse

    from game.ui.start import StartScene

    args = argparse.Namespace(scenario=str(TEACHING), side="japan", opponent="historical", seed=4, whatif=[])
    app.start_args = args
    app.to_start()
    pump(app)
    start = app.scene
    assert isinstance(start, StartScene) and start.info.id == "teaching"
    key(app, pygame.K_RETURN)
    scene = app.scene
    assert isinstance(scene, GameScene)
    assert scene.session.controllers == {"japan": "human", "soviet": "historical"}
    assert scene.session.game.seed == 4


def test_stats_and_end_screen(app: App, scen) -> None:
    from game.ui.screens import EndOverlay, StatsOverlay

    scene = make_scene(app, scen)
    while not scene.session.game.over:
        if scene.session.human_turn():
            key(app, pygame.K_END)
        pump(app)
    t0 = time.perf_counter()
    while not isinstance(scene.modal, EndOverlay) and time.perf_counter() - t0 < 10:
        pump(app)
    assert isinstance(scene.modal, EndOverlay)
    key(app, pygame.K_F2)
    assert isinstance(scene.modal, StatsOverlay)
    st = scene.modal.stats
    assert st.last_turn == scen.clock.n_turns - 1
    assert sum(st.losses["soviet"]) == st.total("soviet")
    key(app, pygame.K_ESCAPE)
    assert scene.modal is None


def test_artillery_barrage_and_air_strike(app: App, scen) -> None:
    scene = make_scene(app, scen, opponent="historical")
    wait_for_human(app, scene)
    key(app, pygame.K_END)  # turn 2: daylight, no fog, aircraft can fly
    wait_for_human(app, scene)
    game = scene.session.game
    st = game.state
    scene.session.fog = False
    # the Japanese company in range of the field battery, seen by the battalion next to it
    bty = st.units["su_bty"]
    target = st.units["jp_co1"].hex
    click(app, scene.cam.hex_screen(bty.hex))
    if scene.selected != "su_bty":  # the battery shares its hex with the tanks: click again to cycle
        click(app, scene.cam.hex_screen(bty.hex))
    assert scene.selected == "su_bty"
    key(app, pygame.K_b, pygame.KMOD_SHIFT)
    assert scene.mode == "barrage"
    hover(app, scene.cam.hex_screen(target))
    pv = scene.intent().preview
    assert pv is not None and pv.legal, pv and pv.problems
    ammo = bty.ammo
    click(app, scene.cam.hex_screen(target))
    assert any(isinstance(e, ev.BombardResolved) and e.barrage for e in game.steps[-1].events)
    assert game.state.units["su_bty"].ammo == ammo - 2
    # R: air strike mode; ] picks the next type, . adds sorties; click the target
    key(app, pygame.K_r, unicode="r")
    assert scene.mode == "air" and scene.air_choice
    key(app, pygame.K_PERIOD, unicode=".")
    hover(app, scene.cam.hex_screen(target))
    pv = scene.intent().preview
    assert pv is not None and pv.legal
    click(app, scene.cam.hex_screen(target))
    assert any(isinstance(e, ev.AirStrikeResolved) for e in game.steps[-1].events)
