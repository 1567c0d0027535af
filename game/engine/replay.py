"""The one place a record is re-simulated: `khasan replay --verify`, `khasan play --load`, the
replay viewer's positions and taking over from a replay all come through `Replay`.

Every order goes through `Game.apply` (the one mutation path). Verification compares each
step's turn, side, events and state hash with the record and stops at the first difference,
naming the step; the record's structure and hash chain were already checked by `read_record`.
"""

from __future__ import annotations

from collections.abc import Callable

from game.core.errors import IllegalOrder, RecordError
from game.core.events import event_to_dict
from game.engine.game import Game
from game.engine.record import Record
from game.engine.scenario import Scenario

Progress = Callable[[int, int], None]  # (steps done, steps in all)
SNAP_EVERY = 20


class Mismatch(RecordError):
    """The re-simulated game differs from the record at a step."""


class Replay:
    """A record and its scenario; positions (the game after the first k steps) on demand."""

    def __init__(self, rec: Record, scen: Scenario) -> None:
        self.rec = rec
        self.scen = scen
        self.seed = int(rec.header["seed"])
        self._snaps: dict[int, Game] = {}

    @property
    def total(self) -> int:
        return len(self.rec.orders)

    def new_game(self, hashing: bool = True, undo: bool = False) -> Game:
        return Game(self.scen, self.seed, hashing=hashing, undo=undo)

    def advance(self, game: Game, upto: int | None = None, check: bool = False,
                progress: Progress | None = None, stop: Callable[[], bool] | None = None) -> Game:
        """Apply the record's orders from `game`'s position up to step `upto` (all by default),
        comparing with the record when `check` is set; raises Mismatch at the first difference."""
        end = self.total if upto is None else max(0, min(upto, self.total))
        for i in range(len(game.steps), end):
            if stop is not None and stop():
                break
            try:
                game.apply(self.rec.orders[i])
            except IllegalOrder as exc:
                raise Mismatch([f"{self.rec.path}: step {i + 1}: the recorded order is illegal when "
                                f"re-simulated: {exc.problems[0]}"]) from None
            if check:
                self._compare(game, i)
            if progress is not None:
                progress(i + 1, end)
        return game

    def _compare(self, game: Game, i: int) -> None:
        rec, got = self.rec.steps[i], game.steps[i]
        where = f"{self.rec.path}: step {i + 1}"
        if rec["turn"] != got.turn or rec["side"] != got.side:
            raise Mismatch([f"{where}: recorded as turn {rec['turn']} {rec['side']}, re-simulated as turn "
                            f"{got.turn} {got.side}"])
        if [event_to_dict(e) for e in got.events] != rec["events"]:
            raise Mismatch([f"{where}: events differ from the record"])
        if got.hash != rec["hash"]:
            raise Mismatch([f"{where}: state hash differs from the record"])

    def verify(self, progress: Progress | None = None) -> Game:
        """Re-simulate the whole record, checking every step; returns the game at its end."""
        return self.advance(self.new_game(), check=True, progress=progress)

    def game(self, upto: int | None = None, verify: bool = True, progress: Progress | None = None,
             undo: bool = True) -> Game:
        """A game to play on from step `upto` (the whole record by default), checked against the
        record on the way unless `verify` is off."""
        game = self.advance(self.new_game(undo=False), upto, check=verify, progress=progress)
        game.undo_enabled = undo
        return game

    def game_at(self, k: int) -> Game:
        """A game after the first k steps (unchecked), from the nearest kept position: cheap to call
        repeatedly (the viewer seeks with it)."""
        k = max(0, min(self.total, k))
        base = max((s for s in list(self._snaps) if s <= k), default=0)
        game = self._snaps[base].clone() if base in self._snaps else self.new_game(hashing=False)
        while len(game.steps) < k:
            self.advance(game, min(k, (len(game.steps) // SNAP_EVERY + 1) * SNAP_EVERY))
            n = len(game.steps)
            if n % SNAP_EVERY == 0 and n not in self._snaps:
                self._snaps[n] = game.clone()
        return game

    def index(self, stop: Callable[[], bool] | None = None, progress: Progress | None = None) -> None:
        """Keep a position every SNAP_EVERY steps through the whole record (the viewer runs this
        in a background thread)."""
        game = self.new_game(hashing=False)
        for k in range(SNAP_EVERY, self.total + SNAP_EVERY, SNAP_EVERY):
            if stop is not None and stop():
                return
            self.advance(game, k)
            n = len(game.steps)
            if n % SNAP_EVERY == 0:
                self._snaps.setdefault(n, game.clone())
            if progress is not None:
                progress(n, self.total)


def verify(rec: Record, scen: Scenario, progress: Progress | None = None) -> tuple[bool, str]:
    """Re-simulate and compare; (ok, message) where the message names the first differing step."""
    try:
        Replay(rec, scen).verify(progress)
    except Mismatch as exc:
        return False, exc.problems[0].removeprefix(f"{rec.path}: ")
    note = "" if rec.finished else " (an unfinished game)"
    return True, f"{len(rec.orders)} steps verified{note}"


def load_game(rec: Record, scen: Scenario, upto: int | None = None, progress: Progress | None = None) -> Game:
    """The game a saved record continues (play --load, take-over): verified as `replay --verify`
    does; a record that does not re-simulate raises RecordError naming the step."""
    return Replay(rec, scen).game(upto, verify=True, progress=progress)
