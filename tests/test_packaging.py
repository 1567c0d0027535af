"""The installed `khasan` command finds the shipped scenarios from any directory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_installed_command_finds_shipped_scenarios(tmp_path):
    script = Path(sys.executable).parent / "khasan"
    assert script.exists(), "the package is not installed in this environment (pip install .)"
    out = subprocess.run([str(script), "validate", "teaching"], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "teaching: ok" in out.stdout


def test_python_dash_m_game_runs(tmp_path):
    out = subprocess.run([sys.executable, "-m", "game", "--version"], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0 and "khasan" in out.stdout
