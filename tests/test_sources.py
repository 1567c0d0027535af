"""Every number in a shipped scenario file carries a source tag that resolves in the bibliography,
and `khasan sources` reports it (docs/sources.md)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.engine.sources import classify, provenance, walk

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ["khasan_1938", "counteroffensive_1938", "border_post_1938", "teaching"]


@pytest.mark.parametrize("name", SHIPPED)
def test_every_number_in_a_shipped_scenario_is_tagged_and_every_tag_resolves(name: str) -> None:
    prov = provenance(ROOT / "scenarios" / f"{name}.yaml")
    untagged = [f"{n.file}: {n.path}" for n in prov.numbers if n.status == "untagged"]
    assert untagged == []
    assert prov.unresolved_tags() == []
    assert prov.count("cited") + prov.count("estimated") == len(prov.numbers) > 100


def test_every_bibliography_entry_is_cited_somewhere() -> None:
    prov = provenance(ROOT / "scenarios" / "khasan_1938.yaml")
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "scenarios").rglob("*.yaml"))
                   if p.name != "sources.yaml")
    unused = {k for k in prov.sources if f"[{k}" not in text} - {"S0", "S2"}  # background seeds give no figure
    assert unused == set()


def test_the_nearest_tag_wins_and_sources_maps_tag_single_fields() -> None:
    data = {"source": "[A]", "x": 1, "inner": {"y": 2, "sources": {"z": "est: z"}, "z": 3, "w": [4]},
            "b": {"source": "est: b", "v": 5}}
    found: list[tuple[str, int | float, str | None]] = []
    walk(data, "", None, found)
    assert found == [("x", 1, "[A]"), ("inner.y", 2, "[A]"), ("inner.z", 3, "est: z"),
                     ("inner.w[0]", 4, "[A]"), ("b.v", 5, "est: b")]


def test_a_tag_is_cited_estimated_or_unresolved() -> None:
    keys = {"S1": "seed", "COOX1977": "Coox"}
    assert classify("[S1, 24 July] est: men by establishment", keys) == "cited"
    assert classify("est: a modelling choice", keys) == "estimated"
    assert classify("[NOPE] 150 m", keys) == "unresolved"
    assert classify("[S1] [NOPE]", keys) == "unresolved"
    assert classify("the brief, section 2", keys) == "unresolved"
    assert classify(None, keys) == "untagged"


def test_sources_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", str(ROOT / "scenarios" / "khasan_1938.yaml"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"numbers", "cited", "estimated", "untagged", "unresolved", "sources"} <= set(out)
    assert out["numbers"] == out["cited"] + out["estimated"] + out["untagged"]
    assert out["untagged"] == 0 and out["unresolved"] == []
    assert all(set(s) == {"key", "reference"} and s["reference"] for s in out["sources"])
    assert {"S1", "COOX1977", "SHISHOV", "KRIVOSHEEV"} <= {s["key"] for s in out["sources"]}


def _copy_scenarios(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    return tmp_path / "scenarios"


def test_an_untagged_number_added_to_a_scenario_makes_sources_exit_1(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy_scenarios(tmp_path)
    path = folder / "khasan_1938.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "road_move: 2\n", encoding="utf-8")
    assert main(["sources", str(path)]) == 1
    out = capsys.readouterr().out
    assert "khasan_1938.yaml: road_move: 2 has no source tag" in out
    assert main(["sources", str(path), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["untagged_at"] == ["khasan_1938.yaml: road_move"]


def test_a_tag_citing_an_unknown_key_makes_sources_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy_scenarios(tmp_path)
    path = folder / "border_post_1938.yaml"
    text = path.read_text(encoding="utf-8").replace('source: "[S1] both hills held', 'source: "[THE_BRIEF] both', 1)
    path.write_text(text, encoding="utf-8")
    assert main(["sources", str(path), "--json"]) == 1
    assert any(t.startswith("[THE_BRIEF]") for t in json.loads(capsys.readouterr().out)["unresolved"])


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("units: [\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "game", "sources", str(bad)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert out.stderr.startswith(str(bad))
