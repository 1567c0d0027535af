"""The game window's main scene: map, header, side panel, log and minimap; selecting units,
previewing and giving orders, the computer's animated turn, save/load, and the overlays.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game.core import events as ev
from game.core.errors import KhasanError
from game.core.hexgrid import Hex
from game.core.orders import Assault, EndPhase, Entrench, Hold, Move, Order
from game.core.units import Unit
from game.rules.air import can_fly
from game.rules.artillery import indirect_guns
from game.ui import input as keys
from game.ui.animation import Animator
from game.ui.fogview import knows_details, may_reveal_all, unseen_hexes
from game.ui.goto import long_path, next_leg, refusal, turns_needed, turns_text
from game.ui.hud import Header, LogView, Minimap, ObjectivesBox
from game.ui.interaction import Intent, air_types, can_act, intent_at, reach_of, ready_units, targets_of
from game.ui.layout import Camera, Layout, default_level, hex_centre_unit, map_bounds_unit
from game.ui.messages import LogLine, event_units, no_effect_lines, side_name, where
from game.ui.panels import SidePanel
from game.ui.renderer import MapOverlay, MapView
from game.ui.scene import Modal, Scene
from game.ui.session import Applied, Session, save_dir
from game.ui.settings import Settings
from game.ui.widgets import Button, tooltip

if TYPE_CHECKING:
    from game.ui.app import App

DRAG_PX = 6
# The sound of each event type that makes one, and whether only when the viewer sees a unit in it.
SOUNDS: dict[type[Any], tuple[str, bool]] = {
    ev.AssaultResolved: ("assault", False), ev.AirStrikeResolved: ("air", False), ev.BombardResolved: ("fire", False),
    ev.FireResolved: ("fire", True), ev.TurnStarted: ("turn", False),
}


class GameScene(Scene):
    def __init__(self, app: App, session: Session, ai_enabled: bool = True) -> None:
        super().__init__(app)
        self.session = session
        th = app.theme
        th.use_sides(session.scen.sides)
        w, h = app.screen.get_size()
        self.layout = Layout.for_size(w, h)
        th.set_scale(self.layout.scale)
        scen = session.scen
        self.cam = Camera(th.data["zoom_levels"], int(th.data["default_zoom"]), self.layout.map,
                          map_bounds_unit(scen.map.cols, scen.map.rows))
        self.cam.level = max(self.cam.fit_level(), default_level(self.cam, self.layout.scale))
        self.view = MapView(scen, th, self.cam, int(th.data["tile_px"]))
        self.view.art.size_factor = app.settings.counter_size
        self.header = Header(th)
        self.panel = SidePanel(th, self.view.art)
        self.logview = LogView(th)
        self.objectives = ObjectivesBox(th)
        self.minimap = Minimap(th, self.view.tiles)
        self.animator = Animator(th)
        self.ai_enabled = ai_enabled
        self.speeds = [float(x) for x in th.data["animation"]["speeds"]]
        self.speed_i = 1
        self.skip_ai = False
        self.selected: str | None = None
        self.group: set[str] = set()
        self.mode = "auto"
        self.air_choice = ""
        self.air_sorties = 0
        self.focus: Hex | None = None
        self.cursor_visible = False
        self.mouse = (0, 0)
        self.mouse_still = 0.0
        self.down: tuple[int, int] | None = None
        self.dragging = False
        self.drag_minimap = False
        self.shift = False
        self.modal: Modal | None = None
        self.pending: Order | None = None  # an order waiting for the player's confirmation
        self.gotos: dict[str, int] = {}  # unit id -> goal hex index: go-to orders over several turns
        self._goto_done: set[tuple[int, int, str]] = set()
        self._goto_moving = False
        self._goto_paths_key: tuple[Any, ...] | None = None
        self._goto_paths: list[list[int]] = []
        self.toast: tuple[str, float] = ("", 0.0)
        self.next_ai_time = 0.0
        self.last_side = session.game.state.side
        self.end_shown = False
        self.complete_tiles = True  # the first frame draws every visible tile (no blurry start)
        self.zoomed_until = 0.0
        self.view.tiles.ensure_overview()
        self._shown_key: tuple[Any, ...] | None = None
        self._shown: dict[int, list[Unit]] = {}
        self._no_details: set[str] = set()
        self._seen: list[str] = []
        self._intent_key: tuple[Any, ...] | None = None
        self._intent = Intent()
        self._targets_key: tuple[Any, ...] | None = None
        self._targets: set[int] = set()
        self._reach: dict[int, int] = {}
        self.worst_ai_frame = 0.0
        self._centre_on_side()
        self._check_handover(initial=True)
        if app.notice:
            self.say(app.notice, 8.0)
            app.notice = ""

    # --- helpers --------------------------------------------------------------------------------
    @property
    def state(self) -> Any:
        return self.session.game.state

    def _centre_on_side(self) -> None:
        """Look at the front: the own unit nearest to an objective (else the objectives, else the map)."""
        side = self.session.home_side()
        units = self.state.live_units(side)
        objs = [o.hex for o in self.session.scen.objectives]
        if units and objs:
            u = min(units, key=lambda u: (min(u.hex.distance(h) for h in objs), u.id))
            x0, y0 = hex_centre_unit(u.hex)
            ox = sum(hex_centre_unit(h)[0] for h in objs) / len(objs)
            oy = sum(hex_centre_unit(h)[1] for h in objs) / len(objs)
            self.cam.centre_on((x0 + ox) / 2, (y0 + oy) / 2)
        elif units:
            self.cam.centre_on(*hex_centre_unit(units[0].hex))

    def say(self, text: str, seconds: float = 3.0) -> None:
        self.toast = (text, time.perf_counter() + seconds)

    def selected_unit(self) -> Unit | None:
        if self.selected is None:
            return None
        u = self.state.units.get(self.selected)
        if u is None or not u.alive:
            self.selected = None
            return None
        return u

    def viewer(self) -> str | None:
        return self.session.viewer()

    def shown_units(self) -> dict[int, list[Unit]]:
        """Units drawn on the map: own units and spotted enemies (everything with fog off)."""
        st = self.state
        viewer = self.viewer()
        key = (id(st), st.version, st.turn, st.phase, viewer)
        if key != self._shown_key:
            seen = set(self.session.seen(viewer)) if viewer else set()
            self._seen = sorted(seen) if viewer else [u.id for u in st.live_units() if u.side != st.side]
            out: dict[int, list[Unit]] = {}
            for idx, ids in st.occupancy.items():
                lst = [st.units[i] for i in ids if viewer is None or st.units[i].side == viewer or i in seen]
                if lst:
                    out[idx] = lst
            self._shown = out
            self._shown_key = key
            self._no_details = set() if viewer is None else {
                u.id for lst in out.values() for u in lst if u.side != viewer and not knows_details(st, viewer, u)}
        return self._shown

    def enemy_seen(self) -> list[str]:
        """Enemy units of the side to move that it may target (spotted by that side)."""
        st = self.state
        return self.session.seen(st.side)

    def _can_order(self) -> bool:
        return self.session.human_turn() and self.modal is None

    def _refresh_targets(self) -> None:
        st = self.state
        u = self.selected_unit()
        key = (id(st), st.version, self.selected, self.mode, st.phase)
        if key == self._targets_key:
            return
        self._targets_key = key
        if not self._can_order():
            self._reach, self._targets = {}, set()
            return
        own = u if u is not None and u.side == st.side else None
        self._reach = reach_of(st, own) if own is not None and self.mode in ("auto", "move") else {}
        self._targets = targets_of(st, own, self.mode, self.enemy_seen())

    def intent(self) -> Intent:
        st = self.state
        u = self.selected_unit()
        if not self._can_order() or self.focus is None:
            return Intent()
        own = u if u is not None and u.side == st.side else None
        air = (self.air_choice, self.air_sorties) if self.mode == "air" and self.air_choice else None
        key = (id(st), st.version, self.selected, self.mode, self.focus, tuple(sorted(self.group)), self.shift, air,
               st.phase)
        if key != self._intent_key:
            self._intent_key = key
            self._intent = intent_at(st, own, self.mode, self.focus, self.enemy_seen(), self.group, self.shift, air)
            it = self._intent
            if (own is not None and it.order is None and it.preview is None and self.mode in ("auto", "move")
                    and can_act(st, own) and self.focus in st.scenario.map.index):
                self._intent = self._goto_intent(own, st.scenario.map.index[self.focus])
        return self._intent

    def _goto_intent(self, u: Unit, idx: int) -> Intent:
        """Pointing beyond this phase's reach: the whole way there, for a go-to order."""
        st = self.state
        if st.occupancy.get(idx) or idx == st.scenario.map.index[u.hex]:
            return Intent()
        lp = long_path(st, u, idx, set(self.enemy_seen()))
        if lp is None:
            return Intent(hint=refusal(st, u, idx, set(self.enemy_seen())))
        path, cost = lp
        n = turns_needed(st, u, cost)
        return Intent(None, None, path, f"{cost} MP, {turns_text(n)}: Shift+click to go", "Shift+click: go-to order")

    # --- orders ---------------------------------------------------------------------------------
    def give(self, order: Order) -> bool:
        if not self._can_order():
            return False
        self.animator.skip()
        if isinstance(order, Move) and not self._goto_moving and order.unit in self.gotos:
            self.gotos.pop(order.unit)
            self.say("Go-to order replaced by this move")
        ap = self.session.try_apply(order)
        if ap is None:
            self.say(self.session.last_error)
            return False
        self._after(ap)
        return True

    def _after(self, ap: Applied) -> None:
        st = self.state
        viewer = self.viewer()
        visible = None if viewer is None else {u.id for u in st.live_units(viewer)} | set(self.session.seen(viewer))
        pace = 1.0 if ap.by_computer else 1.6
        self.animator.speed = self.speeds[self.speed_i] * pace * self.settings.animation_speed
        self._sounds(ap, visible)
        seen = set(self._seen) | set(self.session.seen(viewer)) if viewer is not None else set()  # before and after
        self.session.log.extend(no_effect_lines(st, ap.events, viewer, seen))
        if self.mode == "air" and not ap.by_computer:
            self._air_after()
        if not (ap.by_computer and self.skip_ai):
            before = len(self.animator.queue)
            self.animator.add(st, ap.events, visible)
            if ap.by_computer and len(self.animator.queue) > before:
                self.next_ai_time = time.perf_counter() + self.app.theme.anim("ai_pause_s") / self.speeds[self.speed_i]
        u = self.selected_unit()
        if u is not None and self.mode not in ("auto", "move", "air") and u.acted:
            self.mode = "auto"
        if isinstance(ap.order, EndPhase):
            self.selected = None
            self.group.clear()
            self.mode = "auto"
            if not ap.by_computer:
                self.session.autosave()
        self.group = {g for g in self.group if g in st.units and st.units[g].alive}

    def _sounds(self, ap: Applied, visible: set[str] | None) -> None:
        """One effect per order: the loudest thing the viewer can see happen."""
        names = []
        for e in ap.events:
            sound, if_seen = SOUNDS.get(type(e), ("", False))
            if sound and (not if_seen or visible is None or any(u in visible for u in event_units(e))):
                names.append(sound)
        for name in ("assault", "air", "fire", "turn"):
            if name in names:
                self.app.sound.play(name)
                return

    def end_turn(self) -> None:
        if self._can_order():
            self.give(EndPhase())

    def _check_handover(self, initial: bool = False) -> None:
        from game.ui.screens import HandoverOverlay

        st = self.state
        if st.side != self.last_side or initial:
            self.last_side = st.side
            if self.session.hotseat and self.session.fog and not st.over:
                self.modal = HandoverOverlay(self.app.theme, st.side)
            self._centre_on_side() if not initial else None

    # --- input ----------------------------------------------------------------------------------
    def handle(self, e: pygame.event.Event) -> None:
        if e.type in (pygame.KEYDOWN, pygame.KEYUP):
            mods = pygame.key.get_mods() | int(getattr(e, "mod", 0))
            self.shift = bool(mods & pygame.KMOD_SHIFT)
        if self.modal is not None:
            res = self.modal.handle(e)
            if res:
                self._modal_result(res)
            return
        if e.type == pygame.KEYDOWN:
            act = keys.action_for(e)
            if act:
                self.do(act)
        elif e.type == pygame.MOUSEMOTION:
            self._motion(e.pos, e.buttons)
        elif e.type == pygame.MOUSEBUTTONDOWN:
            self._press(e.pos, e.button)
        elif e.type == pygame.MOUSEBUTTONUP:
            self._release(e.pos, e.button)
        elif e.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos()
            if self.layout.log.collidepoint(pos):
                self.logview.wheel(e.y, len(self.session.log))
            elif self.layout.map.collidepoint(pos) and self.cam.zoom(1 if e.y > 0 else -1, pos):
                self.zoomed_until = time.perf_counter() + 1.5

    def _motion(self, pos: tuple[int, int], buttons: tuple[int, int, int]) -> None:
        dx, dy = pos[0] - self.mouse[0], pos[1] - self.mouse[1]
        self.mouse = pos
        self.mouse_still = 0.0
        if self.drag_minimap:
            p = self.minimap.unit_at(pos)
            if p:
                self.cam.centre_on(*p)
            return
        if self.down is not None and (buttons[0] or buttons[1] or buttons[2]):
            if not self.dragging and abs(pos[0] - self.down[0]) + abs(pos[1] - self.down[1]) > DRAG_PX:
                self.dragging = True
            if self.dragging:
                self.cam.pan_pixels(dx, dy)
                return
        if self.layout.map.collidepoint(pos):
            self.focus = self.cam.hex_at_screen(*pos)
            self.cursor_visible = False

    def _press(self, pos: tuple[int, int], button: int) -> None:
        self.mouse = pos
        if button in (1, 2, 3) and self.layout.map.collidepoint(pos):
            self.down = pos
            self.dragging = False
        elif button == 1 and self.layout.minimap.collidepoint(pos):
            p = self.minimap.unit_at(pos)
            if p:
                self.cam.centre_on(*p)
                self.drag_minimap = True

    def _release(self, pos: tuple[int, int], button: int) -> None:
        self.drag_minimap = False
        was_drag = self.dragging
        self.dragging = False
        down = self.down
        self.down = None
        if was_drag:
            return
        if button == 1:
            for b in self.header.buttons + self.panel.buttons + self.panel.stack_buttons:
                if b.hit(pos):
                    self.do(b.action, b.arg)
                    return
            name = self.objectives.at(pos)
            if name is not None:
                obj = self.state.scenario.objective(name)
                self.cam.centre_on(*hex_centre_unit(obj.hex))
                return
            if down is not None and self.layout.map.collidepoint(pos):
                mods = pygame.key.get_mods()
                self.click_hex(self.cam.hex_at_screen(*pos), ctrl=bool(mods & pygame.KMOD_CTRL),
                               shift=bool(mods & pygame.KMOD_SHIFT))
        elif button == 3:
            self.do("cancel_soft")

    def click_hex(self, h: Hex, ctrl: bool = False, shift: bool = False) -> None:
        """A left click (or Enter on the cursor) on hex `h`."""
        st = self.state
        m = st.scenario.map
        if h not in m.index:
            return
        self.focus = h
        self.shift = shift
        self.animator.skip() if self.session.human_turn() else None
        idx = m.index[h]
        shown = self.shown_units().get(idx, [])
        own_here = [u for u in shown if u.side == st.side]
        u = self.selected_unit()
        if ctrl and u is not None and own_here:
            for o in own_here:
                if o.id != u.id:
                    self.group.symmetric_difference_update({o.id})
                    self.say(f"{o.name} {'joins' if o.id in self.group else 'leaves'} the assault group")
                    break
            return
        if self._can_order():
            it = self.intent()
            if it.order is not None:
                if not self._confirm_hopeless(it):
                    self.give(it.order)
                return
            if self.mode == "air" or (self.mode not in ("auto", "move") and it.preview is not None):
                if it.preview is not None and it.preview.problems:
                    self.say(it.preview.problems[0])
                return
        if (not shown and u is not None and u.side == st.side and self.mode in ("auto", "move")
                and self._can_order()):
            seen = set(self.enemy_seen())
            if shift and self.set_goto(u, idx):
                return
            reason = refusal(st, u, idx, seen)
            if reason:
                self.say(reason, 4.0)
                return
        if shown:
            ids = [x.id for x in shown]
            if self.selected in ids:
                k = ids.index(self.selected)
                self.selected = ids[(k - 1) % len(ids)]
            else:
                self.selected = shown[-1].id
            self.group.clear()
            if self.mode not in ("auto", "air"):
                self.mode = "auto"
        else:
            self.selected = None
            self.group.clear()

    def set_goto(self, u: Unit, idx: int) -> bool:
        """Give `u` a go-to order to hex `idx`: it walks the first leg now and goes on each phase."""
        st = self.state
        lp = long_path(st, u, idx, set(self.enemy_seen()))
        if lp is None or not can_act(st, u):
            return False
        cost = lp[1]
        self.gotos[u.id] = idx
        place = _place(st, idx)
        self.say(f"{u.name}: go-to {place}, {turns_text(turns_needed(st, u, cost))} (Delete cancels)", 4.0)
        self.session.log.append(LogLine(f"{u.name} ordered to go to {place} ({cost} MP)", u.side, st.turn))
        self._goto_step(u)
        return True

    def _goto_step(self, u: Unit) -> None:
        """Walk this phase's leg of `u`'s go-to order; forget the order on arrival."""
        st = self.state
        goal = self.gotos.get(u.id)
        if goal is None:
            return
        self._goto_done.add((st.turn, st.phase, u.id))
        m = st.scenario.map
        if m.index[u.hex] == goal:
            self.gotos.pop(u.id, None)
            return
        lp = long_path(st, u, goal, set(self.enemy_seen()))
        leg = next_leg(st, u, lp[0]) if lp is not None else None
        if leg is None:
            self.say(f"{u.name}: the way to its go-to goal is blocked this phase", 4.0)
            return
        self._goto_moving = True
        try:
            self.give(Move(u.id, m.hexes[leg]))
        finally:
            self._goto_moving = False
        if m.index[st.units[u.id].hex] == goal:
            self.gotos.pop(u.id, None)
            self.session.log.append(LogLine(f"{u.name} has reached its go-to goal", u.side, st.turn))

    def _run_gotos(self) -> None:
        """At the player's phase, each unit with a go-to order walks its next leg (one per frame)."""
        st = self.state
        if not self.gotos or not self._can_order() or self.animator.busy:
            return
        for uid in sorted(self.gotos):
            u = st.units.get(uid)
            if u is None or not u.alive:
                self.gotos.pop(uid, None)
                return
            if u.side != st.side or (st.turn, st.phase, uid) in self._goto_done:
                continue
            self._goto_done.add((st.turn, st.phase, uid))
            if can_act(st, u) and u.mp_left > 0:
                self._goto_step(u)
                return

    def goto_paths(self) -> list[list[int]]:
        """The remaining paths of the viewer's go-to orders, for the map."""
        st = self.state
        viewer = self.viewer() or st.side
        key = (id(st), st.pos_version, tuple(sorted(self.gotos.items())), viewer)
        if key != self._goto_paths_key:
            self._goto_paths_key = key
            out = []
            for uid, goal in sorted(self.gotos.items()):
                u = st.units.get(uid)
                if u is None or not u.alive or u.side != viewer:
                    continue
                lp = long_path(st, u, goal, set(self.session.seen(u.side)))
                if lp is not None:
                    out.append(lp[0])
            self._goto_paths = out
        return self._goto_paths

    def _confirm_hopeless(self, it: Intent) -> bool:
        """An assault whose chance is below the theme's threshold asks first; True if it asked."""
        pv = it.preview
        limit = int(self.app.theme.data.get("play", {}).get("confirm_assault_below_pct", 10))
        if not isinstance(it.order, Assault) or pv is None or pv.chance is None or pv.chance >= limit:
            return False
        from game.ui.screens import ConfirmDialog

        lines = [f"{pv.title}: {pv.chance}% chance to take the hex."]
        lines += [f"Expected: {o.label} {o.mean:.0f} {'man' if round(o.mean) == 1 else 'men'} ({o.low}-{o.high})"
                  for o in pv.outcomes]
        self.modal = ConfirmDialog(self.app.theme, "A hopeless assault?", lines, "Attack anyway")
        self.pending = it.order
        return True

    def do(self, act: str, arg: object = None) -> None:
        st = self.state
        step = 120
        if act == "pan_left":
            self.cam.pan_pixels(step, 0)
        elif act == "pan_right":
            self.cam.pan_pixels(-step, 0)
        elif act == "pan_up":
            self.cam.pan_pixels(0, step)
        elif act == "pan_down":
            self.cam.pan_pixels(0, -step)
        elif act.startswith("cursor_"):
            self._move_cursor(act[7:])
        elif act == "activate":
            if self.focus is not None:
                self.click_hex(self.focus, shift=self.shift)
        elif act in ("zoom_in", "zoom_out") and self.cam.zoom(1 if act == "zoom_in" else -1):
            self.zoomed_until = time.perf_counter() + 1.5  # sharp tiles first: a bigger budget for a moment
        elif act == "centre":
            u = self.selected_unit()
            if u is not None:
                self.cam.centre_on(*hex_centre_unit(u.hex))
        elif act == "toggle_fog":
            if self.session.fog and not may_reveal_all(self.session.hotseat, st):
                self.say("Fog of war stays on against the computer (off only in hot-seat or after the game)")
                return
            self.session.fog = not self.session.fog
            self.say("Fog of war " + ("on" if self.session.fog else "off: study view, every unit shown"))
        elif act == "cancel_goto":
            u = self.selected_unit()
            if u is not None and self.gotos.pop(u.id, None) is not None:
                self.say(f"{u.name}: go-to order cancelled")
            elif u is not None:
                self.say(f"{u.name} has no go-to order")
        elif act == "toggle_objectives":
            self.objectives.visible = not self.objectives.visible
        elif act == "toggle_grid":
            self.view.set_grid(not self.view.painter.grid)
            self.minimap.invalidate()
        elif act == "toggle_contrast":
            self.app.settings.high_contrast = not self.app.settings.high_contrast
            self.app.apply_settings()
        elif act == "settings":
            from game.ui.screens import SettingsOverlay

            self.modal = SettingsOverlay(self.app.theme, self.app.settings)
        elif act in ("next_unit", "prev_unit"):
            self._cycle_unit(1 if act == "next_unit" else -1)
        elif act == "select_unit":
            self.selected = str(arg)
        elif act.startswith("mode_"):
            self._set_mode(act[5:])
        elif act == "join":
            self._join()
        elif act == "cycle_target":
            self._cycle_target()
        elif act in ("entrench", "hold"):
            u = self.selected_unit()
            if u is not None and can_act(st, u):
                self.give(Entrench(u.id) if act == "entrench" else Hold(u.id))
                self._cycle_unit(1)
        elif act == "undo":
            if self._can_order() and self.session.undo() is not None:
                self.animator.skip()
                self.say("Order taken back")
            elif self._can_order():
                self.say("Nothing to take back (only quiet moves: no dice rolled, nothing new seen)")
        elif act == "end_turn":
            self.end_turn()
        elif act == "aircraft_next" or act == "aircraft_prev":
            self._air_cycle(1 if act == "aircraft_next" else -1)
        elif act in ("sorties_more", "sorties_less"):
            self._sorties(5 if act == "sorties_more" else -5)
        elif act == "skip":
            if self.session.computer_to_move() or self.animator.busy:
                self.animator.skip()
        elif act in ("ai_slower", "ai_faster", "ai_speed"):
            self._speed(act)
        elif act == "save":
            self.save()
        elif act == "load":
            from game.ui.screens import LoadDialog

            self.modal = LoadDialog(self.app.theme, save_dir())
        elif act == "help":
            from game.ui.screens import HelpOverlay

            self.modal = HelpOverlay(self.app.theme)
        elif act == "stats":
            self.open_stats()
        elif act == "menu":
            from game.ui.screens import MenuOverlay

            self.modal = MenuOverlay(self.app.theme, self.session.fog, self.app.theme.high_contrast)
        elif act == "fullscreen":
            pygame.display.toggle_fullscreen()
        elif act in ("cancel", "cancel_soft"):
            if self.mode != "auto":
                self.mode = "auto"
            elif self.group:
                self.group.clear()
            elif self.selected is not None:
                self.selected = None
            elif act == "cancel":
                self.do("menu")

    def _set_mode(self, mode: str) -> None:
        st = self.state
        if not self._can_order():
            return
        if mode == "air":
            types = air_types(st)
            if not types or not self._can_order():
                self.say("No aircraft for this side")
                return
            if not any(n > 0 for _, n in types):
                self.say("No sorties left today: the air budget is renewed at the end of the day")
                return
            if not can_fly(st):
                self.say("Aircraft are grounded: night or fog")
            if dict(types).get(self.air_choice, 0) <= 0:
                self.air_choice = max(types, key=lambda t: t[1])[0]
                self.air_sorties = 0
            self._sorties(0)
            self.mode = "air"
            return
        u = self.selected_unit()
        if mode in ("bombard", "barrage") and (u is None or not indirect_guns(st, u)):
            self.say("Select an artillery unit first")
            return
        if mode != "move" and u is None:
            self.say("Select a unit first")
            return
        self.mode = "auto" if mode == "move" else mode
        if mode == "move":
            self.mode = "move"

    def _air_after(self) -> None:
        """After a strike: another type when this one has no sorties left; air mode off at none."""
        types = air_types(self.state)
        left = dict(types)
        if left.get(self.air_choice, 0) > 0:
            self._sorties(0)
            return
        if any(n > 0 for n in left.values()):
            old, self.air_choice = self.air_choice, max(types, key=lambda t: t[1])[0]
            self.air_sorties = 0
            self._sorties(0)
            self.say(f"No {old} sorties left today: switched to {self.air_choice}")
            return
        self.mode = "auto"
        self.say("No sorties left today: air mode off")

    def _air_cycle(self, step: int) -> None:
        types = [t for t, _ in air_types(self.state)]
        if not types:
            return
        k = types.index(self.air_choice) if self.air_choice in types else 0
        self.air_choice = types[(k + step) % len(types)]
        self._sorties(0)

    def _sorties(self, delta: int) -> None:
        left = dict(air_types(self.state)).get(self.air_choice, 0)
        cap = min(left, self.state.params.i("air.max_sorties_per_strike"))
        if self.air_sorties <= 0 and delta == 0:
            self.air_sorties = min(cap, 30)
        self.air_sorties = max(1 if cap else 0, min(cap, self.air_sorties + delta))

    def _cycle_unit(self, step: int) -> None:
        st = self.state
        side = st.side if self.session.is_human(st.side) else self.session.home_side()
        units = ready_units(st, side) or st.live_units(side)
        if not units:
            return
        ids = [u.id for u in units]
        k = (ids.index(self.selected) + step) % len(ids) if self.selected in ids else (0 if step > 0 else len(ids) - 1)
        self.selected = ids[k]
        self.group.clear()
        self.mode = "auto"
        h = st.units[self.selected].hex
        self.focus = h
        self.cam.centre_on(*hex_centre_unit(h))

    def _join(self) -> None:
        st = self.state
        if self.focus is None:
            return
        idx = st.scenario.map.index.get(self.focus)
        if idx is None:
            return
        u = self.selected_unit()
        for o in self.shown_units().get(idx, []):
            if o.side == st.side and (u is None or o.id != u.id):
                self.group.symmetric_difference_update({o.id})
                self.say(f"{o.name} {'joins' if o.id in self.group else 'leaves'} the assault group")
                return

    def _cycle_target(self) -> None:
        self._refresh_targets()
        if not self._targets:
            self.say("No targets for this mode")
            return
        m = self.state.scenario.map
        order = sorted(self._targets)
        cur = m.index.get(self.focus) if self.focus is not None else None
        k = (order.index(cur) + 1) % len(order) if cur in order else 0
        self.focus = m.hexes[order[k]]
        self.cursor_visible = True
        self._keep_visible(self.focus)

    def _move_cursor(self, d: str) -> None:
        m = self.state.scenario.map
        if self.focus is None or self.focus not in m.index:
            u = self.selected_unit()
            self.focus = u.hex if u else self.cam.hex_at_screen(*self.cam.viewport.center)
        col, row = self.focus.to_offset()
        col += {"left": -1, "right": 1}.get(d, 0)
        row += {"up": -1, "down": 1}.get(d, 0)
        col = max(0, min(m.cols - 1, col))
        row = max(0, min(m.rows - 1, row))
        self.focus = Hex.from_offset(col, row)
        self.cursor_visible = True
        self._keep_visible(self.focus)

    def _keep_visible(self, h: Hex) -> None:
        x, y = self.cam.hex_screen(h)
        if not self.cam.viewport.inflate(-120, -120).collidepoint(x, y):
            self.cam.centre_on(*hex_centre_unit(h))

    def _speed(self, act: str) -> None:
        if act == "ai_slower":
            if self.skip_ai:
                self.skip_ai = False
            else:
                self.speed_i = max(0, self.speed_i - 1)
        elif act == "ai_faster":
            if self.speed_i < len(self.speeds) - 1:
                self.speed_i += 1
            else:
                self.skip_ai = True
        else:  # cycle
            if self.skip_ai:
                self.skip_ai = False
                self.speed_i = 0
            elif self.speed_i < len(self.speeds) - 1:
                self.speed_i += 1
            else:
                self.skip_ai = True
        self.say("Computer's turn: " + self.speed_label())

    def speed_label(self) -> str:
        return "Speed: skip" if self.skip_ai else f"Speed x{self.speeds[self.speed_i]:g}"

    def save(self) -> None:
        try:
            p = self.session.save()
            self.say(f"Saved to {p}")
        except OSError as exc:
            self.say(f"Could not save: {exc}")

    def open_stats(self) -> None:
        from game.ui.screens import StatsOverlay
        from game.ui.stats import compute

        steps = [(s.turn, s.events) for s in self.session.game.steps]
        self.modal = StatsOverlay(self.app.theme, self.session.scen, compute(self.session.scen, steps),
                                  self.stats_hidden_sides())

    def stats_hidden_sides(self) -> tuple[str, ...]:
        """The sides whose losses the statistics leave out: against the computer, until the game is
        over, the computer's (a side knows its own losses; the enemy's only as counts of men seen in
        contact, which are not a loss figure). Hot-seat review, a watched game and a finished game
        show everyone's."""
        viewer = self.viewer()
        if viewer is None or may_reveal_all(self.session.hotseat, self.state):
            return ()
        return tuple(s for s in self.session.scen.side_keys if s != viewer)

    def _modal_result(self, res: str) -> None:
        from game.ui.screens import EndOverlay

        modal = self.modal
        if res == "close":
            self.modal = None
            self.pending = None
        elif res == "confirm":
            self.modal = None
            order, self.pending = self.pending, None
            if order is not None:
                self.give(order)
        elif res == "save":
            self.modal = None
            self.save()
        elif res == "load":
            self.do("load")
        elif res == "help":
            self.do("help")
        elif res == "stats":
            self.open_stats()
        elif res == "toggle_fog":
            self.do("toggle_fog")
        elif res == "toggle_contrast":
            self.do("toggle_contrast")
        elif res == "settings":
            from game.ui.screens import SettingsOverlay

            if isinstance(modal, SettingsOverlay):
                self.app.apply_settings()
            else:
                self.do("settings")
        elif res == "quit_to_start":
            self.session.stop()
            self.app.to_start()
        elif res == "quit":
            self.app.running = False
        elif res == "loaded" and modal is not None and modal.result:
            self.load(Path(str(modal.result)))
        elif res == "end_screen" and isinstance(modal, EndOverlay):
            self.modal = modal

    def load(self, path: Path) -> None:
        from game.ui.loading import LoadingScene

        try:
            scene = LoadingScene.open(self.app, path)
        except KhasanError as exc:
            self.modal = None
            self.say(exc.problems[0] if exc.problems else "could not load")
            return
        self.session.stop()
        self.app.set_scene(scene)

    # --- frame ----------------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        self.mouse_still += dt
        self.animator.update(dt)
        if self.modal is not None:
            self.modal.update(dt)
        sess = self.session
        if self.ai_enabled and sess.computer_to_move() and self.modal is None:
            sess.ensure_worker()
            now = time.perf_counter()
            if self.skip_ai:
                t0 = now
                while time.perf_counter() - t0 < 0.003:
                    ap = sess.next_computer_order()
                    if ap is None:
                        break
                    self._after(ap)
                    if not sess.computer_to_move():
                        break
            elif not self.animator.busy and now >= self.next_ai_time:
                ap = sess.next_computer_order()
                if ap is not None:
                    self._after(ap)
        if sess.last_error:
            self.say(sess.last_error, 4.0)
            sess.last_error = ""
        self._run_gotos()
        self._refocus()
        self._check_handover()
        if sess.game.over and not self.end_shown and not self.animator.busy and self.modal is None:
            from game.ui.screens import EndOverlay
            from game.ui.stats import compute

            self.end_shown = True
            steps = [(s.turn, s.events) for s in sess.game.steps]
            self.modal = EndOverlay(self.app.theme, sess.scen, sess.game.state, compute(sess.scen, steps))
        if not self.animator.busy and self.view.missing_tiles == 0 and not sess.computer_to_move():
            self.view.tiles.prefetch(self.cam, 0.004)

    def _refocus(self) -> None:
        """The map moved under a still mouse (keys, wheel, minimap): the hovered hex follows."""
        if self.cursor_visible or self.dragging or not self.layout.map.collidepoint(self.mouse):
            return
        if self.objectives.rect.collidepoint(self.mouse):
            return
        h = self.cam.hex_at_screen(*self.mouse)
        if h != self.focus:
            self.focus = h

    def resize(self, w: int, h: int) -> None:
        self.layout = Layout.for_size(w, h)
        self.app.theme.set_scale(self.layout.scale)
        self.cam.viewport = pygame.Rect(self.layout.map)
        self.cam.clamp()
        self.minimap.invalidate()

    def close(self) -> None:
        self.session.stop()

    @property
    def settings(self) -> Settings:
        return self.app.settings

    def settings_changed(self) -> None:
        self.view.art.size_factor = self.settings.counter_size
        self.view.refresh_palette()
        self.minimap.invalidate()

    def status(self) -> str:
        sess = self.session
        st = self.state
        if st.over:
            return f"Game over: {side_name(st, st.winner)}"
        if sess.computer_to_move():
            if not self.ai_enabled:
                return "Computer (paused)"
            return "Computer is thinking..." if sess.worker.thinking else "Computer moves"
        if sess.hotseat:
            return "Your orders"
        n = len(ready_units(st, st.side))
        return f"Your orders: {n} units ready"

    def draw(self, surf: pygame.Surface) -> None:
        th = self.app.theme
        lay = self.layout
        st = self.state
        surf.fill(th.colour("background"))
        hide = self.modal is not None and self.modal.blocks_map
        shown = {} if hide else self.shown_units()
        self._refresh_targets()
        it = self.intent()
        u = self.selected_unit()
        t = min(st.turn, st.scenario.clock.n_turns - 1)
        ov = MapOverlay(control=st.control, night=not st.scenario.clock.daylight[t], fog=st.scenario.clock.fog[t])
        if u is not None:
            ov.selected = u.id
            ov.group = set(self.group)
            if u.side == st.side and self._reach and self.mode in ("auto", "move"):
                ov.reach = self._reach
        ov.targets = self._targets
        if self.focus is not None and self.focus in st.scenario.map.index:
            fi = st.scenario.map.index[self.focus]
            ov.target_hover = fi if fi in self._targets else None
        ov.path, ov.path_label = it.path, it.path_label
        ov.path_ok = it.order is not None  # a path without an order: beyond this phase (go-to)
        ov.no_details = self._no_details
        ov.gotos = [] if hide else self.goto_paths()
        viewer = self.viewer()
        if viewer is not None and self.settings.fog_shading and not hide:
            ov.unseen = unseen_hexes(st, viewer)
            ov.unseen_key = (viewer, st.pos_version, st.turn)
        ov.cursor = self.focus if self.cursor_visible else None
        self.animator.overlay(ov)
        self.view.set_dim_side(st.side if self.session.human_turn() else "")
        boost = self.view.missing_tiles and time.perf_counter() < self.zoomed_until
        self.view.draw(surf, st, shown, ov, complete=self.complete_tiles, budget_s=0.03 if boost else 0.008)
        self.complete_tiles = False
        if not hide:
            self.animator.draw(surf, self.view)
            self.objectives.draw(surf, lay.map, st)
        # header, panel
        title = st.scenario.title.split(":")[0].split(",")[0]
        self.header.draw(surf, lay.header, st, self.status(), self.speed_label(), self.mouse, title)
        pygame.draw.rect(surf, th.colour("background"), lay.panel)
        self.minimap.draw(surf, lay.minimap, self.cam, shown, st.scenario.map.hexes, self.selected)
        stack: list[Unit] = []
        hover_units: list[Unit] = []
        if u is not None:
            stack = shown.get(st.scenario.map.index[u.hex], [u])
        if self.focus is not None and self.focus in st.scenario.map.index:
            hover_units = shown.get(st.scenario.map.index[self.focus], [])
        air = None
        if self.mode == "air":
            air = (air_types(st), self.air_choice, self.air_sorties)
        hint = it.hint
        if u is not None and u.side == st.side and not hint and self._can_order():
            hint = "Has acted this phase" if u.acted else ""
        if u is not None and u.id in self.gotos and not hint:
            hint = f"Go-to {_place(st, self.gotos[u.id])}  (Delete cancels)"
        enemy_view = u is not None and self.viewer() is not None and u.side != self.viewer()
        self.panel.draw_details(surf, lay.details, st, u, stack, it.preview, self.focus, hover_units, air, hint,
                                enemy_view, self.viewer())
        self.panel.draw_actions(surf, lay.actions, self._enabled_actions(u), "mode_" + self.mode, self.mouse,
                                self._action_notes())
        self.logview.draw(surf, lay.log, self.session.log)
        self._draw_toast(surf)
        if self.modal is None:
            self._draw_tooltip(surf, shown)
        else:
            self.modal.draw(surf)

    def _enabled_actions(self, u: Unit | None) -> dict[str, bool]:
        st = self.state
        ok = self._can_order()
        own = ok and u is not None and u.side == st.side and can_act(st, u)
        guns = own and u is not None and bool(indirect_guns(st, u))
        return {
            "mode_move": own and u is not None and u.mp_left > 0,
            "mode_fire": own, "mode_assault": own and u is not None and u.traits.may_assault,
            "mode_bombard": guns, "mode_barrage": guns,
            "mode_air": ok and any(n > 0 for _, n in air_types(st)) and can_fly(st),
            "entrench": own, "hold": own, "undo": ok and self.session.can_undo(), "end_turn": ok,
        }

    def _action_notes(self) -> dict[str, str]:
        """What the Air and Undo buttons' tooltips add: sorties left per type, or why they are off."""
        st = self.state
        types = air_types(st)
        if st.over or st.turn >= st.scenario.clock.n_turns:
            air = ""
        elif not types:
            air = "No aircraft for this side"
        else:
            air = "Left today: " + ", ".join(f"{n} {t}" for t, n in types)
            if not can_fly(st):
                air += " (grounded: night or fog)"
        undo = "" if self.session.can_undo() else "Nothing to take back now"
        return {"mode_air": air, "undo": undo}

    def _draw_toast(self, surf: pygame.Surface) -> None:
        text, until = self.toast
        if not text or time.perf_counter() > until:
            return
        th = self.app.theme
        t = th.text(text, "normal", "text", "bold")
        r = t.get_rect()
        r.midtop = (self.layout.map.centerx, self.layout.map.y + 12)
        if r.inflate(24, 12).colliderect(self.objectives.rect):  # below the objectives list, not over it
            r.top = self.objectives.rect.bottom + 10
        box = r.inflate(24, 12)
        layer = pygame.Surface(box.size, pygame.SRCALPHA)
        pygame.draw.rect(layer, (20, 22, 26, 225), layer.get_rect(), border_radius=8)
        surf.blit(layer, box.topleft)
        surf.blit(t, r)

    def _draw_tooltip(self, surf: pygame.Surface, shown: dict[int, list[Unit]]) -> None:
        if self.mouse_still < 0.45 or self.dragging:
            return
        pos = self.mouse
        for b in self.header.buttons + self.panel.buttons + self.panel.stack_buttons:
            if b.rect.collidepoint(pos) and b.tip:
                tooltip(surf, self.app.theme, [b.label, b.tip] if b.tip != b.label else [b.label], pos)
                return
        it = self.intent()
        if not self.layout.map.collidepoint(pos) or it.preview is not None or it.path is not None:
            return
        st = self.state
        h = self.cam.hex_at_screen(*pos)
        m = st.scenario.map
        if h not in m.index:
            return
        tooltip(surf, self.app.theme, self.hex_tip(h, shown), pos)

    def hex_tip(self, h: Hex, shown: dict[int, list[Unit]]) -> list[str]:
        """The hover tooltip of a map hex: terrain, place, the units shown there (numbers only when
        the viewer may know them)."""
        st = self.state
        m = st.scenario.map
        idx = m.index[h]
        terr = m.kind(idx).name
        lines = [f"{terr}, {int(m.elevation[idx])} m"]
        for name, ph in m.places.items():
            if ph == h:
                lines[0] = f"{name}: " + lines[0]
        for un in shown.get(idx, []):
            if knows_details(st, self.viewer(), un):
                lines.append(f"{un.name}: {un.men} men, morale {un.morale}" + (", dug in" if un.entrench else ""))
            else:
                lines.append(f"{un.name} (strength unknown: not in contact)")
        return lines


def _place(st: Any, idx: int) -> str:
    """A hex as the log names it, without the preposition: "Zarechye", "near Hill", "hex 3,4"."""
    text = where(st, st.scenario.map.hexes[idx])
    return text[3:] if text.startswith("on ") else text


def buttons_at(buttons: list[Button], pos: tuple[int, int]) -> Button | None:
    for b in buttons:
        if b.hit(pos):
            return b
    return None
