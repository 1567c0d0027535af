"""Kind tables (terrain, sides, unit_kinds, vehicle_kinds, unit_types, tank_types): a `source:`,
`sources:` or `note:` is a tag in each of them, never a kind; a broken table, tag or kind is one
located line and exit 2, never a follow-on line per reference to it."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, TEACHING

from game.core.errors import ScenarioError
from game.engine.scenario import load_scenario, read_scenario
from game.engine.sources import provenance

Edit = Callable[[dict[str, Any]], None]
KIND_TABLES = ("terrain", "sides", "unit_kinds", "vehicle_kinds", "unit_types", "tank_types")
T26 = {"kind": "tank", "source": "est: the teaching tank company's model"}


def khasan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    """The teaching scenario merged with its includes (one self-contained mapping), with a
    tank_types table for its T-26 company so that every kind table is present."""
    d = copy.deepcopy(read_scenario(TEACHING).data)
    d["tank_types"] = {"T-26": dict(T26)}
    return d


class _Plain(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def write(folder: Path, data: dict[str, Any], edit: Edit | None = None, name: str = "s.yaml") -> Path:
    d = copy.deepcopy(data)
    if edit is not None:
        edit(d)
    path = folder / name
    path.write_text(yaml.dump(d, Dumper=_Plain, sort_keys=False), encoding="utf-8")
    return path


def the_problem(path: Path) -> str:
    """The single problem of a scenario that does not load."""
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert len(err.value.problems) == 1, err.value.problems
    return err.value.problems[0]


def _set(table: str, key: str, value: Any) -> Edit:
    return lambda d: d[table].__setitem__(key, value)


def _set_in(table: str, kind: str, key: str, value: Any) -> Edit:
    return lambda d: d[table][kind].__setitem__(key, value)


def _drop_in(table: str, kind: str, key: str) -> Edit:
    return lambda d: d[table][kind].pop(key)


def _sixty_five_kinds(d: dict[str, Any]) -> None:
    kinds = {f"k{i}": dict(d["terrain"]["open"]) for i in range(65 - len(d["terrain"]))}
    d["terrain"].update(kinds)


def _rename_kind(d: dict[str, Any]) -> None:
    """`Rifle` for `rifle`, in the table and in every unit type naming it."""
    d["unit_kinds"] = {("Rifle" if k == "rifle" else k): v for k, v in d["unit_kinds"].items()}
    for t in d["unit_types"].values():
        if t["kind"] == "rifle":
            t["kind"] = "Rifle"


TAG = "expected a tag string ('[KEY, locator]' or 'est: reason'), got"
CASES: list[tuple[str, Edit, str]] = [
    # 9: a tag that is not a tag string (or mapping of them), in a table or one of its kinds
    ("terrain_source_int", _set("terrain", "source", 3),
     f"terrain.source: {TAG} an integer 3"),
    ("sides_source_list", _set("sides", "source", ["est: x"]), f"sides.source: {TAG} a list ['est: x']"),
    ("unit_kinds_sources_str", _set("unit_kinds", "sources", "est: x"),
     "unit_kinds.sources: expected a mapping, got a string"),
    ("vehicle_kinds_sources_int", _set("vehicle_kinds", "sources", {"tank": 3}),
     f"vehicle_kinds.sources.tank: {TAG} an integer 3"),
    ("unit_type_source_int", _set_in("unit_types", "rifle_bn", "source", 5),
     f"unit_types.rifle_bn.source: {TAG} an integer 5"),
    ("tank_type_source_none", _set_in("tank_types", "T-26", "source", None),
     f"tank_types.T-26.source: {TAG} nothing"),
    ("terrain_kind_sources_int", _set_in("terrain", "marsh", "sources", {"move": 1}),
     f"terrain.marsh.sources.move: {TAG} an integer 1"),
    ("unit_kind_note_int", _set_in("unit_kinds", "rifle", "note", 7),
     "unit_kinds.rifle.note: expected a non-empty string, got an integer 7"),
    # 11: a broken table is one line, not one more per reference to its kinds
    ("terrain_empty", lambda d: d.__setitem__("terrain", {}), "terrain: needs at least one terrain kind"),
    ("terrain_only_a_tag", lambda d: d.__setitem__("terrain", {"source": "est: x"}),
     "terrain: needs at least one terrain kind"),
    ("terrain_list", lambda d: d.__setitem__("terrain", ["open"]), "terrain: expected a mapping, got a list"),
    ("terrain_65_kinds", _sixty_five_kinds, "terrain: 65 kinds (at most 64)"),
    ("unit_kinds_missing", lambda d: d.pop("unit_kinds"), "top level: missing key 'unit_kinds'"),
    ("unit_kinds_list", lambda d: d.__setitem__("unit_kinds", ["rifle"]), "unit_kinds: expected a mapping, got a list"),
    ("unit_kinds_only_a_tag", lambda d: d.__setitem__("unit_kinds", {"note": "none yet"}),
     "unit_kinds: needs at least one unit kind"),
    ("vehicle_kinds_list", lambda d: d.__setitem__("vehicle_kinds", ["tank"]),
     "vehicle_kinds: expected a mapping, got a list"),
    ("unit_types_empty", lambda d: d.__setitem__("unit_types", {}), "unit_types: needs at least one unit type"),
    # 11: a missing key is one line, not one more for its type
    ("terrain_no_colour", _drop_in("terrain", "marsh", "colour"), "terrain.marsh: missing key 'colour'"),
    ("side_no_colours", _drop_in("sides", "soviet", "colours"), "sides.soviet: missing key 'colours'"),
    ("side_no_fill", lambda d: d["sides"]["soviet"]["colours"].pop("fill"),
     "sides.soviet.colours: missing key 'fill'"),
    # 11: wording
    ("one_side", lambda d: d["sides"].pop("japan"),
     "sides: names 1 side (soviet); the engine is two-sided: list exactly two"),
    ("vulnerability_none", _set_in("vehicle_kinds", "tank", "vulnerability", None),
     "vehicle_kinds.tank.vulnerability: expected a number, got nothing"),
    ("terrain_colour_none", _set_in("terrain", "marsh", "colour", None),
     "terrain.marsh.colour: expected [red, green, blue], got nothing"),
    # 12: unit kind and vehicle kind keys have the shape of terrain keys
    ("unit_kind_key", lambda d: d["unit_kinds"].__setitem__("Bad Kind", dict(d["unit_kinds"]["rifle"])),
     "unit_kinds.Bad Kind: 'Bad Kind' does not match ^[a-z0-9_]+$"),
    ("vehicle_kind_key", lambda d: d["vehicle_kinds"].__setitem__("armoured-car", dict(d["vehicle_kinds"]["tank"])),
     "vehicle_kinds.armoured-car: 'armoured-car' does not match ^[a-z0-9_]+$"),
    ("unit_kind_key_in_use", _rename_kind, "unit_kinds.Rifle: 'Rifle' does not match ^[a-z0-9_]+$"),
]


@pytest.mark.parametrize("edit, expect", [(e, x) for _, e, x in CASES], ids=[n for n, _, _ in CASES])
def test_a_bad_kind_table_is_one_located_line(tmp_path: Path, base: dict[str, Any], edit: Edit,
                                              expect: str) -> None:
    path = write(tmp_path, base, edit)
    assert the_problem(path) == f"{path}: {expect}"


def test_the_command_line_gives_one_line_per_bad_file_and_exit_2(tmp_path: Path, base: dict[str, Any]) -> None:
    paths = [write(tmp_path, base, edit, f"{name}.yaml") for name, edit, _ in CASES]
    res = khasan("validate", *map(str, paths))
    out = res.stdout + res.stderr
    assert res.returncode == 2 and "Traceback" not in out, out[-2000:]
    lines = [line for line in out.splitlines() if line.strip()]
    assert lines == [f"{p}: {expect}" for p, (_, _, expect) in zip(paths, CASES, strict=True)]


def test_a_problem_in_an_included_kinds_file_names_that_file(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "scenarios" / "common", tmp_path / "common")
    shutil.copy(TEACHING, tmp_path / "teaching.yaml")
    kinds_file = tmp_path / "common" / "unit_kinds.yaml"
    kinds = yaml.safe_load(kinds_file.read_text(encoding="utf-8"))
    kinds["unit_kinds"]["source"] = 3
    kinds_file.write_text(yaml.safe_dump(kinds, sort_keys=False), encoding="utf-8")
    res = khasan("validate", str(tmp_path / "teaching.yaml"))
    assert res.returncode == 2
    assert res.stdout.splitlines() == [f"{kinds_file}: unit_kinds.source: expected a tag string ('[KEY, locator]' "
                                       "or 'est: reason'), got an integer 3"]


def _tag_every_table(d: dict[str, Any]) -> None:
    for table in KIND_TABLES:
        first = next(iter(d[table]))
        d[table].update({"source": f"est: a tag on the whole {table} table",
                         "sources": {first: f"est: a tag for {first}"}, "note": "a note, not a kind"})


def test_tags_are_tags_in_every_kind_table_and_change_nothing(tmp_path: Path, base: dict[str, Any]) -> None:
    plain, tagged = write(tmp_path, base, name="plain.yaml"), write(tmp_path, base, _tag_every_table, "tagged.yaml")
    a, b = load_scenario(plain), load_scenario(tagged)
    assert [k.key for k in b.map.terrain_rules] == [k.key for k in a.map.terrain_rules]
    assert b.sides == a.sides and b.unit_kinds == a.unit_kinds and b.tank_kinds == a.tank_kinds
    assert b.unit_types == a.unit_types
    args = ("--seed", "4", "--players", "soviet=historical,japan=ai", "--json")
    runs = [khasan("run", str(p), *args) for p in (plain, tagged)]
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    assert json.loads(runs[1].stdout)["state_hash"] == json.loads(runs[0].stdout)["state_hash"]


def test_the_start_screen_lists_the_sides_without_the_tags(tmp_path: Path, base: dict[str, Any]) -> None:
    from game.ui.start import scenario_info

    info = scenario_info(write(tmp_path, base, _tag_every_table))
    assert info.error == "" and [k for k, _ in info.sides] == ["soviet", "japan"]


def test_a_table_tag_counts_for_the_numbers_of_its_kinds(tmp_path: Path, base: dict[str, Any]) -> None:
    """`khasan sources`: the whole-table tag tags every number in the table's kinds."""
    def untag_terrain(d: dict[str, Any]) -> None:
        for kind in d["terrain"].values():
            kind.pop("source", None)
            kind.pop("sources", None)
        d.pop("source", None)
        d["terrain"]["source"] = "est: made up for a test"

    prov = provenance(write(tmp_path, base, untag_terrain))
    terrain = [n for n in prov.numbers if n.path.startswith("terrain.")]
    assert terrain and {n.tag for n in terrain} == {"est: made up for a test"}


@pytest.mark.parametrize("tags, where", [({"source": 3}, "terrain.source"),
                                         ({"sources": ["est: x"]}, "terrain.sources"),
                                         ({"sources": {"marsh": 2}}, "terrain.sources.marsh")])
def test_sources_refuses_a_tag_that_is_not_one(tmp_path: Path, base: dict[str, Any], tags: dict[str, Any],
                                               where: str) -> None:
    path = write(tmp_path, base, lambda d: d["terrain"].update(tags))
    res = khasan("sources", str(path))
    lines = [line for line in (res.stdout + res.stderr).splitlines() if line.strip()]
    assert res.returncode == 2 and len(lines) == 1 and lines[0].startswith(f"{path}: {where}: expected"), lines
