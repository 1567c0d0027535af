"""The replay viewer driven through the window: header buttons answer clicks; turn numbers match."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game.engine.record import read_record, scenario_for
from tests.ui_harness import ROOT, TEACHING, click, close_app, new_app


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rec") / "game.jsonl"
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    res = subprocess.run([sys.executable, "-m", "game", "run", str(TEACHING), "--seed", "5", "--players",
                          "soviet=historical,japan=ai", "--record", str(path)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return path


@pytest.fixture
def viewer(record: Path):
    from game.ui.replay import ReplayScene

    rec = read_record(record)
    app = new_app()
    scene = ReplayScene(app, rec, scenario_for(rec))
    app.set_scene(scene)
    app.frame()
    yield app, scene
    close_app(app)


def test_header_buttons_answer_clicks(viewer) -> None:
    from game.ui.replay import ReplayHelp, TakeOverMenu
    from game.ui.screens import ListMenu, StatsOverlay

    app, scene = viewer
    expect = {"stats": StatsOverlay, "help": ReplayHelp, "takeover": TakeOverMenu, "menu": ListMenu}
    for action, kind in expect.items():
        b = next(b for b in scene.header.buttons if b.action == action)
        click(app, b.rect.center)
        assert isinstance(scene.modal, kind), action
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
        app.frame()
        assert scene.modal is None
    speed = scene.speed_i
    b = next(b for b in scene.header.buttons if b.action == "ai_speed")
    click(app, b.rect.center)
    assert scene.speed_i == (speed + 1) % len(scene.speeds)


def test_jump_to_turn_shows_that_turn(viewer) -> None:
    app, scene = viewer
    n = scene.scen.clock.n_turns
    for turn in (1, 3, n):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_g, mod=0, unicode="g", scancode=0))
        for ch in str(turn):
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=ord(ch), mod=0, unicode=ch, scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
        app.frame()
        st = scene.ctl.state
        assert min(st.turn, n - 1) + 1 == turn  # the header's "Turn N"
