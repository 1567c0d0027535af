"""`khasan experiment`: reproducible summaries, common random numbers, failed runs, --set, Ctrl-C, errors."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, TEACHING

from game.sim import experiment as ex
from game.sim.backends import Inline

RUNS = 6


def khasan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True)


def experiment(out: Path, *extra: str, runs: int = RUNS) -> subprocess.CompletedProcess[str]:
    res = khasan("experiment", str(TEACHING), "--runs", str(runs), "--seed", "7", "--out", str(out), *extra)
    assert res.returncode == 0, res.stderr
    return res


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def three_variants(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Baseline, a what-if and a --set edit, played once for the tests below."""
    out = tmp_path_factory.mktemp("exp")
    experiment(out, "--jobs", "2", "--whatif", "no_soviet_aviation", "--set", "units[su_bn1].men=150")
    return out


def test_same_command_twice_gives_identical_summary(three_variants, tmp_path):
    experiment(tmp_path, "--jobs", "2", "--whatif", "no_soviet_aviation", "--set", "units[su_bn1].men=150")
    assert (tmp_path / "summary.json").read_bytes() == (three_variants / "summary.json").read_bytes()
    assert (tmp_path / "runs.csv").read_bytes() == (three_variants / "runs.csv").read_bytes()


def test_summary_does_not_depend_on_the_number_of_workers(three_variants, tmp_path):
    experiment(tmp_path, "--jobs", "1", "--whatif", "no_soviet_aviation", "--set", "units[su_bn1].men=150")
    assert (tmp_path / "summary.json").read_bytes() == (three_variants / "summary.json").read_bytes()
    assert (tmp_path / "runs.csv").read_bytes() == (three_variants / "runs.csv").read_bytes()


def test_variants_share_the_run_seeds_of_one_seed_sequence(three_variants):
    rows = read_csv(three_variants / "runs.csv")
    by_variant: dict[str, list[int]] = {}
    for r in rows:
        by_variant.setdefault(r["variant"], []).append(int(r["seed"]))
    assert list(by_variant) == ["baseline", "no_soviet_aviation", "set units[su_bn1].men=150"]
    children = np.random.SeedSequence(7).spawn(RUNS)
    expected = [int(c.generate_state(1, np.uint32)[0]) for c in children]
    assert all(seeds == expected for seeds in by_variant.values())


def test_whatif_differences_are_paired_over_the_same_runs(three_variants):
    s = json.loads((three_variants / "summary.json").read_text())
    base, whatif, edit = s["variants"]
    assert "vs_baseline" not in base
    d = whatif["vs_baseline"]
    assert d["n_pairs"] == RUNS
    diff = d["losses"]["japan_killed"]
    want = whatif["losses"]["japan_killed"]["mean"] - base["losses"]["japan_killed"]["mean"]
    assert diff["mean_diff"] == pytest.approx(want, abs=1e-3)
    assert diff["ci95"][0] <= diff["mean_diff"] <= diff["ci95"][1]
    assert edit["kind"] == "set" and edit["sets"] == {"units[su_bn1].men": 150}


def test_equipment_losses_are_carried_to_runs_csv_and_summary(three_variants):
    rows = read_csv(three_variants / "runs.csv")
    s = json.loads((three_variants / "summary.json").read_text())
    assert s["equipment"] == [f"{side}_{kind}_{status}" for side in ("soviet", "japan")
                              for kind in ("tanks", "guns", "aircraft") for status in ("destroyed", "damaged")]
    base, whatif, _ = s["variants"]
    for name in s["equipment"]:
        counts = [int(r[name]) for r in rows if r["variant"] == "baseline"]
        assert base["equipment"][name]["mean"] == pytest.approx(sum(counts) / RUNS, abs=1e-3)
        diff = whatif["vs_baseline"]["equipment"][name]["mean_diff"]
        assert diff == pytest.approx(whatif["equipment"][name]["mean"] - base["equipment"][name]["mean"], abs=1e-3)
    flown = [int(r["soviet_aircraft_destroyed"]) + int(r["soviet_aircraft_damaged"])
             for r in rows if r["variant"] == "no_soviet_aviation"]
    assert flown == [0] * RUNS


def test_set_override_changes_the_game(three_variants):
    rows = read_csv(three_variants / "runs.csv")
    base = [r for r in rows if r["variant"] == "baseline"]
    edit = [r for r in rows if r["variant"] == "set units[su_bn1].men=150"]
    assert len(edit) == RUNS and all(r["status"] == "ok" for r in edit)
    assert [r["seed"] for r in edit] == [r["seed"] for r in base]
    assert [r["soviet_wounded"] for r in edit] != [r["soviet_wounded"] for r in base]


def test_summary_has_each_loss_figure_and_objective_day(three_variants):
    s = json.loads((three_variants / "summary.json").read_text())
    v = s["variants"][0]
    for f in ("soviet_killed", "soviet_wounded", "soviet_missing", "soviet_killed_missing", "japan_killed_missing"):
        d = v["losses"][f]
        assert d["p5"] <= d["median"] <= d["p95"] and d["ci95"][0] <= d["mean"] <= d["ci95"][1]
    assert set(v["control"]["by_day"]) == set(s["days"]) == {"1938-08-06", "1938-08-07"}
    hill = v["control"]["end"]["Hill"]
    assert sum(hill[h]["k"] for h in ("soviet", "japan", "contested")) <= RUNS
    assert v["documented"] == {"losses": {}, "control_by_day": {}}  # teaching is invented: nothing documented
    assert s["documented"]["origin"].startswith("none")


def test_failed_run_is_reported_with_its_seed_and_error(tmp_path, monkeypatch):
    seeds = ex.run_seeds(7, 4)
    real = ex.play_one

    def flaky(scen, seed, players):
        if seed == seeds[2]:
            raise ValueError("dice fell off the table")
        return real(scen, seed, players)

    monkeypatch.setattr(ex, "play_one", flaky)
    plan = ex.Plan(str(TEACHING), 4, 7, {"soviet": "ai", "japan": "ai"}, ex.make_variants(["clear_weather"], []))
    p = ex.prepare(plan)
    outcome = ex.run_experiment(p, tmp_path, Inline(ex.run_batch))
    ex.write_outputs(outcome, p)
    failed = [r for r in read_csv(tmp_path / "runs.csv") if r["status"] == "failed"]
    assert [(r["run"], r["seed"]) for r in failed] == [("2", str(seeds[2]))] * 2
    assert all("ValueError: dice fell off the table" in r["error"] for r in failed)
    s = json.loads((tmp_path / "summary.json").read_text())
    base = s["variants"][0]
    assert base["runs_ok"] == 3 and base["runs_failed"] == 1
    assert base["failures"][0]["seed"] == seeds[2] and "dice" in base["failures"][0]["error"]
    assert s["variants"][1]["vs_baseline"]["n_pairs"] == 3


def test_ctrl_c_keeps_the_finished_runs(tmp_path):
    plan = ex.Plan(str(TEACHING), 40, 7, {"soviet": "ai", "japan": "ai"}, ex.make_variants([], []))
    p = ex.prepare(plan)

    def stop_after_8(done: int, total: int) -> None:
        if done >= 8:
            raise KeyboardInterrupt

    outcome = ex.run_experiment(p, tmp_path, Inline(ex.run_batch), progress=stop_after_8)
    ex.write_outputs(outcome, p)
    assert outcome.interrupted
    s = json.loads((tmp_path / "summary.json").read_text())
    assert s["complete"] is False and s["variants"][0]["runs_ok"] == 8
    assert len(read_csv(tmp_path / "runs.csv")) == 8


def test_ctrl_c_in_the_terminal_writes_outputs_and_exits_130(tmp_path):
    cmd = [sys.executable, "-m", "game", "experiment", str(TEACHING), "--runs", "5000", "--jobs", "2", "--out",
           str(tmp_path)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.time() + 30
    while time.time() < deadline and len(_lines(_work(tmp_path) / "batches.jsonl")) < 5:
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGINT)  # like Ctrl-C: the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    s = json.loads((tmp_path / "summary.json").read_text())
    assert s["complete"] is False
    assert s["variants"][0]["runs_ok"] == len(_lines(tmp_path / "runs.csv")) - 1 > 0
    assert "Traceback" not in err


def _work(out: Path) -> Path:
    out = out.resolve()
    return out.parent / f".{out.name}.partial"


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


@pytest.mark.parametrize("args", [
    ["--runs", "0"],
    ["--runs", "many"],
    ["--jobs", "0"],
    ["--jobs", "2", "--scheduler", "tcp://127.0.0.1:1"],
    ["--whatif", "martians"],
    ["--set", "no-equals-sign"],
    ["--set", "units[nobody].men=5"],
    ["--set", "units[su_bn1].men=-5"],
    ["--set", "rules.border.enabled=[unclosed"],
    ["--players", "soviet=genius"],
    ["--whatif", "clear_weather", "--whatif", "clear_weather"],
])
def test_bad_arguments_exit_2_with_one_line(tmp_path, args):
    res = khasan("experiment", str(TEACHING), "--out", str(tmp_path / "o"), *args)
    assert res.returncode == 2
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in res.stderr, res.stderr


def test_missing_out_and_missing_scenario_exit_2():
    for args in (["experiment", str(TEACHING)], ["experiment", "no/such.yaml", "--out", "x"], ["report", "no/dir"]):
        res = khasan(*args)
        assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1, res.stderr


def _plan(runs: int) -> ex.Prepared:
    return ex.prepare(ex.Plan(str(TEACHING), runs, 7, {"soviet": "ai", "japan": "ai"},
                              ex.make_variants(["clear_weather"], [])))


def test_resume_after_ctrl_c_gives_the_uninterrupted_outputs(tmp_path):
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    p = _plan(10)
    ex.write_outputs(ex.run_experiment(p, whole, Inline(ex.run_batch)), p)

    def stop_after_8(done: int, total: int) -> None:
        if done >= 8:
            raise KeyboardInterrupt

    first = ex.run_experiment(p, cut, Inline(ex.run_batch), progress=stop_after_8)
    ex.write_outputs(first, p)
    assert first.interrupted and json.loads((cut / "summary.json").read_text())["complete"] is False
    played: list[int] = []
    second = ex.run_experiment(p, cut, Inline(ex.run_batch), progress=lambda d, t: played.append(d), resume=True)
    ex.write_outputs(second, p)
    assert played[0] > 8 and played[-1] == 20  # only the missing batches were played
    for name in ("summary.json", "runs.csv"):
        assert (cut / name).read_bytes() == (whole / name).read_bytes(), name
    assert not _work(cut).exists() and not _work(whole).exists()


def test_report_refuses_an_incomplete_or_stale_summary(tmp_path):
    p = _plan(4)
    ex.write_outputs(ex.run_experiment(p, tmp_path, Inline(ex.run_batch)), p)
    assert khasan("report", str(tmp_path)).returncode == 0
    with open(tmp_path / "runs.csv", "a") as fh:
        fh.write("baseline,99,1,ok\n")
    res = khasan("report", str(tmp_path))
    assert res.returncode == 2 and "stale summary" in res.stderr and len(res.stderr.splitlines()) == 1
    s = json.loads((tmp_path / "summary.json").read_text())
    s["complete"] = False
    (tmp_path / "summary.json").write_text(json.dumps(s))
    res = khasan("report", str(tmp_path))
    assert res.returncode == 2 and "incomplete" in res.stderr and len(res.stderr.splitlines()) == 1


def test_resume_without_an_interrupted_experiment_exits_2(tmp_path):
    res = khasan("experiment", str(TEACHING), "--runs", "2", "--out", str(tmp_path / "o"), "--resume")
    assert res.returncode == 2 and "no interrupted experiment" in res.stderr, res.stderr


def test_jobs_are_capped_at_the_cores_unless_forced():
    p = _plan(50)
    cores = os.cpu_count() or 1
    capped = ex.make_backend(p, cores + 3, None)
    forced = ex.make_backend(p, cores + 1, None, force_jobs=True)
    try:
        assert capped.jobs == cores and forced.jobs == cores + 1
    finally:
        capped.close()
        forced.close()


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads worker processes from /proc (Linux)")
def test_workers_end_when_the_experiment_is_killed_and_resume_finishes_it(tmp_path):
    out = tmp_path / "o"
    args = ["experiment", str(TEACHING), "--runs", "16", "--seed", "7", "--jobs", "2", "--out", str(out)]
    proc = subprocess.Popen([sys.executable, "-m", "game", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(_lines(_work(out) / "batches.jsonl")) < 1:
        time.sleep(0.05)
    workers = _children(proc.pid)
    proc.kill()
    proc.wait()
    deadline = time.time() + 20
    while time.time() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert workers and not any(_alive(w) for w in workers)
    assert not (out / "summary.json").exists()
    experiment(out, "--jobs", "1", "--resume", runs=16)
    experiment(tmp_path / "whole", "--jobs", "1", runs=16)
    for name in ("summary.json", "runs.csv"):
        assert (out / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
