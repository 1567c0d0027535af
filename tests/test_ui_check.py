"""The window's check mode (--frames/--screenshot), the replay screenshot, and the replay controller."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game.engine.record import read_record, scenario_for
from game.engine.replay import SNAP_EVERY, Replay

ROOT = Path(__file__).resolve().parent.parent
TEACHING = ROOT / "scenarios" / "teaching.yaml"


def khasan(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def png_size(path: Path) -> tuple[int, int]:
    img = pygame.image.load(str(path))
    return img.get_size()


def test_play_frames_screenshot(tmp_path: Path) -> None:
    shot = tmp_path / "frame.png"
    res = khasan("play", str(TEACHING), "--size", "800x600", "--frames", "5", "--screenshot", str(shot))
    assert res.returncode == 0, res.stderr
    m = re.search(r"^fps: ([0-9.]+)$", res.stdout, re.M)
    assert m and float(m.group(1)) > 0
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png_size(shot) == (800, 600)


def test_play_rejects_bad_size() -> None:
    res = khasan("play", str(TEACHING), "--size", "big", "--frames", "1")
    assert res.returncode == 2 and "--size" in res.stderr


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rec") / "game.jsonl"
    res = khasan("run", str(TEACHING), "--seed", "5", "--players", "soviet=historical,japan=ai", "--record", str(path))
    assert res.returncode == 0, res.stderr
    return path


def test_replay_to_turn_screenshot(record: Path, tmp_path: Path) -> None:
    shot = tmp_path / "turn3.png"
    res = khasan("replay", str(record), "--to-turn", "3", "--screenshot", str(shot), "--size", "1024x640")
    assert res.returncode == 0, res.stderr
    assert png_size(shot) == (1024, 640)


def test_replay_controller_seek_matches_replay(record: Path) -> None:
    from game.ui.replay import ReplayController

    rec = read_record(record)
    scen = scenario_for(rec)
    ctl = ReplayController(rec, scen, background=False)
    total = ctl.total
    assert total > SNAP_EVERY
    for k in (total, total // 2, 1, total - 1, 0):
        ctl.seek(k)
        assert ctl.state.hash() == Replay(rec, scen).game(k).state.hash()
    # stepping forward from a seek gives the recorded events and the recorded hash
    ctl.seek(3)
    ctl.forward()
    assert ctl.state.hash() == rec.steps[3]["hash"]
    ctl.back()
    assert ctl.pos == 3 and ctl.state.hash() == rec.steps[2]["hash"]
    # position after turn N: every order issued in turns <= N applied
    n = ctl.step_after_turn(1)
    assert all(t <= 1 for t in ctl.turns[:n]) and (n == total or ctl.turns[n] > 1)
    marks = ctl.bookmarks()
    assert marks and all(0 <= b.step <= total for b in marks)


def test_replay_take_over_writes_parent(record: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.ui.game_scene import GameScene
    from game.ui.replay import ReplayScene
    from tests.ui_harness import close_app, new_app

    monkeypatch.setenv("KHASAN_SAVE_DIR", str(tmp_path))
    rec = read_record(record)
    scen = scenario_for(rec)
    app = new_app()
    try:
        scene = ReplayScene(app, rec, scen)
        app.set_scene(scene)
        scene.seek(10)
        app.frame()
        scene.take_over("soviet")
        assert isinstance(app.scene, GameScene)
        sess = app.scene.session
        assert len(sess.game.steps) == 10
        assert sess.parent == {"record": rec.path, "step": 10}
        saved = sess.save(tmp_path / "taken.jsonl")
        assert read_record(saved).header["parent"] == {"record": rec.path, "step": 10}
        app.frame()
    finally:
        close_app(app)
