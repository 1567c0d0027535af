"""The player's settings, remembered between runs in a small JSON file.

The file is `$XDG_CONFIG_HOME/khasan/settings.json` (else `~/.config/khasan/settings.json`). It
is written atomically (a temporary file in the same folder, then a rename), so a crash never
leaves half a file. A file that cannot be read or parsed is ignored with a one-line notice and
the defaults are used; values out of range are brought into range; unknown keys are ignored.
No pygame here: the settings screen lives in screens.py.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

# name -> (label, choices) for the settings screen; the first choice is not the default
CHOICES: dict[str, tuple[str, tuple[Any, ...]]] = {
    "ui_scale": ("UI scale", (0.75, 0.9, 1.0, 1.15, 1.3, 1.5)),
    "counter_size": ("Counter size", (0.8, 1.0, 1.2, 1.4)),
    "animation_speed": ("Animation speed", (0.5, 1.0, 1.5, 2.0, 3.0)),
    "fog_shading": ("Fog shading (hexes you cannot see)", (True, False)),
    "sound_volume": ("Sound volume", (0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100)),
    "high_contrast": ("High contrast colours", (False, True)),
}


@dataclass(slots=True)
class Settings:
    ui_scale: float = 1.0
    counter_size: float = 1.0
    animation_speed: float = 1.0
    fog_shading: bool = True
    sound_volume: int = 60
    high_contrast: bool = False

    def label(self, name: str) -> str:
        v = getattr(self, name)
        if isinstance(v, bool):
            return "on" if v else "off"
        if name == "sound_volume":
            return "off" if v == 0 else f"{v}%"
        return f"x{v:g}"

    def step(self, name: str, direction: int) -> None:
        """Move a setting to the next (or previous) of its choices, wrapping for on/off."""
        choices = CHOICES[name][1]
        cur = getattr(self, name)
        k = min(range(len(choices)), key=lambda i: abs(float(choices[i]) - float(cur)))
        if isinstance(cur, bool):
            setattr(self, name, not cur)
            return
        setattr(self, name, choices[max(0, min(len(choices) - 1, k + direction))])


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "khasan" / "settings.json"


def _coerce(name: str, value: Any, default: Any) -> Any:
    if isinstance(default, bool):
        return value if isinstance(value, bool) else default
    if not isinstance(value, int | float) or isinstance(value, bool):
        return default
    choices = CHOICES[name][1]
    lo, hi = min(choices), max(choices)
    v = max(lo, min(hi, value))
    return round(v) if isinstance(default, int) else float(v)


def load_settings(path: Path | None = None) -> tuple[Settings, str]:
    """The saved settings (defaults if there is no file) and a notice ("" when all is well)."""
    p = path or config_path()
    out = Settings()
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        return out, ""
    except OSError as exc:
        return out, f"{p}: cannot read ({exc.strerror or exc}); using default settings"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return out, f"{p}: not valid JSON ({exc.msg}, line {exc.lineno}); using default settings"
    except ValueError:
        return out, f"{p}: not valid JSON; using default settings"
    if not isinstance(data, dict):
        return out, f"{p}: expected a JSON object; using default settings"
    for f in fields(Settings):
        if f.name in data:
            setattr(out, f.name, _coerce(f.name, data[f.name], getattr(out, f.name)))
    return out, ""


def save_settings(s: Settings, path: Path | None = None) -> Path:
    """Write atomically: a temporary file next to the target, then rename over it."""
    p = path or config_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(asdict(s), f, indent=2, sort_keys=True)
            f.write("\n")
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p
