"""The window and its loop, and the two entry points the command line calls:
`run_play(args)` for `khasan play` and `run_replay(record, scenario, args)` for `khasan replay`.

Check mode (`--frames N [--screenshot FILE]`) runs N frames without input, saves the last one as
a PNG, prints `fps: <number>` (frames after the first, per second of wall time) and exits; it
works with SDL_VIDEODRIVER=dummy. The computer does not move in check mode unless the
environment sets KHASAN_CHECK_AI=1 (then the worst frame is printed too).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import pygame

from game.core.errors import KhasanError
from game.engine.record import Record
from game.engine.scenario import Scenario, load_scenario
from game.ui.layout import set_user_scale
from game.ui.scene import Scene
from game.ui.settings import load_settings, save_settings
from game.ui.sound import Sound
from game.ui.theme import Theme


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in str(text).lower().split("x"))
    except ValueError:
        raise KhasanError([f"--size: expected WxH such as 1280x720, got {text!r}"]) from None
    if not (320 <= w <= 7680 and 240 <= h <= 4320):
        raise KhasanError([f"--size: {w}x{h} is out of range (320x240 to 7680x4320)"])
    return w, h


MIN_SIZE = (640, 360)


def too_small(size: tuple[int, int]) -> bool:
    return size[0] < MIN_SIZE[0] or size[1] < MIN_SIZE[1]


class App:
    """Owns the display, the theme and the current scene; runs the frame loop."""

    def __init__(self, size: tuple[int, int], frames: int | None = None, screenshot: str | None = None,
                 title: str = "Lake Khasan 1938") -> None:
        try:
            pygame.display.init()
            pygame.font.init()
            pygame.display.set_caption(title)
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        except pygame.error as exc:
            pygame.display.quit()
            raise KhasanError([f"khasan: cannot open a window ({exc}); play headless with `khasan run`, or draw "
                               "frames with SDL_VIDEODRIVER=dummy and --frames/--screenshot"]) from None
        pygame.key.set_repeat(260, 40)
        # the computer thinks in a worker thread: hand the interpreter back to the drawing thread
        # every 2 ms instead of every 5 ms so frames stay short while it thinks
        sys.setswitchinterval(0.002)
        self.settings, notice = load_settings()
        self.notice = notice  # shown once by the first scene (a corrupt settings file, ...)
        if notice:
            print(f"khasan: {notice}", file=sys.stderr)
        self.theme = Theme(high_contrast=self.settings.high_contrast)
        set_user_scale(self.settings.ui_scale)
        self.sound = Sound(self.settings.sound_volume)
        self.scene: Scene | None = None
        self.running = True
        self.frames = frames
        self.screenshot = screenshot
        self.frame_times: list[float] = []
        self.start_args: Any = None
        self.t_start = time.perf_counter()
        self.first_frame_s = 0.0
        self.cap_fps = True
        self._clock = pygame.time.Clock()
        self._last = time.perf_counter()

    def apply_settings(self, save: bool = True) -> None:
        """Make the current settings take effect now (and remember them)."""
        st = self.settings
        set_user_scale(st.ui_scale)
        if self.theme.high_contrast != st.high_contrast:
            self.theme.set_contrast(st.high_contrast)
        self.sound.set_volume(st.sound_volume)
        if self.scene is not None:
            self.scene.resize(*self.screen.get_size())
            self.scene.settings_changed()
        if save:
            try:
                save_settings(st)
            except OSError as exc:
                self.notice = f"could not save the settings: {exc}"

    def set_scene(self, scene: Scene) -> None:
        if self.scene is not None and self.scene is not scene:
            self.scene.close()
        self.scene = scene

    def to_start(self) -> None:
        from game.ui.start import StartScene

        self.set_scene(StartScene(self, self.start_args))

    def loading_frame(self, text: str) -> None:
        """Show a one-line message at once (before slow work such as loading a scenario)."""
        if self.frames is not None:
            return
        th = self.theme
        self.screen.fill(th.colour("background"))
        t = th.text(text, "large", "text", "bold")
        self.screen.blit(t, t.get_rect(center=self.screen.get_rect().center))
        pygame.display.flip()

    def draw_too_small(self) -> None:
        """Below MIN_SIZE the layout cannot fit: say so instead of drawing a broken screen."""
        th = self.theme
        self.screen.fill(th.colour("background"))
        w, h = self.screen.get_size()
        lines = ["Window too small", f"{w}x{h}: please make it at least {MIN_SIZE[0]}x{MIN_SIZE[1]}"]
        y = h // 2 - 20
        for k, line in enumerate(lines):
            t = th.text(line, 16 if k == 0 else 12, "text" if k == 0 else "text_dim", "bold", scaled=False)
            self.screen.blit(t, (max(4, (w - t.get_width()) // 2), y))
            y += t.get_height() + 4

    def run(self) -> int:
        while self.running and self.scene is not None:
            self.frame()
            if self.frames is not None and len(self.frame_times) >= self.frames:
                break
        return self.finish()

    def frame(self) -> None:
        """One pass: events, update, draw, flip (capped at 60 fps outside check mode)."""
        t0 = time.perf_counter()
        dt = min(0.1, t0 - self._last)
        self._last = t0
        scene = self.scene
        if scene is None:
            return
        n = len(self.frame_times)
        if self.frames is not None and n >= self.frames - 1 and hasattr(scene, "complete_tiles"):
            scene.complete_tiles = True  # the screenshot frame shows every tile at full detail
        for e in pygame.event.get():
            if e.type == pygame.QUIT:
                self.running = False
            elif e.type == pygame.VIDEORESIZE:
                surf = pygame.display.get_surface()
                if surf is not None:
                    self.screen = surf
                    scene.resize(*surf.get_size())
            else:
                scene.handle(e)
            if self.scene is not scene:
                return
        scene.update(dt)
        if too_small(self.screen.get_size()):
            self.draw_too_small()
        else:
            scene.draw(self.screen)
        pygame.display.flip()
        if n == 0:
            self.first_frame_s = time.perf_counter() - self.t_start
        self.frame_times.append(time.perf_counter() - t0)
        if self.frames is None and self.cap_fps:
            self._clock.tick(60)

    def finish(self) -> int:
        if self.frames is not None:
            if self.screenshot:
                pygame.image.save(self.screen, self.screenshot)
            times = self.frame_times[1:] or self.frame_times
            total = sum(times)
            fps = len(times) / total if total > 0 else 0.0
            print(f"fps: {fps:.1f}")
            print(f"first frame: {self.first_frame_s * 1000:.0f} ms; worst frame: {max(times) * 1000:.1f} ms; "
                  f"frames: {len(self.frame_times)}")
            sys.stdout.flush()
        if self.scene is not None:
            self.scene.close()
        self.sound.close()
        pygame.display.quit()
        return 0


def _session_from_args(args: Any) -> Any:
    from game.ui.session import Session, controllers_for, load_session

    if getattr(args, "load", None):
        return load_session(args.load)
    scen = load_scenario(args.scenario, tuple(args.whatif or ()))
    side = args.side or scen.side_keys[0]
    if side not in (*scen.side_keys, "hotseat"):
        raise KhasanError([f"--side: unknown side {side!r} (this scenario's sides: {', '.join(scen.side_keys)}; "
                           "or hotseat)"])
    return Session(scen, int(args.seed), controllers_for(side, args.opponent))


def run_play(args: Any) -> int:
    """`khasan play`: the start screen, or straight into a game with --load or in check mode."""
    from game.ai.players import PLAYER_NAMES

    if args.opponent not in PLAYER_NAMES:
        print(f"khasan play: unknown opponent {args.opponent!r} (choose from {', '.join(PLAYER_NAMES)})",
              file=sys.stderr)
        return 2
    size = parse_size(args.size)
    app = App(size, args.frames, args.screenshot)
    app.start_args = args
    if args.load and args.frames is None:
        from game.ui.loading import LoadingScene

        app.set_scene(LoadingScene.open(app, Path(args.load)))
    elif args.load or args.frames is not None:
        from game.ui.game_scene import GameScene

        sess = _session_from_args(args)
        ai = args.frames is None or os.environ.get("KHASAN_CHECK_AI") == "1"
        app.set_scene(GameScene(app, sess, ai_enabled=ai))
    else:
        app.to_start()
    return app.run()


def run_replay(rec: Record, scen: Scenario, args: Any) -> int:
    """`khasan replay FILE`: the replay viewer; with --to-turn N --screenshot F, one picture."""
    from game.ui.replay import ReplayScene

    size = parse_size(getattr(args, "size", "1280x720"))
    shot = getattr(args, "screenshot", None)
    to_turn = getattr(args, "to_turn", None)
    frames = 2 if shot else None
    app = App(size, frames, shot, title="Lake Khasan 1938 - replay")
    scene = ReplayScene(app, rec, scen)
    if to_turn is not None:
        scene.seek_turn(int(to_turn))
    elif shot:
        scene.seek(len(rec.orders))
    app.set_scene(scene)
    return app.run()
