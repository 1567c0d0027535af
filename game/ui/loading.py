"""Loading a saved game with a progress bar: the record's orders are re-applied a slice at a time
between frames, so the window keeps drawing and shows how far it has got.

`replay_with_progress` is the only place that knows how a record is re-applied; it is a thin
adapter over the session's own loader (game.ui.session.game_from_record re-applies the same orders
the same way). When the engine offers one replay function with a progress callback, point this
generator at it and nothing else changes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.core.errors import IllegalOrder, KhasanError, RecordError
from game.core.units import SIDES
from game.engine.game import Game
from game.engine.record import Record, read_record, scenario_for
from game.engine.scenario import Scenario
from game.ui.messages import LogLine
from game.ui.scene import Scene
from game.ui.session import HUMAN, Session
from game.ui.widgets import bar

if TYPE_CHECKING:
    from game.ui.app import App


def replay_with_progress(rec: Record, scen: Scenario, upto: int | None = None) -> Iterator[tuple[int, int, Game]]:
    """Re-apply a record's orders one by one, yielding (done, total, game) after each (and once at
    the start). The last game yielded is the loaded game."""
    orders = rec.orders[:upto]
    game = Game(scen, int(rec.header["seed"]), hashing=True, undo=True)
    game.undo_enabled = False  # re-applying needs no undo checkpoints (twice as fast)
    yield 0, len(orders), game
    for i, order in enumerate(orders):
        try:
            game.apply(order)
        except IllegalOrder as exc:
            raise RecordError([f"{rec.path}: step {i + 1}: illegal order: {exc.problems[0]}"]) from None
        yield i + 1, len(orders), game
    game.undo_enabled = True


def session_for(rec: Record, scen: Scenario, game: Game, path: Path) -> Session:
    """The session of a loaded record, as load_session builds it."""
    from game.ai.players import PLAYER_NAMES

    ctl = {s: str(rec.header["players"].get(s, HUMAN)) for s in SIDES}
    for s in SIDES:
        if ctl[s] != HUMAN and ctl[s] not in PLAYER_NAMES:
            ctl[s] = "ai"
    if all(ctl[s] != HUMAN for s in SIDES):
        ctl["soviet"] = HUMAN
    sess = Session(scen, int(rec.header["seed"]), ctl, game=game, parent=rec.header.get("parent"), save_path=path)
    sess.log.append(LogLine(f"Loaded {path.name}: {len(game.steps)} orders replayed", "", game.state.turn, True))
    sess._log_events([e for step in game.steps[-40:] for e in step.events])  # the latest news
    return sess


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
        self._game.undo_enabled = True
        sess = session_for(self.rec, self.scen, self._game, self.path)
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
