"""Paired-proportion and t intervals: published examples, a brute-force score inversion, coverage."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim import intervals

# Complete response before and after consolidation therapy (Cavo et al. 2012), the worked example of
# Fagerland, Lydersen and Laake, "Statistical Analysis of Contingency Tables" (2017), chapter 8:
# 59 both, 6 only before, 16 only after, 80 neither; difference -0.0621.
CAVO = (59, 6, 16, 80)


def test_newcombe_method_10_matches_the_published_example():
    lo, hi = intervals.newcombe_paired(*CAVO)
    assert (round(lo, 4), round(hi, 4)) == (-0.1186, -0.0046)


def test_tango_matches_the_published_example():
    lo, hi = intervals.tango_paired(CAVO[1], CAVO[2], sum(CAVO))
    assert (round(lo, 4), round(hi, 4)) == (-0.1240, -0.0054)


def brute_force_tango(b: int, c: int, n: int, z: float = intervals.Z95) -> tuple[float, float]:
    """The score interval by grids: the constrained MLE of p(only b) maximised numerically."""
    deltas = np.linspace(-0.999, 0.999, 1999)
    t = np.linspace(0.0, 1.0, 20001)[1:-1]
    qhat = np.empty_like(deltas)
    for i, d in enumerate(deltas):  # p(only b) = q, p(only a) = q + d, p(neither or both) = 1 - 2q - d
        q = max(0.0, -d) + t * ((1.0 - d) / 2 - max(0.0, -d))
        ll = b * np.log(q + d) + c * np.log(q) + (n - b - c) * np.log(1.0 - 2 * q - d)
        qhat[i] = q[ll.argmax()]
    score = (b - c - n * deltas) / np.sqrt(n * (2 * qhat + deltas * (1 - deltas)))
    inside = deltas[np.abs(score) <= z]
    return float(inside.min()), float(inside.max())


@pytest.mark.parametrize(("b", "c", "n"), [(12, 2, 50), (0, 0, 60), (3, 0, 60), (1, 4, 30), (20, 18, 60)])
def test_tango_agrees_with_a_brute_force_score_inversion(b, c, n):
    lo, hi = intervals.tango_paired(b, c, n)
    blo, bhi = brute_force_tango(b, c, n)
    assert lo == pytest.approx(blo, abs=1e-3) and hi == pytest.approx(bhi, abs=1e-3)


def test_tango_with_no_disagreement_is_symmetric_and_proper():
    lo, hi = intervals.tango_paired(0, 0, 60)
    z2 = intervals.Z95 ** 2
    assert hi == pytest.approx(z2 / (60 + z2), abs=1e-9) and lo == pytest.approx(-hi, abs=1e-9)


def test_intervals_hold_the_estimate_and_stay_in_minus_1_1():
    rng = np.random.default_rng(3)
    for a, b, c, d in rng.multinomial(40, [0.3, 0.2, 0.1, 0.4], size=50):
        est = (b - c) / 40
        for lo, hi in (intervals.tango_paired(b, c, 40), intervals.newcombe_paired(a, b, c, d)):
            assert -1.0 <= lo <= est <= hi <= 1.0


@pytest.mark.parametrize("cells", [(0.50, 0.02, 0.01), (0.30, 0.01, 0.01), (0.60, 0.05, 0.0), (0.45, 0.04, 0.02)])
def test_tango_covers_at_least_93_percent_when_disagreements_are_rare(cells):
    both, only_a, only_b = cells
    truth = only_a - only_b
    rng = np.random.default_rng(1938)
    draws = rng.multinomial(60, [both, only_a, only_b, 1 - both - only_a - only_b], size=400)
    hits = 0
    for _, b, c, _ in draws:
        lo, hi = intervals.tango_paired(int(b), int(c), 60)
        hits += lo <= truth <= hi
    assert hits / len(draws) >= 0.93


def test_t_interval_of_one_value_or_none():
    lo, hi = intervals.t_mean_ci(np.array([4.0]))
    assert lo[0] == hi[0] == 4.0
    lo, hi = intervals.t_mean_ci(np.zeros((0, 2)))
    assert np.isnan(lo).all() and np.isnan(hi).all()
