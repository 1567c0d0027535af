"""The `khasan` command line: validate, run, replay, play, sources, experiment, calibrate, report.

Errors are one readable line each and exit code 2; the window is imported only by `play` and
by `replay` without `--verify`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from game import ENGINE_VERSION
from game.core.errors import KhasanError
from game.paths import default_scenario, resolve_scenario

EXIT_USAGE = 2


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def parse_seed(text: str) -> int:
    try:
        v = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a whole number, got {text!r}") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"seed must be >= 0, got {v}")
    return v


def positive(text: str, what: str = "the value") -> int:
    """A whole number of at least 1 from the command line, or a one-line usage error."""
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what} must be a whole number, got {text!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"{what} must be at least 1, got {v}")
    return v


def parse_turns(text: str) -> int:
    return positive(text, "turns")


def parse_players(text: str) -> dict[str, str]:
    from game.ai.players import PLAYER_NAMES

    out = {"soviet": "ai", "japan": "ai"}
    for part in text.split(","):
        side, sep, name = part.partition("=")
        side, name = side.strip(), name.strip()
        if not sep or side not in out:
            raise argparse.ArgumentTypeError(f"expected soviet=P,japan=P, got {text!r}")
        if name not in PLAYER_NAMES:
            raise argparse.ArgumentTypeError(f"unknown player {name!r} (choose from {', '.join(PLAYER_NAMES)})")
        out[side] = name
    return out


def build_parser() -> Parser:
    p = Parser(prog="khasan", description="Lake Khasan 1938: a hex wargame of the battle.")
    p.add_argument("--version", action="version", version=f"khasan {ENGINE_VERSION}")
    sub = p.add_subparsers(dest="command", parser_class=Parser)
    v = sub.add_parser("validate", help="check scenario files")
    v.add_argument("files", nargs="+")
    r = sub.add_parser("run", help="play a game headless")
    r.add_argument("scenario")
    _game_args(r)
    r.add_argument("--turns", type=parse_turns)
    r.add_argument("--record")
    r.add_argument("--json", action="store_true")
    rp = sub.add_parser("replay", help="verify a record, or watch it in the window")
    rp.add_argument("record")
    rp.add_argument("--verify", action="store_true")
    rp.add_argument("--scenario", help="scenario file to use instead of the path in the record")
    rp.add_argument("--to-turn", type=int, dest="to_turn")
    rp.add_argument("--screenshot")
    rp.add_argument("--size", default="1280x720")
    pl = sub.add_parser("play", help="open the game window")
    pl.add_argument("scenario", nargs="?")
    pl.add_argument("--size", default="1280x720")
    pl.add_argument("--frames", type=parse_turns)
    pl.add_argument("--screenshot")
    pl.add_argument("--load")
    pl.add_argument("--side", choices=("soviet", "japan", "hotseat"), default="soviet")
    pl.add_argument("--opponent", default="ai")
    pl.add_argument("--seed", type=parse_seed, default=1)
    pl.add_argument("--whatif", action="append", default=[])
    so = sub.add_parser("sources", help="list the provenance of every number in a scenario")
    so.add_argument("scenario")
    so.add_argument("--json", action="store_true")
    so.add_argument("--all", action="store_true", help="print every number with its tag")
    for module in _extension_modules():
        module.register(sub)
    return p


# Subcommands that live in their own modules; each has `register(subparsers)` which adds its
# parser and sets `func` (a callable taking the parsed arguments and returning an exit code).
EXTENSIONS = ("game.sim.cli_experiment", "game.sim.cli_calibrate")


def _extension_modules() -> list[Any]:
    import importlib

    out = []
    for name in EXTENSIONS:
        try:
            out.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return out


def _game_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seed", type=parse_seed, default=1)
    p.add_argument("--players", type=parse_players, default={"soviet": "ai", "japan": "ai"})
    p.add_argument("--whatif", action="append", default=[])


def cmd_validate(args: argparse.Namespace) -> int:
    from game.engine.scenario import load_scenario

    bad = 0
    for f in args.files:
        try:
            s = load_scenario(resolve_scenario(f))
            for name in s.available_whatifs:
                load_scenario(resolve_scenario(f), (name,))
            print(f"{f}: ok ({s.id}, {len(s.units)} units, {s.clock.n_turns} turns, "
                  f"{s.map.cols}x{s.map.rows} hexes, what-ifs: {', '.join(s.available_whatifs) or 'none'})")
        except KhasanError as exc:
            bad += 1
            for line in exc.problems:
                print(line)
    return EXIT_USAGE if bad else 0


def cmd_run(args: argparse.Namespace) -> int:
    from game.engine.record import header_for, write_record
    from game.engine.scenario import load_scenario
    from game.sim.runner import run_game

    scen = load_scenario(resolve_scenario(args.scenario), tuple(args.whatif))
    res = run_game(scen, args.seed, args.players, args.turns, hashing=bool(args.record))
    if args.record:
        write_record(args.record, header_for(res.game, args.players), res.game)
    summary = res.summary()
    if args.json:
        print(json.dumps(summary, sort_keys=True))
    else:
        print(format_summary(summary))
    return 0


def format_summary(s: dict[str, Any]) -> str:
    lines = [f"{s['scenario']} seed {s['seed']} what-ifs: {', '.join(s['whatifs']) or 'none'}",
             f"players: soviet={s['players']['soviet']} japan={s['players']['japan']}; "
             f"{s['turns_played']} turns, {s['orders']} orders",
             f"winner: {s['winner']} (points soviet {s['points']['soviet']}, japan {s['points']['japan']})",
             "control: " + ", ".join(f"{k} {v}" for k, v in s["control"].items())]
    for side, loss in s["losses"].items():
        lines.append(f"losses {side}: {loss['killed']} killed, {loss['wounded']} wounded, {loss['missing']} missing")
    for day, ctl in s["control_by_day"].items():
        lines.append(f"  {day}: " + ", ".join(f"{k} {v}" for k, v in ctl.items()))
    return "\n".join(lines)


def cmd_replay(args: argparse.Namespace) -> int:
    from game.engine.record import read_record, scenario_for, verify

    rec = read_record(args.record)
    scen = scenario_for(rec, args.scenario)
    if args.verify:
        ok, msg = verify(rec, scen)
        print(f"{args.record}: {'ok' if ok else 'MISMATCH'}: {msg}")
        return 0 if ok else 1
    from game.ui.app import run_replay  # lazy: only the window needs pygame

    return run_replay(rec, scen, args)


def cmd_play(args: argparse.Namespace) -> int:
    from game.ui.app import run_play  # lazy: only the window needs pygame

    args.scenario = str(default_scenario() if args.scenario is None else resolve_scenario(args.scenario))
    return run_play(args)


def cmd_sources(args: argparse.Namespace) -> int:
    from game.engine.sources import run  # lazy: only this command reads the bibliography

    return run(str(resolve_scenario(args.scenario)), args.json, args.all)


COMMANDS = {"validate": cmd_validate, "run": cmd_run, "replay": cmd_replay, "play": cmd_play,
            "sources": cmd_sources}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help()
            return EXIT_USAGE
        if args.command in COMMANDS:
            return COMMANDS[args.command](args)
        return int(args.func(args))
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except KhasanError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0

