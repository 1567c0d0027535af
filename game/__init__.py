"""Lake Khasan 1938: a headless hex wargame engine with an optional pygame-ce window."""

from game.core.hexgrid import Hex

__version__ = "0.1.0"
ENGINE_VERSION = __version__

__all__ = ["ENGINE_VERSION", "Hex", "__version__"]
