"""Sides come from data: a made-up battle between `red` and `blue` (the teaching scenario with its
sides renamed, its rules' casualty split keyed by the new sides) loads, plays headless, runs as
an experiment and draws in the window, with no code written for it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pygame
import pytest
import yaml
from conftest import ROOT, SCENARIOS, TEACHING

from game.core.errors import ScenarioError
from game.engine.scenario import load_scenario

RED = {"name": "Red column", "adjective": "Red", "short": "Reds", "letter": "R", "emblem": "star",
       "colours": {"fill": [200, 30, 40], "dark": [110, 10, 15], "light": [250, 190, 190], "text": [255, 255, 255],
                   "chart": [200, 30, 40], "chart_expected": [240, 140, 140]}}
BLUE = {"name": "Blue garrison", "adjective": "Blue", "short": "Blues", "letter": "B", "emblem": "none",
        "colours": {"fill": [30, 80, 210], "dark": [10, 30, 110], "light": [180, 200, 250], "text": [255, 255, 255],
                    "chart": [30, 80, 210], "chart_expected": [120, 160, 240]}}


def _renamed(text: str) -> str:
    return text.replace("soviet", "red").replace("japan", "blue")


def write_red_blue(folder: Path, **changes: object) -> Path:
    """The made-up scenario (and its rules file) in `folder`; `changes` replace top-level keys."""
    (folder / "common").mkdir(exist_ok=True)
    (folder / "common" / "rules.yaml").write_text(_renamed((SCENARIOS / "common" / "rules_1938.yaml").read_text()))
    for shared in ("terrain_1938.yaml", "unit_kinds.yaml"):  # no side names in these
        (folder / "common" / shared).write_text((SCENARIOS / "common" / shared).read_text())
    data = yaml.safe_load(_renamed(TEACHING.read_text()))
    data.update(id="red_blue", title="Red against Blue",
                include=["common/rules.yaml", "common/terrain_1938.yaml", "common/unit_kinds.yaml"],
                sides={"red": RED, "blue": BLUE},
                calibration={"losses": {"red_wounded": {"low": 10, "high": 60, "source": "est: made up"}},
                             "control_by_day": {"1938-08-06": {"Hill": "red|contested", "source": "est: made up"}}})
    data.update(changes)
    path = folder / "red_blue.yaml"
    path.write_text(yaml.safe_dump(json.loads(json.dumps(data)), sort_keys=False))  # copies: no YAML aliases
    return path


@pytest.fixture(scope="module")
def red_blue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_red_blue(tmp_path_factory.mktemp("red_blue"))


def khasan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True)


def test_shipped_scenarios_take_their_side_presentation_from_the_shared_file() -> None:
    scen = load_scenario(SCENARIOS / "border_post_1938.yaml")  # common/sides_1938.yaml says how to draw them
    assert scen.side_keys == ("soviet", "japan") and scen.side("japan").name == "19th Division, Korea Army"
    assert (scen.side("japan").adjective, scen.side("japan").emblem) == ("Japanese", "sun")


def test_a_made_up_battle_has_the_sides_of_its_data(red_blue: Path) -> None:
    from game.ui.start import scenario_info

    assert scenario_info(red_blue).sides == [("red", "Red"), ("blue", "Blue")]  # the start screen's side buttons
    scen = load_scenario(red_blue)
    assert scen.side_keys == ("red", "blue") and scen.other("red") == "blue" and scen.other("blue") == "red"
    assert [s.adjective for s in scen.sides] == ["Red", "Blue"] and scen.side("blue").colour("fill") == (30, 80, 210)
    assert scen.params.i("casualties.red.killed") + scen.params.i("casualties.red.wounded") > 0
    assert {u.side for u in scen.units} == {"red", "blue"}


@pytest.mark.parametrize(("sides", "where"), [
    ({"red": RED, "blue": BLUE, "green": RED}, "sides: names 3 sides (red, blue, green); the engine is two-sided"),
    ({"red": {**RED, "colours": {**RED["colours"], "fill": [300, 0, 0]}}, "blue": BLUE},
     "sides.red.colours.fill[0]: 300 is above the maximum 255"),
    ({"red": {**RED, "emblem": "moon"}, "blue": BLUE}, "sides.red.emblem: "),
    ({"draw": RED, "blue": BLUE}, "sides.draw: 'draw' cannot be a side key"),
    (None, "sides: expected a mapping, got nothing"),
])
def test_a_bad_sides_section_is_one_located_line(tmp_path: Path, sides: dict, where: str) -> None:
    path = write_red_blue(tmp_path, sides=sides)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert len(err.value.problems) == 1 and err.value.problems[0].startswith(f"{path}: {where}"), err.value.problems


def test_the_cli_plays_the_made_up_battle_with_computer_players(red_blue: Path) -> None:
    out = khasan("run", str(red_blue), "--players", "blue=historical", "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["players"] == {"red": "ai", "blue": "historical"} and set(d["losses"]) == {"red", "blue"}
    assert set(d["points"]) == {"red", "blue"} and d["winner"] in ("red", "blue", "draw")
    bad = khasan("run", str(red_blue), "--players", "soviet=ai")
    assert bad.returncode == 2 and "unknown side 'soviet' (this scenario's sides: red, blue)" in bad.stderr


def test_an_experiment_and_its_report_name_the_sides_of_the_data(red_blue: Path, tmp_path: Path) -> None:
    out = khasan("experiment", str(red_blue), "--runs", "2", "--jobs", "1", "--whatif", "clear_weather",
                 "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    s = json.loads((tmp_path / "summary.json").read_text())
    v = s["variants"][0]
    assert s["figures"][:4] == ["red_killed", "red_wounded", "red_missing", "red_killed_missing"]
    assert set(v["winner"]) == {"red", "blue", "draw"} and set(v["control"]["end"]["Hill"]) == {"red", "blue",
                                                                                                "contested"}
    assert 0 <= v["documented"]["losses"]["red_wounded"][0]["percentile"] <= 100
    assert "Red wounded" in out.stdout and "P(Reds win)" in out.stdout
    assert khasan("report", str(tmp_path)).returncode == 0
    page = (tmp_path / "report.html").read_text()
    assert "Blue killed+missing" in page and "players red=ai, blue=ai" in page


def test_the_window_draws_the_made_up_sides_in_their_colours_and_names(red_blue: Path, app) -> None:
    from tests.ui_harness import make_scene, pump

    scen = load_scenario(red_blue)
    scene = make_scene(app, scen, side="red", opponent="ai")
    pump(app, 3)
    th = app.theme
    assert th.side("red") == (200, 30, 40) and th.side("blue", "chart") == (30, 80, 210)
    assert th.emblem("red") == "star" and th.side_name("blue") == "Blue"
    texts = [k[0] for k in th.cache._items]
    assert any(t.startswith("Points  Reds 0 : 10 Blues") for t in texts), texts
    assert any(t in ("Red phase", "Blue phase", "Red", "Blue") for t in texts)
    frame = pygame.surfarray.array3d(app.screen)
    assert ((frame == (30, 80, 210)).all(axis=2)).any()  # a Blue counter on the map
    assert scene.session.controllers == {"red": "human", "blue": "ai"}
