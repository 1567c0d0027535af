"""The `khasan` command line: validate, run, replay, play, sources, experiment, calibrate, report, sweep.

Errors are one readable line each and exit code 2; the window is imported only by `play` and
by `replay` without `--verify`.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from game import ENGINE_VERSION
from game.core.errors import KhasanError
from game.paths import default_scenario, resolve_scenario

# The engine's numpy work is on small arrays, where BLAS threads only cost start-up time (about
# 0.06 s per process, paid by every command and experiment worker); a user's setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

EXIT_USAGE = 2


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


MAX_SEED = 2**64 - 1
MAX_NUMBER = 10**9  # any other count on the command line


def _short(text: str) -> str:
    return repr(text) if len(text) <= 30 else repr(text[:27] + "...")


def parse_seed(text: str) -> int:
    """A seed from 0 to 2**64 - 1 (decimal or 0x hex), or a one-line usage error."""
    try:
        v = int(text, 0) if len(text) <= 40 else None
    except ValueError:
        v = None
    if v is None:
        raise argparse.ArgumentTypeError(f"seed must be a whole number from 0 to {MAX_SEED}, got {_short(text)}")
    if not 0 <= v <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"seed must be from 0 to {MAX_SEED}, got {_short(text)}")
    return v


def positive(text: str, what: str = "the value", hi: int = MAX_NUMBER) -> int:
    """A whole number from 1 to `hi` from the command line, or a one-line usage error."""
    try:
        v = int(text) if len(text) <= 20 else None
    except ValueError:
        v = None
    if v is None:
        raise argparse.ArgumentTypeError(f"{what} must be a whole number, got {_short(text)}")
    if not 1 <= v <= hi:
        raise argparse.ArgumentTypeError(f"{what} must be from 1 to {hi}, got {v}")
    return v


def parse_turns(text: str) -> int:
    return positive(text, "turns")


def parse_players(text: str) -> dict[str, str]:
    """`SIDE=P,SIDE=P` as side -> player; the sides are checked against the scenario by `players_for`."""
    from game.ai.players import PLAYER_NAMES

    out: dict[str, str] = {}
    for part in text.split(","):
        side, sep, name = part.partition("=")
        side, name = side.strip(), name.strip()
        if not sep or not side or side in out:
            raise argparse.ArgumentTypeError(f"expected SIDE=P,SIDE=P (e.g. soviet=ai,japan=historical), got "
                                             f"{_short(text)}")
        if name not in PLAYER_NAMES:
            raise argparse.ArgumentTypeError(f"unknown player {name!r} (choose from {', '.join(PLAYER_NAMES)})")
        out[side] = name
    return out


def players_for(sides: tuple[str, ...], given: dict[str, str]) -> dict[str, str]:
    """Each of the scenario's sides (in order) with its player from --players, else `ai`."""
    unknown = [s for s in given if s not in sides]
    if unknown:
        raise UsageError(f"--players: unknown side {unknown[0]!r} (this scenario's sides: {', '.join(sides)})")
    return {s: given.get(s, "ai") for s in sides}


def scenario_sides(path: Any) -> tuple[str, ...]:
    """The side keys of a scenario file (read and merged, not built), for checking arguments."""
    from game.engine.scenario import read_scenario
    from game.engine.sides import side_keys_of

    return side_keys_of(read_scenario(path).data)


def build_parser(extensions: bool = True) -> Parser:
    """The whole command line; `extensions=False` leaves out the subcommands in their own modules
    (a core command need not import the experiment and calibration code)."""
    p = Parser(prog="khasan", description="Lake Khasan 1938: a hex wargame of the battle.")
    p.add_argument("--version", action="version", version=f"khasan {ENGINE_VERSION}")
    sub = p.add_subparsers(dest="command", parser_class=Parser)
    v = sub.add_parser("validate", help="check scenario files")
    v.add_argument("files", nargs="+")
    r = sub.add_parser("run", help="play a game headless")
    r.add_argument("scenario")
    _game_args(r)
    r.add_argument("--turns", type=parse_turns)
    r.add_argument("--record", help="write the game's record (also when interrupted) to this file")
    r.add_argument("--force", action="store_true", help="overwrite an existing --record file")
    r.add_argument("--json", action="store_true")
    rp = sub.add_parser("replay", help="verify a record, or watch it in the window")
    rp.add_argument("record")
    rp.add_argument("--verify", action="store_true")
    rp.add_argument("--scenario", help="scenario file to use instead of the path in the record")
    rp.add_argument("--to-turn", type=int, dest="to_turn")
    rp.add_argument("--screenshot")
    rp.add_argument("--size", default="1280x720")
    pl = sub.add_parser(
        "play", help="open the game window",
        description="Open the game window: the start screen, or straight into a game with --load. Needs a "
                    "display (DISPLAY or WAYLAND_DISPLAY); without one use `khasan run` to play headless, or "
                    "--frames/--screenshot with SDL_VIDEODRIVER=dummy to draw a picture.")
    pl.add_argument("scenario", nargs="?", help="scenario name or YAML file (default: the full battle)")
    pl.add_argument("--size", default="1280x720", metavar="WxH",
                    help="window size in pixels, 320x240 to 7680x4320 (default 1280x720); below 640x360 the "
                         "window asks to be enlarged")
    pl.add_argument("--frames", type=parse_turns, metavar="N",
                    help="check mode: draw N frames without input, print fps and exit (works with "
                         "SDL_VIDEODRIVER=dummy)")
    pl.add_argument("--screenshot", metavar="FILE", help="with --frames: save the last frame as a PNG")
    pl.add_argument("--load", metavar="FILE", help="continue a saved game (a .jsonl record)")
    pl.add_argument("--side", metavar="SIDE",
                    help="the side you command (a side key of the scenario, e.g. soviet or japan), or hotseat "
                         "for two players at one screen (default: the scenario's first side)")
    pl.add_argument("--opponent", default="ai", metavar="PLAYER",
                    help="who plays the other side: ai, ai:easy, ai:hard, historical or random (default ai)")
    pl.add_argument("--seed", type=parse_seed, default=1, help="dice seed, a whole number >= 0 (default 1)")
    pl.add_argument("--whatif", action="append", default=[], metavar="NAME",
                    help="apply a what-if of the scenario (repeatable)")
    so = sub.add_parser("sources", help="list the provenance of every number in a scenario")
    so.add_argument("scenario")
    so.add_argument("--json", action="store_true")
    so.add_argument("--all", action="store_true", help="print every number with its tag")
    for module in _extension_modules() if extensions else ():
        module.register(sub)
    return p


# Subcommands that live in their own modules; each has `register(subparsers)` which adds its
# parser and sets `func` (a callable taking the parsed arguments and returning an exit code).
EXTENSIONS = ("game.sim.cli_experiment", "game.sim.cli_calibrate", "game.sim.cli_sweep")


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
    p.add_argument("--players", type=parse_players, default={}, metavar="SIDE=P,SIDE=P",
                   help="who plays each side (default ai for every side)")
    p.add_argument("--whatif", action="append", default=[])


def cmd_validate(args: argparse.Namespace) -> int:
    from game.engine.scenario import build_scenario, read_scenario

    bad = 0
    for f in args.files:
        try:
            raw = read_scenario(resolve_scenario(f))
            s = build_scenario(raw)
            for name in s.available_whatifs:
                build_scenario(raw, (name,))
            print(f"{f}: ok ({s.id}, {len(s.units)} units, {s.clock.n_turns} turns, "
                  f"{s.map.cols}x{s.map.rows} hexes, what-ifs: {', '.join(s.available_whatifs) or 'none'})")
        except KhasanError as exc:
            bad += 1
            for line in exc.problems:
                print(line)
    return EXIT_USAGE if bad else 0


def cmd_run(args: argparse.Namespace) -> int:
    from game.engine.game import Game
    from game.engine.scenario import load_scenario
    from game.sim.runner import play

    if args.record is not None:
        check_record_path(args.record, args.force)
    scen = load_scenario(resolve_scenario(args.scenario), tuple(args.whatif))
    args.players = players_for(scen.side_keys, args.players)
    game = Game(scen, args.seed, hashing=args.record is not None)
    gc.freeze()  # the modules and the scenario live as long as this process: collections need not look at them
    try:
        res = play(game, args.players, args.turns)
    except KeyboardInterrupt:
        if args.record is None:
            raise
        save_record(args.record, game, args.players, finished=False)
        print(f"interrupted: the game so far ({len(game.steps)} orders, unfinished) is saved in {args.record}",
              file=sys.stderr)
        return 130
    if args.record is not None:
        save_record(args.record, game, args.players, finished=None)
    summary = res.summary()
    if args.json:
        print(json.dumps(summary, sort_keys=True))
    else:
        print(format_summary(summary))
    return 0


def check_record_path(text: str, force: bool) -> None:
    """Refuse a --record path before playing: empty, in a missing or read-only folder, a folder
    itself, or an existing file without --force."""
    from pathlib import Path

    if not text.strip():
        raise UsageError("khasan run: --record: the path is empty")
    p = Path(text)
    folder = p.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise UsageError(f"{text}: --record: the folder {folder} {what}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{text}: --record: the folder {folder} is not writable")
    if p.is_dir():
        raise UsageError(f"{text}: --record: is a folder, not a file")
    if p.exists() and not force:
        raise UsageError(f"{text}: --record: the file exists (add --force to overwrite it)")


def save_record(path: str, game: Any, players: dict[str, str], finished: bool | None) -> None:
    from game.engine.record import header_for, write_record

    try:
        write_record(path, header_for(game, players), game, finished=finished)
    except OSError as exc:
        raise UsageError(f"{path}: --record: cannot write ({exc.strerror or exc})") from None


def format_summary(s: dict[str, Any]) -> str:
    lines = [f"{s['scenario']} seed {s['seed']} what-ifs: {', '.join(s['whatifs']) or 'none'}",
             "players: " + " ".join(f"{k}={v}" for k, v in s["players"].items())
             + f"; {s['turns_played']} turns, {s['orders']} orders",
             f"winner: {s['winner']} (points " + ", ".join(f"{k} {v}" for k, v in s["points"].items()) + ")",
             "control: " + ", ".join(f"{k} {v}" for k, v in s["control"].items())]
    for side, loss in s["losses"].items():
        lines.append(f"losses {side}: {loss['killed']} killed, {loss['wounded']} wounded, {loss['missing']} missing")
    for day, ctl in s["control_by_day"].items():
        lines.append(f"  {day}: " + ", ".join(f"{k} {v}" for k, v in ctl.items()))
    return "\n".join(lines)


def cmd_replay(args: argparse.Namespace) -> int:
    from game.engine.record import read_record, scenario_for
    from game.engine.replay import verify

    rec = read_record(args.record)
    scen = scenario_for(rec, args.scenario)
    if args.verify:
        ok, msg = verify(rec, scen)
        print(f"{args.record}: {'ok' if ok else 'MISMATCH'}: {msg}")
        return 0 if ok else 1
    problem = no_display("replay")
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    from game.ui.app import run_replay  # lazy: only the window needs pygame

    return run_replay(rec, scen, args)


HEADLESS_HINTS = {
    "play": "use `khasan run SCENARIO`, or draw frames headless with "
            "`SDL_VIDEODRIVER=dummy khasan play --frames N --screenshot FILE`",
    "replay": "use `khasan replay RECORD --verify`, or draw a position headless with "
              "`SDL_VIDEODRIVER=dummy khasan replay RECORD --to-turn N --screenshot FILE`",
}


def no_display(command: str = "play") -> str | None:
    """Why `khasan play` (or `replay`) cannot open a window here, or None. SDL_VIDEODRIVER set to dummy or
    offscreen (headless drawing) counts as a display; otherwise X11 or Wayland must be there."""

    driver = os.environ.get("SDL_VIDEODRIVER", "").strip().lower()
    if driver in ("dummy", "offscreen") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    if driver and driver not in ("x11", "wayland"):
        return None  # another SDL back end (kmsdrm, windows, cocoa): let SDL try it
    if sys.platform in ("win32", "darwin"):
        return None
    return (f"khasan {command}: no display found (DISPLAY and WAYLAND_DISPLAY are not set); without a window "
            f"{HEADLESS_HINTS[command]}")


def cmd_play(args: argparse.Namespace) -> int:
    problem = no_display()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    from game.ui.app import run_play  # lazy: only the window needs pygame

    args.scenario = str(default_scenario() if args.scenario is None else resolve_scenario(args.scenario))
    return run_play(args)


def cmd_sources(args: argparse.Namespace) -> int:
    from game.engine.sources import run  # lazy: only this command reads the bibliography

    return run(str(resolve_scenario(args.scenario)), args.json, args.all)


COMMANDS = {"validate": cmd_validate, "run": cmd_run, "replay": cmd_replay, "play": cmd_play,
            "sources": cmd_sources}


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line (the first word not starting with '-')."""
    return next((a for a in argv if not a.startswith("-")), None)


# `khasan run` (one game) and `khasan validate` (a few scenario loads) make their output and exit:
# such a process collects garbage only after this many new container objects (a whole khasan_1938
# campaign, loading included, makes about 190,000, so it never collects; its reference cycles are
# about 3 MB). Collections cost about 25 ms of that campaign's 0.9 s, and would only free memory
# the process is about to give back.
ONE_SHOT_YOUNG = 1_000_000
ONE_SHOT = ("run", "validate")


def program() -> NoReturn:
    """`khasan` as a process of its own (`python -m game`, the installed script): `main` with the
    settings only a whole process may make. For the ONE_SHOT commands the garbage collector waits
    for ONE_SHOT_YOUNG new objects and, once the output is flushed, the process ends without tearing
    the interpreter down (freeing every module and object one by one and a last full collection:
    about 15 ms); they write their files (a `run --record`) before `main` returns and register
    nothing to do at exit."""
    words = sys.argv[1:]
    one_shot = _command_of(words) in ONE_SHOT
    if one_shot:
        gc.set_threshold(ONE_SHOT_YOUNG, *gc.get_threshold()[1:])
    gc.enable()
    code = main(words)
    if not one_shot:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`khasan run | head -1`) or stream
            stream.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(extensions=_command_of(words) not in COMMANDS)
    try:
        args = parser.parse_args(words)
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

