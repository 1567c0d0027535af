"""The `khasan` command: run --json contract, bad arguments give exit 2 and one line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT, TEACHING


def khasan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True)


def test_run_json_has_the_contract_keys():
    out = khasan("run", str(TEACHING), "--seed", "3", "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    for key in ("scenario", "seed", "whatifs", "turns_played", "winner", "control", "control_by_day", "losses",
                "state_hash"):
        assert key in d
    assert d["winner"] in ("soviet", "japan", "draw")
    assert set(d["losses"]) == {"soviet", "japan"}
    assert all(isinstance(v, int) for side in d["losses"].values() for v in side.values())
    assert set(d["control"]["Hill"].split()) <= {"soviet", "japan", "contested"}


def test_turns_limits_the_game():
    d = json.loads(khasan("run", str(TEACHING), "--turns", "2", "--json").stdout)
    assert d["turns_played"] == 2


@pytest.mark.parametrize("args", [
    ["run", str(TEACHING), "--seed", "abc"],
    ["run", str(TEACHING), "--players", "soviet=genius"],
    ["run", str(TEACHING), "--whatif", "martians"],
    ["run", str(TEACHING), "--turns", "-3"],
    ["run", "no/such/file.yaml"],
    ["replay", "no/such/record.jsonl", "--verify"],
    ["calibrate", str(TEACHING), "--runs", "-1"],
    ["calibrate", str(TEACHING), "--runs", "0"],
    ["calibrate", str(TEACHING), "--jobs", "-2"],
])
def test_bad_arguments_exit_2_with_one_line(args):
    out = khasan(*args)
    assert out.returncode == 2
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr


def test_record_then_verify_round_trip(tmp_path):
    rec = tmp_path / "g.jsonl"
    assert khasan("run", str(TEACHING), "--record", str(rec)).returncode == 0
    out = khasan("replay", str(rec), "--verify")
    assert out.returncode == 0 and "verified" in out.stdout
