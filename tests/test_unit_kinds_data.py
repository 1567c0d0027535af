"""Unit kinds and vehicle kinds are data: a made-up kind of each (ski troops; an aerosan that the
data counts with the guns) loads, validates, assaults, plays to the end, is counted as its data
says and is drawn; and every order type has one entry in each dispatch table."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, TEACHING

from game.core.events import EVENT_TYPES
from game.core.orders import ORDER_TYPES, Assault, EndPhase
from game.core.units import SYMBOL_ELEMENTS
from game.engine.game import RESOLVERS, Game
from game.engine.scenario import load_scenario, read_scenario
from game.rules.equipment import knock_out
from game.rules.legality import CHECKS, may_assault, violations

SKI = {"name": "ski troops", "symbol": ["cross", "diagonal"], "may_assault": True, "wire_step": 1,
       "source": "est: made up for a test"}
AEROSAN = {"name": "aerosan", "counts_as": "guns", "source": "est: made up for a test"}


def made_up(tmp_path: Path, edit: Any = None) -> Path:
    """The teaching scenario, self-contained, whose 1st Battalion are ski troops and whose tank
    company drives aerosans (T-26 is of the made-up vehicle kind)."""
    d = copy.deepcopy(read_scenario(TEACHING).data)
    d["unit_kinds"]["ski_troops"] = dict(SKI)
    d["vehicle_kinds"]["aerosan"] = dict(AEROSAN)
    d["tank_types"] = {"T-26": {"kind": "aerosan", "crew": 2, "source": "est: made up for a test"}}
    d["unit_types"]["ski_bn"] = {"kind": "ski_troops", "move": 10, "size": "battalion", "vehicles": False,
                                 "observe": 8}
    next(u for u in d["units"] if u["id"] == "su_bn1")["type"] = "ski_bn"
    if edit is not None:
        edit(d)
    path = tmp_path / "ski.yaml"
    path.write_text(yaml.safe_dump(d, sort_keys=False), encoding="utf-8")
    return path


def khasan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True)


def test_a_made_up_unit_kind_and_vehicle_kind_load_with_their_traits(tmp_path):
    path = made_up(tmp_path)
    assert khasan("validate", str(path)).returncode == 0
    scen = load_scenario(path)
    ski = next(u for u in scen.units if u.id == "su_bn1").traits
    assert (ski.name, ski.symbol, ski.may_assault, ski.wire_step) == ("ski troops", ("cross", "diagonal"), True, 1)
    assert scen.tank_kinds["T-26"].counts_as == "guns"


@pytest.mark.parametrize("edit, where", [
    (lambda d: d["unit_types"]["rifle_bn"].update(kind="ski_jumpers"), "unit_types.rifle_bn.kind: unknown unit kind"),
    (lambda d: d["unit_kinds"]["rifle"].update(may_assault="sometimes"), "unit_kinds.rifle.may_assault:"),
    (lambda d: d["unit_kinds"]["rifle"].update(symbol=["cross", "skis"]), "unit_kinds.rifle.symbol[1]:"),
    (lambda d: d["unit_kinds"]["rifle"].update(wire_step=-1), "unit_kinds.rifle.wire_step:"),
    (lambda d: d["unit_kinds"]["rifle"].update(flies=True), "unit_kinds.rifle.flies: unknown key"),
    (lambda d: d["vehicle_kinds"]["aerosan"].update(counts_as="boats"), "vehicle_kinds.aerosan.counts_as:"),
    (lambda d: d["tank_types"]["T-26"].update(kind="hovercraft"), "tank_types.T-26.kind: unknown vehicle kind"),
])
def test_a_bad_kind_or_trait_is_one_line_naming_file_and_place(tmp_path, edit, where):
    path = made_up(tmp_path, edit)
    res = khasan("validate", str(path))
    lines = res.stdout.strip().splitlines() + res.stderr.strip().splitlines()
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert len(lines) == 1 and lines[0].startswith(f"{path}: {where}"), lines


@pytest.mark.parametrize("assaults", [True, False])
def test_whether_a_kind_may_assault_is_its_data(tmp_path, assaults):
    g = Game(load_scenario(made_up(tmp_path, lambda d: d["unit_kinds"]["ski_troops"].update(may_assault=assaults))),
             seed=1)
    st = g.state
    while st.side != "soviet":
        g.apply(EndPhase())
    ski, enemy = st.units["su_bn1"], st.units["jp_co1"]
    m = st.scenario.map
    beside = next(h for h in enemy.hex.neighbors() if h in m.index and m.index[h] not in st.occupancy)
    st.move_unit(ski, m.index[beside])
    assert may_assault(ski, enemy.hex) is assaults
    said = violations(st, Assault(("su_bn1",), enemy.hex))
    assert any("cannot assault" in v for v in said) is not assaults


def _equipment(d: dict[str, Any], side: str) -> dict[str, int]:
    return {cat: sum(d["equipment"][side][cat].values()) for cat in ("tanks", "guns")}


def test_a_game_with_made_up_kinds_finishes_and_counts_vehicles_as_their_kind_says(tmp_path):
    """The aerosans are the tank company's T-26 under another kind: the same game, whose vehicle
    losses are counted with the guns instead of the tanks."""
    args = ("--seed", "4", "--players", "soviet=historical,japan=ai", "--json")
    plain = json.loads(khasan("run", str(TEACHING), *args).stdout)
    res = khasan("run", str(made_up(tmp_path)), *args)
    assert res.returncode == 0, res.stderr
    ski = json.loads(res.stdout)
    assert ski["turns_played"] == plain["turns_played"] and ski["losses"] == plain["losses"]
    before, after = _equipment(plain, "soviet"), _equipment(ski, "soviet")
    assert before["tanks"] > 0  # the seed is one where the tank company loses vehicles
    assert after == {"tanks": 0, "guns": before["guns"] + before["tanks"]}


def test_knocked_out_vehicles_are_tallied_in_their_kinds_category(tmp_path):
    st = Game(load_scenario(made_up(tmp_path)), seed=1).state
    events: list[Any] = knock_out(st, st.units["su_tk1"], [("tanks", "T-26", 3, 0.999)])
    tally = st.equipment["soviet"]
    assert sum(tally["guns"].values()) == 3 and sum(tally["tanks"].values()) == 0
    assert events and sum(e.guns for e in events) == 3 and not any(e.tanks for e in events)


def test_the_window_draws_a_made_up_kind_with_its_symbol(tmp_path, app, monkeypatch):
    from game.ui import counters
    from tests.ui_harness import make_scene, pump

    drawn: list[tuple[str, ...]] = []
    real = counters.draw_symbol

    def spy(surf: Any, symbol: tuple[str, ...], *rest: Any) -> None:
        drawn.append(symbol)
        real(surf, symbol, *rest)

    monkeypatch.setattr(counters, "draw_symbol", spy)
    make_scene(app, load_scenario(made_up(tmp_path)))
    pump(app, 3)
    assert ("cross", "diagonal") in drawn


def test_every_symbol_element_in_the_vocabulary_is_drawable():
    from game.ui.counters import ELEMENTS

    assert set(ELEMENTS) == set(SYMBOL_ELEMENTS)


def test_every_order_type_has_one_entry_in_each_dispatch_table():
    from game.agents.actions import ENCODERS

    orders = set(ORDER_TYPES.values())
    for table in (RESOLVERS, CHECKS, ENCODERS):
        assert set(table) == orders


def test_event_dispatch_tables_name_only_event_types():
    from game.ui.animation import PLAYS
    from game.ui.game_scene import SOUNDS
    from game.ui.messages import LINES

    events = set(EVENT_TYPES.values())
    assert set(LINES) <= events and set(PLAYS) <= events and set(SOUNDS) <= events
