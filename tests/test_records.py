"""Records are saves: they replay, verify, name the first differing step and refuse a changed scenario."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import TEACHING

from game.core.errors import RecordError
from game.engine.record import header_for, read_record, scenario_for, verify, write_record
from game.engine.scenario import load_scenario
from game.sim.runner import run_game


@pytest.fixture
def recorded(tmp_path):
    scen_path = tmp_path / "teaching.yaml"
    shutil.copy(TEACHING, scen_path)
    (tmp_path / "common").mkdir()
    shutil.copy(TEACHING.parent / "common" / "rules_1938.yaml", tmp_path / "common")
    scen = load_scenario(scen_path)
    res = run_game(scen, 3, {"soviet": "ai", "japan": "ai"}, hashing=True)
    path = tmp_path / "game.jsonl"
    write_record(path, header_for(res.game, {"soviet": "ai", "japan": "ai"}), res.game)
    return path, scen_path


def test_record_verifies(recorded):
    path, _ = recorded
    rec = read_record(path)
    ok, msg = verify(rec, scenario_for(rec))
    assert ok, msg
    assert rec.header["seed"] == 3 and rec.header["scenario"] == "teaching"
    assert len(rec.header["scenario_sha256"]) == 64


def test_tampered_step_is_named(recorded):
    path, _ = recorded
    lines = path.read_text().splitlines()
    step = json.loads(lines[5])
    step["hash"] = "0" * 64
    lines[5] = json.dumps(step)
    path.write_text("\n".join(lines) + "\n")
    rec = read_record(path)
    ok, msg = verify(rec, scenario_for(rec))
    assert not ok and msg.startswith("step 5:")


def test_changed_scenario_is_refused(recorded):
    path, scen_path = recorded
    scen_path.write_text(scen_path.read_text().replace("men: 600", "men: 601", 1))
    with pytest.raises(RecordError, match="has changed"):
        scenario_for(read_record(path))


@pytest.mark.parametrize("text, where", [
    ("", "line 1"),
    ("not json\n", "line 1"),
    ('{"format": "khasan-record/1"}\n', "line 1: scenario"),
    ('{"format": "other"}\n', "line 1: format"),
])
def test_malformed_records_give_located_errors(tmp_path, text, where):
    p = tmp_path / "bad.jsonl"
    p.write_text(text)
    with pytest.raises(RecordError) as err:
        read_record(p)
    assert any(where in line for line in err.value.problems)


def test_bad_order_in_record_is_located(recorded):
    path, _ = recorded
    lines = path.read_text().splitlines()
    lines[2] = json.dumps({"order": {"kind": "teleport"}, "events": [], "hash": ""})
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(RecordError, match="line 3: order: unknown kind"):
        read_record(path)
