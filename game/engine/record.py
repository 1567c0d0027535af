"""Records: a JSON Lines file whose first line is a header and every further line one applied
order with its events and the resulting state hash. The record is also the save game.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game import ENGINE_VERSION
from game.core.errors import IllegalOrder, RecordError, ScenarioError
from game.core.events import event_to_dict
from game.core.orders import Order, order_from_dict
from game.engine.game import Game
from game.engine.scenario import Scenario, load_scenario
from game.engine.yamlio import atomic_write_text

FORMAT = "khasan-record/1"
MAX_RECORD_BYTES = 256 * 1024 * 1024


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


def record_text(header: Header, game: Game) -> str:
    lines = [json.dumps(header.to_dict(), sort_keys=True)]
    lines += [json.dumps(step.to_dict(i + 1), sort_keys=True) for i, step in enumerate(game.steps)]
    return "\n".join(lines) + "\n"


def write_record(path: str | Path, header: Header, game: Game) -> None:
    atomic_write_text(Path(path), record_text(header, game))


@dataclass(slots=True)
class Record:
    path: str
    header: dict[str, Any]
    steps: list[dict[str, Any]]
    orders: list[Order]


def read_record(path: str | Path) -> Record:
    label = str(path)
    p = Path(path)
    try:
        if p.stat().st_size > MAX_RECORD_BYTES:
            raise RecordError([f"{label}: file: larger than {MAX_RECORD_BYTES >> 20} MiB"])
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise RecordError([f"{label}: file: cannot read ({exc.strerror or exc})"]) from None
    except UnicodeDecodeError:
        raise RecordError([f"{label}: file: not UTF-8 text"]) from None
    lines = text.splitlines()
    if not lines:
        raise RecordError([f"{label}: line 1: empty record"])
    problems: list[str] = []
    header = _json_line(lines[0], label, 1, problems)
    _check_header(header, label, problems)
    steps, orders = [], []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        d = _json_line(line, label, n, problems)
        if not isinstance(d, dict) or not {"order", "events", "hash"} <= set(d):
            if d is not None:
                problems.append(f"{label}: line {n}: expected a step with order, events and hash")
            continue
        try:
            orders.append(order_from_dict(d["order"]))
            steps.append(d)
        except ValueError as exc:
            problems.append(f"{label}: line {n}: order: {exc}")
        if len(problems) > 20:
            break
    if problems:
        raise RecordError(problems)
    return Record(label, header, steps, orders)


def _json_line(line: str, label: str, n: int, problems: list[str]) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        problems.append(f"{label}: line {n}: not JSON ({exc.msg} at column {exc.colno})")
        return None


def _check_header(h: Any, label: str, problems: list[str]) -> None:
    if not isinstance(h, dict):
        problems.append(f"{label}: line 1: header must be a JSON object")
        return
    if h.get("format") != FORMAT:
        problems.append(f"{label}: line 1: format: expected {FORMAT!r}, got {h.get('format')!r}")
    for key, typ in (("scenario", str), ("scenario_path", str), ("scenario_sha256", str), ("seed", int),
                     ("whatifs", list), ("players", dict)):
        if not isinstance(h.get(key), typ) or isinstance(h.get(key), bool):
            problems.append(f"{label}: line 1: {key}: missing or not a {typ.__name__}")


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


def replay_game(rec: Record, scen: Scenario, upto: int | None = None, hashing: bool = True) -> Game:
    """Re-apply the record's orders (the first `upto` of them) to a fresh game."""
    game = Game(scen, int(rec.header["seed"]), hashing=hashing)
    for i, order in enumerate(rec.orders[:upto]):
        try:
            game.apply(order)
        except IllegalOrder as exc:
            raise RecordError([f"{rec.path}: step {i + 1}: illegal order: {exc.problems[0]}"]) from None
    return game


def verify(rec: Record, scen: Scenario) -> tuple[bool, str]:
    """Re-simulate and compare events and hashes; report the first differing step."""
    game = Game(scen, int(rec.header["seed"]), hashing=True)
    for i, (order, step) in enumerate(zip(rec.orders, rec.steps, strict=True), start=1):
        try:
            events = game.apply(order)
        except IllegalOrder as exc:
            return False, f"step {i}: the recorded order is illegal when re-simulated: {exc.problems[0]}"
        got = [event_to_dict(e) for e in events]
        if got != step["events"]:
            return False, f"step {i}: events differ from the record"
        if game.steps[-1].hash != step["hash"]:
            return False, f"step {i}: state hash differs from the record"
    return True, f"{len(rec.orders)} steps verified"
