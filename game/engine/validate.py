"""Structural validation of a merged scenario mapping; every problem names its location."""

from __future__ import annotations

import re
from typing import Any

from game.core.terrain import MAX_KINDS, PATTERNS
from game.core.units import SIZES, SYMBOL_ELEMENTS, VEHICLE_COUNTS
from game.engine.checker import ID_RE, Checker, got, kinds_of
from game.engine.clock import parse_date, parse_hhmm, parse_time
from game.engine.mapbuild import make_projection
from game.engine.sides import check_sides, usable_side_keys
from game.rules.params import flatten, rule_spec

TOP_REQUIRED = ("format", "id", "title", "briefing", "clock", "map", "terrain", "road_move", "places",
                "objectives", "rules", "sides", "unit_kinds", "unit_types", "calibres", "units", "weather", "air",
                "victory", "plans")
TOP_OPTIONAL = ("include", "sources", "source", "whatifs", "totals", "calibration", "tank_types",
                "vehicle_kinds")
MAX_CELLS = 200_000  # hexes on one map (khasan_1938 has 2,756)
MAX_TURNS = 1_000  # turns on the clock (khasan_1938 has 81)
MAX_UNITS = 2_000  # units in one scenario (khasan_1938 has 78)
MAX_ENTRIES = 1_000  # fog periods, air budgets, plan tasks per side, map features, spot heights
# (khasan_1938 has at most 68 of any); each is compiled against every turn, unit or hex
MAX_POINTS = 10_000  # points in one polygon or line (each is painted against every hex)
MAX_PATTERNS = 2_000  # unit ids or patterns in all plans together (each is matched against every unit)
TASKS = ("attack", "move", "hold", "withdraw", "bombard", "air")
UNIT_KEYS = ("id", "name", "side", "type", "at", "arrives", "men", "weapons", "morale", "entrench", "ammo",
             "source", "reserve", "note")
TIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d$", re.ASCII)
DATE_RE = re.compile(r"^\d{4}-\d\d-\d\d$", re.ASCII)


def bounded(c: Checker, v: Any, loc: str, most: int = MAX_ENTRIES) -> list[Any]:
    """`c.seq`, refusing (as empty) a list longer than `most`."""
    items = c.seq(v, loc)
    if len(items) > most:
        c.add(loc, f"{len(items)} entries (at most {most})")
        return []
    return items


def _too_long(v: Any, most: int) -> bool:
    return isinstance(v, list) and len(v) > most


def check_time(c: Checker, v: Any, loc: str) -> None:
    if c.string(v, loc, TIME_RE) is not None:
        try:
            parse_time(v)
        except ValueError:
            c.add(loc, f"{v!r} is not a real date and time")


def check_date(c: Checker, v: Any, loc: str) -> None:
    if c.string(v, loc, DATE_RE) is not None:
        try:
            parse_date(v)
        except ValueError:
            c.add(loc, f"{v!r} is not a real date")


def check_latlon(c: Checker, v: Any, loc: str) -> None:
    if not isinstance(v, list) or len(v) != 2:
        c.add(loc, f"expected [lat, lon], got {v!r}"[:120])
        return
    c.number(v[0], f"{loc}[0]", -90, 90)
    c.number(v[1], f"{loc}[1]", -180, 180)


def check_scenario(c: Checker, d: Any) -> None:
    if not c.mapping(d, "", TOP_REQUIRED, TOP_OPTIONAL):
        return
    c.integer(d.get("format"), "format", 1, 1)
    c.string(d.get("id"), "id", ID_RE)
    c.string(d.get("title"), "title")
    if c.mapping(d.get("briefing"), "briefing", ("situation", "objectives", "history")):
        for k in ("situation", "objectives", "history"):
            c.string(d["briefing"].get(k), f"briefing.{k}")
    sides = usable_side_keys(d)  # the sections below accept these keys (any, while `sides:` is wrong)
    _clock(c, d.get("clock"), sides)
    kinds = _terrain(c, d.get("terrain"))
    _map(c, d.get("map"), kinds)
    c.integer(d.get("road_move"), "road_move", 1, 20)
    _places(c, d.get("places"))
    _objectives(c, d.get("objectives"), sides)
    _rules(c, d.get("rules"), sides)
    if "sides" in d:  # (missing: reported above)
        check_sides(c, d["sides"])
    kinds = _unit_kinds(c, d.get("unit_kinds"))
    _unit_types(c, d.get("unit_types"), kinds)
    _calibres(c, d.get("calibres"))
    span = clock_span(d.get("clock"))
    _units(c, d.get("units"), span, d.get("tank_types"), sides)
    _weather(c, d.get("weather"))
    _air(c, d.get("air"), sides)
    if c.mapping(d.get("victory"), "victory", ("end",), ("source",)) \
            and c.mapping(d["victory"].get("end"), "victory.end", ("points_to_win",)):
        c.integer(d["victory"]["end"].get("points_to_win"), "victory.end.points_to_win", 0, 100_000)
    _plans(c, d.get("plans"), span, sides)
    _tank_types(c, d.get("tank_types"), d.get("vehicle_kinds"))
    if "whatifs" in d and c.mapping(d["whatifs"], "whatifs"):
        for name, w in d["whatifs"].items():
            loc = f"whatifs.{name}"
            if c.mapping(w, loc, ("description", "set"), ("source",)):
                c.string(w.get("description"), f"{loc}.description")
                c.mapping(w.get("set"), f"{loc}.set")
    if "totals" in d:
        c.mapping(d["totals"], "totals")
    if "calibration" in d:
        _calibration(c, d["calibration"], sides)


def _calibration(c: Checker, v: Any, sides: tuple[str, ...]) -> None:
    """Documented outcomes the model is calibrated against (targets as ranges, control by day);
    game/sim/calibrate.py reads the seed sets, fitted parameters, inputs and accounts."""
    if not c.mapping(v, "calibration", (), ("losses", "equipment", "other", "control_by_day", "seeds", "fitted",
                                            "inputs", "accounts", "source", "sources", "note")):
        return
    for block in ("losses", "equipment", "other"):
        for k, r in (v.get(block) or {}).items():
            loc = f"calibration.{block}.{k}"
            if c.mapping(r, loc, ("low", "high", "source"), ("use", "note", "sources")):
                lo, hi = c.number(r.get("low"), f"{loc}.low", 0), c.number(r.get("high"), f"{loc}.high", 0)
                if lo is not None and hi is not None and lo > hi:
                    c.add(loc, "low is above high")
                if "use" in r:
                    c.choice(r["use"], f"{loc}.use", ("fit", "holdout"))
    for name, s in (v.get("seeds") or {}).items():
        if c.mapping(s, f"calibration.seeds.{name}", ("base", "runs"), ("source", "sources", "note")):
            c.integer(s.get("base"), f"calibration.seeds.{name}.base", 0)
            c.integer(s.get("runs"), f"calibration.seeds.{name}.runs", 1)
    for day, ctl in (v.get("control_by_day") or {}).items():
        check_date(c, day, f"calibration.control_by_day.{day}")
        if c.mapping(ctl, f"calibration.control_by_day.{day}"):
            for obj, who in ctl.items():
                if obj in ("source", "sources", "note"):
                    continue
                options = tuple(str(who).split("|"))
                if sides and not all(o in (*sides, "contested") for o in options):
                    c.add(f"calibration.control_by_day.{day}.{obj}", f"{who!r}: use {', '.join(sides)}, contested, a|b")


Span = tuple[str, str] | None  # the clock's start and end as 'YYYY-MM-DDTHH:MM', if both are valid


def clock_span(v: Any) -> Span:
    try:
        start, end = v["start"], v["end"]
        if TIME_RE.match(start) and TIME_RE.match(end) and parse_time(start) < parse_time(end):
            return start, end
    except (KeyError, TypeError, ValueError):
        pass
    return None


def _clock(c: Checker, v: Any, sides: tuple[str, ...]) -> None:
    if not c.mapping(v, "clock", ("start", "end", "hours_per_turn", "daylight", "turn_order")):
        return
    check_time(c, v.get("start"), "clock.start")
    check_time(c, v.get("end"), "clock.end")
    h = c.integer(v.get("hours_per_turn"), "clock.hours_per_turn", 1, 12)
    if h is not None and 24 % h:
        c.add("clock.hours_per_turn", f"{h} does not divide 24")
    if c.mapping(v.get("daylight"), "clock.daylight", ("from", "until"), ("source",)):
        for k in ("from", "until"):
            try:
                parse_hhmm(str(v["daylight"].get(k)))
            except ValueError:
                c.add(f"clock.daylight.{k}", f"{v['daylight'].get(k)!r} is not HH:MM")
    order = v.get("turn_order")
    if sides and not (isinstance(order, list) and sorted(map(str, order)) == sorted(sides)):
        c.add("clock.turn_order", f"must list the sides ({', '.join(sides)}) once each")
    try:
        hours = (parse_time(v["end"]) - parse_time(v["start"])).total_seconds() / 3600
    except (KeyError, TypeError, ValueError):
        return
    if hours <= 0:
        c.add("clock.end", "must be after clock.start")
    elif isinstance(h, int) and h >= 1 and -(-hours // h) > MAX_TURNS:
        c.add("clock.end", f"{int(-(-hours // h))} turns of {h} hours (at most {MAX_TURNS})")


def _map(c: Checker, v: Any, kinds: tuple[str, ...] | None) -> None:
    if not c.mapping(v, "map", ("bbox", "hex_m", "base_terrain", "base_elevation_m", "hill_rise_m"),
                     ("heights", "features", "border", "note")):
        return
    box_ok = False
    b = v.get("bbox")
    if c.mapping(b, "map.bbox", ("south", "north", "west", "east")):
        vals = {k: c.number(b.get(k), f"map.bbox.{k}", -180, 180) for k in ("south", "north", "west", "east")}
        if None not in vals.values():
            if vals["south"] >= vals["north"] or vals["west"] >= vals["east"]:  # type: ignore[operator]
                c.add("map.bbox", "south must be below north and west left of east")
            elif (vals["north"] - vals["south"]) > 1 or (vals["east"] - vals["west"]) > 1:  # type: ignore[operator]
                c.add("map.bbox", "larger than one degree: this is a tactical map")
            else:
                box_ok = True
    hex_m = c.number(v.get("hex_m"), "map.hex_m", 50, 2000)
    if box_ok and hex_m is not None:
        _, cols, rows = make_projection(b, float(hex_m))
        if cols * rows > MAX_CELLS:
            c.add("map", f"{cols}x{rows} = {cols * rows} hexes (at most {MAX_CELLS}): "
                  "use larger hexes or a smaller box")
    if kinds is not None:  # (a broken terrain table is reported once, not per reference)
        c.choice(v.get("base_terrain"), "map.base_terrain", kinds)
    c.integer(v.get("base_elevation_m"), "map.base_elevation_m", -100, 5000)
    c.integer(v.get("hill_rise_m"), "map.hill_rise_m", 1, 5000)
    for i, h in enumerate(bounded(c, v.get("heights", []), "map.heights")):
        loc = f"map.heights[{i}]"
        if c.mapping(h, loc, ("elevation_m", "radius_m", "source"), ("place", "at", "name")):
            if ("place" in h) == ("at" in h):
                c.add(loc, "give exactly one of 'place' or 'at'")
            if "at" in h:
                check_latlon(c, h["at"], f"{loc}.at")
            if "place" in h:
                c.string(h["place"], f"{loc}.place")
            c.number(h.get("elevation_m"), f"{loc}.elevation_m", -100, 9000)
            c.number(h.get("radius_m"), f"{loc}.radius_m", 10, 20000)
            c.source(h, loc)
    for i, f in enumerate(bounded(c, v.get("features", []), "map.features")):
        _feature(c, f, f"map.features[{i}]", kinds)
    if "border" in v and c.mapping(v["border"], "map.border", ("line", "source"), ("names",)):
        line = bounded(c, v["border"].get("line"), "map.border.line", MAX_POINTS)
        if len(line) < 2 and not _too_long(v["border"].get("line"), MAX_POINTS):
            c.add("map.border.line", "needs at least two points")
        for i, p in enumerate(line):
            check_latlon(c, p, f"map.border.line[{i}]")
        if "names" in v["border"] and c.mapping(v["border"]["names"], "map.border.names", ("west", "east")):
            for k in ("west", "east"):
                c.string(v["border"]["names"].get(k), f"map.border.names.{k}")


def _feature(c: Checker, f: Any, loc: str, kinds: tuple[str, ...] | None) -> None:
    if not c.mapping(f, loc, ("source",), ("terrain", "overlay", "polygon", "line", "at", "width_m", "name", "note")):
        return
    c.source(f, loc)
    if ("terrain" in f) == ("overlay" in f):
        c.add(loc, "give exactly one of 'terrain' or 'overlay'")
    if "terrain" in f and kinds is not None:
        c.choice(f["terrain"], f"{loc}.terrain", kinds)
    if "overlay" in f:
        c.choice(f["overlay"], f"{loc}.overlay", ("road", "rail"))
        if "line" not in f:
            c.add(loc, "an overlay needs a 'line'")
    shapes = [k for k in ("polygon", "line", "at") if k in f]
    if len(shapes) != 1:
        c.add(loc, "give exactly one of 'polygon', 'line' or 'at'")
        return
    shape = shapes[0]
    if shape == "at":
        check_latlon(c, f["at"], f"{loc}.at")
        return
    pts = bounded(c, f[shape], f"{loc}.{shape}", MAX_POINTS)
    need = 3 if shape == "polygon" else 2
    if len(pts) < need and not _too_long(f[shape], MAX_POINTS):
        c.add(f"{loc}.{shape}", f"needs at least {need} points")
    for i, p in enumerate(pts):
        check_latlon(c, p, f"{loc}.{shape}[{i}]")
    if "width_m" in f:
        c.number(f["width_m"], f"{loc}.width_m", 0, 5000)


TERRAIN_REQUIRED = ("move", "defence", "max_entrench", "blocks_los", "colour", "pattern")
TERRAIN_OPTIONAL = ("no_vehicles", "high_ground", "note")


def _terrain(c: Checker, v: Any) -> tuple[str, ...] | None:
    """Check the terrain table; return its kind keys (the names features and the map may use),
    None if the table itself is broken."""
    keys = c.kind_table(v, "terrain", "terrain kind", MAX_KINDS)
    if keys is None:
        return None
    high = []
    for k, t in kinds_of(v).items():
        loc = f"terrain.{k}"
        if not isinstance(k, str) or not c.mapping(t, loc, TERRAIN_REQUIRED, TERRAIN_OPTIONAL):
            continue
        c.tags(t, loc)
        if t.get("move") is not None:
            c.integer(t.get("move"), f"{loc}.move", 1, 99)
        c.number(t.get("defence"), f"{loc}.defence", 0.1, 10)
        c.integer(t.get("max_entrench"), f"{loc}.max_entrench", 0, 5)
        c.boolean(t.get("blocks_los"), f"{loc}.blocks_los")
        if "no_vehicles" in t:
            c.boolean(t["no_vehicles"], f"{loc}.no_vehicles")
        if "high_ground" in t and c.boolean(t["high_ground"], f"{loc}.high_ground"):
            high.append(k)
        if "colour" in t:  # (missing: reported above)
            _colour(c, t["colour"], f"{loc}.colour")
        c.choice(t.get("pattern"), f"{loc}.pattern", PATTERNS)
    if len(high) > 1:
        c.add("terrain", f"high_ground is true for {', '.join(high)}: at most one kind may be high ground")
    return keys


def _colour(c: Checker, col: Any, loc: str) -> None:
    if not (isinstance(col, list) and len(col) == 3):
        c.add(loc, f"expected [red, green, blue], got {got(col)}")
        return
    for i, x in enumerate(col):
        c.integer(x, f"{loc}[{i}]", 0, 255)


def _places(c: Checker, v: Any) -> None:
    seen: set[str] = set()
    for i, p in enumerate(c.seq(v, "places")):
        loc = f"places[{i}]"
        if c.mapping(p, loc, ("name", "lat", "lon", "source"), ("note", "elevation_m")):
            name = c.string(p.get("name"), f"{loc}.name")
            if name in seen:
                c.add(f"{loc}.name", f"duplicate place {name!r}")
            if name:
                seen.add(name)
            c.number(p.get("lat"), f"{loc}.lat", -90, 90)
            c.number(p.get("lon"), f"{loc}.lon", -180, 180)
            c.source(p, loc)


def _objectives(c: Checker, v: Any, sides: tuple[str, ...]) -> None:
    for i, o in enumerate(c.seq(v, "objectives")):
        loc = f"objectives[{i}]"
        if c.mapping(o, loc, ("place", "radius", "points"), ("held_by", "source")):
            c.string(o.get("place"), f"{loc}.place")
            c.integer(o.get("radius"), f"{loc}.radius", 0, 5)
            c.integer(o.get("points"), f"{loc}.points", 0, 1000)
            if "held_by" in o and sides:
                c.choice(o["held_by"], f"{loc}.held_by", (*sides, "contested"))


def _rules(c: Checker, v: Any, sides: tuple[str, ...]) -> None:
    if not c.mapping(v, "rules"):
        return
    flat = flatten({k: x for k, x in v.items() if k not in ("border", "assault_odds")})
    spec = rule_spec(sides)
    known = {k for k, *_ in spec}
    for key, typ, lo, hi in spec:
        if key not in flat:
            c.add(f"rules.{key}", "missing")
        elif typ is int:
            c.integer(flat[key], f"rules.{key}", int(lo), int(hi))
        else:
            c.number(flat[key], f"rules.{key}", lo, hi)
    for key in sorted(set(flat) - known):
        if not key.endswith(("source", "note")) and "sources" not in key.split(".") and (
                sides or not key.startswith("casualties.")):
            c.add(f"rules.{key}", "unknown rule parameter")
    odds = c.seq(v.get("assault_odds"), "rules.assault_odds")
    if not odds:
        c.add("rules.assault_odds", "needs [odds, chance] rows")
    for i, row in enumerate(odds):
        if not (isinstance(row, list) and len(row) == 2):
            c.add(f"rules.assault_odds[{i}]", "expected [odds, chance percent]")
        else:
            c.number(row[0], f"rules.assault_odds[{i}][0]", 0, 100)
            c.integer(row[1], f"rules.assault_odds[{i}][1]", 0, 100)
    for side in sides:
        parts = [flat.get(f"casualties.{side}.{k}") for k in ("killed", "wounded", "missing")]
        if all(isinstance(p, int) for p in parts) and sum(parts) != 100:  # type: ignore[arg-type]
            c.add(f"rules.casualties.{side}", "killed + wounded + missing must be 100")
    b = v.get("border")
    if b is not None and c.mapping(b, "rules.border", ("enabled", "side"), ("forbidden", "from", "until", "source")):
        c.boolean(b.get("enabled"), "rules.border.enabled")
        if sides:
            c.choice(b.get("side"), "rules.border.side", sides)
        if "forbidden" in b:
            c.choice(b["forbidden"], "rules.border.forbidden", ("west", "east"))
        for k in ("from", "until"):
            if k in b:
                check_time(c, b[k], f"rules.border.{k}")


def _unit_kinds(c: Checker, v: Any) -> tuple[str, ...] | None:
    """The unit kinds (name, counter symbol, traits); returns their keys, None if the table is broken."""
    names = c.kind_table(v, "unit_kinds", "unit kind")
    if names is None:
        return None
    for k, t in kinds_of(v).items():
        loc = f"unit_kinds.{k}"
        if not c.mapping(t, loc, ("name", "symbol", "may_assault", "wire_step"), ("note",)):
            continue
        c.tags(t, loc)
        c.string(t.get("name"), f"{loc}.name")
        symbol = c.seq(t.get("symbol"), f"{loc}.symbol")
        if "symbol" in t and isinstance(t["symbol"], list) and not symbol:
            c.add(f"{loc}.symbol", "expected at least one element")
        for i, e in enumerate(symbol):
            c.choice(e, f"{loc}.symbol[{i}]", SYMBOL_ELEMENTS)
        c.boolean(t.get("may_assault"), f"{loc}.may_assault")
        c.integer(t.get("wire_step"), f"{loc}.wire_step", 0, 10)
    return names


def _tank_types(c: Checker, v: Any, vehicle_kinds: Any) -> None:
    """Vehicle kinds (name, what they count as) and armoured vehicle models, each of a known kind."""
    kinds: tuple[str, ...] | None = ()
    if vehicle_kinds is not None:
        kinds = c.kind_table(vehicle_kinds, "vehicle_kinds", "vehicle kind", optional=True)
        for k, t in (kinds_of(vehicle_kinds) if kinds is not None else {}).items():
            loc = f"vehicle_kinds.{k}"
            if c.mapping(t, loc, ("name", "counts_as"), ("vulnerability", "note")):
                c.tags(t, loc)
                c.string(t.get("name"), f"{loc}.name")
                c.choice(t.get("counts_as"), f"{loc}.counts_as", VEHICLE_COUNTS)
                if "vulnerability" in t:
                    c.number(t["vulnerability"], f"{loc}.vulnerability", 0, 10)
    if v is None or c.kind_table(v, "tank_types", "tank type", optional=True, shaped=False) is None:
        return
    for k, t in kinds_of(v).items():
        if not isinstance(t, dict) or "kind" not in t:
            c.add(f"tank_types.{k}", "expected a mapping with a 'kind'")
            continue
        c.tags(t, f"tank_types.{k}")
        if kinds is not None and t["kind"] not in kinds:
            c.add(f"tank_types.{k}.kind", f"unknown vehicle kind {t['kind']!r} (add it to vehicle_kinds)")


def _unit_types(c: Checker, v: Any, kinds: tuple[str, ...] | None) -> None:
    if c.kind_table(v, "unit_types", "unit type", shaped=False) is None:
        return
    for k, t in kinds_of(v).items():
        loc = f"unit_types.{k}"
        if c.mapping(t, loc, ("kind", "move", "size", "vehicles", "observe"), ("source", "note", "name")):
            c.tags(t, loc)
            if "kind" in t and kinds is not None and t["kind"] not in kinds:
                c.add(f"{loc}.kind", f"unknown unit kind {t.get('kind')!r} (add it to unit_kinds)")
            c.integer(t.get("move"), f"{loc}.move", 0, 60)
            c.choice(t.get("size"), f"{loc}.size", SIZES)
            c.boolean(t.get("vehicles"), f"{loc}.vehicles")
            c.integer(t.get("observe"), f"{loc}.observe", 0, 60)


def _calibres(c: Checker, v: Any) -> None:
    if not c.mapping(v, "calibres"):
        return
    for k, t in v.items():
        loc = f"calibres.{k}"
        if c.mapping(t, loc, ("range_km", "shell_kg", "direct"), ("source", "note", "name", "role")):
            if "role" in t:
                c.choice(t["role"], f"{loc}.role", ("field", "anti_aircraft"))
            c.number(t.get("range_km"), f"{loc}.range_km", 0.1, 60)
            c.number(t.get("shell_kg"), f"{loc}.shell_kg", 0.1, 200)
            c.boolean(t.get("direct"), f"{loc}.direct")


def _units(c: Checker, v: Any, span: Span, tank_types: Any, sides: tuple[str, ...]) -> None:
    seen: set[str] = set()
    units = c.seq(v, "units")
    if len(units) > MAX_UNITS:
        c.add("units", f"{len(units)} units (at most {MAX_UNITS})")
        return
    models = set(kinds_of(tank_types)) if isinstance(tank_types, dict) else None
    for i, u in enumerate(units):
        loc = f"units[{i}]"
        if not c.mapping(u, loc, ("id", "name", "side", "type", "at", "men", "source"), UNIT_KEYS):
            continue
        uid = c.string(u.get("id"), f"{loc}.id", ID_RE)
        if uid in seen:
            c.add(f"{loc}.id", f"duplicate unit id {uid!r}")
        if uid:
            seen.add(uid)
        c.string(u.get("name"), f"{loc}.name")
        if sides:
            c.choice(u.get("side"), f"{loc}.side", sides)
        c.string(u.get("type"), f"{loc}.type")
        if isinstance(u.get("at"), list):
            check_latlon(c, u["at"], f"{loc}.at")
        else:
            c.string(u.get("at"), f"{loc}.at")
        if u.get("arrives") is not None:
            check_time(c, u["arrives"], f"{loc}.arrives")
            if span is not None and isinstance(u["arrives"], str) and TIME_RE.match(u["arrives"]) \
                    and u["arrives"] >= span[1]:
                c.add(f"{loc}.arrives", f"{u['arrives']} is not before the end of the clock ({span[1]})")
        c.integer(u.get("men"), f"{loc}.men", 1, 100_000)
        c.integer(u.get("morale", 70), f"{loc}.morale", 0, 100)
        c.integer(u.get("entrench", 0), f"{loc}.entrench", 0, 5)
        c.integer(u.get("ammo", 0), f"{loc}.ammo", 0, 1000)
        if "reserve" in u:
            c.boolean(u["reserve"], f"{loc}.reserve")
        c.source(u, loc)
        w = u.get("weapons", {})
        if c.mapping(w, f"{loc}.weapons", (), ("rifles", "lmg", "hmg", "atr", "guns", "tanks")):
            for k in ("rifles", "lmg", "hmg", "atr"):
                if k in w:
                    c.integer(w[k], f"{loc}.weapons.{k}", 0, 100_000)
            for k in ("guns", "tanks"):
                if k in w and c.mapping(w[k], f"{loc}.weapons.{k}"):
                    for name, n in w[k].items():
                        c.integer(n, f"{loc}.weapons.{k}.{name}", 0, 10_000)
                        if k == "tanks" and models is not None and name not in models:
                            c.add(f"{loc}.weapons.tanks.{name}", f"unknown tank type {name!r} (not in tank_types)")


def _weather(c: Checker, v: Any) -> None:
    if not c.mapping(v, "weather", ("fog",), ("source",)):
        return
    for i, f in enumerate(bounded(c, v.get("fog"), "weather.fog")):
        loc = f"weather.fog[{i}]"
        if c.mapping(f, loc, ("from", "until", "source"), ("note",)):
            check_time(c, f.get("from"), f"{loc}.from")
            check_time(c, f.get("until"), f"{loc}.until")
            _ordered(c, f, loc)
            c.source(f, loc)


def _ordered(c: Checker, v: dict[str, Any], loc: str) -> bool:
    """A period's `until` after its `from` (both already checked as times); False if not."""
    a, b = v.get("from"), v.get("until")
    if isinstance(a, str) and isinstance(b, str) and TIME_RE.match(a) and TIME_RE.match(b) and b <= a:
        c.add(f"{loc}.until", f"{b} is not after {loc}.from {a}")
        return False
    return True


def _within(c: Checker, t: dict[str, Any], loc: str, span: tuple[str, str]) -> None:
    """A plan period must overlap the clock (a plan wholly before or after it never runs)."""
    a, b = t.get("from"), t.get("until")
    if not (isinstance(a, str) and isinstance(b, str) and TIME_RE.match(a) and TIME_RE.match(b)):
        return
    if a >= span[1]:
        c.add(f"{loc}.from", f"{a} is not before the end of the clock ({span[1]})")
    elif b <= span[0]:
        c.add(f"{loc}.until", f"{b} is not after the start of the clock ({span[0]})")


def _air(c: Checker, v: Any, sides: tuple[str, ...]) -> None:
    if not c.mapping(v, "air", sides):
        return
    for side in sides:
        a = v.get(side)
        loc = f"air.{side}"
        if not c.mapping(a, loc, ("types", "budgets"), ("source", "note")):
            continue
        types = a.get("types") or {}
        if c.mapping(types, f"{loc}.types"):
            for k, t in types.items():
                if c.mapping(t, f"{loc}.types.{k}", ("bomb_kg", "role"), ("source", "note", "aircraft")):
                    c.number(t.get("bomb_kg"), f"{loc}.types.{k}.bomb_kg", 0, 10_000)
                    c.choice(t.get("role"), f"{loc}.types.{k}.role", ("bomber", "fighter", "attack", "recon"))
        for i, b in enumerate(bounded(c, a.get("budgets"), f"{loc}.budgets")):
            bl = f"{loc}.budgets[{i}]"
            if c.mapping(b, bl, ("from", "until", "sorties", "source"), ("note",)):
                check_date(c, b.get("from"), f"{bl}.from")
                check_date(c, b.get("until"), f"{bl}.until")
                if isinstance(b.get("from"), str) and isinstance(b.get("until"), str) \
                        and DATE_RE.match(b["from"]) and DATE_RE.match(b["until"]) and b["until"] < b["from"]:
                    c.add(f"{bl}.until", f"{b['until']} is before {bl}.from {b['from']}")
                c.source(b, bl)
                if c.mapping(b.get("sorties"), f"{bl}.sorties"):
                    for k, n in b["sorties"].items():
                        c.integer(n, f"{bl}.sorties.{k}", 0, 10_000)
                        if isinstance(types, dict) and k not in types:
                            c.add(f"{bl}.sorties.{k}", f"unknown aircraft type {k!r}")


def _plans(c: Checker, v: Any, span: Span, sides: tuple[str, ...]) -> None:
    if not c.mapping(v, "plans", (), sides):
        return
    patterns = sum(len(t["units"]) for tasks in v.values() if isinstance(tasks, list)
                   for t in tasks if isinstance(t, dict) and isinstance(t.get("units"), list))
    if patterns > MAX_PATTERNS:
        c.add("plans", f"{patterns} unit ids and patterns in all (at most {MAX_PATTERNS})")
        return
    for side, tasks in v.items():
        for i, t in enumerate(bounded(c, tasks, f"plans.{side}")):
            loc = f"plans.{side}[{i}]"
            if not c.mapping(t, loc, ("from", "until", "task", "source"),
                             ("units", "target", "barrage", "sorties", "note")):
                continue
            check_time(c, t.get("from"), f"{loc}.from")
            check_time(c, t.get("until"), f"{loc}.until")
            if _ordered(c, t, loc) and span is not None:
                _within(c, t, loc, span)
            task = c.choice(t.get("task"), f"{loc}.task", TASKS)
            c.source(t, loc)
            if task != "air":
                units = c.seq(t.get("units"), f"{loc}.units")
                if not units:
                    c.add(f"{loc}.units", "needs at least one unit id or pattern")
                for j, u in enumerate(units):
                    c.string(u, f"{loc}.units[{j}]")
            if task in ("attack", "move", "withdraw", "bombard", "air") and "target" not in t:
                c.add(loc, f"task {task} needs a 'target'")
            if "target" in t:
                if isinstance(t["target"], list):
                    check_latlon(c, t["target"], f"{loc}.target")
                else:
                    c.string(t["target"], f"{loc}.target")
            if "barrage" in t:
                c.boolean(t["barrage"], f"{loc}.barrage")
            if task == "air" and c.mapping(t.get("sorties"), f"{loc}.sorties"):
                for k, n in t["sorties"].items():
                    c.integer(n, f"{loc}.sorties.{k}", 1, 10_000)
