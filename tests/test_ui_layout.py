"""Window sizes: every size from 640x360 up lays out inside the window; smaller ones say so."""

from __future__ import annotations

import argparse
from pathlib import Path

import pygame
import pytest

from game.engine.scenario import load_scenario
from game.ui.app import App, too_small
from game.ui.game_scene import GameScene
from game.ui.layout import Layout
from game.ui.session import Session, controllers_for
from tests.ui_harness import ROOT, TEACHING, close_app, new_app


@pytest.mark.parametrize("size", [(640, 360), (800, 600), (1280, 720), (1920, 1080), (3840, 2160), (1000, 400)])
def test_layout_regions_fit_the_window(size: tuple[int, int]) -> None:
    lay = Layout.for_size(*size)
    win = pygame.Rect(0, 0, *size)
    for r in (lay.header, lay.map, lay.panel, lay.minimap, lay.details, lay.actions, lay.log):
        assert r.w > 0 and r.h > 0 and win.contains(r), (size, r)
    assert lay.details.h >= 80 and lay.map.w >= 300
    assert not lay.minimap.colliderect(lay.details) and not lay.details.colliderect(lay.actions)
    assert not lay.actions.colliderect(lay.log)


def test_big_screens_scale_up() -> None:
    assert Layout.for_size(3840, 2160).scale >= 2.5 * Layout.for_size(1280, 720).scale
    assert Layout.for_size(1920, 1080).header.h > Layout.for_size(1280, 720).header.h


def _frames(app: App, n: int = 3) -> None:
    for _ in range(n):
        app.frame()


@pytest.mark.parametrize("size", [(320, 240), (360, 260), (1000, 240), (640, 360), (3840, 2160)])
def test_game_and_start_screens_draw_at_any_size(size: tuple[int, int], scen) -> None:
    from game.ui.start import StartScene

    app = new_app(size)
    try:
        app.set_scene(GameScene(app, Session(scen, 1, controllers_for("soviet", "ai")), ai_enabled=False))
        _frames(app)
        app.start_args = argparse.Namespace(scenario=str(TEACHING), side="soviet", opponent="ai", seed=1, whatif=[])
        app.to_start()
        assert isinstance(app.scene, StartScene)
        _frames(app)
        if too_small(size):  # the notice: the window is filled with the background and a message
            assert app.screen.get_at((2, 2))[:3] == app.theme.colour("background")[:3]
    finally:
        close_app(app)


def test_dragging_the_window_small_and_back(scen) -> None:
    app = new_app()
    try:
        scene = GameScene(app, Session(scen, 1, controllers_for("soviet", "ai")), ai_enabled=False)
        app.set_scene(scene)
        for w, h in ((400, 250), (700, 380), (1600, 900)):
            pygame.display.set_mode((w, h), pygame.RESIZABLE)
            pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=w, h=h, size=(w, h)))
            _frames(app, 2)
            assert scene.layout.width == max(640, w) and app.screen.get_size() == (w, h)
    finally:
        close_app(app)


def test_loading_a_save_shows_progress_then_the_same_game(scen, tmp_path: Path, monkeypatch) -> None:
    from game.core.orders import EndPhase
    from game.ui.loading import LoadingScene
    from game.ui.start import StartScene

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    sess = Session(scen, 2, controllers_for("soviet", "ai"))
    while not sess.game.over:
        sess.apply(EndPhase())
    path = sess.save(tmp_path / "long.jsonl")
    app = new_app((800, 600))
    try:
        app.start_args = argparse.Namespace(scenario=str(TEACHING), side="soviet", opponent="ai", seed=1, whatif=[])
        app.to_start()
        start = app.scene
        assert isinstance(start, StartScene)
        start.load(path)
        loading = app.scene
        assert isinstance(loading, LoadingScene)
        loading.SLICE_S = 0.0  # one order per frame, so the bar is seen moving
        seen = []
        while app.scene is loading:
            app.frame()
            seen.append(loading.fraction)
        assert seen[0] < 0.5 < max(seen) and seen == sorted(seen)
        assert isinstance(app.scene, GameScene)
        assert app.scene.session.game.state.hash() == sess.game.state.hash()
        # a broken save: a message on the loading screen, any key goes back to the start screen
        bad = tmp_path / "bad.jsonl"
        lines = path.read_text().splitlines()
        bad.write_text("\n".join([lines[0], lines[1].replace('"order"', '"ordre"')]) + "\n")
        app.to_start()
        app.scene.load(bad)
        assert isinstance(app.scene, StartScene) and app.scene.message  # refused before loading
    finally:
        close_app(app)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (640, 360)])
def test_objectives_listed_and_points_in_the_header(size: tuple[int, int], tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    scen = load_scenario(ROOT / "scenarios" / "khasan_1938.yaml")
    app = new_app(size)
    try:
        scene = GameScene(app, Session(scen, 1, controllers_for("soviet", "ai")), ai_enabled=False)
        app.set_scene(scene)
        app.frame()
        names = [name for _, name in scene.objectives.rows]
        assert sorted(names) == sorted(o.name for o in scen.objectives)
        pts = scene.header.points_rect
        assert pts.w > 0 and scene.layout.header.contains(pts)
        assert all(not pts.colliderect(b.rect) for b in scene.header.buttons)
        # a click on an objective's line centres the map on it
        rect, name = scene.objectives.rows[-1]
        for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            pygame.event.post(pygame.event.Event(kind, pos=rect.center, button=1))
        app.frame()
        obj = scen.objective(name)
        x, y = scene.cam.hex_screen(obj.hex)
        assert abs(x - scene.cam.viewport.centerx) < 60 and abs(y - scene.cam.viewport.centery) < 60
    finally:
        close_app(app)
