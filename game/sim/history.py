"""The documented figures an experiment holds its simulated distributions against.

Read from the scenario's `calibration:` block (see scenarios/common/calibration_1938.yaml): each
loss figure as `{low, high, source}` (figures are `<side>_killed`, `_wounded`, `_missing`,
`_killed_missing` for each of the scenario's sides), and `control_by_day: {DATE: {OBJECTIVE:
holder, source}}`; or from a top-level `history:` mapping of the same shape (an older spelling).
A scenario with neither has no documented figures. Holders read a side key or `contested`;
`a|b` accepts either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.engine.sides import side_keys_of

LOSS_KINDS: tuple[str, ...] = ("killed", "wounded", "missing")
NONE = "none: the scenario has no `calibration:` block with losses or control_by_day"


def side_fields(sides: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(side, killed|wounded|missing) in the order of a run's `losses` mapping."""
    return tuple((side, what) for side in sides for what in LOSS_KINDS)


def figures(sides: tuple[str, ...]) -> tuple[str, ...]:
    """The loss figures an experiment summarises, per side: killed, wounded, missing, killed+missing."""
    return tuple(name for side in sides
                 for name in (f"{side}_killed", f"{side}_wounded", f"{side}_missing", f"{side}_killed_missing"))


@dataclass(frozen=True, slots=True)
class Documented:
    """Documented loss values per figure and holders per day, with where they came from."""

    origin: str
    losses: dict[str, tuple[tuple[int, str], ...]]
    control_by_day: dict[str, dict[str, str]]  # date -> objective -> "a|b" (plus "source")

    def as_json(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "losses": {k: [{"value": v, "source": s} for v, s in vals] for k, vals in sorted(self.losses.items())},
            "control_by_day": {d: dict(sorted(c.items())) for d, c in sorted(self.control_by_day.items())},
        }


def documented(data: dict[str, Any]) -> Documented:
    """The documented figures for a scenario's raw data (see the module docstring)."""
    names = figures(side_keys_of(data))
    for key in ("calibration", "history"):
        block = data.get(key)
        if isinstance(block, dict) and (block.get("losses") or block.get("control_by_day")):
            return Documented(f"scenario `{key}:` block", _losses_from(block.get("losses"), names),
                              _control_from(block.get("control_by_day")))
    return Documented(NONE, {}, {})


def _losses_from(block: Any, names: tuple[str, ...]) -> dict[str, tuple[tuple[int, str], ...]]:
    out: dict[str, tuple[tuple[int, str], ...]] = {}
    if not isinstance(block, dict):
        return out
    for name, d in block.items():
        if name not in names or not isinstance(d, dict):
            continue
        src = str(d.get("source", ""))
        try:
            values = sorted({int(d[k]) for k in ("low", "high", "value") if k in d})
        except (TypeError, ValueError):
            continue
        if values:
            out[name] = tuple((v, src) for v in values)
    return out


def _control_from(block: Any) -> dict[str, dict[str, str]]:
    if not isinstance(block, dict):
        return {}
    return {str(day): {str(k): str(v) for k, v in c.items()} for day, c in block.items() if isinstance(c, dict)}


def matches(documented_holder: str, holder: str) -> bool:
    """Whether a simulated holder agrees with a documented one (`a|b` accepts either)."""
    return holder in [h.strip() for h in documented_holder.split("|")]
