"""Bad input of every known class: one `FILE: location: what` line, exit 2, no traceback, no hang.

Each case is a whole `khasan` process (a subprocess timeout guards against hangs; it is not a
speed assertion). The hypothesis property at the end feeds arbitrary YAML-ish text to the loader.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, TEACHING
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.errors import ScenarioError
from game.engine.scenario import load_scenario, read_scenario

GUARD_S = 60


def khasan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=GUARD_S, env={**os.environ, "PYTHONPATH": str(ROOT)})


def refused(res: subprocess.CompletedProcess[str], *expect: str) -> str:
    """The single problem line of a refused command (exit 2, one line, no traceback)."""
    out = res.stdout + res.stderr
    lines = [line for line in out.splitlines() if line.strip()]
    assert res.returncode == 2, out[-2000:]
    assert "Traceback" not in out and len(lines) == 1, out[-2000:]
    for text in expect:
        assert text in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    """The teaching scenario merged with its includes: one self-contained mapping."""
    return read_scenario(TEACHING).data


class _Plain(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def write(tmp_path: Path, data: dict[str, Any], edit: Callable[[dict[str, Any]], None]) -> Path:
    d = copy.deepcopy(data)
    edit(d)
    path = tmp_path / "s.yaml"
    path.write_text(yaml.dump(d, Dumper=_Plain, sort_keys=False), encoding="utf-8")
    return path


def test_the_self_contained_copy_is_valid(tmp_path, base):
    assert khasan("validate", str(write(tmp_path, base, lambda d: None))).returncode == 0


# --- tracebacks -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["a: " + "[" * 5000 + "]" * 5000, "a: " + "[" * 200 + "]" * 200,
                                  "- " * 3000 + "x"], ids=["flow-5000", "flow-200", "block-3000"])
def test_deep_nesting_in_a_file(tmp_path, text):
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    refused(khasan("validate", str(path)), str(path))


def test_thousands_of_set_variants(tmp_path):
    sets = [a for i in range(2000) for a in ("--set", f"units[su_bn1].men={i + 1}")]
    refused(khasan("experiment", str(TEACHING), "--runs", "1", "--out", str(tmp_path / "o"), *sets), "variants")


def test_deep_nesting_through_set(tmp_path):
    value = "[" * 3000 + "]" * 3000
    refused(khasan("experiment", str(TEACHING), "--runs", "1", "--out", str(tmp_path / "o"),
                   "--set", f"rules.border.enabled={value}"), "--set")


@pytest.mark.parametrize("seed", ["-1", "9" * 5000, "0x" + "f" * 40, "1e9"])
def test_bad_seeds(seed):
    refused(khasan("run", str(TEACHING), "--turns", "1", "--seed", seed), "seed")


@pytest.mark.parametrize("sets", [[1, 2], {1: 2}, "text", {"": 1}, {"units[": 1}])
def test_malformed_whatif_sets(tmp_path, base, sets):
    def edit(d: dict[str, Any]) -> None:
        d["whatifs"]["clear_weather"]["set"] = sets

    path = write(tmp_path, base, edit)
    refused(khasan("validate", str(path)), str(path), "whatifs")
    refused(khasan("run", str(path), "--whatif", "clear_weather", "--turns", "1"), str(path), "whatifs")


# --- hangs: non-regular files and huge sizes --------------------------------------------------------

def test_dev_zero_and_a_directory_as_scenario(tmp_path):
    for target in ("/dev/zero", str(tmp_path)):
        refused(khasan("validate", target), target, "not a regular file")
        refused(khasan("run", target), target, "not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_as_scenario_and_as_include(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    refused(khasan("validate", str(fifo)), str(fifo), "not a regular file")
    main = tmp_path / "main.yaml"
    main.write_text("include: [pipe.yaml]\nformat: 1\n")
    refused(khasan("validate", str(main)), "pipe.yaml", "not a regular file")


def test_clock_from_year_1_to_9999(tmp_path, base):
    def edit(d: dict[str, Any]) -> None:
        d["clock"].update(start="0001-01-01T00:00", end="9999-12-31T00:00")

    refused(khasan("validate", str(write(tmp_path, base, edit))), "clock.end", "turns")


def test_air_budget_over_eight_thousand_years_loads_at_once(tmp_path, base):
    def edit(d: dict[str, Any]) -> None:
        d["air"]["soviet"]["budgets"][0].update({"from": "0001-01-01", "until": "9999-12-31"})

    path = write(tmp_path, base, edit)
    assert khasan("validate", str(path)).returncode == 0

    def backwards(d: dict[str, Any]) -> None:
        d["air"]["soviet"]["budgets"][0].update({"from": "1938-08-07", "until": "1938-08-06"})

    refused(khasan("validate", str(write(tmp_path, base, backwards))), "air.soviet.budgets[0].until")


def _many_plans(d: dict[str, Any]) -> None:
    d["plans"]["japan"] = d["plans"]["japan"] * 600


def _many_patterns(d: dict[str, Any]) -> None:
    d["plans"]["japan"][0]["units"] = ["*"] * 3000


def _long_polygon(d: dict[str, Any]) -> None:
    d["map"]["features"][0]["polygon"] = [[42.44 + i * 1e-7, 130.59] for i in range(12_000)]


def _many_fog_periods(d: dict[str, Any]) -> None:
    d["weather"]["fog"] = d["weather"]["fog"] * 1500


@pytest.mark.parametrize("edit, where", [(_many_plans, "plans.japan:"), (_many_patterns, "plans:"),
                                         (_long_polygon, "map.features[0].polygon:"),
                                         (_many_fog_periods, "weather.fog:")],
                         ids=["plans", "patterns", "polygon", "fog"])
def test_long_lists_that_multiply_work_are_refused(tmp_path, base, edit, where):
    refused(khasan("validate", str(write(tmp_path, base, edit))), where)


def test_one_degree_map_of_50_m_hexes(tmp_path, base):
    def edit(d: dict[str, Any]) -> None:
        d["map"].update(bbox={"south": 42.0, "north": 43.0, "west": 130.0, "east": 131.0}, hex_m=50)

    refused(khasan("validate", str(write(tmp_path, base, edit))), "map:", "hexes")


@pytest.mark.parametrize("n, expect", [(3_000, "3000 units"), (12_000, "larger than")])
def test_thousands_of_units(tmp_path, base, n, expect):
    def edit(d: dict[str, Any]) -> None:
        d["units"] = [{**d["units"][0], "id": f"u{i}"} for i in range(n)]

    refused(khasan("validate", str(write(tmp_path, base, edit))), expect)


@pytest.mark.parametrize("text", ["a: [" + "1, " * 120_000 + "1]\n", "a: '" + "x" * 500_000 + "'\n",
                                  "a: '" + "x" * 7_000_000 + "'\n"], ids=["long-list", "long-scalar", "7MB-file"])
def test_long_list_and_large_scalar(tmp_path, text):
    path = tmp_path / "big.yaml"
    path.write_text(text)
    refused(khasan("validate", str(path)), str(path))


# --- accepted silently before ----------------------------------------------------------------------

def test_duplicate_keys(tmp_path):
    path = tmp_path / "dup.yaml"
    text = TEACHING.read_text().replace("format: 1\n", "format: 1\nformat: 2\n")
    (tmp_path / "common").symlink_to(ROOT / "scenarios" / "common")
    path.write_text(text)
    refused(khasan("validate", str(path)), str(path), "duplicate key 'format'")


def _fog_backwards(d: dict[str, Any]) -> None:
    d["weather"]["fog"][0].update({"from": "1938-08-06T08:00", "until": "1938-08-06T04:00"})


def _plan_after_the_end(d: dict[str, Any]) -> None:
    d["plans"]["japan"][0].update({"from": "1938-09-01T00:00", "until": "1938-09-02T00:00"})


def _arrives_after_the_end(d: dict[str, Any]) -> None:
    d["units"][-1]["arrives"] = "1938-08-09T12:00"


def _unknown_tank_type(d: dict[str, Any]) -> None:
    d["tank_types"] = {"BT-7": {"kind": "tank", "source": "teach"}}


@pytest.mark.parametrize("edit, where", [(_fog_backwards, "weather.fog[0].until"),
                                         (_plan_after_the_end, "plans.japan[0].from"),
                                         (_arrives_after_the_end, "units[6].arrives"),
                                         (_unknown_tank_type, "units[4].weapons.tanks.T-26")],
                         ids=["fog", "plan", "arrival", "tank"])
def test_inconsistent_data_is_refused(tmp_path, base, edit, where):
    refused(khasan("validate", str(write(tmp_path, base, edit))), f": {where}:")


def test_a_problem_in_an_included_file_names_that_file(tmp_path, base):
    inc = copy.deepcopy(base["rules"])
    inc["casualties"]["soviet"]["killed"] = "many"
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump({"rules": inc}))
    main = {k: v for k, v in base.items() if k != "rules"}
    main["include"] = ["rules.yaml"]
    path = tmp_path / "main.yaml"
    path.write_text(yaml.safe_dump(main, sort_keys=False))
    line = refused(khasan("validate", str(path)), "rules.casualties.soviet.killed")
    assert line.startswith(str(tmp_path / "rules.yaml")), line


# --- nothing partial reported as complete -----------------------------------------------------------

def test_report_of_an_interrupted_experiment_is_refused(tmp_path):
    from game.sim import experiment as ex
    from game.sim.backends import Inline

    p = ex.prepare(ex.Plan(str(TEACHING), 8, 1, {"soviet": "ai", "japan": "ai"}, ex.make_variants([], [])))

    def stop(done: int, total: int) -> None:
        if done >= 4:
            raise KeyboardInterrupt

    ex.write_outputs(ex.run_experiment(p, tmp_path / "o", Inline(ex.run_batch), progress=stop), p)
    refused(khasan("report", str(tmp_path / "o")), "incomplete")


# --- arbitrary text ----------------------------------------------------------------------------------

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="[]{}:-,&*!|>'\"#\n \tax1.%@`?", max_size=200))
def test_arbitrary_text_is_a_scenario_error_or_nothing(tmp_path, text):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert all(p.startswith(str(path)) for p in info.value.problems)


_PATH_PART = st.sampled_from(["units", "rules", "map", "clock", "plans", "soviet", "[0]", "[-1]", "[su_bn1]",
                              "[task=air]", "[", "]", ".", "=", "men", "hex_m", "fog", "weather", "x"])
_VALUE = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=5),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                                   max_size=3), max_leaves=8)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PATH_PART, min_size=1, max_size=6).map("".join), _VALUE)
def test_arbitrary_set_edits_are_a_scenario_error_or_a_scenario(path, value):
    from game.engine.scenario import build_scenario

    raw = _teaching_raw()
    try:
        build_scenario(raw, (), {path: value})
    except ScenarioError as exc:
        files = (str(TEACHING), str(TEACHING.parent / "common"))
        assert exc.problems and all(p.startswith(files) and len(p.split(": ", 2)) == 3 for p in exc.problems)


_RAW: list[Any] = []


def _teaching_raw() -> Any:
    if not _RAW:
        _RAW.append(read_scenario(TEACHING))
    return _RAW[0]
