"""Scenario: load a YAML file (with includes and what-if overlays), validate it, compile it.

`load_scenario(path, whatifs, sets)` returns a `Scenario` or raises `ScenarioError` whose
problems each read `FILE: location: what is wrong`.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.core.errors import ScenarioError
from game.core.fieldmethods import FieldMethods
from game.core.hexgrid import Hex
from game.core.map import GameMap
from game.core.terrain import TerrainKind
from game.core.units import SideInfo, Unit, UnitKind, UnitType, VehicleKind
from game.engine import cache, overlay
from game.engine.checker import Checker, kinds_of
from game.engine.clock import Clock, build_clock, parse_date, parse_hhmm, parse_time
from game.engine.mapbuild import build_map
from game.engine.sides import compile_sides, side_keys_of
from game.engine.validate import check_scenario
from game.engine.yamlio import LimitError, check_limits, read_regular, read_yaml_bytes
from game.rules.params import Params

MAX_INCLUDE_DEPTH = 4


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Calibre(FieldMethods):
    """A gun calibre: range in hexes, shell weight, direct or indirect fire, and its role."""

    key: str
    range_hexes: int
    shell_kg: float
    direct: bool
    role: str = "field"  # "anti_aircraft": fires at aircraft only, never as field artillery


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Victory(FieldMethods):
    """How a game is won at the end: the side with more objective points, if it has at least this many."""

    points_to_win: int


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Target(FieldMethods):
    """A documented outcome the model is calibrated against (`calibration.<block>.<figure>`)."""

    figure: str
    block: str  # losses | equipment | other
    low: float
    high: float
    use: str  # fit | holdout
    source: str
    note: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Objective(FieldMethods):
    """A place that counts for victory: its hex, the hexes of its area, its points and first holder."""

    name: str
    hex: Hex
    area: tuple[int, ...]  # hex indices
    points: int
    held_by: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PlanTask(FieldMethods):
    """A historical plan's task for some units over a span of turns (the `historical` player follows it)."""

    side: str
    start: int  # first turn (inclusive)
    stop: int  # last turn (exclusive)
    units: tuple[str, ...]  # unit ids the patterns matched, sorted
    task: str
    target: Hex | None
    target_name: str
    barrage: bool
    sorties: tuple[tuple[str, int], ...]
    source: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class AirType(FieldMethods):
    """An aircraft type: the bombs one sortie drops and its role."""

    key: str
    bomb_kg: float
    role: str


@dataclass(frozen=True, slots=True)
class Scenario:
    """A compiled scenario: typed and frozen (`data`, the raw mapping, is kept for reports and the
    window's drawing of the map's shapes; no rule reads it)."""

    id: str
    title: str
    path: str
    sha256: str
    whatifs: tuple[str, ...]
    data: dict[str, Any]
    map: GameMap
    params: Params
    clock: Clock
    turn_order: tuple[str, ...]
    calibres: dict[str, Calibre]
    unit_types: dict[str, UnitType]
    units: list[Unit]
    reserves: list[Unit]
    objectives: list[Objective]
    air_types: dict[str, dict[str, AirType]]
    air_budget: dict[str, list[dict[str, int]]]  # side -> per day index -> type -> sorties
    plans: dict[str, list[PlanTask]]
    available_whatifs: tuple[str, ...]
    victory: Victory
    targets: tuple[Target, ...] = ()  # calibration targets, by figure (a later block's entry wins)
    source: str = ""  # the file-wide source tag, if any
    unit_kinds: dict[str, UnitKind] = field(default_factory=dict)
    tank_kinds: dict[str, VehicleKind] = field(default_factory=dict)  # tank model -> its vehicle kind
    briefing: dict[str, str] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)
    sides: tuple[SideInfo, ...] = ()  # from the `sides:` section, in its order (game/engine/sides.py)
    side_keys: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "side_keys", tuple(s.key for s in self.sides))  # frozen: set once here

    def other(self, side: str) -> str:
        """The opposing side (the engine is two-sided)."""
        first, second = self.side_keys
        return second if side == first else first

    def side(self, key: str) -> SideInfo:
        for s in self.sides:
            if s.key == key:
                return s
        raise KeyError(key)

    def objective(self, name: str) -> Objective:
        for o in self.objectives:
            if o.name == name:
                return o
        raise KeyError(name)


def _read_tree(path: Path, label: str, depth: int, problems: list[str], seen: tuple[Path, ...],
               raw: list[tuple[Path, bytes]]) -> tuple[dict[str, Any], dict[str, str]]:
    """Read a file and its includes; return merged data and which file gave each key.

    Origins map a top-level key (`rules`) and a second-level location (`rules.casualties`) to
    the file that set it, so a problem is reported against the file where it is.
    """
    data, chunk, probs = read_yaml_bytes(path, label)
    problems.extend(probs)
    if probs:
        return {}, {}
    raw.append((path, chunk))
    if not isinstance(data, dict):
        problems.append(f"{label}: top level: expected a mapping, got {type(data).__name__}")
        return {}, {}
    merged: dict[str, Any] = {}
    origins: dict[str, str] = {}
    includes = data.get("include", [])
    if not isinstance(includes, list) or not all(isinstance(x, str) for x in includes):
        problems.append(f"{label}: include: expected a list of relative file names")
        includes = []
    for j, inc in enumerate(includes):
        target = (path.parent / inc).resolve()
        if Path(inc).is_absolute() or ".." in Path(inc).parts:
            problems.append(f"{label}: include[{j}]: {inc!r} must be a relative path without '..'")
        elif depth >= MAX_INCLUDE_DEPTH or target in seen:
            problems.append(f"{label}: include[{j}]: includes nest too deep or loop")
        else:
            sub, sub_origins = _read_tree(target, str(Path(label).parent / inc), depth + 1, problems,
                                          (*seen, target), raw)
            _note_origins(origins, merged, sub, sub_origins)
            merged = overlay.merge(merged, sub)
    body = {k: v for k, v in data.items() if k != "include"}
    _note_origins(origins, merged, body, {k: label for k in body} | {
        f"{k}.{s}": label for k, v in body.items() if isinstance(v, dict) for s in v})
    merged = overlay.merge(merged, body)
    return merged, origins


def _note_origins(origins: dict[str, str], base: dict[str, Any], top: dict[str, Any],
                  top_origins: dict[str, str]) -> None:
    """Record where keys come from when `top` is merged over `base`."""
    for k, v in top.items():
        old = base.get(k)
        if isinstance(old, dict) and isinstance(v, dict) and k in origins:
            for s in old:
                origins.setdefault(f"{k}.{s}", origins[k])
    origins.update(top_origins)


def load_raw(path: str | Path) -> tuple[dict[str, Any], dict[str, str], str]:
    """Merged raw data, key origins and the SHA-256 of the file and its includes (from the parsed
    scenario cache when every file involved is unchanged; see game.engine.cache)."""
    p = Path(path)
    label = str(path)
    main, problems = read_regular(p.resolve(), label)
    if main is None:
        raise ScenarioError(problems)
    hit = cache.lookup(label, p.resolve(), hashlib.sha256(main).hexdigest())
    if hit is not None:
        data, origins, files = hit
        return data, origins, _digest([bytes.fromhex(h) for _, h in files])
    raw: list[tuple[Path, bytes]] = []
    data, origins = _read_tree(p.resolve(), label, 0, problems, (p.resolve(),), raw)
    if problems:
        raise ScenarioError(problems)
    files = [(str(f), hashlib.sha256(chunk).hexdigest()) for f, chunk in raw]
    cache.store(label, data, origins, files)
    return data, origins, _digest([hashlib.sha256(chunk).digest() for _, chunk in raw])


def _digest(file_digests: list[bytes]) -> str:
    digest = hashlib.sha256()
    for d in file_digests:
        digest.update(d)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class RawScenario(FieldMethods):
    """A scenario file read and merged with its includes, before any what-if is applied."""

    label: str
    data: dict[str, Any]
    origins: dict[str, str]
    sha256: str

    @property
    def available(self) -> tuple[str, ...]:
        w = self.data.get("whatifs")
        return tuple(sorted(w)) if isinstance(w, dict) else ()


def read_scenario(path: str | Path) -> RawScenario:
    data, origins, sha = load_raw(path)
    return RawScenario(str(path), data, origins, sha)


def load_scenario(path: str | Path, whatifs: tuple[str, ...] | list[str] = (),
                  sets: dict[str, Any] | None = None) -> Scenario:
    return build_scenario(read_scenario(path), whatifs, sets)


def build_scenario(raw: RawScenario, whatifs: tuple[str, ...] | list[str] = (),
                   sets: dict[str, Any] | None = None) -> Scenario:
    """Apply what-ifs and `--set` edits to a copy of the raw data, check it and compile it."""
    data, label, available = raw.data, raw.label, raw.available
    problems: list[str] = []
    for name in whatifs:
        if name not in available:
            problems.append(f"{label}: whatifs: unknown what-if {name!r} (known: {', '.join(available) or 'none'})")
    if problems:
        raise ScenarioError(problems)
    try:
        for name in whatifs:
            edits = data["whatifs"][name].get("set") if isinstance(data["whatifs"][name], dict) else None
            if not isinstance(edits, dict):
                raise overlay.OverlayError(f"what-if {name!r} has no 'set' mapping")
            data = overlay.apply_overlay(data, edits)
        if sets:
            data = overlay.apply_overlay(data, sets)
        if whatifs or sets:
            check_limits(data)
    except overlay.OverlayError as exc:
        raise ScenarioError([f"{label}: whatifs: {exc}"]) from None
    except RecursionError:
        raise ScenarioError([f"{label}: whatifs: an edit is nested too deep"]) from None
    except LimitError as exc:
        raise ScenarioError([f"{label}: {exc.where}: {exc.what}"]) from None
    c = Checker(label, raw.origins)
    check_scenario(c, data)
    if c.problems:
        raise ScenarioError(c.problems)
    return compile_scenario(data, c, label, raw.sha256, tuple(whatifs), available)


def compile_scenario(d: dict[str, Any], c: Checker, label: str, sha: str, whatifs: tuple[str, ...],
                     available: tuple[str, ...]) -> Scenario:
    places_ll = {p["name"]: (float(p["lat"]), float(p["lon"])) for p in d["places"]}
    heights = []
    for i, h in enumerate(d["map"].get("heights", [])):
        if "place" in h and h["place"] not in places_ll:
            c.add(f"map.heights[{i}].place", f"unknown place {h['place']!r}")
            continue
        lat, lon = places_ll[h["place"]] if "place" in h else h["at"]
        heights.append((float(lat), float(lon), float(h["elevation_m"]), float(h["radius_m"])))
    gmap = build_map(d["map"], compile_terrain(d["terrain"]), d["road_move"], heights)
    for i, p in enumerate(d["places"]):
        h = gmap.projection.hex_at(p["lat"], p["lon"])
        if h not in gmap.index:
            c.add(f"places[{i}]", f"{p['name']} at ({p['lat']}, {p['lon']}) is off the {gmap.cols}x{gmap.rows} map")
        gmap.places[p["name"]] = h
    clk = d["clock"]
    start, end = parse_time(clk["start"]), parse_time(clk["end"])
    fog = [(parse_time(f["from"]), parse_time(f["until"])) for f in d["weather"]["fog"]]
    clock = build_clock(start, end, clk["hours_per_turn"], parse_hhmm(clk["daylight"]["from"]),
                        parse_hhmm(clk["daylight"]["until"]), fog)
    calibres = {
        str(k): Calibre(str(k), max(1, int(v["range_km"] * 1000 // d["map"]["hex_m"])), float(v["shell_kg"]),
                        bool(v["direct"]), str(v.get("role", "field")))
        for k, v in d["calibres"].items()
    }
    kinds = {k: UnitKind(k, v["name"], tuple(v["symbol"]), v["may_assault"], v["wire_step"])
             for k, v in kinds_of(d["unit_kinds"]).items()}  # (tags are not kinds: checker.TAGS)
    vkinds = {k: VehicleKind(k, v["name"], v["counts_as"], float(v.get("vulnerability", 1.0)))
              for k, v in kinds_of(d.get("vehicle_kinds") or {}).items()}
    tank_kinds = {str(k): vkinds[v["kind"]] for k, v in kinds_of(d.get("tank_types") or {}).items()}
    types = {k: UnitType(k, v["kind"], v["move"], v["size"], v["vehicles"], v["observe"], kinds[v["kind"]])
             for k, v in kinds_of(d["unit_types"]).items()}
    units, reserves = _compile_units(d, c, gmap, types, calibres, clock)
    objectives = _compile_objectives(d, c, gmap, units)
    air_types, air_budget = _compile_air(d, clock)
    plans = _compile_plans(d, c, gmap, clock, units + reserves, air_types)
    if c.problems:
        raise ScenarioError(c.problems)
    sides = compile_sides(d)
    params = Params.build(d["rules"], tuple(s.key for s in sides))
    return Scenario(
        id=d["id"], title=d["title"], path=label, sha256=sha, whatifs=whatifs, data=d, map=gmap,
        params=params, clock=clock, turn_order=tuple(clk["turn_order"]), calibres=calibres,
        unit_types=types, units=units, reserves=reserves, objectives=objectives, air_types=air_types,
        air_budget=air_budget, plans=plans, available_whatifs=available, unit_kinds=kinds, tank_kinds=tank_kinds,
        victory=Victory(int(d["victory"]["end"]["points_to_win"])), targets=_compile_targets(d),
        source=d["source"] if isinstance(d.get("source"), str) else "", briefing=dict(d["briefing"]),
        sides=sides,
    )


TARGET_BLOCKS = ("losses", "equipment", "other")


def _compile_targets(d: dict[str, Any]) -> tuple[Target, ...]:
    cal = d.get("calibration") or {}
    out: dict[str, Target] = {}
    for block in TARGET_BLOCKS:
        for name, t in (cal.get(block) or {}).items():
            out[str(name)] = Target(str(name), block, float(t["low"]), float(t["high"]), str(t.get("use", "fit")),
                                    str(t.get("source", "")), str(t.get("note", "")))
    return tuple(out.values())


def compile_terrain(table: dict[str, Any]) -> tuple[TerrainKind, ...]:
    """The terrain kinds of a checked `terrain:` table, in table order (a kind's index is its position)."""
    return tuple(
        TerrainKind(key=str(k), move=None if v["move"] is None else int(v["move"]), defence=float(v["defence"]),
                    max_entrench=int(v["max_entrench"]), blocks_los=bool(v["blocks_los"]),
                    no_vehicles=bool(v.get("no_vehicles", False)), high_ground=bool(v.get("high_ground", False)),
                    colour=(int(v["colour"][0]), int(v["colour"][1]), int(v["colour"][2])),
                    pattern=str(v.get("pattern", "plain")))
        for k, v in kinds_of(table).items()
    )


def resolve_point(where: Any, places: dict[str, Hex], gmap: GameMap) -> Hex | None:
    if isinstance(where, str):
        return places.get(where)
    return gmap.projection.hex_at(float(where[0]), float(where[1]))


def _compile_units(d: dict[str, Any], c: Checker, gmap: GameMap, types: dict[str, UnitType],
                   calibres: dict[str, Calibre], clock: Clock) -> tuple[list[Unit], list[Unit]]:
    units: list[Unit] = []
    reserves: list[Unit] = []
    occupancy: dict[Hex, int] = {}
    cap = int(d["rules"].get("stacking_max_units", 4))
    for i, u in enumerate(d["units"]):
        loc = f"units[{i}]"
        t = types.get(u["type"])
        if t is None:
            c.add(f"{loc}.type", f"unknown unit type {u['type']!r}")
            continue
        h = resolve_point(u["at"], gmap.places, gmap)
        if h is None:
            c.add(f"{loc}.at", f"unknown place {u['at']!r}")
            continue
        if h not in gmap.index:
            c.add(f"{loc}.at", f"{u['at']} is off the {gmap.cols}x{gmap.rows} map")
            continue
        w = u.get("weapons", {})
        for cal in w.get("guns", {}):
            if str(cal) not in calibres:
                c.add(f"{loc}.weapons.guns.{cal}", f"unknown calibre {cal!r} (add it to calibres)")
        arrives = clock.turn_at_or_after(parse_time(u["arrives"])) if u.get("arrives") else 0
        unit = Unit(
            id=u["id"], name=u["name"], side=u["side"], type=t, hex=h, men=u["men"], men_start=u["men"],
            rifles=w.get("rifles", 0), lmg=w.get("lmg", 0), hmg=w.get("hmg", 0), atr=w.get("atr", 0),
            guns={str(k): v for k, v in sorted(w.get("guns", {}).items())},
            tanks={str(k): v for k, v in sorted(w.get("tanks", {}).items())},
            morale=u.get("morale", 70), morale_base=u.get("morale", 70), entrench=u.get("entrench", 0),
            ammo=u.get("ammo", 0), ammo_max=u.get("ammo", 0), on_map=arrives == 0, arrives=arrives,
        )
        if u.get("reserve"):
            reserves.append(unit)
            continue
        if arrives == 0:
            if gmap.terrain_rules[gmap.terrain_at(h)].move is None:
                h = gmap.nearest(h, lambda x: gmap.terrain_rules[gmap.terrain_at(x)].move is not None)
            if occupancy.get(h, 0) >= cap:
                h = gmap.nearest(h, lambda x: occupancy.get(x, 0) < cap
                                 and gmap.terrain_rules[gmap.terrain_at(x)].move is not None)
            unit.hex = h
            occupancy[h] = occupancy.get(h, 0) + 1
        units.append(unit)
    return units, reserves


def _compile_objectives(d: dict[str, Any], c: Checker, gmap: GameMap, units: list[Unit]) -> list[Objective]:
    out = []
    for i, o in enumerate(d["objectives"]):
        h = gmap.places.get(o["place"])
        if h is None:
            c.add(f"objectives[{i}].place", f"unknown place {o['place']!r}")
            continue
        area = tuple(sorted(gmap.index[x] for x in h.spiral(o["radius"]) if x in gmap.index))
        held = o.get("held_by")
        if held is None:
            sides = sorted({u.side for u in units if u.on_map and gmap.index.get(u.hex) in area})
            held = sides[0] if len(sides) == 1 else "contested"
        out.append(Objective(o["place"], h, area, o["points"], held))
    return out


AirBudget = dict[str, list[dict[str, int]]]


def _compile_air(d: dict[str, Any], clock: Clock) -> tuple[dict[str, dict[str, AirType]], AirBudget]:
    n_days = clock.day_index(clock.n_turns - 1) + 1
    types: dict[str, dict[str, AirType]] = {}
    budget: dict[str, list[dict[str, int]]] = {}
    for side in side_keys_of(d):
        a = d["air"][side]
        types[side] = {k: AirType(k, float(v["bomb_kg"]), v["role"]) for k, v in (a.get("types") or {}).items()}
        days: list[dict[str, int]] = [{} for _ in range(n_days)]
        for b in a["budgets"]:
            first = (parse_date(b["from"]).date() - clock.start.date()).days
            last = (parse_date(b["until"]).date() - clock.start.date()).days
            for k in range(max(0, first), min(n_days - 1, last) + 1):  # only the clock's days
                days[k].update({str(t): int(n) for t, n in b["sorties"].items()})
        budget[side] = days
    return types, budget


def _matching(ids: list[str], id_set: set[str], pattern: Any) -> list[str]:
    """Unit ids matching a plan's pattern, in unit order (a plain id is looked up directly)."""
    if not isinstance(pattern, str):
        return []
    if not any(ch in pattern for ch in "*?["):
        return [pattern] if pattern in id_set else []
    match = re.compile(fnmatch.translate(pattern)).match  # what fnmatch.fnmatchcase does per call, once
    return [x for x in ids if match(x)]


def _compile_plans(d: dict[str, Any], c: Checker, gmap: GameMap, clock: Clock, units: list[Unit],
                   air_types: dict[str, dict[str, AirType]]) -> dict[str, list[PlanTask]]:
    ids = [u.id for u in units]
    id_set = set(ids)
    side_of = {u.id: u.side for u in units}
    out: dict[str, list[PlanTask]] = {s: [] for s in side_keys_of(d)}
    for side, tasks in d["plans"].items():
        for i, t in enumerate(tasks):
            loc = f"plans.{side}[{i}]"
            matched: list[str] = []
            for j, pat in enumerate(t.get("units", [])):
                hits = _matching(ids, id_set, pat)
                if not hits:
                    c.add(f"{loc}.units[{j}]", f"{pat!r} matches no unit")
                for x in hits:
                    if side_of[x] != side:
                        c.add(f"{loc}.units[{j}]", f"unit {x!r} is not on side {side}")
                matched.extend(hits)
            target: Hex | None = None
            name = ""
            if "target" in t:
                target = resolve_point(t["target"], gmap.places, gmap)
                name = t["target"] if isinstance(t["target"], str) else str(t["target"])
                if target is None or target not in gmap.index:
                    c.add(f"{loc}.target", f"unknown or off-map target {t['target']!r}")
                    continue
            for k in (t.get("sorties") or {}):
                if k not in air_types[side]:
                    c.add(f"{loc}.sorties.{k}", f"unknown aircraft type {k!r}")
            out[side].append(PlanTask(
                side=side, start=clock.turn_at(parse_time(t["from"])),
                stop=clock.turn_at_or_after(parse_time(t["until"])),
                units=tuple(sorted(set(matched))), task=t["task"], target=target, target_name=name,
                barrage=bool(t.get("barrage", False)),
                sorties=tuple(sorted((str(k), int(v)) for k, v in (t.get("sorties") or {}).items())),
                source=t["source"],
            ))
    return out
