"""Small drawing helpers and the clickable button shared by every panel and screen."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.ui.theme import Colour, Theme


@dataclass(slots=True)
class Button:
    """A clickable, keyboard-reachable control. `action` names what the owner should do."""

    rect: pygame.Rect
    label: str
    action: str
    hotkey: str = ""
    tip: str = ""
    enabled: bool = True
    active: bool = False
    arg: object = None

    def hit(self, pos: tuple[int, int]) -> bool:
        return self.enabled and self.rect.collidepoint(pos)


def panel(surf: pygame.Surface, theme: Theme, rect: pygame.Rect, title: str = "", alpha: bool = True) -> int:
    """A rounded panel; returns the y just below its title bar (nothing drawn for an empty rect)."""
    if rect.w <= 0 or rect.h <= 0:
        return rect.y
    col = theme.colour("panel")
    if alpha and len(col) == 4 and col[3] < 255:
        layer = pygame.Surface(rect.size, pygame.SRCALPHA)
        pygame.draw.rect(layer, col, layer.get_rect(), border_radius=6)
        surf.blit(layer, rect.topleft)
    else:
        pygame.draw.rect(surf, col[:3], rect, border_radius=6)
    pygame.draw.rect(surf, theme.colour("panel_edge"), rect, 1, border_radius=6)
    if not title:
        return rect.y + 6
    t = theme.text(title, "small", "text", "bold")
    bar = pygame.Rect(rect.x + 1, rect.y + 1, rect.w - 2, t.get_height() + 8)
    pygame.draw.rect(surf, theme.colour("panel_title"), bar, border_top_left_radius=6, border_top_right_radius=6)
    surf.blit(t, (rect.x + 8, rect.y + 5))
    return bar.bottom + 4


def draw_button(surf: pygame.Surface, theme: Theme, b: Button, hover: bool, size: str = "small") -> None:
    if not b.enabled:
        bg = theme.colour("button_disabled") if "button_disabled" in theme.palette else theme.colour("button")
    elif b.active:
        bg = theme.colour("button_active")
    elif hover:
        bg = theme.colour("button_hover")
    else:
        bg = theme.colour("button")
    pygame.draw.rect(surf, bg[:3], b.rect, border_radius=5)
    edge = "panel_edge" if b.enabled or "text_disabled" not in theme.palette else "button_disabled_edge"
    pygame.draw.rect(surf, theme.colour(edge), b.rect, 1, border_radius=5)
    col: Colour | str = "text" if b.enabled else ("text_disabled" if "text_disabled" in theme.palette else "text_dim")
    t = fit_label(theme, b.label, b.rect.w - 6, size, col, "bold" if b.enabled else "regular")
    if b.hotkey and b.enabled and b.rect.w >= t.get_width() + 40:
        k = theme.text(b.hotkey, "tiny", "text_dim")
        surf.blit(t, (b.rect.x + 8, b.rect.centery - t.get_height() // 2))
        surf.blit(k, (b.rect.right - k.get_width() - 6, b.rect.centery - k.get_height() // 2))
    else:
        surf.blit(t, (b.rect.centerx - t.get_width() // 2, b.rect.centery - t.get_height() // 2))


def fit_label(theme: Theme, label: str, width: int, size: str | int = "small", col: Colour | str = "text",
              role: str = "bold") -> pygame.Surface:
    """A label rendered to fit `width`: as is; without a trailing "  (key)" hint; one size smaller;
    else cut with an ellipsis (the full text stays in the tooltip)."""
    tries: list[tuple[str, str | int]] = [(label, size)]
    if "  (" in label:
        tries.append((label.split("  (")[0], size))
    steps: dict[str, str | int] = {"large": "normal", "normal": "small", "small": "tiny", "tiny": 10}
    smaller = steps.get(str(size))
    if smaller:
        tries += [(text, smaller) for text, _ in list(tries)]
    for text, sz in tries:
        t = theme.text(text, sz, col, role)
        if t.get_width() <= width:
            return t
    text, sz = tries[-1]
    if role != "condensed":  # the narrow face before cutting anything
        role = "condensed"
        t = theme.text(text, sz, col, role)
        if t.get_width() <= width:
            return t
    font = theme.font(role, sz)
    while len(text) > 1 and font.size(text + "…")[0] > width:
        text = text[:-1]
    return theme.text(text.rstrip() + "…", sz, col, role)


def text_lines(surf: pygame.Surface, theme: Theme, lines: list[tuple[str, Colour | str]], x: int, y: int,
               size: str = "small", role: str = "regular", max_y: int | None = None) -> int:
    """Draw lines top-down; returns the y after the last one."""
    for text, col in lines:
        t = theme.text(text, size, col, role)
        if max_y is not None and y + t.get_height() > max_y:
            break
        surf.blit(t, (x, y))
        y += t.get_height() + 1
    return y


def key_value(surf: pygame.Surface, theme: Theme, key: str, value: str, x: int, y: int, w: int,
              col: Colour | str = "text", size: str = "small") -> int:
    """A label on the left and its value on the right; a value too long for the line goes below,
    right-aligned and wrapped to the width, so the two never overlap. Returns the y below."""
    k = theme.text(key, size, "text_dim")
    v = theme.text(value, size, col, "bold")
    surf.blit(k, (x, y))
    if k.get_width() + 8 + v.get_width() <= w:
        surf.blit(v, (x + w - v.get_width(), y))
        return y + max(k.get_height(), v.get_height()) + 1
    y += k.get_height()
    for part in theme.wrap(value, w, size, "bold"):
        t = theme.text(part, size, col, "bold")
        surf.blit(t, (x + max(0, w - t.get_width()), y))
        y += t.get_height()
    return y + 1


def bar(surf: pygame.Surface, rect: pygame.Rect, frac: float, fg: Colour, bg: Colour) -> None:
    pygame.draw.rect(surf, bg[:3], rect, border_radius=2)
    inner = pygame.Rect(rect.x, rect.y, max(0, round(rect.w * max(0.0, min(1.0, frac)))), rect.h)
    if inner.w:
        pygame.draw.rect(surf, fg[:3], inner, border_radius=2)


def tooltip(surf: pygame.Surface, theme: Theme, lines: list[str], pos: tuple[int, int]) -> pygame.Rect | None:
    """A tooltip near `pos`, always inside the window: long lines wrap, the box flips to the other
    side of the pointer near an edge and is then clamped to the window."""
    if not lines:
        return None
    sw, sh = surf.get_size()
    max_w = max(120, min(round(520 * theme.ui_scale), sw - 24))
    imgs = []
    for i, line in enumerate(lines):
        role = "bold" if i == 0 else "regular"
        for part in theme.wrap(line, max_w - 16, "small", role):
            imgs.append(theme.text(part, "small", "text", role))
    w = max(i.get_width() for i in imgs) + 16
    h = sum(i.get_height() + 1 for i in imgs) + 12
    x, y = pos[0] + 18, pos[1] + 20
    if x + w > sw:
        x = pos[0] - w - 8
    if y + h > sh:
        y = pos[1] - h - 8
    x = max(2, min(x, sw - w - 2))
    y = max(2, min(y, sh - h - 2))
    rect = pygame.Rect(x, y, w, h)
    layer = pygame.Surface(rect.size, pygame.SRCALPHA)
    pygame.draw.rect(layer, (20, 22, 26, 235), layer.get_rect(), border_radius=5)
    surf.blit(layer, rect.topleft)
    pygame.draw.rect(surf, theme.colour("panel_edge"), rect, 1, border_radius=5)
    yy = y + 6
    for img in imgs:
        surf.blit(img, (x + 8, yy))
        yy += img.get_height() + 1
    return rect


def shade(surf: pygame.Surface, alpha: int = 160) -> None:
    layer = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
    layer.fill((0, 0, 0, alpha))
    surf.blit(layer, (0, 0))
