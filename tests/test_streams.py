"""Keyed dice: streams derived from the game seed and keyed by what they decide, so a change in
one corner of the battle leaves the other dice alone (common random numbers)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.rng import (
    KeyedDice,
    SequentialDice,
    binomial_quantile,
    decision_stream,
    dice_root,
    make_streams,
    poisson_quantile,
)
from game.engine.game import Game
from game.rules.casualties import inflict


def roll(dice: KeyedDice, key: str, sub: int = 0) -> int:
    return int(dice.gen(key, sub).integers(0, 2**32))


def test_stream_derivation_is_stable():
    assert dice_root(1938).hex() == "1a31b3aad27f4ab0c56e56e36d350999"
    d = KeyedDice.from_seed(1938)
    assert roll(d, "fire|su_bn1|jp_co1|3.1") == 783045366
    assert roll(d, "fire|su_bn1|jp_co1|3.1") == 4126715457  # second occurrence: fresh dice
    assert roll(d, "fire|su_bn1|jp_co1|3.1", 1) == 1298447247  # block 1 of that occurrence
    assert KeyedDice.from_seed(1938).uniforms("fire|su_bn1|3.1", 3) == [
        0.16399663231191342, 0.5511202625297462, 0.33154472445964134]


def test_a_key_gives_the_same_dice_whenever_it_is_asked():
    a, b = KeyedDice.from_seed(5), KeyedDice.from_seed(5)
    first = roll(a, "air|jp_co1|SB|4.1")
    for k in ("x", "y", "z"):
        roll(b, k)
    assert roll(b, "air|jp_co1|SB|4.1") == first


def test_new_turn_forgets_occurrences_and_copy_continues_identically():
    d = KeyedDice.from_seed(9)
    roll(d, "k")
    c = d.copy()
    assert roll(c, "k") == roll(d, "k")
    assert c.snapshot() == d.snapshot()
    d.new_turn()
    assert d.counts == {}


def test_the_nth_action_of_a_unit_draws_the_same_dice_whenever_it_comes():
    a, b = KeyedDice.from_seed(3), KeyedDice.from_seed(3)
    early = [a.uniforms(a.nth("fire|A"), 3) for _ in range(3)]
    late = []
    for _ in range(3):
        b.uniforms(b.nth("fire|B"), 3)  # other units' actions and new turns in between
        b.new_turn()
        late.append(b.uniforms(b.nth("fire|A"), 3))
    assert early == late
    assert len({tuple(u) for u in early}) == 3
    c = b.copy()
    assert c.nth("fire|A") == b.nth("fire|A") == "fire|A#3"
    assert c.snapshot() == b.snapshot()


def test_a_players_decision_dice_ignore_earlier_decisions_and_leave_its_stream_alone():
    a, b = make_streams(7, ("soviet", "japan"))["japan"], make_streams(7, ("soviet", "japan"))["japan"]
    state = a.bit_generator.state
    for k in ("sample|3.1|jp_a|4,5", "sample|3.1|jp_b|4,6"):
        decision_stream(a, k).random(50)
    assert a.bit_generator.state == state
    key = "sample|4.1|jp_a|4,5"
    assert list(decision_stream(a, key).random(3)) == list(decision_stream(b, key).random(3))
    assert decision_stream(a, "x").random() != decision_stream(a, "y").random()
    other_seed = make_streams(8, ("soviet", "japan"))["japan"]
    assert decision_stream(a, "x").random() != decision_stream(other_seed, "x").random()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["fire|A|x|1.0", "fire|A|y|1.0", "assault|A|1,2|1.0", "air|A|SB|1.0"]), max_size=12),
       st.integers(0, 2**31))
def test_extra_or_reordered_rolls_of_one_unit_leave_another_units_dice_alone(extra, seed):
    a, b = KeyedDice.from_seed(seed), KeyedDice.from_seed(seed)
    mine = [roll(a, f"fire|B|x|{t}.0") for t in range(4)]
    theirs = []
    for t in range(4):
        for k in extra:
            roll(b, k)
        theirs.append(roll(b, f"fire|B|x|{t}.0"))
    assert mine == theirs


def test_harm_to_one_unit_does_not_change_another_units_casualties(teaching):
    one, two = Game(teaching, 3).state, Game(teaching, 3).state
    inflict(two, two.units["su_tk1"], 12.0, "fire", two.dice, key="fire|jp_mg|0.0")  # only in the what-if
    a = inflict(one, one.units["su_bn1"], 40.0, "fire", one.dice, key="fire|jp_co1|0.0")
    b = inflict(two, two.units["su_bn1"], 40.0, "fire", two.dice, key="fire|jp_co1|0.0")
    assert [e for e in a if e.kind == "casualties"] == [e for e in b if e.kind == "casualties"]
    assert one.units["su_bn1"].men == two.units["su_bn1"].men


def test_nearby_expectations_draw_nearby_counts(teaching):
    """The same dice for a slightly different expectation: counts move together (pairing)."""
    lows, highs = [], []
    for seed in range(40):
        for out, e in ((lows, 50.0), (highs, 55.0)):
            s = Game(teaching, seed).state
            inflict(s, s.units["su_bn1"], e, "fire", s.dice, key="fire|jp_co1|0.0")
            out.append(600 - s.units["su_bn1"].men)
    assert np.corrcoef(lows, highs)[0, 1] > 0.9


def test_sequential_dice_serve_every_key_from_one_generator():
    gen = np.random.default_rng(1)
    d = SequentialDice(gen)
    assert d.gen("a") is gen and d.gen("b", 2) is gen


def test_state_hash_covers_the_stream_state(teaching):
    a, b = Game(teaching, 3, hashing=True).state, Game(teaching, 3, hashing=True).state
    b.dice.gen("fire|su_bn1|jp_co1|0.0")
    assert a.hash() != b.hash()


@settings(max_examples=60, deadline=None)
@given(st.floats(0.0, 1.0 - 1e-9), st.floats(0.0, 400.0), st.floats(0.0, 400.0))  # the last 1e-9: float rounding
def test_poisson_inversion_is_monotone_in_the_expectation(u, a, b):
    lo, hi = sorted((a, b))
    assert poisson_quantile(u, lo) <= poisson_quantile(u, hi)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.0, 1.0 - 1e-9), st.integers(0, 300), st.integers(0, 300), st.floats(0.0, 1.0))
def test_binomial_inversion_is_monotone_in_the_count(u, a, b, p):
    lo, hi = sorted((a, b))
    assert 0 <= binomial_quantile(u, lo, p) <= binomial_quantile(u, hi, p) <= hi


def test_inversions_give_the_textbook_quantiles():
    # Poisson(5): P(X <= 4) = 0.4405, P(X <= 5) = 0.6160; Poisson(55) median 55; Binomial(10, 0.24) median 2
    assert [poisson_quantile(u, 5.0) for u in (0.44, 0.45, 0.61, 0.62)] == [4, 5, 5, 6]
    assert poisson_quantile(0.5, 55.0) == 55 and poisson_quantile(0.5, 300.0) == 300
    assert binomial_quantile(0.5, 10, 0.24) == 2 and binomial_quantile(0.5, 500, 0.24) == 120


def test_inversion_draws_have_the_right_mean_and_variance():
    u = np.random.default_rng(0).random(4000)
    for lam in (0.3, 12.0, 80.0):
        x = np.array([poisson_quantile(float(v), lam) for v in u])
        assert abs(x.mean() - lam) < 0.1 * lam + 0.05 and abs(x.var() - lam) < 0.15 * lam + 0.05
