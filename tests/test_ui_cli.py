"""`khasan play` without a display, and its --help."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from game.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent


def test_play_without_display_exits_2_naming_the_headless_commands() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    res = subprocess.run([sys.executable, "-m", "game", "play"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1
    for needle in ("no display", "DISPLAY", "khasan run", "--screenshot", "SDL_VIDEODRIVER=dummy"):
        assert needle in lines[0]
    assert "pygame" not in res.stdout  # it stops before the window library is even imported


def test_replay_window_without_display_exits_2_naming_the_headless_commands(tmp_path) -> None:
    import game

    rec = tmp_path / "g.jsonl"
    g = game.load("teaching", seed=1)
    g.apply(g.legal_orders()[-1])
    g.save(rec)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    res = subprocess.run([sys.executable, "-m", "game", "replay", str(rec)], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0]
    for needle in ("--verify", "--screenshot", "SDL_VIDEODRIVER=dummy"):
        assert needle in lines[0]


def test_play_help_describes_every_option() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    play = sub.choices["play"]  # type: ignore[attr-defined]
    options = [a for a in play._actions if a.dest != "help"]
    assert len(options) >= 9
    for a in options:
        assert a.help and len(a.help) > 10, a.dest
    text = play.format_help()
    for opt in ("--size", "--frames", "--screenshot", "--load", "--side", "--opponent", "--seed", "--whatif"):
        assert opt in text
