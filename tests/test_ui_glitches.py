"""The small glitches of issue 13, item 11, each checked in the window."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.core import events as ev
from game.engine.scenario import load_scenario
from game.ui.animation import Animator
from game.ui.app import App
from game.ui.charts import _nice
from game.ui.game_scene import GameScene
from game.ui.screens import luck_line
from game.ui.session import Session, controllers_for
from game.ui.stats import compute
from game.ui.widgets import fit_label, tooltip
from tests.ui_harness import ROOT, hover, key, new_app, pump, wait_for_human

KHASAN = ROOT / "scenarios" / "khasan_1938.yaml"


def open_game(scen, size=(1280, 720), side: str = "soviet", opponent: str = "ai") -> tuple[App, GameScene]:
    app = new_app(size)
    scene = GameScene(app, Session(scen, 3, controllers_for(side, opponent)))
    scene.skip_ai = True
    app.set_scene(scene)
    pump(app)
    return app, scene


@pytest.fixture(autouse=True)
def _config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    yield
    pygame.display.quit()


def test_tooltips_stay_inside_the_window(scen) -> None:
    app, _ = open_game(scen, (800, 600))
    long = "a what-if that changes a great many things about the battle " * 4
    for pos in ((790, 590), (5, 5), (790, 5), (400, 300)):
        r = tooltip(app.screen, app.theme, ["title", long], pos)
        assert r is not None and app.screen.get_rect().contains(r), pos


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (800, 600)])
def test_button_labels_fit_without_cutting(scen, size) -> None:
    app, scene = open_game(scen, size)
    buttons = scene.panel.buttons + scene.header.buttons
    assert len(buttons) >= 14
    for b in buttons:
        t = fit_label(app.theme, b.label, b.rect.w - 6, "small")
        assert t.get_width() <= b.rect.w - 6
        # nothing is cut: the label was drawn whole (possibly smaller or condensed)
        whole = [app.theme.text(b.label, sz, "text", role).get_width() for sz in ("small", "tiny", 10)
                 for role in ("bold", "condensed")]
        assert min(whole) <= b.rect.w - 6, b.label


def test_stack_names_are_whole_or_in_a_tooltip(scen) -> None:
    app, scene = open_game(scen)
    wait_for_human(app, scene)
    st = scene.state
    tk = st.units["su_tk1"]  # shares its hex with the battery
    scene.selected = "su_tk1"
    pump(app)
    assert tk.hex == st.units["su_bty"].hex
    assert scene.panel.stack_buttons
    for b in scene.panel.stack_buttons:  # hovering a stack line shows the whole name
        assert b.tip == st.units[str(b.arg)].name


def test_loss_numbers_sink_while_banners_rise(scen) -> None:
    app, scene = open_game(scen)
    st = scene.state
    a = Animator(app.theme)
    h = st.units["jp_co1"].hex
    a.add(st, [ev.AssaultResolved(("su_bn1",), h, ("jp_co1",), 2.0, 40, 55, False),
               ev.Casualties("jp_co1", "japan", 3, 5, 1, "assault", 8.0)], None)
    kinds = {x.kind: x for x in a.queue[0].anims}
    assert kinds["float"].text == "Repulsed" and kinds["loss"].text == "-9"
    # drawn at mid-flight, the banner is above the hex centre and the loss below it
    g = a.queue[0]
    g.t = kinds["loss"].start + 0.5 * kinds["loss"].duration
    surf = pygame.Surface(app.screen.get_size())
    surf.fill((0, 0, 0))
    a.draw(surf, scene.view)
    cx, cy = scene.cam.hex_screen(h)
    below = pygame.Rect(round(cx) - 30, round(cy + scene.cam.size * 0.5), 60, scene.cam.size * 2)
    above = pygame.Rect(round(cx) - 60, round(cy - scene.cam.size * 4), 120, round(scene.cam.size * 3.4))
    lit = lambda r: any(surf.get_at((x, y))[:3] != (0, 0, 0) for x in range(r.x, r.right, 2)  # noqa: E731
                        for y in range(r.y, r.bottom, 2) if surf.get_rect().collidepoint(x, y))
    assert lit(below) and lit(above)


def test_zooming_after_a_pause_finds_sharp_tiles(scen) -> None:
    app, scene = open_game(scen, (1280, 720), opponent="historical")
    wait_for_human(app, scene)
    for _ in range(300):  # idle: the tiles around the view, and at the next zoom levels, get built
        pump(app)
    ready = set(scene.view.tiles.tiles)
    key(app, pygame.K_EQUALS, unicode="=")
    pump(app)
    assert scene.view.missing_tiles == 0
    cam, tiles = scene.cam, scene.view.tiles
    T, s = tiles.tile, cam.size
    ox, oy = cam.origin()
    lft, top, r, b = tiles.painter.geo.bounds
    needed = [(cam.level, tx, ty) for ty in range(int(oy // T), int((oy + cam.viewport.h - 1) // T) + 1)
              for tx in range(int(ox // T), int((ox + cam.viewport.w - 1) // T) + 1)
              if not ((tx + 1) * T < lft * s or tx * T > r * s or (ty + 1) * T < top * s or ty * T > b * s)]
    assert needed and all(k in ready for k in needed)  # every tile of the new view was built while idle


def test_hex_panel_follows_the_map_under_a_still_mouse() -> None:
    app, scene = open_game(load_scenario(KHASAN))  # a map bigger than the window, so it scrolls
    scene.ai_enabled = False
    pos = scene.cam.viewport.center
    hover(app, pos)
    before = scene.focus
    key(app, pygame.K_RIGHT)  # scroll with the keys: the mouse stays, the map moves
    assert scene.focus != before and scene.focus == scene.cam.hex_at_screen(*pos)


def test_chart_ticks_are_whole_men_and_lines_have_their_own_colours(scen) -> None:
    for v in (0, 0.3, 1, 2, 5, 7, 13, 99, 333, 1234, 98765):
        top = _nice(v)
        assert top >= v and top % 4 == 0 and (top / 4) == int(top / 4)
    app, _ = open_game(scen)
    cols = [app.theme.side(k, part) for k in ("soviet", "japan") for part in ("chart", "chart_expected")]
    assert len(set(cols)) == 4


def test_no_luck_verdict_before_anything_was_expected(scen) -> None:
    st = compute(scen, [])
    assert luck_line(st, "soviet") == "Soviet: no losses yet"
    assert "0.00x" not in luck_line(st, "japan") and "lucky" not in luck_line(st, "japan")


def test_air_and_undo_look_disabled_when_disabled(scen) -> None:
    app, scene = open_game(scen)
    wait_for_human(app, scene)  # turn 1: night and fog, nothing to undo
    pump(app)
    on = {b.action: b for b in scene.panel.buttons}
    assert not on["mode_air"].enabled and not on["undo"].enabled and on["end_turn"].enabled
    bg = lambda b: app.screen.get_at((b.rect.x + 3, b.rect.centery))[:3]  # noqa: E731
    assert bg(on["mode_air"]) != bg(on["end_turn"]) and bg(on["undo"]) == bg(on["mode_air"])
    assert "grounded" in on["mode_air"].tip and "Nothing to take back" in on["undo"].tip
