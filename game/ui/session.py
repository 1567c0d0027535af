"""A game being played in the window: the Game, who controls each side, the computer's worker,
the message log, saving (the record is the save) and loading (replay the record, then go on).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.ai.players import make_player
from game.core.errors import IllegalOrder
from game.core.events import Event
from game.core.orders import EndPhase, Order
from game.engine.game import Game
from game.engine.record import Record, header_for, read_record, scenario_for, write_record
from game.engine.replay import Progress, load_game
from game.engine.scenario import Scenario
from game.ui.aiworker import AIWorker
from game.ui.interaction import seen_by
from game.ui.messages import LogLine, describe, visible_to

HUMAN = "human"
OTHERS = "*"  # in a controllers mapping: every side not named


def save_dir() -> Path:
    """Where saves go: $KHASAN_SAVE_DIR, else ~/.khasan/saves."""
    env = os.environ.get("KHASAN_SAVE_DIR")
    return Path(env) if env else Path.home() / ".khasan" / "saves"


def controllers_for(side: str, opponent: str) -> dict[str, str]:
    """`--side SIDE|hotseat` and `--opponent SPEC` as side -> human or player name (OTHERS: every
    other side of the scenario; `Session` spells it out)."""
    if side == "hotseat":
        return {OTHERS: HUMAN}
    return {side: HUMAN, OTHERS: opponent}


@dataclass(slots=True)
class Applied:
    """An order just applied, with its events, for the animator and the log."""

    order: Order
    events: list[Event]
    side: str
    by_computer: bool


class Session:
    def __init__(self, scen: Scenario, seed: int, controllers: dict[str, str], game: Game | None = None,
                 parent: dict[str, Any] | None = None, save_path: Path | None = None) -> None:
        self.scen = scen
        self.game = game or Game(scen, seed, hashing=True, undo=True)
        rest = controllers.get(OTHERS, HUMAN)
        self.controllers = {s: controllers.get(s, rest) for s in scen.side_keys}
        self.players = {s: make_player(spec, s, self.game.player_rngs[s])
                        for s, spec in self.controllers.items() if spec != HUMAN}
        self.worker = AIWorker()
        self.log: list[LogLine] = []
        self.parent = parent
        self.save_path = save_path
        self.fog = True
        self.last_error = ""
        self.think_times: list[float] = []
        self._saving: threading.Thread | None = None
        self._seen_pre: tuple[tuple[int, int, int, str], list[str]] | None = None
        self._log_events(self.game.opening_events())

    # --- who is who -----------------------------------------------------------------------------
    @property
    def state(self) -> Any:
        return self.game.state

    def is_human(self, side: str) -> bool:
        return self.controllers.get(side) == HUMAN

    @property
    def hotseat(self) -> bool:
        return all(self.is_human(s) for s in self.scen.side_keys)

    def human_turn(self) -> bool:
        return not self.game.over and self.is_human(self.game.state.side)

    def viewer(self) -> str | None:
        """Whose eyes the map shows (None: everything, when fog is off)."""
        if not self.fog:
            return None
        if self.hotseat:
            return str(self.game.state.side)
        humans = [s for s in self.scen.side_keys if self.is_human(s)]
        return humans[0] if humans else None

    def home_side(self) -> str:
        humans = [s for s in self.scen.side_keys if self.is_human(s)]
        if self.hotseat or not humans:
            return str(self.game.state.side)
        return humans[0]

    def seen(self, side: str) -> list[str]:
        """Enemy units `side` has spotted now (from the computer's worker when it worked it out)."""
        st = self.game.state
        pre = self._seen_pre
        if pre is not None and pre[0] == (st.turn, st.phase, st.version, side):
            return pre[1]
        return seen_by(st, side)

    def can_undo(self) -> bool:
        """Undo only takes back the side to move's own orders of this phase."""
        g = self.game
        if not g.steps or not g.can_undo() or not self.human_turn():
            return False
        last = g.steps[-1]
        return last.side == g.state.side and last.turn == g.state.turn and not isinstance(last.order, EndPhase)

    # --- orders ---------------------------------------------------------------------------------
    def apply(self, order: Order, by_computer: bool = False) -> Applied:
        side = self.game.state.side
        opening = 0 if self.game.steps else len(self.game.opening)  # in the log since the session began
        events = self.game.apply(order)
        self._log_events(events[opening:])
        return Applied(order, events, side, by_computer)

    def try_apply(self, order: Order) -> Applied | None:
        try:
            return self.apply(order)
        except IllegalOrder as exc:
            self.last_error = exc.problems[0] if exc.problems else "illegal order"
            return None

    def undo(self) -> Order | None:
        if not self.can_undo():
            return None
        order = self.game.undo()
        if order is not None:
            self.log.append(LogLine("(order taken back)", "", self.game.state.turn))
        return order

    def _log_events(self, events: list[Event]) -> None:
        st = self.game.state
        viewer = self.viewer()
        seen = set(self.seen(viewer)) if viewer else set()
        for e in events:
            if not visible_to(e, viewer, seen, st):
                continue
            line = describe(st, e)
            if line is not None:
                self.log.append(line)
        if len(self.log) > 2000:
            del self.log[:500]

    # --- the computer ---------------------------------------------------------------------------
    def computer_to_move(self) -> bool:
        return not self.game.over and not self.is_human(self.game.state.side)

    def ensure_worker(self) -> None:
        """Start thinking about the computer's phase if it is due and not yet started."""
        st = self.game.state
        if not self.computer_to_move():
            return
        key = (st.turn, st.phase)
        if self.worker.key != key:
            self.worker.start(self.players[st.side], self.game, st.side, self.viewer())

    def next_computer_order(self) -> Applied | None:
        """Apply the next order the worker has ready, if any."""
        if not self.computer_to_move():
            return None
        self.ensure_worker()
        th = self.worker.poll()
        if th is None:
            return None
        if th.order is None:
            self.last_error = f"computer player failed ({th.error}); ending its phase"
            self.worker.key = None
            return self.apply(EndPhase(), by_computer=True)
        self.think_times.append(th.seconds)
        viewer = self.viewer()
        if th.seen is not None and viewer is not None:
            self._seen_pre = ((*th.key, viewer), list(th.seen))
        # the computer's orders are never undone, so the engine need not check them for undo
        # (that check works out sight lines twice per order on this, the drawing, thread)
        self.game.undo_enabled = False
        try:
            return self.apply(th.order, by_computer=True)
        except IllegalOrder as exc:  # should not happen: the worker checked on an identical copy
            self.last_error = f"computer order refused: {exc.problems[0]}"
            self.worker.cancel()
            return self.apply(EndPhase(), by_computer=True)
        finally:
            self.game.undo_enabled = True

    def stop(self) -> None:
        self.worker.cancel()
        if self._saving is not None:
            self._saving.join(timeout=5.0)

    # --- saving and loading ---------------------------------------------------------------------
    def header(self) -> Any:
        return header_for(self.game, self.controllers, parent=self.parent)

    def default_save_path(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        return save_dir() / f"{self.scen.id}-{stamp}.jsonl"

    def save(self, path: Path | None = None) -> Path:
        """Write the record atomically (the record is the save)."""
        p = Path(path or self.save_path or self.default_save_path())
        p.parent.mkdir(parents=True, exist_ok=True)
        write_record(p, self.header(), self.game)
        self.save_path = p
        return p

    def autosave(self) -> None:
        """Save in the background to autosave-<scenario>.jsonl (never blocks a frame)."""
        if self._saving is not None and self._saving.is_alive():
            return
        p = save_dir() / f"autosave-{self.scen.id}.jsonl"
        header = self.header()
        snapshot = list(self.game.steps)
        finished = self.game.over

        def run() -> None:
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
                write_record(p, header, snapshot, finished=finished)
            except OSError:
                pass

        self._saving = threading.Thread(target=run, name="khasan-autosave", daemon=True)
        self._saving.start()


def load_session(path: str | Path, scenario_path: str | None = None, upto: int | None = None,
                 controllers: dict[str, str] | None = None, parent: dict[str, Any] | None = None,
                 keep_path: bool = True, progress: Progress | None = None) -> Session:
    """Read a record, re-apply its orders (the first `upto`), verifying each step as
    `khasan replay --verify` does (`progress(done, total)` after each), and continue from there."""
    rec = read_record(path)
    scen = scenario_for(rec, scenario_path)
    game = load_game(rec, scen, upto, progress)
    return session_from_record(rec, scen, game, Path(path), controllers, parent, keep_path)


def session_from_record(rec: Record, scen: Scenario, game: Game, path: Path,
                        controllers: dict[str, str] | None = None, parent: dict[str, Any] | None = None,
                        keep_path: bool = True) -> Session:
    """The session that continues a record's replayed `game` (who plays which side, the log)."""
    sides = scen.side_keys
    given = controllers or {s: str(rec.header["players"].get(s, HUMAN)) for s in sides}
    ctl = {s: given.get(s, given.get(OTHERS, HUMAN)) for s in sides}
    for s in sides:
        if ctl[s] != HUMAN and not _valid_player(ctl[s]):
            ctl[s] = "ai"
    if all(ctl[s] != HUMAN for s in sides):
        ctl[sides[0]] = HUMAN
    sess = Session(scen, int(rec.header["seed"]), ctl, game=game,
                   parent=parent if parent is not None else rec.header.get("parent"),
                   save_path=path if keep_path else None)
    sess.log.append(LogLine(f"Loaded {path.name}: {len(game.steps)} orders replayed", "", game.state.turn, True))
    sess._log_events([e for step in game.steps[-40:] for e in step.events])  # the latest news
    return sess


def _valid_player(spec: str) -> bool:
    from game.ai.players import PLAYER_NAMES

    return spec in PLAYER_NAMES
