"""Hex geometry properties: distance, neighbours, rings, lines, offsets, projection."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from game import Hex
from game.core.hexgrid import Projection

coords = st.integers(-60, 60)
hexes = st.builds(Hex, coords, coords)


@given(hexes, hexes)
def test_distance_is_symmetric_and_zero_only_for_same_hex(a, b):
    assert a.distance(b) == b.distance(a)
    assert (a.distance(b) == 0) == (a == b)


@given(hexes, hexes, hexes)
def test_distance_obeys_triangle_inequality(a, b, c):
    assert a.distance(c) <= a.distance(b) + b.distance(c)


@given(hexes)
def test_six_distinct_neighbours_at_distance_one(h):
    nb = h.neighbors()
    assert len(set(nb)) == 6
    assert all(h.distance(n) == 1 for n in nb)
    assert h.s == -h.q - h.r


@given(hexes, st.integers(0, 8))
def test_ring_has_six_r_hexes_at_distance_r(h, r):
    ring = h.ring(r)
    assert len(ring) == (1 if r == 0 else 6 * r)
    assert len(set(ring)) == len(ring)
    assert all(h.distance(x) == r for x in ring)


@given(hexes, hexes)
def test_line_includes_both_ends_and_steps_to_adjacent_hexes(a, b):
    line = a.line_to(b)
    assert line[0] == a and line[-1] == b
    assert len(line) == a.distance(b) + 1
    assert all(x.distance(y) == 1 for x, y in itertools.pairwise(line))


@given(st.integers(-50, 50), st.integers(-50, 50))
def test_offset_round_trip(col, row):
    assert Hex.from_offset(col, row).to_offset() == (col, row)


def test_hexes_are_hashable_and_ordered():
    assert sorted({Hex(1, 0), Hex(0, 1), Hex(0, 0)}) == [Hex(0, 0), Hex(0, 1), Hex(1, 0)]


@given(st.integers(0, 40), st.integers(0, 40))
def test_projection_puts_a_hex_centre_back_on_its_hex(col, row):
    proj = Projection.for_box(42.5, 42.4, 130.52, 250)
    h = Hex.from_offset(col, row)
    lat, lon = proj.centre_latlon(h)
    assert proj.hex_at(lat, lon) == h


def test_documented_hills_are_about_1_8_km_apart():
    proj = Projection.for_box(42.5, 42.4, 130.52, 250)
    zao = proj.hex_at(42.4465, 130.5945)  # S1: 42°26.79′N 130°35.67′E
    bez = proj.hex_at(42.46283, 130.59033)  # S1: 42°27.77′N 130°35.42′E
    assert 6 <= zao.distance(bez) <= 9  # 1.8 km at 250 m a hex
