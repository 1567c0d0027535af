"""Experiment statistics: Wilson, t and paired-proportion intervals, percentiles, rounding, paired differences."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.sim import stats
from game.sim.history import NONE, documented, matches


def test_wilson_matches_a_known_value():
    lo, hi = stats.wilson(8, 10)
    assert lo == pytest.approx(0.4902, abs=1e-4) and hi == pytest.approx(0.9433, abs=1e-4)
    assert stats.wilson(0, 0) is None


@given(st.integers(1, 500), st.data())
@settings(max_examples=50, deadline=None)
def test_wilson_interval_holds_the_share_and_stays_in_0_1(n, data):
    k = data.draw(st.integers(0, n))
    lo, hi = stats.wilson(k, n)
    assert 0.0 <= lo <= k / n <= hi <= 1.0


def test_mean_interval_is_students_t():
    d = stats.describe_columns(np.array([1.0, 2, 3, 4, 5])[:, None], ["x"])["x"]
    assert d["ci95"] == pytest.approx([1.0368, 4.9632], abs=1e-4)  # 3 -+ t(4, 0.975) * sd / sqrt(5)


def test_mean_interval_of_a_constant_is_that_constant():
    d = stats.describe(np.full((30, 2), 5.0))
    assert d["ci95"].tolist() == [[5.0, 5.0], [5.0, 5.0]]


def test_percentile_is_mid_rank():
    x = np.array([1, 2, 3, 4])
    assert stats.percentile_of(0, x) == 0.0
    assert stats.percentile_of(2, x) == 37.5
    assert stats.percentile_of(10, x) == 100.0
    assert stats.percentile_of(1, np.array([])) is None


def test_paired_difference_of_equal_columns_is_zero():
    a = np.array([[1, 2], [3, 4], [5, 9]])
    d = stats.paired_difference(a, a, ["x", "y"])
    assert d["x"]["mean_diff"] == 0 and d["y"]["ci95"] == [0, 0] and d["x"]["n_pairs"] == 3


def test_clean_rounds_and_makes_plain_json():
    out = stats.clean({"a": np.float64(1 / 3), "b": np.int64(4), "c": (np.nan, -0.00001), 3: np.bool_(True)})
    assert json.dumps(out, sort_keys=True) == '{"3": true, "a": 0.3333, "b": 4, "c": [null, 0.0]}'


def test_documented_figures_come_from_the_scenario_calibration_block_for_its_sides():
    data = {"sides": {"soviet": {}, "japan": {}},
            "calibration": {"losses": {"japan_killed": {"low": 525, "high": 650, "source": "S1"},
                                       "martian_killed": {"low": 1, "high": 2, "source": "S1"}},
                            "control_by_day": {"1938-07-31": {"Zaozernaya": "japan", "source": "S1"}}}}
    doc = documented(data)
    assert doc.origin.startswith("scenario") and doc.losses == {"japan_killed": ((525, "S1"), (650, "S1"))}
    assert doc.control_by_day["1938-07-31"]["Zaozernaya"] == "japan"
    none = documented({"sides": {"soviet": {}, "japan": {}}, "totals": {"soviet": {"men": 15000}}})
    assert none.origin == NONE and not none.losses and not none.control_by_day


def test_documented_holder_accepts_alternatives():
    assert matches("soviet|contested", "contested") and not matches("soviet|contested", "japan")


def test_paired_proportions_do_not_collapse_when_no_pair_disagrees():
    a = np.array([1, 1, 0, 0] * 15, dtype=float)
    d = stats.paired_proportions(a, a, ["hold"])["hold"]
    lo, hi = d["ci95"]
    assert d["mean_diff"] == 0 and d["discordant"] == [0, 0] and d["n_pairs"] == 60
    assert lo < -0.05 and hi > 0.05 and lo == pytest.approx(-hi)
