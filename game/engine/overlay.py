"""Data overlays: what-ifs and `--set PATH=VALUE` edits applied to a scenario's raw data.

Path grammar: segments separated by dots; `key` walks a mapping; `key[3]` picks a list item by
index; `key[su_118_3]` picks the item whose `id` (or `name`) equals it; `key[task=air]` picks
every item whose field equals the value. Setting `None` on list items removes them.
"""

from __future__ import annotations

import copy
import re
from typing import Any

_SEGMENT = re.compile(r"^([A-Za-z0-9_\-]+)((?:\[[^\[\]]+\])*)$")
_SELECTOR = re.compile(r"\[([^\[\]]+)\]")


class OverlayError(ValueError):
    """A path does not lead anywhere in the data."""


def parse_path(path: str) -> list[tuple[str, list[str]]]:
    if not isinstance(path, str):
        raise OverlayError(f"path {path!r} is not a string")
    if not path:
        raise OverlayError("empty path")
    out = []
    for seg in _split(path):
        m = _SEGMENT.match(seg)
        if not m:
            raise OverlayError(f"bad path segment {seg!r}")
        out.append((m.group(1), _SELECTOR.findall(m.group(2))))
    return out


def _split(path: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in path:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "." and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def _match(item: Any, selector: str, index: int) -> bool:
    if "=" in selector:
        key, value = selector.split("=", 1)
        return isinstance(item, dict) and str(item.get(key.strip())) == value.strip()
    if selector.lstrip("-").isdigit():
        return index == int(selector)
    return isinstance(item, dict) and (item.get("id") == selector or item.get("name") == selector)


def _select(nodes: list[Any], selectors: list[str], where: str) -> list[tuple[list[Any], int]]:
    """Return (list, index) pairs picked by the last selector, walking earlier ones."""
    picked: list[tuple[list[Any], int]] = []
    for node in nodes:
        if not isinstance(node, list):
            raise OverlayError(f"{where} is not a list")
        picked.extend((node, i) for i, item in enumerate(node) if _match(item, selectors[0], i))
    if not picked:
        raise OverlayError(f"{where}[{selectors[0]}] matches nothing")
    if len(selectors) == 1:
        return picked
    return _select([lst[i] for lst, i in picked], selectors[1:], f"{where}[{selectors[0]}]")


def get_path(data: dict[str, Any], path: str) -> list[Any]:
    """Every value the `--set` path addresses in `data` (an OverlayError if it leads nowhere)."""
    nodes: list[Any] = [data]
    where = ""
    for key, selectors in parse_path(path):
        where = f"{where}.{key}" if where else key
        nxt = []
        for node in nodes:
            if not isinstance(node, dict) or key not in node:
                raise OverlayError(f"{where} does not exist")
            nxt.append(node[key])
        if selectors:
            nxt = [lst[i] for lst, i in _select(nxt, selectors, where)]
        nodes = nxt
    return nodes


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set `value` at `path` inside `data` in place."""
    segments = parse_path(path)
    parents: list[Any] = [data]
    where = ""
    for n, (key, selectors) in enumerate(segments):
        last = n == len(segments) - 1
        where = f"{where}.{key}" if where else key
        nxt: list[Any] = []
        for parent in parents:
            if not isinstance(parent, dict):
                raise OverlayError(f"{where}: parent is not a mapping")
            if last and not selectors:
                if value is None:
                    parent.pop(key, None)
                else:
                    parent[key] = copy.deepcopy(value)
                continue
            if key not in parent:
                if last or selectors:
                    raise OverlayError(f"{where} does not exist")
                parent[key] = {}
            nxt.append(parent[key])
        if last and not selectors:
            return
        if selectors:
            picked = _select(nxt, selectors, where)
            if last:
                _assign(picked, value)
                return
            nxt = [lst[i] for lst, i in picked]
        parents = nxt


def _assign(picked: list[tuple[list[Any], int]], value: Any) -> None:
    if value is None:
        for lst, i in sorted(picked, key=lambda p: -p[1]):
            del lst[i]
    else:
        for lst, i in picked:
            lst[i] = copy.deepcopy(value)


def apply_overlay(data: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of `data` with every path in `edits` set, in the given order."""
    out = copy.deepcopy(data)
    for path, value in edits.items():
        set_path(out, path, value)
    return out


def merge(base: Any, top: Any) -> Any:
    """Deep merge for includes: mappings merge key by key (top wins), anything else is replaced."""
    if isinstance(base, dict) and isinstance(top, dict):
        out = dict(base)
        for k, v in top.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    return top
