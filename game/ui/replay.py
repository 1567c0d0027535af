"""The replay viewer: play, pause, step forward and back, jump to a turn or a bookmark (the
scenario's key dates, each day, every change of objective control), change speed, and take over
from any point as a player.

`ReplayController` reads positions from the engine's one replay module (`game.engine.replay`),
which keeps a copy every `SNAP_EVERY` steps (built in a background thread as soon as the record
is opened), so stepping back and seeking re-apply at most a few dozen orders: instant.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pygame

from game.core.errors import RecordError
from game.core.events import ControlChanged, Event, event_from_dict
from game.core.state import GameState
from game.engine.clock import parse_time
from game.engine.record import Record
from game.engine.replay import Replay, load_game
from game.engine.scenario import Scenario
from game.ui.animation import Animator
from game.ui.hud import Header, LogView, Minimap
from game.ui.interaction import seen_by
from game.ui.layout import Camera, Layout, default_level, hex_centre_unit, map_bounds_unit
from game.ui.messages import LogLine, describe
from game.ui.renderer import MapOverlay, MapView
from game.ui.scene import Modal, Notice, Scene
from game.ui.screens import ListMenu, load_history
from game.ui.widgets import Button, draw_button, key_value, panel, tooltip

if TYPE_CHECKING:
    from game.ui.app import App



@dataclass(frozen=True, slots=True)
class Bookmark:
    step: int
    label: str
    kind: str  # date | day | control


class ReplayController:
    """Positions in a record: `pos` orders applied. The engine's `Replay` keeps a position every
    SNAP_EVERY steps (indexed in a background thread as soon as the record is opened), so
    stepping back and seeking re-apply at most a few dozen orders: instant."""

    def __init__(self, rec: Record, scen: Scenario, background: bool = True) -> None:
        self.rec = rec
        self.scen = scen
        self.replay = Replay(rec, scen)
        self.game = self.replay.game_at(0)
        self.opening = self.game.opening_events()
        self.pos = 0
        self.error = ""
        self._events: dict[int, list[Event]] = {}
        self.turns = [int(s.get("turn", 0)) for s in rec.steps]
        self.indexed = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if background:
            self._thread = threading.Thread(target=self._index, name="khasan-replay-index", daemon=True)
            self._thread.start()

    @property
    def total(self) -> int:
        return self.replay.total

    @property
    def state(self) -> GameState:
        return self.game.state

    def _index(self) -> None:
        def progress(done: int, total: int) -> None:
            self.indexed = done

        try:
            self.replay.index(stop=self._stop.is_set, progress=progress)
        except RecordError as exc:  # a record that does not re-simulate: show how far it went
            self.error = exc.problems[0].removeprefix(f"{self.rec.path}: ")
        self.indexed = self.total if not self.error else self.indexed

    def close(self) -> None:
        self._stop.set()

    def events(self, k: int) -> list[Event]:
        """Events of step k (1-based), parsed from the record."""
        ev = self._events.get(k)
        if ev is None:
            ev = [event_from_dict(d) for d in self.rec.steps[k - 1]["events"]]
            self._events[k] = ev
        return ev

    def state_at(self, k: int) -> GameState:
        return self.replay.game_at(k).state

    def seek(self, k: int) -> None:
        self.game = self.replay.game_at(k)
        self.pos = len(self.game.steps)

    def forward(self) -> list[Event]:
        if self.pos >= self.total:
            return []
        self.replay.advance(self.game, self.pos + 1)
        self.pos += 1
        return self.events(self.pos)

    def back(self) -> None:
        self.seek(self.pos - 1)

    def step_after_turn(self, turn: int) -> int:
        """Orders applied once turn `turn` is over (the position shown for --to-turn)."""
        n = 0
        for t in self.turns:
            if t <= turn:
                n += 1
            else:
                break
        return n

    def turn_start(self, turn: int) -> int:
        return self.step_after_turn(turn - 1) if turn > 0 else 0

    def bookmarks(self) -> list[Bookmark]:
        out: list[Bookmark] = []
        clock = self.scen.clock
        hist = load_history()
        dates = self.scen.data.get("key_dates") or (
            hist.get("key_dates", []) if self.scen.id in hist.get("key_dates_for", []) else [])
        for kd in dates if isinstance(dates, list) else []:
            try:
                when = parse_time(str(kd["at"]))
            except (KeyError, ValueError):
                continue
            if clock.start <= when <= clock.time_of(clock.n_turns):
                out.append(Bookmark(self.turn_start(clock.turn_at(when)), str(kd["label"]), "date"))
        day = None
        for k, t in enumerate(self.turns):
            d = clock.date_of(min(t, clock.n_turns - 1))
            if d != day:
                day = d
                if k:
                    out.append(Bookmark(k, f"{d}", "day"))
        for k in range(1, self.total + 1):
            for d in self.rec.steps[k - 1]["events"]:
                if d.get("kind") == ControlChanged.kind:
                    out.append(Bookmark(k, f"{d['objective']}: {d['holder']}", "control"))
        out.sort(key=lambda b: (b.step, b.kind))
        return out


class TurnInput(Modal):
    """Type a turn number and press Enter."""

    def __init__(self, theme: Any, n_turns: int) -> None:
        self.theme = theme
        self.text = ""
        self.n = n_turns

    def handle(self, e: pygame.event.Event) -> str | None:
        if e.type != pygame.KEYDOWN:
            return None
        if e.key == pygame.K_ESCAPE:
            return "close"
        if e.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.text:
                self.result = max(1, min(self.n, int(self.text)))
                return "turn"
            return "close"
        if e.key == pygame.K_BACKSPACE:
            self.text = self.text[:-1]
        elif e.unicode.isdigit() and len(self.text) < 4:
            self.text += e.unicode
        return None

    def draw(self, surf: pygame.Surface) -> None:
        th = self.theme
        box = pygame.Rect(0, 0, 420, 120)
        box.center = surf.get_rect().center
        top = panel(surf, th, box, f"Jump to turn (1-{self.n}), Enter", alpha=False)
        t = th.text(self.text + "_", "title", "text", "bold")
        surf.blit(t, (box.x + 20, top + 10))


class TakeOverMenu(ListMenu):
    title = "Take over from here"

    def __init__(self, theme: Any) -> None:
        super().__init__(theme, [*((f"Play {theme.side_name(k)} against the computer", f"take:{k}")
                                   for k in theme.side_keys),
                                 ("Hot-seat: two players", "take:hotseat"), ("Cancel", "close")], width=460)


class ReplayScene(Scene):
    def __init__(self, app: App, rec: Record, scen: Scenario) -> None:
        super().__init__(app)
        th = app.theme
        th.use_sides(scen.sides)
        self.rec = rec
        self.scen = scen
        self.ctl = ReplayController(rec, scen)
        w, h = app.screen.get_size()
        self.layout = Layout.for_size(w, h)
        th.set_scale(self.layout.scale)
        self.cam = Camera(th.data["zoom_levels"], int(th.data["default_zoom"]), self._map_rect(),
                          map_bounds_unit(scen.map.cols, scen.map.rows))
        self.cam.level = max(self.cam.fit_level(), default_level(self.cam, self.layout.scale))
        self.view = MapView(scen, th, self.cam, int(th.data["tile_px"]))
        self.header = Header(th)
        self.logview = LogView(th)
        self.minimap = Minimap(th, self.view.tiles)
        self.animator = Animator(th)
        self.marks = self.ctl.bookmarks()
        self.log: list[LogLine] = []
        self.playing = False
        self.speeds = [0.5, 1.0, 2.0, 4.0, 16.0]
        self.speed_i = 1
        self.next_step = 0.0
        self.viewer: str | None = None  # None: everything; else that side's fog
        self.modal: Modal | None = None
        self.buttons: list[Button] = []
        self.mouse = (0, 0)
        self.down: tuple[int, int] | None = None
        self.dragging = False
        self.complete_tiles = True
        self.view.tiles.ensure_overview()
        self.mouse_still = 0.0
        self._rebuild_log()

    def _map_rect(self) -> pygame.Rect:
        r = pygame.Rect(self.layout.map)
        r.h -= round(64 * self.layout.scale)
        return r

    def close(self) -> None:
        self.ctl.close()

    # --- navigation -----------------------------------------------------------------------------
    def seek(self, k: int) -> None:
        self.animator.skip()
        self.ctl.seek(k)
        self._rebuild_log()

    def seek_turn(self, turn_1based: int) -> None:
        """Show turn N (1-based, as the header counts turns) as it begins."""
        self.seek(self.ctl.turn_start(turn_1based - 1))

    def _rebuild_log(self) -> None:
        st = self.ctl.state
        self.log = []
        start = max(0, self.ctl.pos - 120)
        if start == 0:
            self.log += [x for e in self.ctl.opening if (x := describe(st, e)) is not None]
        for k in range(start + 1, self.ctl.pos + 1):
            self.log += [x for e in self.ctl.events(k) if (x := describe(st, e)) is not None]

    def step(self) -> None:
        events = self.ctl.forward()
        st = self.ctl.state
        self.log += [x for e in events if (x := describe(st, e)) is not None]
        if self.speeds[self.speed_i] <= 4.0:
            self.animator.speed = self.speeds[self.speed_i]
            self.animator.add(st, events, self._visible())
        if len(self.log) > 1500:
            del self.log[:500]

    def _visible(self) -> set[str] | None:
        if self.viewer is None:
            return None
        st = self.ctl.state
        return {u.id for u in st.live_units(self.viewer)} | set(seen_by(st, self.viewer))

    def jump_mark(self, direction: int) -> None:
        pos = self.ctl.pos
        steps = sorted({b.step for b in self.marks})
        if direction > 0:
            nxt = [s for s in steps if s > pos]
            if nxt:
                self.seek(nxt[0])
        else:
            prv = [s for s in steps if s < pos]
            if prv:
                self.seek(prv[-1])

    def take_over(self, how: str) -> None:
        from game.ui.game_scene import GameScene
        from game.ui.session import Session, controllers_for

        self.app.loading_frame("Preparing the game from this point ...")
        k = self.ctl.pos
        game = load_game(self.rec, self.scen, k)
        ctl = controllers_for(how, "ai")
        sess = Session(self.scen, int(self.rec.header["seed"]), ctl, game=game,
                       parent={"record": self.rec.path, "step": k})
        sess.log.append(LogLine(f"Taken over from {self.rec.path} at step {k}", "", game.state.turn, True))
        self.app.set_scene(GameScene(self.app, sess))

    # --- input ----------------------------------------------------------------------------------
    def handle(self, e: pygame.event.Event) -> None:
        if self.modal is not None:
            res = self.modal.handle(e)
            modal = self.modal
            if res:
                self.modal = None
            if res == "turn" and modal is not None:
                self.seek_turn(int(modal.result))
            elif res and res.startswith("menu:"):
                self.do(res[5:])
            elif res and res.startswith("take:"):
                self.take_over(res[5:])
            return
        if e.type == pygame.KEYDOWN:
            self._key(e)
        elif e.type == pygame.MOUSEMOTION:
            far = self.down is not None and abs(e.pos[0] - self.down[0]) + abs(e.pos[1] - self.down[1]) > 6
            if (self.down is not None and e.buttons[0] and self.cam.viewport.collidepoint(self.down)
                    and (self.dragging or far)):
                self.dragging = True
                self.cam.pan_pixels(e.rel[0], e.rel[1])
            self.mouse = e.pos
            self.mouse_still = 0.0
        elif e.type == pygame.MOUSEBUTTONDOWN and e.button == 1:
            self.down = e.pos
            self.dragging = False
            p = self.minimap.unit_at(e.pos)
            if p:
                self.cam.centre_on(*p)
        elif e.type == pygame.MOUSEBUTTONUP and e.button == 1:
            drag = self.dragging
            self.down, self.dragging = None, False
            if drag:
                return
            for b in self.buttons + self.header.buttons:
                if b.hit(e.pos):
                    self.do(b.action, b.arg)
                    return
            bar = getattr(self, "_bar", None)
            if bar is not None and bar.inflate(0, 14).collidepoint(e.pos):
                self.seek(round((e.pos[0] - bar.x) / max(1, bar.w) * self.ctl.total))
        elif e.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos()
            if self.layout.log.collidepoint(pos):
                self.logview.wheel(e.y, len(self.log))
            elif self.cam.viewport.collidepoint(pos):
                self.cam.zoom(1 if e.y > 0 else -1, pos)

    def _key(self, e: pygame.event.Event) -> None:
        k = e.key
        shift = bool(e.mod & pygame.KMOD_SHIFT)
        ctrl = bool(e.mod & pygame.KMOD_CTRL)
        if ctrl and k in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN):
            d = {pygame.K_LEFT: (120, 0), pygame.K_RIGHT: (-120, 0), pygame.K_UP: (0, 120), pygame.K_DOWN: (0, -120)}[k]
            self.cam.pan_pixels(*d)
            return
        acts = {pygame.K_SPACE: "play", pygame.K_RIGHT: "next_turn" if shift else "fwd",
                pygame.K_LEFT: "prev_turn" if shift else "back", pygame.K_HOME: "first", pygame.K_END: "last",
                pygame.K_PAGEDOWN: "next_mark", pygame.K_PAGEUP: "prev_mark", pygame.K_g: "goto",
                pygame.K_t: "takeover", pygame.K_v: "viewer", pygame.K_F5: "slower", pygame.K_F6: "faster",
                pygame.K_EQUALS: "zoom_in", pygame.K_PLUS: "zoom_in", pygame.K_MINUS: "zoom_out",
                pygame.K_ESCAPE: "menu", pygame.K_F1: "help", pygame.K_c: "contrast", pygame.K_F2: "stats"}
        act = acts.get(k)
        if act:
            self.do(act)

    def do(self, act: str, arg: object = None) -> None:
        ctl = self.ctl
        if act == "play":
            self.playing = not self.playing
            if ctl.pos >= ctl.total:
                self.playing = False
        elif act == "fwd":
            self.playing = False
            self.animator.skip()
            self.step()
        elif act == "back":
            self.playing = False
            self.seek(ctl.pos - 1)
        elif act == "next_turn":
            t = ctl.state.turn
            self.seek(ctl.step_after_turn(t))
        elif act == "prev_turn":
            t = ctl.state.turn
            self.seek(ctl.turn_start(t - 1 if ctl.pos == ctl.turn_start(t) else t))
        elif act == "first":
            self.seek(0)
        elif act == "last":
            self.seek(ctl.total)
        elif act == "next_mark":
            self.jump_mark(1)
        elif act == "prev_mark":
            self.jump_mark(-1)
        elif act == "mark":
            self.seek(int(str(arg)))
        elif act == "goto":
            self.modal = TurnInput(self.app.theme, self.scen.clock.n_turns)
        elif act == "takeover":
            self.playing = False
            self.modal = TakeOverMenu(self.app.theme)
        elif act == "viewer":
            order = [None, *self.scen.side_keys]
            self.viewer = order[(order.index(self.viewer) + 1) % len(order)]
        elif act == "slower":
            self.speed_i = max(0, self.speed_i - 1)
        elif act == "faster":
            self.speed_i = min(len(self.speeds) - 1, self.speed_i + 1)
        elif act == "zoom_in":
            self.cam.zoom(1)
        elif act == "zoom_out":
            self.cam.zoom(-1)
        elif act == "contrast":
            self.app.theme.set_contrast(not self.app.theme.high_contrast)
            self.view.refresh_palette()
            self.minimap.invalidate()
        elif act == "stats":
            from game.ui.screens import StatsOverlay
            from game.ui.stats import compute

            steps = [(self.ctl.turns[k - 1], self.ctl.events(k)) for k in range(1, self.ctl.pos + 1)]
            self.modal = StatsOverlay(self.app.theme, self.scen, compute(self.scen, steps))
        elif act == "help":
            self.modal = ReplayHelp(self.app.theme)
        elif act == "menu":
            self.playing = False
            self.modal = ListMenu(self.app.theme, [
                ("Resume", "close"), ("Take over from here  (T)", "menu:takeover"), ("Jump to turn  (G)", "menu:goto"),
                ("Statistics  (F2)", "menu:stats"), ("Keys  (F1)", "menu:help"),
                ("High contrast on/off  (C)", "menu:contrast"), ("Quit  (Esc)", "menu:quit")])
        elif act == "ai_speed":
            self.speed_i = (self.speed_i + 1) % len(self.speeds)
        elif act == "quit":
            self.app.running = False

    # --- frame ----------------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        self.mouse_still += dt
        self.animator.update(dt)
        if self.playing and not self.animator.busy and time.perf_counter() >= self.next_step:
            sp = self.speeds[self.speed_i]
            n = 1 if sp <= 4 else 8
            for _ in range(n):
                if self.ctl.pos >= self.ctl.total:
                    self.playing = False
                    break
                self.step()
            self.next_step = time.perf_counter() + 0.35 / sp

    def resize(self, w: int, h: int) -> None:
        self.layout = Layout.for_size(w, h)
        self.app.theme.set_scale(self.layout.scale)
        self.cam.viewport = self._map_rect()
        self.cam.clamp()
        self.minimap.invalidate()

    def shown(self) -> dict[int, list[Any]]:
        st = self.ctl.state
        seen = set(seen_by(st, self.viewer)) if self.viewer else set()
        out: dict[int, list[Any]] = {}
        for idx, ids in st.occupancy.items():
            lst = [st.units[i] for i in ids if self.viewer is None or st.units[i].side == self.viewer or i in seen]
            if lst:
                out[idx] = lst
        return out

    def draw(self, surf: pygame.Surface) -> None:
        th = self.app.theme
        lay = self.layout
        st = self.ctl.state
        clock = self.scen.clock
        surf.fill(th.colour("background"))
        shown = self.shown()
        t = min(st.turn, clock.n_turns - 1)
        ov = MapOverlay(control=st.control, night=not clock.daylight[t], fog=clock.fog[t])
        self.animator.overlay(ov)
        self.view.draw(surf, st, shown, ov, complete=self.complete_tiles)
        self.complete_tiles = False
        self.animator.draw(surf, self.view)
        status = f"Replay: step {self.ctl.pos}/{self.ctl.total}" + ("  playing" if self.playing else "  paused")
        if self.ctl.indexed < self.ctl.total and not self.ctl.error:
            status += f"  (indexing {100 * self.ctl.indexed // max(1, self.ctl.total)}%)"
        if self.ctl.error:
            status += f"  RECORD ERROR {self.ctl.error}"
        speed = f"Speed x{self.speeds[self.speed_i]:g}"
        self.header.draw(surf, lay.header, st, status, speed, self.mouse, "Replay",
                         extra=[("Take over", "takeover", "T: continue from here as a player")])
        self._controls(surf)
        pygame.draw.rect(surf, th.colour("background"), lay.panel)
        self.minimap.draw(surf, lay.minimap, self.cam, shown, self.scen.map.hexes, None)
        self._summary(surf, pygame.Rect(lay.details.x, lay.details.y, lay.details.w,
                                        lay.actions.bottom - lay.details.y))
        self.logview.draw(surf, lay.log, self.log)
        if self.modal is not None:
            self.modal.draw(surf)
        elif self.mouse_still > 0.45:
            for b in self.buttons + self.header.buttons:
                if b.rect.collidepoint(self.mouse) and b.tip:
                    tooltip(surf, th, [b.label, b.tip], self.mouse)
                    break

    def _controls(self, surf: pygame.Surface) -> None:
        th = self.app.theme
        lay = self.layout
        area = pygame.Rect(lay.map.x, self.cam.viewport.bottom, lay.map.w, lay.map.bottom - self.cam.viewport.bottom)
        pygame.draw.rect(surf, th.colour("panel_title")[:3], area)
        s = lay.scale
        self.buttons = []
        x = area.x + 8
        bh = round(28 * s)
        y = area.y + 6
        specs = [("|<", "first", "Home: start"), ("<<", "prev_turn", "Shift+Left: previous turn"),
                 ("<", "back", "Left: one order back"),
                 ("Pause" if self.playing else "Play", "play", "Space: play / pause"),
                 (">", "fwd", "Right: one order forward"), (">>", "next_turn", "Shift+Right: next turn"),
                 (">|", "last", "End: the end"), ("-", "slower", "F5: slower"), ("+", "faster", "F6: faster"),
                 ("Turn...", "goto", "G: jump to a turn"), ("< Mark", "prev_mark", "PageUp: previous bookmark"),
                 ("Mark >", "next_mark", "PageDown: next bookmark"),
                 ("View: all" if self.viewer is None else f"View: {th.side_name(self.viewer)}", "viewer",
                  "V: whose fog of war to show")]
        for label, act, tip in specs:
            w = th.font("bold", "small").size(label)[0] + 18
            b = Button(pygame.Rect(x, y, w, bh), label, act, tip=tip, active=act == "play" and self.playing)
            self.buttons.append(b)
            draw_button(surf, th, b, b.rect.collidepoint(self.mouse))
            x += w + 4
        # timeline with bookmarks
        bar = pygame.Rect(area.x + 12, area.bottom - round(16 * s), area.w - 24, max(6, round(6 * s)))
        self._bar = bar
        pygame.draw.rect(surf, th.colour("button")[:3], bar, border_radius=3)
        total = max(1, self.ctl.total)
        done = pygame.Rect(bar.x, bar.y, round(bar.w * self.ctl.pos / total), bar.h)
        pygame.draw.rect(surf, th.colour("button_active")[:3], done, border_radius=3)
        if self.ctl.indexed < self.ctl.total:
            pygame.draw.line(surf, th.colour("text_dim"), (bar.x + bar.w * self.ctl.indexed / total, bar.y - 2),
                             (bar.x + bar.w * self.ctl.indexed / total, bar.bottom + 1))
        for m in self.marks:
            mx = bar.x + bar.w * m.step / total
            col = {"date": th.colour("objective"), "day": th.colour("text_dim"), "control": th.colour("target")}[m.kind]
            pygame.draw.line(surf, col[:3], (mx, bar.y - 5), (mx, bar.bottom + 2), 2 if m.kind != "day" else 1)
            if abs(self.mouse[0] - mx) < 3 and bar.inflate(0, 14).collidepoint(self.mouse):
                tooltip(surf, th, [m.label, f"step {m.step} (click to jump)"], self.mouse)
        knob = (bar.x + bar.w * self.ctl.pos / total, bar.centery)
        pygame.draw.circle(surf, (250, 250, 250), knob, bar.h)

    def _summary(self, surf: pygame.Surface, rect: pygame.Rect) -> None:
        th = self.app.theme
        st = self.ctl.state
        top = panel(surf, th, rect, "Battle so far")
        x, w = rect.x + 10, rect.w - 20
        y = top + 4
        losses = st.losses()
        for side in self.scen.side_keys:
            lo = losses[side]
            total = lo["killed"] + lo["wounded"] + lo["missing"]
            y = key_value(surf, th, f"{th.side_name(side)} losses", f"{total}", x, y, w, th.side(side, "fill"))
            kwm = f"{lo['killed']} / {lo['wounded']} / {lo['missing']}"
            y = key_value(surf, th, "  killed / wounded / missing", kwm, x, y, w, "text_dim", "tiny")
            men = sum(u.men for u in st.live_units(side))
            y = key_value(surf, th, "  men in the field", str(men), x, y, w, "text_dim", "tiny")
        y += 6
        surf.blit(th.text("Objectives", "small", "text", "bold"), (x, y))
        y += 20
        for o in self.scen.objectives:
            holder = st.control.get(o.name, o.held_by)
            col = th.side(holder, "fill") if holder in self.scen.side_keys else th.colour("text_dim")
            y = key_value(surf, th, f"{o.name} ({o.points})", th.side_name(holder), x, y, w, col)
            if y > rect.bottom - 60:
                break
        near = [m for m in self.marks if m.kind == "date" and m.step <= self.ctl.pos]
        if near and y < rect.bottom - 40:
            y += 6
            for line in th.wrap(near[-1].label, w, "small")[:2]:
                surf.blit(th.text(line, "small", "text_warn"), (x, y))
                y += 18


class ReplayHelp(Notice):
    def __init__(self, theme: Any) -> None:
        self.theme = theme

    def draw(self, surf: pygame.Surface) -> None:
        th = self.theme
        box = pygame.Rect(0, 0, 620, 420)
        box.center = surf.get_rect().center
        top = panel(surf, th, box, "Replay keys (any key closes)", alpha=False)
        rows = [("Space", "play / pause"), ("Left / Right", "one order back / forward"),
                ("Shift+Left / Right", "previous / next turn"), ("Home / End", "start / end"),
                ("PageUp / PageDown", "previous / next bookmark"), ("G", "jump to a turn"),
                ("F5 / F6", "slower / faster"),
                ("V", "whose fog of war: all, " + ", ".join(map(th.side_name, th.side_keys))),
                ("T", "take over from here as a player"), ("F2", "statistics so far"),
                ("Ctrl+Arrows, drag", "scroll the map; wheel or +/- zooms"), ("C", "high contrast"),
                ("Esc", "menu (quit, take over, ...)")]
        y = top + 8
        for k, v in rows:
            surf.blit(th.text(k, "small", "text", "bold"), (box.x + 20, y))
            surf.blit(th.text(v, "small", "text_dim"), (box.x + 220, y))
            y += 24


__all__ = ["Bookmark", "ReplayController", "ReplayScene", "hex_centre_unit"]
