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


def test_the_dunes_and_flood_plain_are_kinds_of_its_own_painted_on_the_map(bain: Scenario) -> None:
    m = bain.map
    kinds = {k.key: k for k in m.terrain_rules}
    assert kinds["dunes"].blocks_los and not kinds["dunes"].no_vehicles
    assert not kinds["flood_plain"].no_vehicles, "a wet meadow, not a marsh: vehicles may cross"
    painted = {m.kind(i).key for i in range(m.size)}
    assert {"dunes", "flood_plain", "open", "river", "hill"} <= painted
    assert not {"marsh", "scrub"} & painted


def test_armoured_cars_and_motorized_rifles_are_kinds_of_their_own(bain: Scenario) -> None:
    kinds = {u.id: u.kind for u in bain.units + bain.reserves}
    for uid in ("su_7mbb_1", "su_7mbb_2", "mn_8cd_armour"):
        assert kinds[uid] == "armoured_car", uid
    for uid in ("su_24mrr_1", "su_24mrr_2", "su_24mrr_3", "su_7mbb_rifle"):
        assert kinds[uid] == "motorized_rifle", uid
    for model in ("BA-6", "BA-10", "FAI"):
        assert bain.tank_kinds[model].key == "armoured_car"
    assert bain.tank_kinds["BT-5"].key == "tank"
