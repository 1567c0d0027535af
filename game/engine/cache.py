"""A cache of parsed scenario files, so that a second load skips YAML parsing.

An entry holds the merged data of a scenario file and its includes, as JSON (never pickle),
under `$XDG_CACHE_HOME/khasan` (default `~/.cache/khasan`). It is keyed by the engine version,
the path as given and the SHA-256 of the main file, and it is used only if every included file
still has the SHA-256 recorded with it, so any edit to any file involved misses. Data that does
not survive a JSON round trip exactly (e.g. a non-string key) is not cached. `KHASAN_CACHE=off`
turns the cache off; a missing, corrupt or unwritable cache is ignored and rebuilt; entries are
written to a temporary file and renamed; at most MAX_ENTRIES are kept (the least recently used go first).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from game import ENGINE_VERSION
from game.engine.yamlio import read_regular

FORMAT = 1
MAX_ENTRIES = 64

Files = list[tuple[str, str]]  # (resolved path, SHA-256 of its bytes), main file first


def cache_dir() -> Path | None:
    if os.environ.get("KHASAN_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "khasan"


def _entry(label: str, main_sha: str) -> Path | None:
    d = cache_dir()
    if d is None:
        return None
    key = hashlib.sha256(json.dumps([FORMAT, ENGINE_VERSION, label, main_sha]).encode()).hexdigest()
    return d / f"scenario-{key}.json"


def lookup(label: str, main: Path, main_sha: str) -> tuple[dict[str, Any], dict[str, str], Files] | None:
    """(data, origins, files) if a valid entry matches the main file (its resolved path and
    SHA-256) and all its includes."""
    path = _entry(label, main_sha)
    if path is None:
        return None
    try:
        raw, _ = read_regular(path, str(path), 64 * 1024 * 1024)
        if raw is None:
            return None
        e = json.loads(raw)
        files = [(str(p), str(h)) for p, h in e["files"]]
        if e["format"] != FORMAT or e["engine"] != ENGINE_VERSION or files[0] != (str(main), main_sha):
            return None
        for p, h in files[1:]:
            chunk, _ = read_regular(Path(p), p)
            if chunk is None or hashlib.sha256(chunk).hexdigest() != h:
                return None
        data, origins = e["data"], e["origins"]
        if isinstance(data, dict) and isinstance(origins, dict):
            with contextlib.suppress(OSError):
                os.utime(path)  # used now: pruning drops the least recently used entries first
            return data, origins, files
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        pass
    return None


def store(label: str, data: dict[str, Any], origins: dict[str, str], files: Files) -> None:
    """Write an entry (silently nothing if the data would not come back the same, or on any error)."""
    path = _entry(label, files[0][1])
    if path is None:
        return
    try:
        text = json.dumps({"format": FORMAT, "engine": ENGINE_VERSION, "files": files, "data": data,
                           "origins": origins}, ensure_ascii=False, allow_nan=False)
        if json.loads(text)["data"] != data:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=".scenario-", suffix=".tmp", dir=str(path.parent))
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        _prune(path.parent)
    except (OSError, ValueError, TypeError, RecursionError):
        pass


def _prune(d: Path) -> None:
    entries = sorted(d.glob("scenario-*.json"), key=lambda p: p.stat().st_mtime)
    for old in entries[:-MAX_ENTRIES]:
        with contextlib.suppress(OSError):
            old.unlink()
