"""A fixed reference workload, and timings expressed as ratios to it.

Wall-clock seconds depend on the machine and on whatever else it is running; a ratio to a fixed
pure-Python workload run just before each measurement (interleaved) travels between machines
and partly cancels out a busy machine. The workload (integer arithmetic in a plain loop, about
0.2 s on an idle 2-core 2020s server with CPython 3.11) never changes; if it is edited, every
ratio quoted in the README is void.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_STEPS = 2_000_000


def reference_workload() -> int:
    """The fixed workload: sum of i*i mod 7 over REFERENCE_STEPS integers."""
    total = 0
    for i in range(REFERENCE_STEPS):
        total += (i * i) % 7
    return total


def time_reference() -> float:
    t0 = time.perf_counter()
    reference_workload()
    return time.perf_counter() - t0


@dataclass(frozen=True, slots=True)
class Ratios:
    """Per run: the measured seconds and the reference seconds taken just before it."""

    name: str
    seconds: tuple[float, ...]
    reference: tuple[float, ...]

    @property
    def ratios(self) -> list[float]:
        return [s / r for s, r in zip(self.seconds, self.reference, strict=True)]

    def line(self, target: float | None = None) -> str:
        r = self.ratios
        ok = target is not None and statistics.median(r) <= target
        verdict = "" if target is None else f"  target <= {target:g}x: {'met' if ok else 'NOT met'}"
        return (f"{self.name:<34} ratio median {statistics.median(r):5.2f}x  range {min(r):.2f}-{max(r):.2f}x"
                f"  ({len(r)} runs; {statistics.median(self.seconds):.2f} s, reference "
                f"{statistics.median(self.reference):.2f} s){verdict}")


def measure(name: str, fn: Callable[[], float | None], runs: int = 5) -> Ratios:
    """Run the reference and then `fn` `runs` times, alternating; `fn` may return its own figure in
    seconds (e.g. per run of an experiment), else its wall time is used."""
    secs, refs = [], []
    for _ in range(runs):
        refs.append(time_reference())
        t0 = time.perf_counter()
        got = fn()
        secs.append(got if got is not None else time.perf_counter() - t0)
    return Ratios(name, tuple(secs), tuple(refs))


def process(args: Sequence[str], env: dict[str, str] | None = None) -> Callable[[], None]:
    """A whole `python -m game ...` process as a measurable function (it must exit 0)."""
    def run() -> None:
        res = subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True,
                             env=env)
        if res.returncode != 0:
            raise SystemExit(f"khasan {' '.join(args)} failed ({res.returncode}): {res.stderr.strip()[-500:]}")
    return run


if __name__ == "__main__":
    for _ in range(5):
        print(f"reference workload: {time_reference():.3f} s")
