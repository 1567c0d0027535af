"""`khasan` as a process of its own (game.cli.program): a `run` or `validate` process puts off garbage
collection and ends without tearing the interpreter down; its output, exit code and record are
complete, and its game is the same as `main` plays in-process."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys

from conftest import ROOT, TEACHING

from game.cli import main
from game.engine.record import read_record


def khasan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True)


def test_a_run_process_prints_the_same_game_as_main_in_process():
    args = ["run", str(TEACHING), "--seed", "4", "--turns", "3", "--json"]
    out = khasan(*args)
    assert out.returncode == 0, out.stderr
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(args) == 0
    assert json.loads(out.stdout) == json.loads(buf.getvalue())


def test_a_run_process_writes_its_whole_record_before_it_ends(tmp_path):
    rec = tmp_path / "g.jsonl"
    out = khasan("run", str(TEACHING), "--seed", "2", "--record", str(rec), "--json")
    assert out.returncode == 0, out.stderr
    assert read_record(str(rec)).steps[-1]["hash"] == json.loads(out.stdout)["state_hash"]


def test_a_run_process_that_fails_still_exits_2_with_one_line():
    out = khasan("run", str(TEACHING), "--whatif", "martians")
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1


def test_a_validate_process_prints_every_file_and_its_exit_code(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n")
    out = khasan("validate", str(TEACHING), str(bad))
    assert out.returncode == 2
    assert f"{TEACHING}: ok" in out.stdout and str(bad) in out.stdout
