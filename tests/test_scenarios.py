"""The shipped Lake Khasan scenarios: documented totals, the standard what-ifs, briefings, summit
heights, and a small calibration check (the historical plans give back the documented battle)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core import events as ev
from game.engine.scenario import Scenario, load_scenario
from game.sim.calibrate import calibration_of, choose_seeds, control_rows, fit_seeds, historical, simulate, target_rows
from game.sim.runner import run_game

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN = ROOT / "scenarios" / "khasan_1938.yaml"
HISTORICAL = ["khasan_1938", "border_post_1938", "counteroffensive_1938"]
STANDARD_WHATIFS = {"no_soviet_aviation", "early_soviet_aviation", "japanese_aviation", "clear_weather",
                    "no_border_restriction"}


@pytest.fixture(scope="module", params=HISTORICAL)
def scenario(request: pytest.FixtureRequest) -> Scenario:
    return load_scenario(ROOT / "scenarios" / f"{request.param}.yaml")


@pytest.fixture(scope="module")
def campaign() -> Scenario:
    return load_scenario(CAMPAIGN)


def test_soviet_order_of_battle_sums_to_the_documented_totals(campaign: Scenario) -> None:
    doc = campaign.data["totals"]["soviet"]
    soviet = [u for u in campaign.units if u.side == "soviet"]
    assert sum(u.men for u in soviet) == doc["men"]
    assert sum(u.gun_count for u in soviet) == doc["guns"]
    kinds = {k: t["kind"] for k, t in campaign.data["tank_types"].items()}
    vehicles = [(kinds[model], n) for u in soviet for model, n in u.tanks.items()]
    # S1's 285 tanks; the 13 SU-5-2 self-propelled guns are counted apart (Wikipedia infobox, Vse tanki SSSR)
    assert sum(n for kind, n in vehicles if kind != "spg") == doc["tanks"]
    assert sum(n for kind, n in vehicles if kind == "spg") == doc["self_propelled_guns"]
    assert sum(u.machine_guns for u in soviet) == doc["machine_guns"]


def test_japanese_artillery_is_the_documented_37_pieces_and_aa_guns_are_apart(campaign: Scenario) -> None:
    """Coox's count of 37 artillery pieces (field artillery units; infantry guns and armoured trains apart)."""
    roles = {k: v.get("role", "field") for k, v in campaign.data["calibres"].items()}
    artillery = ("jp_mtn_art_1", "jp_mtn_art_2", "jp_island_bty", "jp_island_bty_2", "jp_bogomolnaya",
                 "jp_heavy_art", "jp_cannon_10cm")
    units = {u.id: u for u in campaign.units}
    assert sum(units[i].gun_count for i in artillery) == campaign.data["totals"]["japan"]["artillery_pieces"]
    aa = [u for u in campaign.units if any(roles[c] == "anti_aircraft" for c in u.guns)]
    assert [u.id for u in aa] == ["jp_aa"] and 18 <= aa[0].gun_count <= 20


def test_japanese_fighting_strength_is_inside_the_documented_range(campaign: Scenario) -> None:
    doc = campaign.data["totals"]["japan"]
    men = sum(u.men for u in campaign.units if u.side == "japan")
    assert doc["men_min"] <= men <= doc["men_max"]
    assert campaign.reserves and all(u.side == "japan" for u in campaign.reserves)  # the 15th/20th Divisions


def test_every_historical_scenario_offers_the_standard_whatifs_and_one_more(scenario: Scenario) -> None:
    names = set(scenario.available_whatifs)
    assert names >= STANDARD_WHATIFS
    if scenario.id != "border_post_1938":
        assert names - STANDARD_WHATIFS


def test_every_whatif_loads_and_changes_the_scenario(scenario: Scenario) -> None:
    for name in sorted(scenario.available_whatifs):
        variant = load_scenario(scenario.path, (name,))
        assert name in variant.whatifs
        assert variant.data != scenario.data, name


def _historical_game(whatif: str, seed: int = 1) -> tuple[Scenario, list[tuple[int, ev.Event]]]:
    scen = load_scenario(CAMPAIGN, (whatif,))
    game = run_game(scen, seed, historical(scen)).game
    return scen, [(step.turn, e) for step in game.steps for e in step.events]


def _air(events: list[tuple[int, ev.Event]], side: str) -> list[int]:
    return [t for t, e in events if isinstance(e, ev.AirStrikeResolved) and e.side == side]


def test_no_soviet_aviation_grounds_every_soviet_aircraft() -> None:
    _, events = _historical_game("no_soviet_aviation")
    assert _air(events, "soviet") == []


def test_early_soviet_aviation_bombs_before_5_august() -> None:
    scen, events = _historical_game("early_soviet_aviation")
    assert any(scen.clock.label(t) < "1938-08-05" for t in _air(events, "soviet"))


def test_japanese_aviation_flies_the_aircraft_held_back() -> None:
    _, events = _historical_game("japanese_aviation")
    assert _air(events, "japan")


def test_japanese_reserves_committed_sends_the_20th_division_into_the_assaults() -> None:
    _, events = _historical_game("japanese_reserves_committed", seed=2)  # seed 1: no assault opening for it
    assert any(isinstance(e, ev.AssaultResolved) and "jp_20_div_inf" in e.attackers for _, e in events)
    assert any(isinstance(e, ev.BombardResolved) and e.unit == "jp_20_div_art" for _, e in events)


def test_clear_weather_and_no_border_restriction_change_the_rules_data() -> None:
    assert not any(load_scenario(CAMPAIGN, ("clear_weather",)).clock.fog)
    assert any(load_scenario(CAMPAIGN).clock.fog)
    assert not load_scenario(CAMPAIGN, ("no_border_restriction",)).params.border.get("enabled")
    assert load_scenario(CAMPAIGN).params.border.get("enabled")


def test_briefing_has_situation_objectives_and_what_happened(scenario: Scenario) -> None:
    for part in ("situation", "objectives", "history"):
        assert len(str(scenario.briefing[part]).split()) > 30, part


def test_summit_hexes_carry_their_documented_heights(campaign: Scenario) -> None:
    m = campaign.map
    heights = {"Zaozernaya": 150, "Bezymyannaya": 130, "Machine Gun Hill": 62, "Height 194.0": 194}
    for place, metres in heights.items():
        idx = m.index[m.places[place]]
        assert int(m.elevation[idx]) == metres, place
        assert all(int(m.elevation[m.index[n]]) <= metres for n in m.places[place].neighbors() if n in m.index)


def test_historical_plans_give_back_the_documented_battle_on_held_out_seeds(campaign: Scenario) -> None:
    """Six seeds of the held-out set (never used for fitting; docs/calibration.md has the 100-game
    table): loss and equipment medians near the documented bands, and hill control matching the
    record on average and on every day in a good share of games."""
    seeds = choose_seeds(calibration_of(campaign), "holdout", runs=6)
    assert not set(seeds.seeds) & set(fit_seeds(calibration_of(campaign)))
    results = simulate(str(CAMPAIGN), jobs=1, seeds=seeds.seeds)
    rows = {r.figure: r for r in target_rows(campaign, results)}
    # Japanese anti-aircraft guns: no sourced plan strikes their position, so the model loses none
    # (docs/calibration.md); the held-out checks of the `other` block are reported, not enforced.
    checked = [n for n in (*calibration_of(campaign)["losses"], *calibration_of(campaign)["equipment"])
               if n != "japan_aa_guns_destroyed"]
    for name in checked:
        row = rows[name]
        assert row.median is not None and 0.85 * row.low <= row.median <= 1.15 * row.high, row
    shares = [(day, obj, share) for day, obj, _, _, share in control_rows(campaign, results)]
    assert len(shares) == 26  # two hills, 29 July - 10 August
    assert all(share > 1 / 3 for _, _, share in shares), shares
    assert sum(share for _, _, share in shares) / len(shares) >= 0.85
