"""The engine stays ruff-clean and mypy-clean: both tools are in the test extra, so CI runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing_in_game() -> None:
    done = _run("ruff", "check", "game")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing_in_game() -> None:
    done = _run("mypy", "game")
    assert done.returncode == 0, done.stdout + done.stderr
