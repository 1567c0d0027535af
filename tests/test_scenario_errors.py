"""Bad scenario input gets located one-line problems and exit 2, never a traceback."""

from __future__ import annotations

import copy
import math
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT, TEACHING
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.errors import ScenarioError
from game.engine.scenario import load_raw, load_scenario

RAW, _, _ = load_raw(TEACHING)


def write(tmp_path, data_or_text) -> str:
    p = tmp_path / "bad.yaml"
    text = data_or_text if isinstance(data_or_text, str) else yaml.safe_dump(data_or_text, sort_keys=False)
    p.write_text(text)
    return str(p)


def problems(tmp_path, data_or_text) -> list[str]:
    with pytest.raises(ScenarioError) as err:
        load_scenario(write(tmp_path, data_or_text))
    return err.value.problems


def edited(path: list, value) -> dict:
    d = copy.deepcopy(RAW)
    node = d
    for k in path[:-1]:
        node = node[k]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return d


@pytest.mark.parametrize("path, value, expect", [
    (["units", 0, "men"], -5, "units[0].men: -5 is below the minimum"),
    (["units", 0, "men"], math.nan, "units[0].men: expected an integer"),
    (["units", 0, "morale"], 150, "units[0].morale: 150 is above the maximum"),
    (["units", 0, "at"], [10.0, 10.0], "units[0].at: [10.0, 10.0] is off the"),
    (["units", 0, "at"], "Atlantis", "units[0].at: unknown place 'Atlantis'"),
    (["units", 1, "id"], "jp_co1", "units[1].id: duplicate unit id 'jp_co1'"),
    (["units", 0, "type"], "dragoons", "units[0].type: unknown unit type"),
    (["units", 0, "source"], KeyError, "units[0]: missing 'source'"),
    (["units", 0, "colour"], "red", "units[0].colour: unknown key"),
    (["clock", "hours_per_turn"], 5, "clock.hours_per_turn: 5 does not divide 24"),
    (["clock", "start"], "1938-13-01T00:00", "clock.start: '1938-13-01T00:00' is not a real date"),
    (["title"], KeyError, "top level: missing key 'title'"),
    (["plans", "soviet", 0, "task"], "pray", "plans.soviet[0].task: 'pray' is not one of"),
    (["plans", "soviet", 2, "units"], ["su_nobody"], "plans.soviet[2].units[0]: 'su_nobody' matches no unit"),
    (["map", "hex_m"], "wide", "map.hex_m: expected a number"),
    (["objectives", 0, "place"], "Nowhere", "objectives[0].place: unknown place"),
    (["air", "soviet", "budgets", 0, "sorties", "Zeppelin"], 3, "unknown aircraft type 'Zeppelin'"),
])
def test_malformed_values_are_located(tmp_path, path, value, expect):
    found = problems(tmp_path, edited(path, value))
    assert any(expect in line for line in found), found
    assert all(line.startswith(str(tmp_path)) for line in found)


@pytest.mark.parametrize("start", ["1938-8-6T4:00", "\uff11\uff19\uff13\uff18-08-06T04:00"])
def test_a_malformed_clock_start_is_the_one_problem_reported(tmp_path, start):
    """Only ASCII digits in the fixed pattern, and no knock-on complaints about plans and arrivals
    measured against a start that is not a time."""
    found = problems(tmp_path, edited(["clock", "start"], start))
    assert len(found) == 1 and "clock.start" in found[0] and "does not match" in found[0], found


@pytest.mark.parametrize("text, expect", [
    ("a: [1, 2\n", "line 2"),
    ("- 1\n- 2\n", "top level: expected a mapping"),
    ("a: &x [1]\nb: *x\n", "anchors and aliases are not allowed"),
    ("a: !!python/object/apply:os.system ['echo hi']\n", "line 1"),
    ("a: 1\n", "missing key 'format'"),
])
def test_unreadable_files_are_located(tmp_path, text, expect):
    found = problems(tmp_path, text)
    assert any(expect in line for line in found), found


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1}]"
              for i in range(1, 10)]
    found = problems(tmp_path, "\n".join(lines) + "\n")
    assert any("aliases are not allowed" in line for line in found)


def test_cli_validate_exits_2_with_lines_and_no_traceback(tmp_path):
    path = write(tmp_path, edited(["units", 0, "men"], -5))
    before = (tmp_path / "bad.yaml").read_bytes()
    out = subprocess.run([sys.executable, "-m", "game", "validate", path], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    text = out.stdout + out.stderr
    assert "Traceback" not in text
    assert f"{path}: units[0].men: -5 is below the minimum" in text
    assert (tmp_path / "bad.yaml").read_bytes() == before


def test_cli_validate_accepts_the_shipped_scenarios():
    files = sorted(str(p) for p in (ROOT / "scenarios").glob("*.yaml"))
    out = subprocess.run([sys.executable, "-m", "game", "validate", *files], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def _mutations():
    leaves = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, [*path, k])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, [*path, i])
        leaves.append(path)

    walk(RAW, [])
    return [p for p in leaves if p]


PATHS = _mutations()
VALUES = st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.text(max_size=8),
                   st.lists(st.integers(), max_size=3), st.just(KeyError),
                   st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(PATHS), VALUES)
def test_mutated_scenarios_load_or_fail_cleanly(tmp_path, path, value):
    try:
        data = edited(path, value)
    except (KeyError, TypeError, IndexError):
        return
    try:
        load_scenario(write(tmp_path, data))
    except ScenarioError as exc:
        assert exc.problems and all(": " in line for line in exc.problems)


# --- the parsed-scenario cache ------------------------------------------------------------------------

def _copy_teaching(tmp_path):
    tmp_path.mkdir(parents=True, exist_ok=True)
    import shutil

    shutil.copytree(TEACHING.parent / "common", tmp_path / "common")
    shutil.copy(TEACHING, tmp_path / "t.yaml")
    return tmp_path / "t.yaml"


def test_cache_gives_the_same_data_and_misses_after_an_include_changes(tmp_path, monkeypatch):
    from game.engine import cache
    from game.engine.scenario import load_raw

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = _copy_teaching(tmp_path / "s")
    first = load_raw(path)
    assert len(list((tmp_path / "cache" / "khasan").glob("scenario-*.json"))) == 1
    label = str(path)
    main_sha = cache.hashlib.sha256(path.read_bytes()).hexdigest()
    assert cache.lookup(label, path.resolve(), main_sha) is not None
    assert load_raw(path) == first
    rules = path.parent / "common" / "rules_1938.yaml"
    rules.write_text(rules.read_text().replace("stacking_max_units: 4", "stacking_max_units: 3"))
    assert cache.lookup(label, path.resolve(), main_sha) is None
    again = load_raw(path)
    assert again[0]["rules"]["stacking_max_units"] == 3 and again[2] != first[2]


def test_cache_entry_of_a_copy_elsewhere_is_not_used(tmp_path, monkeypatch):
    from game.engine.scenario import load_raw

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    a, b = _copy_teaching(tmp_path / "a"), _copy_teaching(tmp_path / "b")
    rules = b.parent / "common" / "rules_1938.yaml"
    rules.write_text(rules.read_text().replace("stacking_max_units: 4", "stacking_max_units: 3"))
    monkeypatch.chdir(a.parent)
    assert load_raw("t.yaml")[0]["rules"]["stacking_max_units"] == 4
    monkeypatch.chdir(b.parent)
    assert load_raw("t.yaml")[0]["rules"]["stacking_max_units"] == 3


def test_corrupt_or_unwritable_cache_is_ignored_and_off_writes_nothing(tmp_path, monkeypatch):
    from game.engine.scenario import load_raw

    path = _copy_teaching(tmp_path / "s")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    want = load_raw(path)
    for entry in (tmp_path / "cache" / "khasan").glob("scenario-*.json"):
        entry.write_text('{"format": 1, "files": [[')
    assert load_raw(path) == want
    (tmp_path / "blocked").write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "blocked"))
    assert load_raw(path) == want
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "off"))
    monkeypatch.setenv("KHASAN_CACHE", "off")
    assert load_raw(path) == want and not (tmp_path / "off").exists()
