"""`khasan calibrate`: disjoint fit and held-out seeds, every target labelled fitted or held out,
the casualty split shown as an input, the end-of-battle accounts, and a sensitivity row per fitted
rule value."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, TEACHING

from game.engine.scenario import Scenario, load_scenario
from game.sim import calibrate as cb

CAMPAIGN = ROOT / "scenarios" / "khasan_1938.yaml"


@pytest.fixture(scope="module")
def campaign() -> Scenario:
    return load_scenario(CAMPAIGN)


def _result(seed: int, holders: dict[str, str], soviet_killed: int = 800) -> cb.Result:
    return {"seed": seed, "control": holders, "control_by_day": {"1938-08-09": holders, "1938-08-10": holders},
            "losses": {"soviet": {"killed": soviet_killed, "wounded": 2700, "missing": 60},
                       "japan": {"killed": 550, "wounded": 1400, "missing": 5}},
            "equipment": {"soviet": {"tanks": {"destroyed": 5, "damaged": 60}}},
            "by_cause": {"japan": {"artillery": 700, "fire": 1255}}, "by_day": {"japan": {"1938-07-29": 30}}}


def test_the_fit_and_held_out_seed_sets_never_overlap(campaign: Scenario) -> None:
    cal = cb.calibration_of(campaign)
    fit = cb.choose_seeds(cal, "fit")
    held = cb.choose_seeds(cal, "holdout")
    assert len(fit.seeds) == len(set(fit.seeds)) == cal["seeds"]["fit"]["runs"]
    assert len(held.seeds) == cal["seeds"]["holdout"]["runs"]
    assert not set(fit.seeds) & set(held.seeds)
    assert fit.seeds == tuple(cb.fit_seeds(cal))


def test_a_custom_base_that_replays_the_fit_seeds_skips_every_one_of_them(campaign: Scenario) -> None:
    cal = cb.calibration_of(campaign)
    fit_base, fit_runs = cb.seed_bases(cal)["fit"]
    custom = cb.choose_seeds(cal, "holdout", runs=5, base=fit_base)
    assert custom.name == "custom" and len(custom.seeds) == 5 and custom.skipped == fit_runs
    assert not set(custom.seeds) & set(cb.fit_seeds(cal))


def test_the_fit_set_cannot_be_stretched_past_the_seeds_used_for_fitting(campaign: Scenario) -> None:
    cal = cb.calibration_of(campaign)
    with pytest.raises(Exception, match="fit set has only"):
        cb.choose_seeds(cal, "fit", runs=cal["seeds"]["fit"]["runs"] + 1)
    with pytest.raises(Exception, match="share the base seed"):
        cb.seed_bases({"seeds": {"fit": {"base": 7, "runs": 3}, "holdout": {"base": 7, "runs": 3}}})


def test_every_target_row_says_whether_it_was_fitted_or_held_out(campaign: Scenario) -> None:
    rows = cb.target_rows(campaign, [_result(1, {"Zaozernaya": "soviet", "Bezymyannaya": "soviet"})])
    assert {r.role for r in rows} == {"used for fitting", "held out"}
    by_name = {r.figure: r for r in rows}
    assert by_name["japan_wounded"].role == "held out" and by_name["japan_wounded"].note
    assert by_name["soviet_killed_missing"].median == 860 and by_name["soviet_killed_missing"].verdict == "inside"
    assert by_name["soviet_tanks_damaged"].median == 60
    assert by_name["soviet_aircraft_damaged"].verdict == "not measured"  # absent from the run results
    assert by_name["japan_artillery_share_pct"].median == pytest.approx(100 * 700 / 1955)


def test_the_casualty_split_is_reported_as_an_input_and_never_scored(campaign: Scenario) -> None:
    results = [_result(1, {"Zaozernaya": "soviet", "Bezymyannaya": "soviet"})]
    inputs = cb.input_rows(campaign, results)
    assert [i.side for i in inputs] == ["soviet", "japan"]
    assert all(sum(i.split.values()) == 100 for i in inputs)
    assert "not scored" in inputs[0].as_json()["role"]
    assert not {"soviet_killed_share", "japan_killed_share"} & {r.figure for r in cb.target_rows(campaign, results)}


def test_both_documented_accounts_of_the_last_days_count_and_are_counted(campaign: Scenario) -> None:
    results = [_result(1, {"Zaozernaya": "soviet", "Bezymyannaya": "soviet"}),
               _result(2, {"Zaozernaya": "contested", "Bezymyannaya": "soviet"}),
               _result(3, {"Zaozernaya": "contested", "Bezymyannaya": "contested"}),
               _result(4, {"Zaozernaya": "japan", "Bezymyannaya": "soviet"})]
    accounts = cb.account_rows(campaign, results)
    assert accounts == [("1938-08-09", 0.25, 0.5, 0.25), ("1938-08-10", 0.25, 0.5, 0.25)]
    last = [r for r in cb.control_rows(campaign, results) if r[0] == "1938-08-10"]
    assert all(r[4] == 0.75 for r in last if r[1] == "Zaozernaya")


def test_the_sensitivity_table_has_a_row_per_fitted_parameter() -> None:
    fitted = ["fire.rate", "assault.attacker_exposure_pct"]
    scen = load_scenario(TEACHING, (), {"calibration": {"fitted": fitted}})
    seeds = cb.SeedSet("custom", 3, tuple(cb.run_seeds(3, 2)))
    sens = cb.sensitivity(str(TEACHING), scen, seeds, jobs=1)
    assert [r[0] for r in sens.rows] == fitted
    rate, exposure = sens.rows
    assert rate[2:4] == (pytest.approx(0.75 * rate[1]), pytest.approx(1.25 * rate[1]))
    assert exposure[2:4] == (round(0.75 * exposure[1]), round(1.25 * exposure[1]))
    assert all(isinstance(v, int) for v in exposure[2:4])  # whole numbers stay whole
    assert "hill_match" in sens.base


def _khasan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("args", [["--seeds", "bogus"], ["--step", "2"], ["--seeds", "fit", "--runs", "101"],
                                  ["--set", "nonsense"], ["--markdown", "--json"]])
def test_bad_calibrate_arguments_exit_2_with_one_line(args: list[str]) -> None:
    out = _khasan("calibrate", str(CAMPAIGN), *args)
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert out.returncode == 2 and len(lines) == 1 and "Traceback" not in out.stderr, out.stderr


def test_the_markdown_report_names_the_seed_set_and_every_seed() -> None:
    out = _khasan("calibrate", str(TEACHING), "--runs", "2", "--jobs", "1", "--markdown")
    assert out.returncode == 0, out.stderr
    assert "held-out seeds (never used for fitting)" in out.stdout
    assert all(str(s) in out.stdout for s in cb.run_seeds(1945, 2))


def test_every_fitted_parameter_is_a_rule_value_the_scenario_sets(campaign: Scenario) -> None:
    from game.rules.params import flatten

    fitted = cb.fitted_params(cb.calibration_of(campaign))
    rules = flatten(campaign.data["rules"])
    assert fitted and all(isinstance(rules[k], int | float) for k in fitted)
    assert not set(fitted) & {"casualties.soviet.killed", "casualties.japan.killed"}  # inputs, not fitted


def test_markdown_cells_keep_a_documented_either_or_in_one_column() -> None:
    from game.sim.cli_calibrate import _md

    row = _md(["date", "documented"], [["1938-08-09", "soviet|contested"]])[-1]
    assert row.count(" | ") == 1 and "soviet\\|contested" in row


def test_an_unknown_figure_is_reported_against_the_file_that_names_it(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "scenarios" / "common", tmp_path / "common")
    shutil.copy(CAMPAIGN, tmp_path / "base.yaml")
    (tmp_path / "common" / "extra.yaml").write_text(
        'calibration:\n  other:\n    soviet_spirit: {low: 1, high: 2, use: holdout, source: "est: test"}\n')
    top = tmp_path / "top.yaml"
    top.write_text("include: [base.yaml, common/extra.yaml]\n")
    out = _khasan("calibrate", str(top), "--runs", "1", "--jobs", "1")
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert lines == [f"{tmp_path / 'common' / 'extra.yaml'}: calibration.other.soviet_spirit: unknown figure "
                     "(see calibrate.measures: <side>_killed, <side>_lost_29_july, <side>_tanks_destroyed...)"]
