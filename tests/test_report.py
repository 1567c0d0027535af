"""`khasan report DIR`: one self-contained HTML page with plots, tables, differences and sources."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, TEACHING


def khasan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True)


def test_report_html_embeds_the_plots_and_has_the_tables(tmp_path):
    out = khasan("experiment", str(TEACHING), "--runs", "4", "--jobs", "1", "--whatif", "no_soviet_aviation",
                 "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "losses.png").stat().st_size > 1000 and (tmp_path / "control.png").is_file()
    res = khasan("report", str(tmp_path))
    assert res.returncode == 0, res.stderr
    page = (tmp_path / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 2 and "src=\"losses.png\"" not in page
    for text in ("<table", "What-if differences from the baseline", "no_soviet_aviation", "Documented figures",
                 "Objective control", "Equipment losses", "Soviet tanks destroyed", "Sources", "invented for teaching",
                 "Failed runs"):
        assert text in page, text
    assert page.rstrip().endswith("</html>")


def test_report_of_a_folder_without_summary_exits_2(tmp_path):
    res = khasan("report", str(tmp_path))
    assert res.returncode == 2 and "no summary.json" in res.stderr
