"""Lake Khasan 1938: a headless hex wargame engine with an optional pygame-ce window.

The scripting API (see docs/api.md) is loaded on first use, so `import game` stays cheap:
`game.load(scenario, seed=0, whatifs=(), sets=None) -> game.Game`, `game.IllegalOrder`, and the
order types (`game.Move`, `game.Fire`, `game.Assault`, `game.Bombard`, `game.AirStrike`,
`game.Entrench`, `game.Hold`, `game.EndPhase`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.core.hexgrid import Hex

if TYPE_CHECKING:  # what type checkers see; at run time these load on first use (__getattr__)
    from game.api import Game, UnitView, View, load
    from game.core.errors import IllegalOrder
    from game.core.orders import AirStrike, Assault, Bombard, EndPhase, Entrench, Fire, Hold, Move

__version__ = "0.1.0"
ENGINE_VERSION = __version__

_API = {"load": "game.api", "Game": "game.api", "View": "game.api", "UnitView": "game.api",
        "IllegalOrder": "game.core.errors", "Move": "game.core.orders", "Fire": "game.core.orders",
        "Assault": "game.core.orders", "Bombard": "game.core.orders", "AirStrike": "game.core.orders",
        "Entrench": "game.core.orders", "Hold": "game.core.orders", "EndPhase": "game.core.orders"}

__all__ = [
    "ENGINE_VERSION", "AirStrike", "Assault", "Bombard", "EndPhase", "Entrench", "Fire", "Game", "Hex", "Hold",
    "IllegalOrder", "Move", "UnitView", "View", "__version__", "load",
]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'game' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
