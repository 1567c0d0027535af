"""The start screen: pick a scenario (with its briefing), a side, the opponent and what-ifs, or
load a saved game.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame
import yaml

from game.core.errors import KhasanError
from game.engine.scenario import Scenario, load_scenario
from game.paths import scenarios_dir
from game.ui.layout import screen_scale
from game.ui.scene import Modal, Scene
from game.ui.session import Session, controllers_for, save_dir
from game.ui.widgets import Button, draw_button, panel

if TYPE_CHECKING:
    from game.ui.app import App

HOTSEAT = ("hotseat", "Hot-seat (two players)")
OPPONENTS = (("ai", "Computer"), ("ai:easy", "Computer, easy"), ("ai:hard", "Computer, hard"),
             ("historical", "Historical plans"), ("random", "Random (for testing)"))


@dataclass(slots=True)
class ScenarioInfo:
    path: Path
    id: str = ""
    title: str = ""
    briefing: dict[str, str] = field(default_factory=dict)
    whatifs: dict[str, str] = field(default_factory=dict)
    period: str = ""
    error: str = ""
    sides: list[tuple[str, str]] = field(default_factory=list)  # (key, adjective) in order


_INFO_CACHE: dict[tuple[str, int, int], ScenarioInfo] = {}


def _quick_read(p: Path) -> dict[str, Any]:
    """The scenario file's own top level (no includes, no validation): all the menu needs. The C
    loader makes this ~50x faster than the full validated load, which waits for Start."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(p.read_text(encoding="utf-8"), Loader=loader)
    if not isinstance(data, dict):
        raise KhasanError([f"{p.name}: top level: expected a mapping"])
    return data


def _sides_in(p: Path, data: dict[str, Any], depth: int = 0) -> dict[str, str]:
    """Side key -> adjective from a scenario file merged over its includes (quick read, no
    validation; in the order the loader gives)."""
    out: dict[str, str] = {}
    for inc in (data.get("include") or []) if depth < 4 else []:
        sub = p.parent / str(inc)
        if sub.is_file():
            out.update(_sides_in(sub, _quick_read(sub), depth + 1))
    sides = data.get("sides")
    for k, v in (sides.items() if isinstance(sides, dict) else ()):
        if k not in ("source", "sources", "note"):
            adjective = v.get("adjective") if isinstance(v, dict) else None
            out[str(k)] = str(adjective or out.get(str(k), k))
    return out


def scenario_info(p: Path) -> ScenarioInfo:
    """Title, briefing, what-ifs and period of a scenario file, cached by path, size and mtime."""
    try:
        st = p.stat()
        key = (str(p.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = (str(p), 0, 0)
    hit = _INFO_CACHE.get(key)
    if hit is not None:
        return hit
    info = ScenarioInfo(p)
    try:
        data = _quick_read(p)
        info.id = str(data.get("id", p.stem))
        info.title = str(data.get("title", p.stem))
        info.briefing = {k: str(v) for k, v in (data.get("briefing") or {}).items()}
        info.whatifs = {k: str((v or {}).get("description", "")) for k, v in (data.get("whatifs") or {}).items()}
        clk = data.get("clock", {})
        info.period = f"{clk.get('start', '?').replace('T', ' ')} to {clk.get('end', '?').replace('T', ' ')}"
        info.sides = list(_sides_in(p, data).items())
    except KhasanError as exc:
        info.error = exc.problems[0] if exc.problems else "cannot read"
        info.title = p.stem
    except Exception as exc:  # a half-written scenario must not stop the menu
        info.error = f"{type(exc).__name__}: {exc}".splitlines()[0]
        info.title = p.stem
    _INFO_CACHE[key] = info
    return info


def list_scenarios(extra: Path | None = None) -> list[ScenarioInfo]:
    paths = sorted(p for p in scenarios_dir().glob("*.yaml"))
    if extra is not None and extra.resolve() not in [p.resolve() for p in paths]:
        paths.insert(0, extra)
    order = {"khasan_1938": 0, "border_post_1938": 1, "counteroffensive_1938": 2, "teaching": 9}
    out = [scenario_info(p) for p in paths]
    out.sort(key=lambda i: (order.get(i.id, 5), i.title))
    return out


class Preloader:
    """Loads the highlighted scenario in a background thread while the player reads the start
    screen, so Start opens the map at once. Loading a scenario is a pure function of its files;
    a result is reused only for the same path, what-ifs and file modification time."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._jobs: dict[tuple[str, tuple[str, ...], int], Future[Scenario]] = {}

    @staticmethod
    def _key(path: Path, whatifs: tuple[str, ...]) -> tuple[str, tuple[str, ...], int]:
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            mtime = 0
        return str(path.resolve()), whatifs, mtime

    def want(self, path: Path, whatifs: tuple[str, ...]) -> None:
        key = self._key(path, whatifs)
        if key in self._jobs:
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="khasan-preload")
        if len(self._jobs) > 6:
            self._jobs.clear()
        self._jobs[key] = self._pool.submit(load_scenario, path, whatifs)

    def get(self, path: Path, whatifs: tuple[str, ...]) -> Scenario:
        """The scenario (waiting for a preload under way; loading now if none was started)."""
        fut = self._jobs.get(self._key(path, whatifs))
        if fut is None:
            return load_scenario(path, whatifs)
        return fut.result()


PRELOAD = Preloader()


class StartScene(Scene):
    def __init__(self, app: App, args: Any) -> None:
        super().__init__(app)
        self.args = args
        chosen = Path(args.scenario) if getattr(args, "scenario", None) else None
        self.scenarios = list_scenarios(chosen)
        self.index = 0
        if chosen is not None:
            for k, s in enumerate(self.scenarios):
                if s.path.resolve() == chosen.resolve():
                    self.index = k
        sides = [k for k, _ in self.side_choices]
        self.side = sides.index(args.side) if getattr(args, "side", None) in sides else 0
        opps = [k for k, _ in OPPONENTS]
        self.opponent = opps.index(args.opponent) if getattr(args, "opponent", None) in opps else 0
        self.seed = int(getattr(args, "seed", 1) or 1)
        self.whatifs: set[str] = set(getattr(args, "whatif", []) or [])
        self.buttons: list[Button] = []
        self.mouse = (0, 0)
        self.message = ""
        self.modal: Modal | None = None
        self.brief_scroll = 0
        self._brief_len = 0
        self._brief_rect = pygame.Rect(0, 0, 0, 0)
        self._tip = ""
        if app.notice:
            self.message, app.notice = app.notice, ""

    @property
    def info(self) -> ScenarioInfo:
        return self.scenarios[self.index]

    @property
    def side_choices(self) -> list[tuple[str, str]]:
        """The highlighted scenario's sides (key, adjective), then hot-seat."""
        return [*self.info.sides, HOTSEAT]

    @property
    def side_choice(self) -> tuple[str, str]:
        choices = self.side_choices
        return choices[self.side % len(choices)]

    def handle(self, e: pygame.event.Event) -> None:
        if self.modal is not None:
            res = self.modal.handle(e)
            if res == "loaded" and self.modal.result:
                self.load(Path(str(self.modal.result)))
            elif res == "settings":
                self.app.apply_settings()
            elif res:
                self.modal = None
            return
        if e.type == pygame.KEYDOWN:
            k = e.key
            if k == pygame.K_F3:
                self.open_settings()
            elif k == pygame.K_ESCAPE:
                self.app.running = False
            elif k in (pygame.K_UP, pygame.K_DOWN):
                self.index = (self.index + (1 if k == pygame.K_DOWN else -1)) % len(self.scenarios)
                self.whatifs &= set(self.info.whatifs)
                self.brief_scroll = 0
            elif k in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
                self._scroll(-200 if k == pygame.K_PAGEUP else 200)
            elif k in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_s):
                self.side = (self.side + (-1 if k == pygame.K_LEFT else 1)) % len(self.side_choices)
            elif k == pygame.K_o:
                self.opponent = (self.opponent + 1) % len(OPPONENTS)
            elif k == pygame.K_w:
                names = sorted(self.info.whatifs)
                if names:
                    # cycle: none -> first -> second ... -> none
                    cur = [n for n in names if n in self.whatifs]
                    nxt = names[(names.index(cur[-1]) + 1)] if cur and cur[-1] != names[-1] else (
                        None if cur else names[0])
                    self.whatifs = {nxt} if nxt else set()
            elif k in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
                self.seed += 1
            elif k in (pygame.K_MINUS, pygame.K_KP_MINUS):
                self.seed = max(0, self.seed - 1)
            elif k in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.start()
            elif k == pygame.K_l or (k == pygame.K_o and e.mod & pygame.KMOD_CTRL):
                self.open_load()
        elif e.type == pygame.MOUSEMOTION:
            self.mouse = e.pos
        elif e.type == pygame.MOUSEWHEEL:
            self._scroll(-60 * e.y)
        elif e.type == pygame.MOUSEBUTTONUP and e.button == 1:
            for b in self.buttons:
                if b.hit(e.pos):
                    self.click(b)
                    return

    def _scroll(self, dy: int) -> None:
        limit = max(0, self._brief_len - self._brief_rect.h + 40)
        self.brief_scroll = max(0, min(limit, self.brief_scroll + dy))

    def click(self, b: Button) -> None:
        if b.action == "scenario":
            self.index = int(str(b.arg))
            self.whatifs &= set(self.info.whatifs)
            self.brief_scroll = 0
        elif b.action == "side":
            self.side = int(str(b.arg))
        elif b.action == "opponent":
            self.opponent = int(str(b.arg))
        elif b.action == "side_next":
            self.side = (self.side + 1) % len(self.side_choices)
        elif b.action == "opponent_next":
            self.opponent = (self.opponent + 1) % len(OPPONENTS)
        elif b.action == "whatif":
            self.whatifs.symmetric_difference_update({str(b.arg)})
        elif b.action == "seed":
            self.seed = max(0, self.seed + int(str(b.arg)))
        elif b.action == "start":
            self.start()
        elif b.action == "load":
            self.open_load()
        elif b.action == "settings":
            self.open_settings()
        elif b.action == "quit":
            self.app.running = False

    def open_settings(self) -> None:
        from game.ui.screens import SettingsOverlay

        self.modal = SettingsOverlay(self.app.theme, self.app.settings)

    def open_load(self) -> None:
        from game.ui.screens import LoadDialog

        self.modal = LoadDialog(self.app.theme, save_dir())

    def load(self, path: Path) -> None:
        from game.ui.loading import LoadingScene

        self.modal = None
        try:
            scene = LoadingScene.open(self.app, path, on_error=self)
        except KhasanError as exc:
            self.message = exc.problems[0] if exc.problems else "cannot load"
            return
        self.app.set_scene(scene)

    def start(self) -> None:
        from game.ui.game_scene import GameScene

        info = self.info
        if info.error:
            self.message = f"This scenario does not load yet: {info.error}"
            return
        self.app.loading_frame(f"Preparing {info.title} ...")
        try:
            scen = PRELOAD.get(info.path, tuple(sorted(self.whatifs)))
        except KhasanError as exc:
            self.message = exc.problems[0] if exc.problems else "cannot load"
            return
        side = self.side_choice[0]
        sess = Session(scen, self.seed, controllers_for(side, OPPONENTS[self.opponent][0]))
        self.app.set_scene(GameScene(self.app, sess))

    def _whatif_button(self, surf: pygame.Surface, r: pygame.Rect, name: str, desc: str) -> None:
        th = self.app.theme
        on = name in self.whatifs
        label = _fit(th, ("[x] " if on else "[ ] ") + name.replace("_", " "), r.w - 10, "tiny")
        b = Button(r, label, "whatif", arg=name, active=on, tip=desc)
        self.buttons.append(b)
        draw_button(surf, th, b, r.collidepoint(self.mouse), "tiny")
        if r.collidepoint(self.mouse) and desc:
            self._tip = desc

    def update(self, dt: float) -> None:
        info = self.info
        if not info.error and self.app.frames is None:
            PRELOAD.want(info.path, tuple(sorted(self.whatifs)))

    def draw(self, surf: pygame.Surface) -> None:
        th = self.app.theme
        self._tip = ""
        w, h = surf.get_size()
        th.set_scale(screen_scale(w, h))
        surf.fill(th.colour("background"))
        _hex_backdrop(surf)
        self.buttons = []
        s = th.ui_scale
        short = h < 560  # a low window: smaller title, choices as cycling buttons
        t = th.text("Lake Khasan 1938", "title" if short else "huge", "text", "bold")
        margin = (10 if short else 26) * s
        surf.blit(t, (40 * s, margin))
        sub = th.text("The battle for Zaozernaya and Bezymyannaya, 29 July - 11 August 1938",
                      "small" if short else "normal", "text_dim")
        surf.blit(sub, (44 * s, margin + t.get_height()))
        top = round(margin + t.get_height() + sub.get_height() + (8 if short else 24) * s)
        left = pygame.Rect(round(30 * s), top, round(w * 0.27), h - top - round(30 * s))
        mid = pygame.Rect(left.right + 16, top, round(w * 0.40), left.h)
        right = pygame.Rect(mid.right + 16, top, w - mid.right - 16 - round(30 * s), left.h)
        # scenarios
        y = panel(surf, th, left, "Scenario  (Up/Down)") + 6
        bh = round(44 * s)
        for k, info in enumerate(self.scenarios):
            b = Button(pygame.Rect(left.x + 10, y, left.w - 20, bh), "", "scenario", arg=k, active=k == self.index)
            self.buttons.append(b)
            draw_button(surf, th, b, b.rect.collidepoint(self.mouse))
            tt = th.text(_fit(th, info.title, b.rect.w - 16), "small", "text", "bold")
            surf.blit(tt, (b.rect.x + 8, b.rect.y + 5))
            st = th.text(_fit(th, info.error if info.error else info.period, b.rect.w - 16, "tiny"), "tiny",
                         "text_warn" if info.error else "text_dim")
            surf.blit(st, (b.rect.x + 8, b.rect.bottom - st.get_height() - 5))
            y += bh + 6
        # briefing
        info = self.info
        y = panel(surf, th, mid, "Briefing  (PageUp/PageDown, wheel)") + 6
        x = mid.x + 14
        self._brief_rect = mid
        clip = surf.get_clip()
        surf.set_clip(pygame.Rect(mid.x, y, mid.w, mid.bottom - y - 6))
        y -= self.brief_scroll
        tt = th.text(_fit(th, info.title, mid.w - 28, "large"), "large", "text", "bold")
        surf.blit(tt, (x, y))
        y += tt.get_height() + 8
        for key, head in (("situation", "Situation"), ("objectives", "Objectives"), ("history", "What happened")):
            text = info.briefing.get(key)
            if not text:
                continue
            surf.blit(th.text(head, "small", "text_warn", "bold"), (x, y))
            y += round(20 * s)
            for line in th.wrap(text, mid.w - 28, "small"):
                surf.blit(th.text(line, "small", "text"), (x, y))
                y += round(18 * s)
            y += 8
        surf.set_clip(clip)
        self._brief_len = y + self.brief_scroll - mid.y
        # options
        y = panel(surf, th, right, "Your command") + 8
        x = right.x + 12
        bw = right.w - 24
        hot = self.side_choice[0] == "hotseat"
        y = self._compact_choices(surf, x, y, bw) if short else self._choices(surf, x, y, bw, hot)
        by = right.bottom - round((80 if short else 112) * s)
        seed_y = by - round(34 * s)
        if info.whatifs:
            surf.blit(th.text("What-ifs  (W)", "small", "text_dim", "bold"), (x, y))
            y += round(22 * s)
            names = sorted(info.whatifs.items())
            room = max(0, (seed_y - 6 - y) // round(29 * s))
            if len(names) > room:  # two columns when they do not fit in one
                half = (bw - 6) // 2
                for k, (name, desc) in enumerate(names[: room * 2]):
                    r = pygame.Rect(x + (k % 2) * (half + 6), y + (k // 2) * round(29 * s), half, round(26 * s))
                    self._whatif_button(surf, r, name, desc)
            else:
                for k, (name, desc) in enumerate(names):
                    self._whatif_button(surf, pygame.Rect(x, y + k * round(29 * s), bw, round(26 * s)), name, desc)
        y = seed_y
        surf.blit(th.text(f"Seed {self.seed}  (+/-)", "small", "text_dim", "bold"), (x, y + 4))
        for k, (label, d) in enumerate((("-", -1), ("+", 1))):
            b = Button(pygame.Rect(right.right - 12 - (2 - k) * round(40 * s), y, round(34 * s), round(26 * s)),
                       label, "seed", arg=d)
            self.buttons.append(b)
            draw_button(surf, th, b, b.rect.collidepoint(self.mouse))
        b = Button(pygame.Rect(x, by, bw, round((34 if short else 46) * s)), "Start  (Enter)", "start", active=True,
                   enabled=not info.error)
        self.buttons.append(b)
        draw_button(surf, th, b, b.rect.collidepoint(self.mouse), "normal" if short else "large")
        half = (bw - 6) // 2
        gap = round((40 if short else 54) * s)
        bh2 = round((28 if short else 34) * s)
        third = (bw - 12) // 3
        b1 = Button(pygame.Rect(x, by + gap, third, bh2), "Load game  (L)", "load")
        b3 = Button(pygame.Rect(x + third + 6, by + gap, third, bh2), "Settings  (F3)", "settings")
        b2 = Button(pygame.Rect(x + 2 * (third + 6), by + gap, third, bh2), "Quit  (Esc)", "quit")
        for b in (b1, b3, b2):
            self.buttons.append(b)
            draw_button(surf, th, b, b.rect.collidepoint(self.mouse), "tiny" if third < 140 else "small")
        self._footer(surf, left, h)

    def _compact_choices(self, surf: pygame.Surface, x: int, y: int, bw: int) -> int:
        """Side and opponent as one button each that cycles on click (S and O keys too)."""
        th = self.app.theme
        s = th.ui_scale
        hot = self.side_choice[0] == "hotseat"
        for label, act in ((f"Side: {self.side_choice[1]}  (S)", "side_next"),
                           (f"Opponent: {OPPONENTS[self.opponent][1]}  (O)", "opponent_next")):
            b = Button(pygame.Rect(x, y, bw, round(28 * s)), label, act,
                       enabled=not (hot and act == "opponent_next"))
            self.buttons.append(b)
            draw_button(surf, th, b, b.rect.collidepoint(self.mouse), "tiny")
            y += round(32 * s)
        return y + 4

    def _choices(self, surf: pygame.Surface, x: int, y: int, bw: int, hot: bool) -> int:
        th = self.app.theme
        s = th.ui_scale
        surf.blit(th.text("Side  (Left/Right)", "small", "text_dim", "bold"), (x, y))
        y += round(22 * s)
        for k, (_, label) in enumerate(self.side_choices):
            b = Button(pygame.Rect(x, y, bw, round(30 * s)), label, "side", arg=k,
                       active=k == self.side % len(self.side_choices))
            self.buttons.append(b)
            draw_button(surf, th, b, b.rect.collidepoint(self.mouse))
            y += round(34 * s)
        y += 6
        surf.blit(th.text("Opponent  (O)" + ("  - not used in hot-seat" if hot else ""), "small", "text_dim", "bold"),
                  (x, y))
        y += round(22 * s)
        half = (bw - 6) // 2
        for k, (_, label) in enumerate(OPPONENTS):
            r = pygame.Rect(x + (k % 2) * (half + 6), y + (k // 2) * round(34 * s), half, round(30 * s))
            b = Button(r, label, "opponent", arg=k, active=k == self.opponent, enabled=not hot)
            self.buttons.append(b)
            draw_button(surf, th, b, r.collidepoint(self.mouse), "tiny" if half < 170 else "small")
        return y + ((len(OPPONENTS) + 1) // 2) * round(34 * s) + 6

    def _footer(self, surf: pygame.Surface, left: pygame.Rect, h: int) -> None:
        th = self.app.theme
        if self.message:
            t = th.text(self.message, "small", "text_warn", "bold")
            surf.blit(t, (left.x, h - t.get_height() - 6))
        if self._tip:
            from game.ui.widgets import tooltip

            tooltip(surf, th, [self._tip], self.mouse)
        if self.modal is not None:
            self.modal.draw(surf)


def _fit(th: Any, text: str, width: int, size: str = "small") -> str:
    font = th.font("bold", size)
    if font.size(text)[0] <= width:
        return str(text)
    while text and font.size(text + "...")[0] > width:
        text = text[:-1]
    return str(text) + "..."


_BACKDROP: dict[tuple[int, int], pygame.Surface] = {}


def _hex_backdrop(surf: pygame.Surface) -> None:
    """A faint hex pattern behind the start screen."""
    size = surf.get_size()
    img = _BACKDROP.get(size)
    if img is None:
        img = pygame.Surface(size, pygame.SRCALPHA)
        r = 28
        import math

        dx, dy = r * math.sqrt(3), r * 1.5
        for row in range(int(size[1] / dy) + 2):
            for col in range(int(size[0] / dx) + 2):
                cx = col * dx + (dx / 2 if row % 2 else 0)
                cy = row * dy
                pts = [(cx + r * math.cos(math.radians(60 * k - 30)), cy + r * math.sin(math.radians(60 * k - 30)))
                       for k in range(6)]
                pygame.draw.polygon(img, (255, 255, 255, 10), pts, 1)
        _BACKDROP[size] = img
    surf.blit(img, (0, 0))
