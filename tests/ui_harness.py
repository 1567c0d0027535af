"""Driving the game window in tests: a headless window, synthetic mouse and key events, and
waiting for the computer's phase. The `scen` and `app` fixtures live in conftest.py."""

from __future__ import annotations

import time
from pathlib import Path

import pygame

from game.ui.app import App
from game.ui.game_scene import GameScene
from game.ui.session import Session, controllers_for

ROOT = Path(__file__).resolve().parent.parent
TEACHING = ROOT / "scenarios" / "teaching.yaml"


def new_app(size: tuple[int, int] = (1280, 720)) -> App:
    """A window that draws frames as fast as it can (no frame clock)."""
    app = App(size)
    app.cap_fps = False
    return app


def close_app(app: App) -> None:
    if app.scene is not None:
        app.scene.close()
    pygame.display.quit()


def make_scene(app: App, scen, side: str = "soviet", opponent: str = "ai") -> GameScene:
    """A new game on screen at the fastest computer speed, its thinking done in the frame loop."""
    scene = GameScene(app, Session(scen, 3, controllers_for(side, opponent)))
    scene.speed_i = len(scene.speeds) - 1
    scene.skip_ai = True
    app.set_scene(scene)
    return scene


def pump(app: App, frames: int = 1) -> None:
    for _ in range(frames):
        app.frame()


def wait_for_human(app: App, scene: GameScene, timeout: float = 20.0) -> None:
    t0 = time.perf_counter()
    while not scene.session.human_turn():
        assert time.perf_counter() - t0 < timeout, "the computer never finished its phase"
        pump(app)
        time.sleep(0.002)


def click(app: App, pos: tuple[float, float], button: int = 1) -> None:
    p = (round(pos[0]), round(pos[1]))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=p, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=p, button=button))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=p, button=button))
    pump(app)


def hover(app: App, pos: tuple[float, float]) -> None:
    p = (round(pos[0]), round(pos[1]))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=p, rel=(0, 0), buttons=(0, 0, 0)))
    pump(app)


def key(app: App, k: int, mod: int = 0, unicode: str = "") -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0))
    pump(app)


def place(st, uid: str, h) -> None:
    """Test set-up: put a unit somewhere (not a game action)."""
    st.move_unit(st.units[uid], st.scenario.map.index[h])
