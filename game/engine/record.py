"""Records: a JSON Lines file whose first line is a header, then one line per applied order (its
step number, turn, side, order, events and the resulting state hash), then an end marker with the
step count. Every line carries `chain`, a SHA-256 over the previous line's chain and its own
fields, so cutting lines off or editing any field (the engine version too) is caught. The record
is also the save game; `game.engine.replay` re-simulates it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game import ENGINE_VERSION
from game.core.errors import RecordError, ScenarioError
from game.core.orders import Order, order_from_dict
from game.engine.scenario import Scenario, load_scenario
from game.engine.yamlio import atomic_write_text, read_regular

if TYPE_CHECKING:
    from game.engine.game import Game, Step

FORMAT = "khasan-record/2"
MAX_RECORD_BYTES = 256 * 1024 * 1024
MAX_SEED = 2**64 - 1


@dataclass(slots=True)
class Header:
    scenario_id: str
    scenario_path: str
    scenario_sha256: str
    whatifs: list[str]
    seed: int
    players: dict[str, str]
    engine: str = ENGINE_VERSION
    format: str = FORMAT
    parent: dict[str, Any] | None = None
    sets: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "format": self.format, "engine": self.engine, "scenario": self.scenario_id,
            "scenario_path": self.scenario_path, "scenario_sha256": self.scenario_sha256,
            "whatifs": self.whatifs, "sets": self.sets, "seed": self.seed, "players": self.players,
        }
        if self.parent:
            d["parent"] = self.parent
        return d


def header_for(game: Game, players: dict[str, str], parent: dict[str, Any] | None = None,
               sets: dict[str, Any] | None = None) -> Header:
    s = game.scenario
    return Header(s.id, s.path, s.sha256, list(s.whatifs), game.seed, dict(players), parent=parent,
                  sets=dict(sets or {}))


def link(prev: str, line: dict[str, Any]) -> str:
    """The chain value of a line: SHA-256 of the previous chain and the line's other fields."""
    body = json.dumps({k: v for k, v in line.items() if k != "chain"}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev + "\n" + body).encode()).hexdigest()


def record_text(header: Header, game: Game | list[Step], finished: bool | None = None) -> str:
    """The record of `game` (or of a list of its steps) as text, chained and closed by the end
    marker; `finished` defaults to whether the game is over."""
    steps = game if isinstance(game, list) else game.steps
    if finished is None:
        finished = not isinstance(game, list) and game.over
    chain = ""
    out = []
    for line in [header.to_dict(), *(s.to_dict(i + 1) for i, s in enumerate(steps)),
                 {"end": True, "steps": len(steps), "finished": bool(finished)}]:
        chain = line["chain"] = link(chain, line)
        out.append(json.dumps(line, sort_keys=True))
    return "\n".join(out) + "\n"


def write_record(path: str | Path, header: Header, game: Game | list[Step], finished: bool | None = None) -> None:
    atomic_write_text(Path(path), record_text(header, game, finished))


@dataclass(slots=True)
class Record:
    path: str
    header: dict[str, Any]
    steps: list[dict[str, Any]]
    orders: list[Order]
    finished: bool = True


def read_text(path: str | Path) -> str:
    """A record file's text: only regular UTF-8 files of sane size (no FIFOs or devices)."""
    raw, problems = read_regular(Path(path), str(path), MAX_RECORD_BYTES)
    if raw is None:
        raise RecordError(problems)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordError([f"{path}: file: not UTF-8 text"]) from None


def read_record(path: str | Path) -> Record:
    """Parse a record and check its structure and hash chain (re-simulation is `replay.verify`)."""
    label = str(path)
    lines = [(n, line) for n, line in enumerate(read_text(path).splitlines(), start=1) if line.strip()]
    if not lines:
        raise RecordError([f"{label}: line 1: empty record"])
    header = _json_line(lines[0][1], label, 1)
    _check_header(header, label)
    chain = link("", header)
    if header.get("chain") != chain:
        raise RecordError([f"{label}: line 1: header does not match its chain hash (the header was edited)"])
    steps: list[dict[str, Any]] = []
    orders: list[Order] = []
    end: dict[str, Any] | None = None
    for n, text in lines[1:]:
        if end is not None:
            raise RecordError([f"{label}: line {n}: text after the end marker"])
        d = _json_line(text, label, n)
        k = len(steps) + 1
        if isinstance(d, dict) and d.get("end") is True:
            end = d
            where = f"{label}: line {n}: end marker"
        else:
            where = f"{label}: line {n}: step {k}"
            _check_step(d, k, where)
        chain = link(chain, d)
        if d.get("chain") != chain:
            raise RecordError([f"{where}: does not match the record's hash chain (the line was edited)"])
        if end is None:
            try:
                orders.append(order_from_dict(d["order"]))
            except ValueError as exc:
                raise RecordError([f"{where}: order: {exc}"]) from None
            steps.append(d)
    if end is None:
        raise RecordError([f"{label}: line {lines[-1][0]}: the record stops after step {len(steps)} "
                           "without its end marker (cut short or not completely written)"])
    if end.get("steps") != len(steps):
        raise RecordError([f"{label}: end marker: says {end.get('steps')} steps, the record has {len(steps)}"])
    return Record(label, header, steps, orders, bool(end.get("finished")))


def _json_line(line: str, label: str, n: int) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError([f"{label}: line {n}: not JSON ({exc.msg} at column {exc.colno})"]) from None
    except RecursionError:
        raise RecordError([f"{label}: line {n}: JSON nested too deeply"]) from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise RecordError([f"{label}: line {n}: not usable JSON ({str(exc).split(';')[0]})"]) from None


def _check_header(h: Any, label: str) -> None:
    if not isinstance(h, dict):
        raise RecordError([f"{label}: line 1: header must be a JSON object"])
    problems = []
    if h.get("format") != FORMAT:
        problems.append(f"{label}: line 1: format: expected {FORMAT!r}, got {h.get('format')!r}")
    for key, typ in (("scenario", str), ("scenario_path", str), ("scenario_sha256", str), ("seed", int),
                     ("whatifs", list), ("players", dict), ("sets", dict), ("engine", str)):
        if not isinstance(h.get(key), typ) or isinstance(h.get(key), bool):
            problems.append(f"{label}: line 1: {key}: missing or not a {typ.__name__}")
    seed = h.get("seed")
    if isinstance(seed, int) and not 0 <= seed <= MAX_SEED:
        problems.append(f"{label}: line 1: seed: must be 0..2**64-1")
    if isinstance(h.get("whatifs"), list) and not all(isinstance(w, str) for w in h["whatifs"]):
        problems.append(f"{label}: line 1: whatifs: must be a list of names")
    if problems:
        raise RecordError(problems)


def _check_step(d: Any, k: int, where: str) -> None:
    if not isinstance(d, dict) or not {"step", "turn", "side", "order", "events", "hash", "chain"} <= set(d):
        raise RecordError([f"{where}: expected a step with step, turn, side, order, events, hash and chain"])
    if d["step"] != k:
        raise RecordError([f"{where}: numbered {d['step']!r}, expected {k} (a step is missing or out of order)"])
    if not isinstance(d["events"], list):
        raise RecordError([f"{where}: events: not a list"])


def scenario_for(rec: Record, scenario_path: str | None = None) -> Scenario:
    """Load the record's scenario and refuse if the file changed since the record was made."""
    h = rec.header
    path = scenario_path or h["scenario_path"]
    try:
        scen = load_scenario(path, tuple(h["whatifs"]), h.get("sets") or None)
    except ScenarioError as exc:
        raise RecordError([f"{rec.path}: line 1: scenario {path}: " + p for p in exc.problems[:5]]) from None
    if scen.sha256 != h["scenario_sha256"]:
        raise RecordError([
            f"{rec.path}: line 1: scenario_sha256: the scenario file {path} has changed since this record "
            f"was made (record {h['scenario_sha256'][:12]}, file {scen.sha256[:12]}); "
            "refusing to replay a different battle"
        ])
    if scen.id != h["scenario"]:
        raise RecordError([f"{rec.path}: line 1: scenario: record is for {h['scenario']!r}, file is {scen.id!r}"])
    return scen
