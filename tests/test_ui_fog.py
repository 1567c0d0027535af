"""Fog of war in the window: unseen hexes shaded, enemy numbers only in contact, previews name
only spotted enemies, and the reveal-all key refused against the computer."""

from __future__ import annotations

import pygame

from game.rules.sight import spotted
from game.ui.app import App
from game.ui.fogview import knows_details, unseen_hexes
from game.ui.game_scene import GameScene
from game.ui.preview import bombard_preview
from game.ui.session import Session, controllers_for
from tests.ui_harness import click, key, place, pump, wait_for_human


def _open(st, h):
    m = st.scenario.map
    return h in m.index and not st.occupancy.get(m.index[h]) and m.terrain_rules[m.terrain_at(h)].move


def mg_two_hexes_from_battalion(st):
    """Put the Japanese MG company on open ground two hexes from the Soviet battalion."""
    bn = st.units["su_bn1"]
    two = next(h for h in bn.hex.ring(2) if _open(st, h))
    place(st, "jp_mg", two)
    st.pos_version += 1
    return bn, st.units["jp_mg"], two


def soviet_game(app: App, scen, day: bool = False) -> GameScene:
    scene = GameScene(app, Session(scen, 3, controllers_for("soviet", "historical")))
    scene.skip_ai = True
    app.set_scene(scene)
    wait_for_human(app, scene)
    if day:
        key(app, pygame.K_END)  # turn 2: daylight, the morning fog has lifted
        wait_for_human(app, scene)
    return scene


def test_unseen_hexes_are_shaded(app: App, scen) -> None:
    scene = soviet_game(app, scen)
    st = scene.state
    m = scen.map
    unseen = unseen_hexes(st, "soviet")
    own = {m.index[u.hex] for u in st.live_units("soviet")}
    assert not unseen[list(own)].any() and unseen.any()
    # a hidden hex on screen is darker with shading on than off
    far = next(i for i in map(int, unseen.nonzero()[0]) if scene.cam.viewport.collidepoint(
        scene.cam.hex_screen(m.hexes[i])))
    p = tuple(round(c) for c in scene.cam.hex_screen(m.hexes[far]))
    pump(app)
    shaded = sum(app.screen.get_at(p)[:3])
    app.settings.fog_shading = False
    app.apply_settings(save=False)
    pump(app)
    assert sum(app.screen.get_at(p)[:3]) > shaded + 30


def test_enemy_numbers_only_in_contact(app: App, scen) -> None:
    scene = soviet_game(app, scen, day=True)
    st = scene.state
    bn, jp, two = mg_two_hexes_from_battalion(st)
    assert "jp_mg" in scene.enemy_seen()  # spotted at two hexes in daylight
    assert not knows_details(st, "soviet", jp)
    click(app, scene.cam.hex_screen(two))  # selecting it draws its card without numbers
    assert scene.selected == "jp_mg"
    tip = scene.hex_tip(jp.hex, scene.shown_units())
    assert any("strength unknown" in line for line in tip) and not any("men" in line for line in tip[1:])
    pump(app)
    assert "jp_mg" in scene._no_details  # its counter is drawn without men and strength
    near = next(h for h in jp.hex.ring(1) if _open(st, h) and h.distance(bn.hex) <= 2)
    place(st, "su_bn1", near)
    st.pos_version += 1
    assert knows_details(st, "soviet", jp)
    tip = scene.hex_tip(jp.hex, scene.shown_units())
    assert any(f"{jp.men} men" in line for line in tip)


def test_previews_name_only_spotted_enemies(app: App, scen) -> None:
    scene = soviet_game(app, scen)
    st = scene.state
    target = st.units["jp_co1"].hex
    seen = {"nobody"}
    pv = bombard_preview(st, st.units["su_bty"], target, False, seen)
    assert not any(st.units["jp_co1"].name in o.label for o in pv.outcomes)
    pv = bombard_preview(st, st.units["su_bty"], target, False, {"jp_co1"})  # named only if really spotted
    named = any(st.units["jp_co1"].name in o.label for o in pv.outcomes)
    assert pv.problems or named == ("jp_co1" in spotted(st, "soviet"))


def test_reveal_all_only_in_hotseat_or_after_the_game(app: App, scen) -> None:
    scene = soviet_game(app, scen)
    key(app, pygame.K_v, unicode="v")
    assert scene.session.fog and "stays on" in scene.toast[0]
    hot = GameScene(app, Session(scen, 3, controllers_for("hotseat", "ai")))
    app.set_scene(hot)
    key(app, pygame.K_RETURN)  # past the hand-over screen
    key(app, pygame.K_v, unicode="v")
    assert not hot.session.fog
