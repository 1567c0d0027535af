"""Loading a saved game with a progress bar: the record's orders are re-applied a slice at a time
between frames, so the window keeps drawing and shows how far it has got.

The replay is the engine's (`game.engine.replay.Replay`), advanced a slice at a time and checked
against the record step by step, as `khasan replay --verify` and `khasan play --load` check it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.core.errors import KhasanError
from game.engine.game import Game
from game.engine.record import Record, read_record, scenario_for
from game.engine.replay import Replay
from game.engine.scenario import Scenario
from game.ui.scene import Scene
from game.ui.session import session_from_record
from game.ui.widgets import bar

if TYPE_CHECKING:
    from game.ui.app import App


def replay_with_progress(rec: Record, scen: Scenario, upto: int | None = None,
                         chunk: int = 16) -> Iterator[tuple[int, int, Game]]:
    """Re-apply a record's orders `chunk` at a time through the engine's replay, verifying each
    step, yielding (done, total, game) after each slice (and once at the start). The last game
    yielded is the loaded game, with undo on."""
    replay = Replay(rec, scen)
    end = replay.total if upto is None else max(0, min(upto, replay.total))
    game = replay.new_game(undo=False)
    yield 0, end, game
    while len(game.steps) < end:
        replay.advance(game, min(end, len(game.steps) + chunk), check=True)
        yield len(game.steps), end, game
    game.undo_enabled = True


class LoadingScene(Scene):
    """Re-applies a saved game a slice per frame under a progress bar, then opens the game."""

    SLICE_S = 0.04  # work per frame: about 20 frames a second while loading

    def __init__(self, app: App, path: Path, rec: Record | None = None, scen: Scenario | None = None,
                 on_error: Scene | None = None) -> None:
        super().__init__(app)
        self.path = Path(path)
        self.on_error = on_error
        self.done = 0
        self.total = len(rec.orders) if rec is not None else 0
        self.error = ""
        self.rec = rec
        self.scen = scen
        self._steps: Iterator[tuple[int, int, Game]] | None = None
        self._game: Game | None = None

    @staticmethod
    def open(app: App, path: Path, on_error: Scene | None = None) -> LoadingScene:
        """Read the record and its scenario now (fast; a bad file raises KhasanError here, so the
        caller can say so where the player is), and replay it frame by frame."""
        rec = read_record(path)
        return LoadingScene(app, path, rec, scenario_for(rec), on_error)

    def _start(self) -> None:
        if self.rec is None or self.scen is None:
            self.rec = read_record(self.path)
            self.scen = scenario_for(self.rec)
        self._steps = replay_with_progress(self.rec, self.scen)

    def update(self, dt: float) -> None:
        if self.error:
            return
        try:
            if self._steps is None:
                self._start()
                return  # draw the bar once before the first slice
            assert self._steps is not None
            t0 = time.perf_counter()
            for done, total, game in self._steps:
                self.done, self.total, self._game = done, total, game
                if time.perf_counter() - t0 > self.SLICE_S:
                    return
            self._finish()
        except KhasanError as exc:
            self.error = exc.problems[0] if exc.problems else f"cannot load {self.path.name}"

    def _finish(self) -> None:
        from game.ui.game_scene import GameScene

        assert self.rec is not None and self.scen is not None and self._game is not None
        sess = session_from_record(self.rec, self.scen, self._game, self.path)
        self.app.set_scene(GameScene(self.app, sess))

    def handle(self, e: pygame.event.Event) -> None:
        if self.error and (e.type == pygame.KEYDOWN or (e.type == pygame.MOUSEBUTTONUP and e.button == 1)):
            if self.on_error is not None:
                self.app.set_scene(self.on_error)
            else:
                self.app.to_start()

    def draw(self, surf: pygame.Surface) -> None:
        th = self.app.theme
        w, h = surf.get_size()
        surf.fill(th.colour("background"))
        s = th.ui_scale
        t = th.text(f"Loading {self.path.name}", "large", "text", "bold")
        surf.blit(t, ((w - t.get_width()) // 2, h // 2 - round(60 * s)))
        if self.error:
            for k, line in enumerate(th.wrap(self.error + "  (any key: back)", w - 80, "normal")):
                m = th.text(line, "normal", "text_warn")
                surf.blit(m, ((w - m.get_width()) // 2, h // 2 + k * m.get_height()))
            return
        frac = self.done / self.total if self.total else 0.0
        r = pygame.Rect(0, 0, min(w - 80, round(600 * s)), max(10, round(14 * s)))
        r.center = (w // 2, h // 2)
        bar(surf, r, frac, th.colour("button_active"), th.colour("button"))
        what = f"replaying {self.done} of {self.total} orders ({100 * frac:.0f}%)" if self.total else "reading ..."
        m = th.text(what, "small", "text_dim")
        surf.blit(m, ((w - m.get_width()) // 2, r.bottom + round(10 * s)))

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0
