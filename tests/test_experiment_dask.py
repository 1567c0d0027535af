"""`khasan experiment --scheduler`: a dask cluster on 127.0.0.1 gives the same summary as local workers."""

from __future__ import annotations

import subprocess
import sys

import distributed  # in the test extra, so CI runs this test rather than skipping it
from conftest import ROOT, TEACHING


def experiment(out, *where: str) -> None:
    res = subprocess.run([sys.executable, "-m", "game", "experiment", str(TEACHING), "--runs", "6", "--seed", "11",
                          "--whatif", "no_soviet_aviation", "--out", str(out), *where],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_dask_cluster_gives_the_same_summary_as_local_workers(tmp_path):
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        experiment(tmp_path / "dask", "--scheduler", cluster.scheduler_address)
    experiment(tmp_path / "local", "--jobs", "2")
    assert (tmp_path / "dask" / "summary.json").read_bytes() == (tmp_path / "local" / "summary.json").read_bytes()
    assert (tmp_path / "dask" / "runs.csv").read_bytes() == (tmp_path / "local" / "runs.csv").read_bytes()
    assert '"backend": "dask"' in (tmp_path / "dask" / "timing.json").read_text()
