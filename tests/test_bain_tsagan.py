"""The Bain-Tsagan 1939 scenario: it loads with Lake Khasan's rule parameters unchanged, every number
is tagged, and the historical plans play through to a result scored on the hill
(docs/calibration-bain-tsagan.md has the 40-game table)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from game.cli import main
from game.engine.scenario import Scenario, load_scenario
from game.engine.sources import provenance
from game.sim.runner import run_game

ROOT = Path(__file__).resolve().parent.parent
BAIN = ROOT / "scenarios" / "bain_tsagan_1939.yaml"


@pytest.fixture(scope="module")
def bain() -> Scenario:
    return load_scenario(BAIN)


def test_validate_and_sources_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BAIN)]) == 0
    assert main(["sources", "bain_tsagan_1939"]) == 0
    prov = provenance(BAIN)
    assert [n for n in prov.numbers if n.status == "untagged"] == []
    assert prov.unresolved_tags() == []


def test_uses_the_khasan_rule_parameters_unchanged(bain: Scenario) -> None:
    khasan = load_scenario(ROOT / "scenarios" / "khasan_1938.yaml")
    rules = yaml.safe_load((ROOT / "scenarios" / "common" / "rules_1938.yaml").read_text(encoding="utf-8"))["rules"]
    for section in rules:
        if section not in ("border", "sources"):
            assert bain.data["rules"][section] == khasan.data["rules"][section], section


def test_objective_sides_and_bridge_road(bain: Scenario) -> None:
    assert [o["place"] for o in bain.data["objectives"]] == ["Bain-Tsagan"]
    assert {u.side for u in bain.units} == {"soviet", "japan"}
    m = bain.map
    bridge = m.index[m.places["Japanese bridge"]]
    assert m.kind(bridge).key == "river"
    assert m.has_road(bridge), "the pontoon bridge is a road across the river"


def test_a_historical_game_finishes_with_the_hill_in_its_result(bain: Scenario) -> None:
    result = run_game(bain, 1, {"soviet": "historical", "japan": "historical"}).summary()
    assert result["turns_played"] == 15
    assert set(result["control"]) == {"Bain-Tsagan"}
    assert result["control"]["Bain-Tsagan"] in ("soviet", "japan", "contested")
    assert sorted(result["control_by_day"]) == ["1939-07-02", "1939-07-03", "1939-07-04", "1939-07-05"]
    assert result["equipment"]["soviet"]["tanks"]["damaged"] + result["equipment"]["soviet"]["tanks"]["destroyed"] > 0
