"""`khasan sweep`: Sobol and Morris indices over scenario numbers, the same on every backend."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import distributed  # in the test extra, so CI runs the dask test rather than skipping it
import numpy as np
import pytest
from conftest import ROOT, TEACHING

from game.core.errors import KhasanError
from game.sim import sweep, sweep_run

PARAMS = ("--param", "rules.fire.rate=0.011:0.019", "--param", "rules.assault.rate=0.015:0.025")


def khasan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True)


def run_sweep(out: Path, *extra: str) -> None:
    res = khasan("sweep", str(TEACHING), *PARAMS, "--samples", "2", "--seed", "5", "--out", str(out), *extra)
    assert res.returncode == 0, res.stderr


@pytest.fixture(scope="module")
def local_sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sweep")
    run_sweep(out, "--jobs", "2")
    return out


def test_sensitivity_json_has_s1_st_and_their_intervals_per_output(local_sweep):
    sens = json.loads((local_sweep / "sensitivity.json").read_text())
    assert set(sens) == {"method", "params", "outputs"} and sens["method"].startswith("sobol")
    assert list(sens["params"]) == ["rules.fire.rate", "rules.assault.rate"]
    for name in ("soviet_killed", "japan_wounded", "japan_missing", "soviet_win", "soviet_holds_hill"):
        assert set(sens["outputs"][name]) == {"S1", "ST", "S1_conf", "ST_conf"}
        assert set(sens["outputs"][name]["ST"]) == {"rules.fire.rate", "rules.assault.rate"}
    varied = [d for d in sens["outputs"].values() if d["ST"]["rules.fire.rate"] is not None]
    assert varied, "fire rate should move some output"


def test_samples_csv_has_one_row_per_run_with_the_parameters(local_sweep):
    with open(local_sweep / "samples.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2 * (2 * 2 + 2) and all(r["status"] == "ok" for r in rows)
    fire = [float(r["rules.fire.rate"]) for r in rows]
    assert min(fire) >= 0.011 and max(fire) <= 0.019 and len(set(fire)) > 1
    assert len({r["seed"] for r in rows}) == 1  # every sample plays the same run seed
    assert (local_sweep / "sensitivity.png").stat().st_size > 1000


def test_dask_cluster_gives_the_same_files_as_local_workers(local_sweep, tmp_path):
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        run_sweep(tmp_path, "--scheduler", cluster.scheduler_address)
    for name in ("sensitivity.json", "samples.csv", "sweep.json"):
        assert (tmp_path / name).read_bytes() == (local_sweep / name).read_bytes(), name
    assert '"backend": "dask"' in (tmp_path / "timing.json").read_text()


def test_report_of_a_sweep_shows_the_sensitivity_section(local_sweep):
    res = khasan("report", str(local_sweep))
    assert res.returncode == 0, res.stderr
    page = (local_sweep / "report.html").read_text()
    assert "<h2>Sensitivity</h2>" in page and "data:image/png;base64," in page
    assert "rules.assault.rate" in page and "S1 ± 95%" in page and page.rstrip().endswith("</html>")


def test_morris_screening_gives_mu_star_and_sigma(tmp_path):
    res = khasan("sweep", str(TEACHING), *PARAMS, "--samples", "2", "--method", "morris", "--jobs", "1",
                 "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    sens = json.loads((tmp_path / "sensitivity.json").read_text())
    assert sens["method"].startswith("morris") and "mu_star" in sens["method"]
    assert set(sens["outputs"]["japan_killed"]) == {"mu_star", "mu_star_conf", "sigma", "mu"}
    assert len((tmp_path / "samples.csv").read_text().splitlines()) == 1 + 2 * 3


@pytest.mark.parametrize(("param", "message"), [
    ("rules.fire.rate=0.02:0.01", "LO must be below HI"),
    ("rules.fire.rate=0.01:0.01", "LO must be below HI"),
    ("rules.fire.rate=low:0.02", "must be numbers"),
    ("rules.fire.rate", "expected PATH=LO:HI"),
    ("rules.fire.nosuch=0.01:0.02", "no such value"),
    ("units[nosuch].men=1:2", "no such value"),
    ("id=1:2", "not a number"),
    ("rules.fire.rate=-1:0.02", "below the minimum"),
])
def test_bad_parameters_are_one_line_errors(param, message):
    with pytest.raises(KhasanError) as err:
        sweep.check_params(str(TEACHING), [param])
    assert len(err.value.problems) == 1 and message in err.value.problems[0]


def test_a_bad_parameter_exits_2_without_creating_the_output(tmp_path):
    res = khasan("sweep", str(TEACHING), "--param", "rules.fire.rate=0.02:0.01", "--samples", "2",
                 "--out", str(tmp_path / "x"))
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1 and "LO must be below HI" in res.stderr
    assert not (tmp_path / "x").exists()


def test_get_path_follows_set_paths_with_selectors():
    from game.engine.overlay import get_path

    data = {"units": [{"id": "a", "men": 5}, {"id": "b", "men": 7}], "rules": {"fire": {"rate": 0.1}}}
    assert get_path(data, "units[b].men") == [7] and get_path(data, "rules.fire.rate") == [0.1]
    with pytest.raises(KhasanError):
        sweep.check_params(str(TEACHING), ["rules.fire.rate=1:2", "rules.fire.rate=1:3"])


def test_whole_number_parameters_are_rounded():
    (p,) = sweep.check_params(str(TEACHING), ["rules.fire.range=1:3"])
    assert p.whole and p.value(2.4) == 2 and isinstance(p.value(2.6), int)


def test_equipment_counts_become_outputs_when_the_run_reports_them():
    summary = {"winner": "japan", "control": {"Hill": "japan"},
               "losses": {s: {"killed": 1, "wounded": 2, "missing": 3} for s in ("soviet", "japan")},
               "equipment": {"soviet": {"tanks": {"destroyed": 4, "damaged": 6}}}}
    row = {**sweep_run.run_outputs(summary), "error": None}
    assert row["equipment"] == {"soviet_tanks_damaged": 6, "soviet_tanks_destroyed": 4}
    del summary["equipment"]
    assert "equipment" not in sweep_run.run_outputs(summary)


def test_a_sample_output_is_the_mean_over_its_repeats():
    plan = sweep.Plan("x", (), 2, 3, 0, "sobol", {})
    prep = sweep.Prepared(plan, {}, "", (), np.zeros((2, 1)), [1, 2, 3])
    y = np.array([[1.0], [2.0], [np.nan], [4.0], [np.nan], [np.nan]])
    assert sweep.per_sample(prep, y)[:, 0].tolist() == [1.5, 4.0]


def test_repeats_play_every_sample_over_the_same_run_seeds(tmp_path):
    res = khasan("sweep", str(TEACHING), "--param", "rules.fire.rate=0.011:0.019", "--samples", "2", "--repeats", "2",
                 "--jobs", "1", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    with open(tmp_path / "samples.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2 * (2 * 1 + 2) * 2
    seeds = [r["seed"] for r in rows]
    assert seeds[:2] * (len(rows) // 2) == seeds and seeds[0] != seeds[1]
    meta = json.loads((tmp_path / "sweep.json").read_text())
    assert meta["repeats"] == 2 and meta["runs"] == len(rows) and meta["run_seeds"] == [int(s) for s in seeds[:2]]
