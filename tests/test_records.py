"""Records are saves: they replay, verify, name the first differing step, refuse a changed
scenario, and catch any edited field or cut-off end through the hash chain and the end marker."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import TEACHING

import game as api
from game.cli import main
from game.core.errors import RecordError
from game.engine.record import header_for, link, read_record, scenario_for, write_record
from game.engine.replay import load_game, verify
from game.engine.scenario import load_scenario
from game.sim.runner import run_game


@pytest.fixture
def recorded(tmp_path):
    scen_path = tmp_path / "teaching.yaml"
    shutil.copy(TEACHING, scen_path)
    (tmp_path / "common").mkdir()
    for include in ("rules_1938.yaml", "terrain_1938.yaml", "unit_kinds.yaml"):
        shutil.copy(TEACHING.parent / "common" / include, tmp_path / "common")
    scen = load_scenario(scen_path)
    res = run_game(scen, 3, {"soviet": "ai", "japan": "ai"}, hashing=True)
    path = tmp_path / "game.jsonl"
    write_record(path, header_for(res.game, {"soviet": "ai", "japan": "ai"}), res.game)
    return path, scen_path


def lines_of(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def write_lines(path, lines, rechain=False):
    chain = ""
    for d in lines:
        if rechain:
            chain = d["chain"] = link(chain, d)
    path.write_text("".join(json.dumps(d, sort_keys=True) + "\n" for d in lines))


def problem(path):
    with pytest.raises(RecordError) as err:
        read_record(path)
    assert len(err.value.problems) == 1
    return err.value.problems[0]


def test_record_verifies(recorded):
    path, _ = recorded
    rec = read_record(path)
    ok, msg = verify(rec, scenario_for(rec))
    assert ok, msg
    assert rec.finished and rec.header["seed"] == 3 and rec.header["scenario"] == "teaching"
    assert len(rec.header["scenario_sha256"]) == 64
    assert lines_of(path)[-1]["end"] is True and lines_of(path)[-1]["steps"] == len(rec.steps)


@pytest.mark.parametrize("field, value", [
    ("hash", "0" * 64), ("step", 6), ("turn", 99), ("side", "japan"), ("events", []),
    ("order", {"kind": "end_phase"}),
])
def test_an_edited_step_field_is_named(recorded, field, value):
    path, _ = recorded
    lines = lines_of(path)
    lines[5][field] = value if lines[5][field] != value else "x"
    write_lines(path, lines)
    assert ": step 5:" in problem(path)


def test_an_edited_engine_version_is_caught(recorded):
    path, _ = recorded
    lines = lines_of(path)
    lines[0]["engine"] = "9.9.9"
    write_lines(path, lines)
    assert "line 1: header" in problem(path)


@pytest.mark.parametrize("cut", [1, 2, 7])
def test_lines_cut_off_the_end_are_caught(recorded, cut):
    path, _ = recorded
    lines = lines_of(path)
    write_lines(path, lines[:-cut])
    assert f"stops after step {len(lines) - 1 - cut} without its end marker" in problem(path)


def test_a_missing_step_is_named(recorded):
    path, _ = recorded
    lines = lines_of(path)
    del lines[4]
    write_lines(path, lines, rechain=True)
    assert "step 4: numbered 5" in problem(path)


def test_a_forged_chain_is_caught_by_re_simulation(recorded):
    path, _ = recorded
    lines = lines_of(path)
    lines[5]["events"] = lines[5]["events"][:-1] or [{"kind": "held", "unit": "x"}]
    write_lines(path, lines, rechain=True)
    rec = read_record(path)
    ok, msg = verify(rec, scenario_for(rec))
    assert not ok and msg.startswith("step 5:")
    with pytest.raises(RecordError, match="step 5: events differ"):
        load_game(rec, scenario_for(rec))  # play --load verifies as replay --verify does


def test_changed_scenario_is_refused(recorded):
    path, scen_path = recorded
    scen_path.write_text(scen_path.read_text().replace("men: 600", "men: 601", 1))
    with pytest.raises(RecordError, match="has changed"):
        scenario_for(read_record(path))


@pytest.mark.parametrize("text, where", [
    ("", "line 1"),
    ("not json\n", "line 1"),
    ("[" * 100000 + "\n", "line 1"),
    ('{"format": "khasan-record/2"}\n', "line 1: scenario"),
    ('{"seed": 1' + "0" * 5000 + "}\n", "line 1: not usable JSON"),
    ('{"format": "other"}\n', "line 1: format"),
])
def test_malformed_records_give_located_errors(tmp_path, text, where):
    p = tmp_path / "bad.jsonl"
    p.write_text(text)
    with pytest.raises(RecordError) as err:
        read_record(p)
    assert any(where in line for line in err.value.problems)


@pytest.mark.parametrize("key, value", [("seed", -1), ("seed", 2**64), ("sets", [1, 2])])
def test_bad_header_values_are_refused(recorded, key, value):
    path, _ = recorded
    lines = lines_of(path)
    lines[0][key] = value
    write_lines(path, lines, rechain=True)
    assert f"line 1: {key}" in problem(path)


def test_bad_order_in_record_is_located(recorded):
    path, _ = recorded
    lines = lines_of(path)
    lines[2]["order"] = {"kind": "teleport"}
    write_lines(path, lines, rechain=True)
    assert "line 3: step 2: order: unknown kind" in problem(path)


def test_a_game_saved_after_undos_verifies(tmp_path):
    g = api.load("teaching", seed=2)
    first = g.legal_orders()
    g.apply(first[0])
    g.undo()  # a take-back in the very first phase
    g.apply(first[1])
    for _ in range(30):
        if g.over:
            break
        g.apply(g.legal_orders()[-1] if len(g.orders) % 3 == 0 else g.legal_orders()[0])
    g.undo()
    g.undo()
    path = g.save(tmp_path / "undone.jsonl")
    rec = read_record(path)
    ok, msg = verify(rec, scenario_for(rec))
    assert ok and "unfinished" in msg, msg
    assert not rec.finished and len(rec.orders) == len(g.orders)


def run(*args):
    return main(["run", str(TEACHING), "--turns", "2", *args])


def test_run_record_refuses_bad_paths_before_playing(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert run("--record", str(tmp_path / "missing" / "r.jsonl")) == 2
    assert run("--record", str(tmp_path / "file" / "r.jsonl")) == 2
    assert run("--record", "") == 2
    assert run("--record", str(tmp_path)) == 2
    assert run("--record", str(tmp_path / "file")) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 5 and "does not exist" in err[0] and "is not a folder" in err[1] and "empty" in err[2]
    assert "--force" in err[4] and (tmp_path / "file").read_text() == "x"
    assert run("--record", str(tmp_path / "file"), "--force") == 0
    assert read_record(tmp_path / "file").finished is False  # two turns of a longer game


def test_interrupted_run_keeps_the_game_so_far(tmp_path, monkeypatch, capsys):
    import game.sim.runner as runner

    real = runner.play

    def play_then_interrupt(game, players, turns=None):
        real(game, players, 1)
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "play", play_then_interrupt)
    path = tmp_path / "cut.jsonl"
    assert run("--record", str(path)) == 130
    assert str(path) in capsys.readouterr().err
    rec = read_record(path)
    assert not rec.finished and rec.orders
    assert verify(rec, scenario_for(rec))[0]


def test_loading_a_save_reports_progress_and_continues(recorded):
    path, _ = recorded
    rec = read_record(path)
    seen = []
    game = load_game(rec, scenario_for(rec), upto=20, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(k, 20) for k in range(1, 21)] and len(game.steps) == 20 and game.undo_enabled


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "folder"])
def test_replay_refuses_files_that_are_not_regular_in_one_line(tmp_path, capsys, special):
    import os

    path = {"/dev/zero": "/dev/zero", "fifo": str(tmp_path / "f"), "folder": str(tmp_path)}[special]
    if special == "fifo":
        os.mkfifo(path)
    assert main(["replay", path, "--verify"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "not a regular file" in err[0]


def test_overrides_are_recorded_and_replayed(tmp_path):
    g = api.load("teaching", seed=1, sets={"victory.end.points_to_win": 5})
    while not g.over:
        g.apply(g.legal_orders()[-1])
    rec = read_record(g.save(tmp_path / "sets.jsonl"))
    assert rec.header["sets"] == {"victory.end.points_to_win": 5}
    assert verify(rec, scenario_for(rec))[0]
