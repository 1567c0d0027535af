"""The settings screen, driven by keys and clicks; settings remembered in a JSON file; sound."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pygame
import pytest

from game.ui.app import App
from game.ui.game_scene import GameScene
from game.ui.session import Session, controllers_for
from game.ui.settings import Settings, config_path, load_settings, save_settings
from tests.ui_harness import TEACHING, click, close_app, key, new_app, pump


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    return tmp_path / "khasan" / "settings.json"


def open_game(scen, size: tuple[int, int] = (1280, 720)) -> tuple[App, GameScene]:
    app = new_app(size)
    scene = GameScene(app, Session(scen, 1, controllers_for("soviet", "ai")), ai_enabled=False)
    app.set_scene(scene)
    pump(app)
    return app, scene


def test_settings_screen_changes_apply_at_once_and_are_remembered(scen, config: Path) -> None:
    from game.ui.screens import SettingsOverlay

    assert config_path() == config
    app, scene = open_game(scen)
    try:
        header_h = scene.layout.header.h
        width = scene.view.counter_width()
        key(app, pygame.K_F3)
        assert isinstance(scene.modal, SettingsOverlay)
        key(app, pygame.K_RIGHT)  # UI scale up
        assert app.settings.ui_scale > 1.0 and scene.layout.header.h > header_h
        key(app, pygame.K_DOWN)
        key(app, pygame.K_RIGHT)  # counter size up
        assert scene.view.counter_width() > width
        minus = next(b for b in scene.modal.buttons if b.action == "less" and b.arg == "sound_volume")
        pump(app)
        click(app, minus.rect.center)  # the mouse works too: volume down one step (and that row chosen)
        assert app.settings.sound_volume == 50
        key(app, pygame.K_DOWN)
        key(app, pygame.K_RIGHT)  # the next row: high contrast on
        assert app.theme.high_contrast
        key(app, pygame.K_ESCAPE)
        assert scene.modal is None
        saved = json.loads(config.read_text())
        assert saved["ui_scale"] == app.settings.ui_scale and saved["high_contrast"] is True
        assert saved["sound_volume"] == 50
        assert [p.name for p in config.parent.iterdir()] == ["settings.json"]  # no temporary file left
    finally:
        close_app(app)
    app, scene = open_game(scen)  # the next run starts with them
    try:
        assert app.settings.counter_size > 1.0 and app.theme.high_contrast
        assert scene.view.art.size_factor == app.settings.counter_size
    finally:
        close_app(app)


def test_corrupt_settings_file_is_ignored_with_a_notice(scen, config: Path, capsys) -> None:
    config.parent.mkdir(parents=True)
    config.write_text("{ui_scale: 2", encoding="utf-8")
    app, scene = open_game(scen)
    try:
        assert app.settings == Settings()
        assert "not valid JSON" in scene.toast[0] and "default settings" in scene.toast[0]
        assert "settings.json" in capsys.readouterr().err
    finally:
        close_app(app)
    assert config.read_text() == "{ui_scale: 2"  # left alone until the player changes a setting


def test_settings_values_are_brought_into_range(tmp_path: Path) -> None:
    p = tmp_path / "s.json"
    p.write_text(json.dumps({"ui_scale": 9, "sound_volume": -4, "fog_shading": "yes", "other": 1}))
    s, notice = load_settings(p)
    assert notice == "" and s.ui_scale == 1.5 and s.sound_volume == 0 and s.fog_shading is True
    save_settings(s, p)
    assert load_settings(p)[0] == s


def test_counters_grow_with_the_screen(scen, config: Path) -> None:
    app, small = open_game(scen, (1280, 720))
    w720 = small.view.counter_width()
    close_app(app)
    app, big = open_game(scen, (1920, 1080))
    try:
        assert big.view.counter_width() >= 1.3 * w720
    finally:
        close_app(app)


def test_sound_is_off_under_the_dummy_driver_and_never_crashes(monkeypatch: pytest.MonkeyPatch) -> None:
    from game.ui.sound import NAMES, RATE, Sound, synth

    monkeypatch.delenv("KHASAN_SOUND", raising=False)
    assert not Sound(80).enabled  # dummy video driver: silent by default
    for name in NAMES:  # generated, bounded, the same every run
        a, b = synth(name, np.random.default_rng(1938)), synth(name, np.random.default_rng(1938))
        assert np.array_equal(a, b) and np.isfinite(a).all() and 0.2 * RATE <= len(a) <= 2 * RATE
    monkeypatch.setenv("KHASAN_SOUND", "1")

    def no_device(*args: object, **kw: object) -> None:
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", no_device)
    s = Sound(80)
    assert not s.enabled and "no audio device" in s.error
    s.play("fire")
    s.set_volume(30)
    s.close()


def test_sound_plays_for_orders_when_enabled(scen, config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHASAN_SOUND", "1")  # SDL's dummy audio driver stands in for a device
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")  # importing pettingzoo (test_agents) sets it to "dsp"
    app, scene = open_game(scen)
    try:
        if not app.sound.enabled:
            pytest.fail(f"the mixer did not start on the dummy audio driver: {app.sound.error}")
        from game.core import events as ev
        from game.core.orders import EndPhase

        while True:  # end phases until one starts a new turn
            ap = scene.session.apply(EndPhase())
            if any(isinstance(e, ev.TurnStarted) for e in ap.events):
                break
        scene._after(ap)
        assert app.sound.played[-1] == "turn"
        app.settings.sound_volume = 0
        app.apply_settings()
        n = len(app.sound.played)
        app.sound.play("fire")
        assert len(app.sound.played) == n  # volume 0: silent
    finally:
        close_app(app)


def test_settings_from_the_start_screen(config: Path) -> None:
    import argparse

    from game.ui.screens import SettingsOverlay
    from game.ui.start import StartScene

    app = new_app()
    try:
        app.start_args = argparse.Namespace(scenario=str(TEACHING), side="soviet", opponent="ai", seed=1, whatif=[])
        app.to_start()
        pump(app)
        start = app.scene
        assert isinstance(start, StartScene)
        b = next(b for b in start.buttons if b.action == "settings")
        click(app, b.rect.center)
        assert isinstance(start.modal, SettingsOverlay)
        for _ in range(4):
            key(app, pygame.K_DOWN)  # sound volume
        key(app, pygame.K_LEFT)
        key(app, pygame.K_ESCAPE)
        assert start.modal is None and app.settings.sound_volume == 50
        assert json.loads(config.read_text())["sound_volume"] == 50
    finally:
        close_app(app)
