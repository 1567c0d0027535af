"""The computer thinks off the render path: a worker thread plays the computer's phase on a private
copy of the state and hands each order to the window through a queue.

The copy is a clone of the game (same dice to come), driven through the public API like any
player's game, so applying an order on the copy and later on the real game gives identical
results: the window re-applies the same orders with `Game.apply` (keeping the record and undo
exact) at whatever pace the animation wants, while the worker is already thinking about the
next order. The worker only ever touches its copy and the player object it was given.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass
from typing import Any

from game.api import Game as Facade
from game.core.orders import EndPhase, Order
from game.engine.game import Game
from game.rules.legality import violations
from game.ui.interaction import seen_by


@dataclass(frozen=True, slots=True)
class Thought:
    order: Order | None  # None: the worker stopped (error or cancelled)
    seconds: float
    error: str = ""
    key: tuple[int, int, int] = (-1, -1, -1)  # (turn, phase, version) of the state after the order
    seen: tuple[str, ...] | None = None  # what the watching side has spotted then (None: not asked)


class AIWorker:
    """Computes one side's phase in a background thread."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._queue: queue.Queue[Thought] = queue.Queue()
        self._stop = threading.Event()
        self.key: tuple[int, int] | None = None  # (turn, phase) being computed
        self.thinking = False

    def start(self, player: Any, game: Game, side: str, viewer: str | None = None) -> None:
        """Begin the phase of `side` on a clone of `game` (the caller's game is not touched).

        With a `viewer`, each thought also carries what that side has spotted after the order, so
        the window need not work out sight lines on its own thread.
        """
        self.cancel()
        self._queue = queue.Queue()
        self._stop = threading.Event()
        self.key = (game.state.turn, game.state.phase)
        copy = game.clone()
        copy.undo_enabled = copy.hashing = False  # the copy is never taken back nor recorded
        shadow = Facade(copy)
        self.thinking = True
        self._thread = threading.Thread(target=self._run, args=(player, shadow, side, viewer, self._queue, self._stop),
                                        name="khasan-ai", daemon=True)
        self._thread.start()

    def _run(self, player: Any, shadow: Facade, side: str, viewer: str | None, out: queue.Queue[Thought],
             stop: threading.Event) -> None:
        st = shadow.state
        limit = 10 * len(st.units) + 50
        count = 0
        try:
            while not stop.is_set() and not st.over and st.side == side:
                t0 = time.perf_counter()
                count += 1
                view = shadow.side_view(side)
                order: Order = player.next_order(view) if count < limit else EndPhase()
                if shadow.check(order):
                    if not violations(view, order):
                        continue  # refused for something the side cannot see: ask again
                    order = EndPhase()
                shadow.apply(order)
                secs = time.perf_counter() - t0
                seen = tuple(seen_by(st, viewer)) if viewer else None
                out.put(Thought(order, secs, key=(st.turn, st.phase, st.version), seen=seen))
                if isinstance(order, EndPhase):
                    break
        except Exception as exc:  # a player bug must not take the window down
            out.put(Thought(None, 0.0, f"{type(exc).__name__}: {exc}"))
        finally:
            self.thinking = False

    def poll(self) -> Thought | None:
        try:
            return self._queue.get_nowait()
        except queue.Empty:
            return None

    def pending(self) -> int:
        return self._queue.qsize()

    def cancel(self) -> None:
        self._stop.set()
        t = self._thread
        if t is not None and t.is_alive() and t is not threading.current_thread():
            t.join(timeout=0.3)
        self._thread = None
        self.key = None
        self.thinking = False

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()
