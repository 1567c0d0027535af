"""Safe YAML reading: size limit, no aliases, no tags, errors as located lines; atomic writes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 8 * 1024 * 1024


def read_yaml(path: Path, label: str) -> tuple[Any, list[str]]:
    """Return (data, problems). Problems are `label: location: what is wrong` lines."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [f"{label}: file: cannot read ({exc.strerror or exc})"]
    if len(raw) > MAX_BYTES:
        return None, [f"{label}: file: larger than {MAX_BYTES // (1024 * 1024)} MiB"]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [f"{label}: byte {exc.start}: not UTF-8 text"]
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1 if event.start_mark is not None else 0
                return None, [f"{label}: line {line}: anchors and aliases are not allowed"]
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}" if mark is not None else "file"
        what = (exc.problem or exc.context or "not valid YAML").strip()
        if "python/" in str(exc) or "constructor" in type(exc).__name__.lower():
            what = f"tag not allowed ({what})"
        return None, [f"{label}: {where}: {what}"]
    except yaml.YAMLError as exc:
        return None, [f"{label}: file: not valid YAML ({str(exc).splitlines()[0]})"]
    return data, []


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename over it."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent or "."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
