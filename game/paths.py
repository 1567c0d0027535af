"""Where the shipped scenarios and assets are, for a source checkout and an installed package."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`scenarios` or `assets`: inside the package when installed, else beside the package."""
    for cand in (_HERE / "data" / name, _HERE.parent / name):
        if cand.is_dir():
            return cand
    return _HERE.parent / name


def scenarios_dir() -> Path:
    return data_dir("scenarios")


def assets_dir() -> Path:
    return data_dir("assets")


def default_scenario() -> Path:
    return scenarios_dir() / "khasan_1938.yaml"


def resolve_scenario(text: str) -> Path:
    """A path as given, or a shipped scenario's name (`khasan_1938` or `khasan_1938.yaml`)."""
    p = Path(text)
    if p.exists():
        return p
    name = text if text.endswith(".yaml") else text + ".yaml"
    shipped = scenarios_dir() / name
    return shipped if shipped.exists() else p
