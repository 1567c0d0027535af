"""The documented figures an experiment holds its simulated distributions against.

Looked up tolerantly, first match wins:
1. the scenario's `calibration:` block (see scenarios/common/calibration_1938.yaml): each loss
   figure as `{low, high, source}`, and `control_by_day: {DATE: {OBJECTIVE: holder, source}}`;
2. a top-level `history:` mapping of the same shape (an older spelling);
3. the built-in table below, taken from /work/shared/history/khasan-1938.md sections 4 and 5
   (source tag S1 in the brief is seed document 001).

Holders read `soviet`, `japan` or `contested`; `a|b` accepts either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Loss figures an experiment summarises, and how each is computed from a run's `losses` mapping
# ({side: {killed, wounded, missing}}).
SIDE_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (side, what) for side in ("soviet", "japan") for what in ("killed", "wounded", "missing"))
FIGURES: tuple[str, ...] = tuple(
    name for side in ("soviet", "japan")
    for name in (f"{side}_killed", f"{side}_wounded", f"{side}_missing", f"{side}_killed_missing"))

# Built-in documented losses: figure -> ((value, source), ...). Keys in scenarios/common/sources.yaml.
LOSSES: dict[str, tuple[tuple[int, str], ...]] = {
    "soviet_killed_missing": (
        (792, "792 killed and missing (717 killed + 75 missing): official figures of 1993 (Shishov)"),
        (960, "960 killed and missing: Krivosheev (759 KIA, 100 died in hospital, 6 non-combat, 95 missing) "
              "(Krivosheev, via S1)"),
    ),
    "soviet_wounded": (
        (2752, "2,752 wounded: Krivosheev (S1); 3,279 wounded and sick in the 1993 figures (Shishov)"),
    ),
    "japan_killed": (
        (525, "525-526 killed: Japanese official (S1)"),
        (650, "about 650 killed: Soviet estimate (S1)"),
    ),
    "japan_wounded": (
        (914, "914 (913) wounded: Japanese official (S1)"),
        (2500, "about 2,500 wounded: Soviet estimate (S1)"),
    ),
}

# Built-in documented hill control at the end of each day. Brief section 4 ("hills at day's end").
_S4 = "brief §4 (S1)"
CONTROL_BY_DAY: dict[str, dict[str, str]] = {
    "1938-07-29": {"Zaozernaya": "soviet", "Bezymyannaya": "soviet", "source": f"{_S4}: taken at dawn, retaken"},
    "1938-07-30": {"Zaozernaya": "soviet", "Bezymyannaya": "soviet", "source": f"{_S4}: attack repelled"},
    "1938-07-31": {"Zaozernaya": "japan", "Bezymyannaya": "japan", "source": f"{_S4}: both hills taken"},
    "1938-08-01": {"Zaozernaya": "japan", "Bezymyannaya": "japan", "source": _S4},
    "1938-08-02": {"Zaozernaya": "japan", "Bezymyannaya": "japan", "source": f"{_S4}: slopes, not crests"},
    "1938-08-03": {"Zaozernaya": "japan", "Bezymyannaya": "japan", "source": _S4},
    "1938-08-04": {"Zaozernaya": "japan", "Bezymyannaya": "japan", "source": _S4},
    "1938-08-05": {"Zaozernaya": "japan", "Bezymyannaya": "japan", "source": _S4},
    "1938-08-06": {"Zaozernaya": "contested|japan", "Bezymyannaya": "contested|japan",
                   "source": f"{_S4}: attack from 17:00"},
    "1938-08-07": {"Zaozernaya": "contested", "Bezymyannaya": "contested", "source": f"{_S4}: fighting on the heights"},
    "1938-08-08": {"Zaozernaya": "soviet|contested", "Bezymyannaya": "contested|soviet",
                   "source": f"{_S4}: Zaozernaya taken (disputed)"},
    "1938-08-09": {"Zaozernaya": "soviet|contested", "Bezymyannaya": "soviet|contested",
                   "source": f"{_S4}; brief §7: Japanese accounts keep part of the crests"},
    "1938-08-10": {"Zaozernaya": "soviet|contested", "Bezymyannaya": "soviet|contested",
                   "source": f"{_S4}: positions at 24:00; brief §7: Japanese accounts keep part of the crests"},
}

BUILT_IN = "built-in Lake Khasan 1938 figures (game/sim/history.py, from the brief §4-5)"


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
    """The documented figures for a scenario's raw data (see the module docstring for the order)."""
    for key in ("calibration", "history"):
        block = data.get(key)
        if isinstance(block, dict) and (block.get("losses") or block.get("control_by_day")):
            return Documented(f"scenario `{key}:` block", _losses_from(block.get("losses")),
                              _control_from(block.get("control_by_day")))
    return Documented(BUILT_IN, dict(LOSSES), {d: dict(c) for d, c in CONTROL_BY_DAY.items()})


def _losses_from(block: Any) -> dict[str, tuple[tuple[int, str], ...]]:
    out: dict[str, tuple[tuple[int, str], ...]] = {}
    if not isinstance(block, dict):
        return out
    for name, d in block.items():
        if name not in FIGURES or not isinstance(d, dict):
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
