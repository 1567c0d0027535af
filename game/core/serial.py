"""Turn order and event dataclasses into JSON-able dicts and back, by a `kind` tag."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from game.core.hexgrid import Hex

T = TypeVar("T")


def _encode(v: Any) -> Any:
    if isinstance(v, Hex):
        return [v.q, v.r]
    if isinstance(v, tuple | list):
        return [_encode(x) for x in v]
    if isinstance(v, dict):
        return {k: _encode(x) for k, x in v.items()}
    return v


def to_dict(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": obj.kind}
    for f in dataclasses.fields(obj):
        out[f.name] = _encode(getattr(obj, f.name))
    return out


def _decode(v: Any, typ: Any) -> Any:
    if typ in ("Hex", Hex):
        if not (isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) for x in v)):
            raise ValueError(f"expected a hex [q, r], got {v!r}")
        return Hex(v[0], v[1])
    if typ in ("Hex | None",):
        return None if v is None else _decode(v, Hex)
    if isinstance(typ, str) and typ.startswith("tuple["):
        if not isinstance(v, list):
            raise ValueError(f"expected a list, got {v!r}")
        inner = typ[6:-1].split(",")[0].strip()
        return tuple(_decode(x, inner) for x in v)
    if typ in ("int", int) and not (isinstance(v, int) and not isinstance(v, bool)):
        raise ValueError(f"expected an integer, got {v!r}")
    if typ in ("str", str) and not isinstance(v, str):
        raise ValueError(f"expected a string, got {v!r}")
    if typ in ("bool", bool) and not isinstance(v, bool):
        raise ValueError(f"expected true or false, got {v!r}")
    return v


def from_dict(registry: dict[str, type[T]], data: Any) -> T:
    """Build the dataclass named by data['kind']; raises ValueError with a readable message."""
    if not isinstance(data, dict):
        raise ValueError("expected an object")
    kind = data.get("kind")
    cls = registry.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ValueError(f"unknown kind {kind!r}")
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    extra = sorted(set(data) - set(fields) - {"kind"})
    if extra:
        raise ValueError(f"unknown keys {extra}")
    kwargs = {}
    for name, f in fields.items():
        if name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ValueError(f"missing key {name!r}")
            continue
        try:
            kwargs[name] = _decode(data[name], f.type)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
    return cls(**kwargs)
