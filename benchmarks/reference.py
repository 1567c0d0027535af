"""A fixed reference workload, and timings expressed as ratios to it.

Wall-clock seconds depend on the machine and on whatever else it is running; a ratio to a fixed
pure-Python workload run just before each measurement (interleaved) travels between machines
and partly cancels out a busy machine. Each figure is reported twice: as a wall-time ratio (the
one the targets are stated in; meaningful on an idle machine) and as a CPU-time ratio (the
process's user+system time over the reference's CPU time), which a machine shared with other
work disturbs much less (on an idle machine a single-threaded process's wall and CPU times agree).
The workload (integer arithmetic in a plain loop: 0.20 s of CPU with CPython 3.11 on the
project's 2-core machine) never changes; if it is edited, every quoted ratio is void.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_STEPS = 4_000_000

Timed = tuple[float, float]  # (wall seconds, CPU seconds)


def reference_workload() -> int:
    """The fixed workload: sum of i*i mod 7 over REFERENCE_STEPS integers."""
    total = 0
    for i in range(REFERENCE_STEPS):
        total += (i * i) % 7
    return total


def time_reference() -> Timed:
    w0, c0 = time.perf_counter(), time.process_time()
    reference_workload()
    return time.perf_counter() - w0, time.process_time() - c0


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


@dataclass(frozen=True, slots=True)
class Ratios:
    """Per measurement: the figure and the reference taken just before it, wall and CPU."""

    name: str
    figure: tuple[Timed, ...]
    reference: tuple[Timed, ...]

    def ratios(self, k: int) -> list[float]:
        return [f[k] / r[k] for f, r in zip(self.figure, self.reference, strict=True)]

    def line(self, target: float | None = None) -> str:
        wall, cpu = self.ratios(0), self.ratios(1)
        ok = target is not None and statistics.median(wall) <= target
        verdict = "" if target is None else f"  target <= {target:g}x (wall): {'met' if ok else 'NOT met'}"
        return (f"{self.name:<12} wall {statistics.median(wall):5.2f}x [{min(wall):.2f}-{max(wall):.2f}]"
                f"  cpu {statistics.median(cpu):5.2f}x [{min(cpu):.2f}-{max(cpu):.2f}]  ({len(wall)} runs; "
                f"median {statistics.median(f[0] for f in self.figure):.2f} s, reference "
                f"{statistics.median(r[0] for r in self.reference):.2f} s){verdict}")


def measure(name: str, fn: Callable[[], Timed], runs: int = 5) -> Ratios:
    """Run the reference and then `fn` `runs` times, alternating."""
    figs, refs = [], []
    for _ in range(runs):
        refs.append(time_reference())
        figs.append(fn())
    return Ratios(name, tuple(figs), tuple(refs))


def process(args: Sequence[str], env: dict[str, str] | None = None, per: int = 1) -> Callable[[], Timed]:
    """A whole `python -m game ...` process (it must exit 0) as a measurable function: its wall
    time and the CPU time of it and its children, each divided by `per` (e.g. runs)."""
    def run() -> Timed:
        c0, w0 = _children_cpu(), time.perf_counter()
        res = subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True,
                             env=env)
        wall, cpu = time.perf_counter() - w0, _children_cpu() - c0
        if res.returncode != 0:
            raise SystemExit(f"khasan {' '.join(args)} failed ({res.returncode}): {res.stderr.strip()[-500:]}")
        return wall / per, cpu / per
    return run


if __name__ == "__main__":
    for _ in range(5):
        w, c = time_reference()
        print(f"reference workload: {w:.3f} s wall, {c:.3f} s CPU")
