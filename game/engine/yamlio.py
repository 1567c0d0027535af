"""Safe YAML reading: regular files of bounded size, no aliases, no tags, no duplicate keys,
bounded nesting, scalars and lists; errors as located lines; atomic writes.

Parsing uses libyaml's C parser (`CSafeLoader`) when PyYAML was built with it, else the pure
Python `SafeLoader`; both give the same data. Every file is read once and parsed once.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported on first parse: a scenario found in the parsed cache needs no YAML
    import yaml

MAX_BYTES = 1024 * 1024  # one scenario file (khasan_1938 with its includes is < 200 KiB; 1 MiB parses in ~2 s)
MAX_DEPTH = 40  # nesting of mappings and lists (scenarios use about 8)
MAX_SCALAR = 100_000  # characters in one string
MAX_ITEMS = 100_000  # entries in one list or mapping

class LimitError(ValueError):
    """Data exceeds one of the limits above; `where` is a location such as `line 3` or `units`."""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where}: {what}")
        self.where = where
        self.what = what


def read_regular(path: Path, label: str, max_bytes: int = MAX_BYTES) -> tuple[bytes | None, list[str]]:
    """The bytes of a regular file of at most `max_bytes`, or a located problem.

    A FIFO, device, directory or socket is refused before it is read (no hang, no endless read).
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        return None, [f"{label}: file: cannot read ({exc.strerror or exc})"]
    if not stat.S_ISREG(st.st_mode):
        return None, [f"{label}: file: not a regular file"]
    if st.st_size > max_bytes:
        return None, [f"{label}: file: larger than {_size(max_bytes)}"]
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None, [f"{label}: file: not a regular file"]
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        return None, [f"{label}: file: cannot read ({exc.strerror or exc})"]
    if len(raw) > max_bytes:
        return None, [f"{label}: file: larger than {_size(max_bytes)}"]
    return raw, []


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB" if n >= 1024 * 1024 else f"{n} bytes"


@functools.cache
def strict_loader() -> type:
    """A safe loader class (libyaml's when built with it) that refuses aliases and duplicate keys."""
    import yaml

    base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):  # type: ignore[misc, valid-type]
        """A safe loader that refuses aliases and duplicate mapping keys."""

        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            if node in self.constructed_objects:
                raise yaml.constructor.ConstructorError(None, None, "anchors and aliases are not allowed",
                                                        node.start_mark)
            return super().construct_object(node, deep)

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: set[tuple[str, str]] = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key = (key_node.tag, key_node.value)
                    if key in seen:
                        raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key_node.value!r}",
                                                                key_node.start_mark)
                    seen.add(key)
            return super().construct_mapping(node, deep)  # type: ignore[no-any-return]

    return StrictLoader


def load_text(text: str) -> Any:
    """Parse one YAML document strictly; raises yaml.YAMLError or LimitError."""
    loader = strict_loader()(text)
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    check_limits(data)
    return data


def check_limits(data: Any) -> None:
    """Refuse data nested deeper than MAX_DEPTH, or with an over-long string, list or mapping."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        node, loc, depth = stack.pop()
        if isinstance(node, str):
            if len(node) > MAX_SCALAR:
                raise LimitError(loc or "top level", f"a string of {len(node)} characters (at most {MAX_SCALAR})")
            continue
        if not isinstance(node, dict | list):
            continue
        if depth >= MAX_DEPTH:
            raise LimitError(loc or "top level", f"nested more than {MAX_DEPTH} levels deep")
        if len(node) > MAX_ITEMS:
            raise LimitError(loc or "top level", f"{len(node)} entries (at most {MAX_ITEMS})")
        if isinstance(node, dict):
            stack.extend((v, f"{loc}.{k}" if loc else str(k), depth + 1) for k, v in node.items())
        else:
            stack.extend((v, f"{loc}[{i}]", depth + 1) for i, v in enumerate(node))


def yaml_problem(exc: yaml.YAMLError | LimitError, label: str) -> str:
    """One `label: location: what` line for a parse or limit error."""
    import yaml

    if isinstance(exc, LimitError):
        return f"{label}: {exc.where}: {exc.what}"
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}" if mark is not None else "file"
        what = " ".join((exc.problem or exc.context or "not valid YAML").split())
        if "constructor for the tag" in what:
            what = f"tag not allowed ({what})"
        return f"{label}: {where}: {what}"
    first = (str(exc).splitlines() or ["not valid YAML"])[0]
    return f"{label}: file: not valid YAML ({first})"


def read_yaml_bytes(path: Path, label: str) -> tuple[Any, bytes, list[str]]:
    """Return (data, the file's bytes, problems); problems are `label: location: what` lines."""
    raw, problems = read_regular(path, label)
    if raw is None:
        return None, b"", problems
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, raw, [f"{label}: byte {exc.start}: not UTF-8 text"]
    import yaml

    try:
        return load_text(text), raw, []
    except (yaml.YAMLError, LimitError) as exc:
        return None, raw, [yaml_problem(exc, label)]
    except RecursionError:
        return None, raw, [f"{label}: file: nested too deep"]


def read_yaml(path: Path, label: str) -> tuple[Any, list[str]]:
    """Return (data, problems). Problems are `label: location: what is wrong` lines."""
    data, _, problems = read_yaml_bytes(path, label)
    return data, problems


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename over it."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename over it."""
    import tempfile

    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent or "."))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
