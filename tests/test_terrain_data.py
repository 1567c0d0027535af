"""Terrain kinds are data: a made-up kind added by a scenario plays, is checked and is drawn."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, TEACHING
from hypothesis import given
from hypothesis import strategies as st

from game.core.terrain import PATTERNS, KindTables, TerrainKind
from game.engine.game import Game
from game.engine.scenario import Scenario, load_scenario
from game.rules.firepower import protection
from game.rules.fortification import dig
from game.rules.movement import enter_cost, tables

DUNES = ('  dunes: {move: 4, defence: 1.3, max_entrench: 2, blocks_los: true, colour: [230, 120, 40], '
         'pattern: plain, source: "est: made up for a test"}\n')
DUNES_AREA = ('    - {terrain: dunes, polygon: [[42.447, 130.600], [42.447, 130.609], [42.438, 130.609], '
              '[42.438, 130.600]], source: "est: made up for a test"}\n')


def with_dunes(tmp_path: Path, feature: str = DUNES_AREA) -> Path:
    """The teaching scenario with a `dunes` kind of its own and an area painted with it."""
    shutil.copytree(TEACHING.parent / "common", tmp_path / "common")
    text = TEACHING.read_text(encoding="utf-8")
    text = text.replace("  features:\n", "  features:\n" + feature, 1) + "terrain:\n" + DUNES
    path = tmp_path / "dunes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def dunes_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return with_dunes(tmp_path_factory.mktemp("dunes"))


@pytest.fixture(scope="module")
def dunes(dunes_path: Path) -> Scenario:
    return load_scenario(dunes_path)


def dune_hexes(scen: Scenario) -> list[int]:
    m = scen.map
    return [i for i in range(m.size) if m.kind(i).key == "dunes"]


def khasan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_an_added_kind_comes_after_the_included_ones_and_is_painted(dunes: Scenario) -> None:
    keys = [k.key for k in dunes.map.terrain_rules]
    assert keys[-1] == "dunes" and len(keys) == 8
    assert len(dune_hexes(dunes)) >= 4
    assert dunes.map.terrain_rules[-1] == TerrainKind("dunes", 4, 1.3, 2, True, colour=(230, 120, 40))


def test_the_added_kind_validates_and_plays_headless(dunes_path: Path) -> None:
    out = khasan("validate", str(dunes_path))
    assert out.returncode == 0, out.stdout + out.stderr
    run = khasan("run", str(dunes_path), "--seed", "3", "--json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["turns_played"] >= 1


def test_the_added_kind_costs_covers_limits_digging_and_blocks_sight(dunes: Scenario) -> None:
    game = Game(dunes, seed=1)
    state = game.state
    m = dunes.map
    idx = next(i for i in dune_hexes(dunes) if not m.has_road(i))
    src = next(int(j) for j in m.neighbors[idx] if j >= 0 and not m.has_road(int(j)))
    unit = state.units["su_bn1"]
    assert enter_cost(state, unit, src, idx) == 4
    assert tables(state).cost[idx] == 4
    assert protection(state, idx, 0, 25) == pytest.approx(1.3)
    assert m.terrain_rules[m.terrain[idx]].blocks_los
    unit.hex = m.hexes[idx]
    unit.entrench = 0
    dig(state, unit, extra=9)
    assert unit.entrench == 2


def test_a_feature_with_an_unknown_kind_is_a_located_problem(tmp_path: Path) -> None:
    path = with_dunes(tmp_path, DUNES_AREA.replace("terrain: dunes", "terrain: sand"))
    out = khasan("validate", str(path))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    line = next(x for x in (out.stdout + out.stderr).splitlines() if ".terrain:" in x)
    assert line.startswith(f"{path}: map.features[0].terrain: 'sand' is not one of: open, hill,")
    assert line.endswith("scrub, dunes")


def test_tags_in_the_terrain_table_are_tags_not_kinds(tmp_path: Path) -> None:
    """A `source:`, `sources:` or `note:` key among the kinds once passed the check and then
    crashed `khasan validate` with a KeyError; it tags the table and is not a kind."""
    path = with_dunes(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + '  source: "est: made up for a test"\n'
                    '  sources: {dunes: "est: made up for a test"}\n  note: a note on the table\n', encoding="utf-8")
    for cmd in ("validate", "sources"):
        out = khasan(cmd, str(path))
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stdout + out.stderr
    assert [k.key for k in load_scenario(path).map.terrain_rules][-2:] == ["scrub", "dunes"]


def test_two_high_ground_kinds_are_refused(tmp_path: Path) -> None:
    path = with_dunes(tmp_path)
    path.write_text(path.read_text().replace("blocks_los: true, colour: [230", "blocks_los: true, high_ground: true, "
                                             "colour: [230"))
    out = khasan("validate", str(path))
    assert out.returncode == 2
    assert "terrain: high_ground is true for hill, dunes: at most one kind may be high ground" in out.stdout + \
        out.stderr


def test_the_window_draws_the_kind_in_its_colour_and_names_it(dunes: Scenario, app) -> None:
    from tests.ui_harness import make_scene, pump

    scene = make_scene(app, dunes)
    m = dunes.map
    idx = dune_hexes(dunes)[len(dune_hexes(dunes)) // 2]
    h = m.hexes[idx]
    scene.cam.centre_on(*scene.cam.to_unit(*scene.cam.hex_screen(h)))
    pump(app, 5)
    scene.view.tiles.draw(app.screen, scene.cam, complete=True)
    x, y = scene.cam.hex_screen(h)
    r, g, b = app.screen.get_at((round(x), round(y) + 3))[:3]
    assert r > g + 40 and g > b + 30  # orange, unlike any 1938 kind (shading may darken it)
    assert scene.hex_tip(h, {})[0].startswith("dunes")


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(1, 99)), st.floats(0.1, 10), st.integers(0, 5),
                          st.booleans(), st.booleans(), st.sampled_from(PATTERNS)), min_size=1, max_size=12))
def test_kind_tables_match_the_kinds(rows: list[tuple[int | None, float, int, bool, bool, str]]) -> None:
    kinds = tuple(TerrainKind(f"k{i}", mv, d, e, los, nv, pattern=p) for i, (mv, d, e, los, nv, p) in enumerate(rows))
    t = KindTables.build(kinds)
    for i, k in enumerate(kinds):
        assert t.move[i] == (k.move or 0) and t.defence[i] == k.defence and t.max_entrench[i] == k.max_entrench
        assert t.blocks_los[i] == k.blocks_los and t.no_vehicles[i] == k.no_vehicles and t.water[i] == k.water


@pytest.mark.parametrize("name", ["teaching", "khasan_1938"])
def test_per_hex_tables_follow_the_scenario_table(name: str) -> None:
    scen = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    m = scen.map
    state = Game(scen, seed=1).state
    cost = tables(state).cost
    assert [k.key for k in m.terrain_rules] == list(scen.data["terrain"])
    for i in range(m.size):
        kind = scen.data["terrain"][m.kind(i).key]
        assert cost[i] == (kind["move"] or 0)
        assert m.tables.blocks_los[m.terrain[i]] == kind["blocks_los"]
    assert np.array_equal(m.tables.move[m.terrain], np.array(cost))


def test_the_parsed_scenario_cache_keeps_the_kinds_in_table_order(dunes_path: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fresh = load_scenario(dunes_path)
    assert list((tmp_path / "cache" / "khasan").glob("scenario-*.json"))
    cached = load_scenario(dunes_path)
    assert cached.map.terrain_rules == fresh.map.terrain_rules
    assert np.array_equal(cached.map.terrain, fresh.map.terrain)
