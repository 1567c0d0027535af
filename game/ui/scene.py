"""The scene protocol shared by the start screen, the game, the replay viewer, and modal overlays."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

if TYPE_CHECKING:
    from game.ui.app import App


class Scene:
    """A full-window mode. The app forwards events, then updates and draws the current scene."""

    def __init__(self, app: App) -> None:
        self.app = app

    def handle(self, e: pygame.event.Event) -> None:  # pragma: no cover - overridden
        pass

    def update(self, dt: float) -> None:
        pass

    def draw(self, surf: pygame.Surface) -> None:  # pragma: no cover - overridden
        pass

    def resize(self, w: int, h: int) -> None:
        pass

    def close(self) -> None:
        pass

    def settings_changed(self) -> None:
        """The player changed a setting (app.settings); redraw what depends on it."""


class Modal:
    """A dialog drawn over a scene; `handle` returns an action name for its owner, or None."""

    blocks_map = False  # True: the scene must not show the map behind (hot-seat hand-over)

    def handle(self, e: pygame.event.Event) -> str | None:  # pragma: no cover - overridden
        return None

    def draw(self, surf: pygame.Surface) -> None:  # pragma: no cover - overridden
        pass

    def update(self, dt: float) -> None:
        pass

    result: Any = None


class Notice(Modal):
    """A modal to read and dismiss: any key or a left click closes it."""

    def handle(self, e: pygame.event.Event) -> str | None:
        if e.type == pygame.KEYDOWN or (e.type == pygame.MOUSEBUTTONUP and e.button == 1):
            return "close"
        return None
