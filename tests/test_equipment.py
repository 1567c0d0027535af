"""Equipment losses with fixed dice: knocked out or destroyed, repair after the repair time,
loss of knocked-out equipment when the enemy takes its hex, anti-aircraft guns that never fire
as artillery but hit aircraft, and the `equipment` figures of `khasan run --json`."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

from conftest import ROOT, TEACHING

from game.core.orders import AirStrike, EndPhase
from game.engine.game import Game
from game.engine.scenario import Calibre, load_scenario
from game.rules.air import hit_chance, resolve_air
from game.rules.artillery import indirect_guns
from game.rules.equipment import knock_out


def game_with(**sets: float) -> Game:
    rules = {f"rules.equipment.{k.replace('__', '.')}": v for k, v in sets.items()}
    return Game(load_scenario(TEACHING, (), rules), 7)


def test_hit_tanks_are_destroyed_or_knocked_out_by_the_destroyed_share():
    for pct, destroyed, damaged in ((100, 3, 0), (0, 0, 3)):
        st = game_with(tanks__destroyed_pct=pct).state
        tk = st.units["su_tk1"]
        events = knock_out(st, tk, [("tanks", "T-26", 3, 0.5)])
        assert tk.tanks["T-26"] == 12
        assert st.equipment["soviet"]["tanks"] == {"destroyed": destroyed, "damaged": damaged}
        assert len(st.repairs) == (1 if damaged else 0)
        assert {e.kind for e in events} == {"equipment_lost" if destroyed else "equipment_knocked_out"}


def test_knocked_out_tanks_come_back_after_the_repair_time():
    g = game_with(tanks__destroyed_pct=0, tanks__repair_turns=2)
    st = g.state
    knock_out(st, st.units["su_tk1"], [("tanks", "T-26", 4, 0.5)])
    seen = []
    while st.turn < 2:
        seen += g.apply(EndPhase())
        assert st.units["su_tk1"].tanks["T-26"] == 11
    seen += g.apply(EndPhase())
    assert st.units["su_tk1"].tanks["T-26"] == 15 and not st.repairs
    assert [e.tanks for e in seen if e.kind == "equipment_repaired"] == [4]
    assert st.equipment["soviet"]["tanks"] == {"destroyed": 0, "damaged": 4}


def test_knocked_out_tanks_are_lost_when_the_enemy_takes_their_hex():
    g = game_with(tanks__destroyed_pct=0, tanks__repair_turns=6)
    st = g.state
    tk = st.units["su_tk1"]
    where = st.hex_index(tk)
    knock_out(st, tk, [("tanks", "T-26", 5, 0.5)])
    for u in st.units_at(where):
        st.move_unit(u, st.scenario.map.index[u.hex.neighbor(3)])
    st.move_unit(st.units["jp_mg"], where)
    events = g.apply(EndPhase())
    lost = [e for e in events if e.kind == "equipment_lost"]
    assert [(e.unit, e.tanks) for e in lost] == [("su_tk1", 5)]
    assert st.equipment["soviet"]["tanks"] == {"destroyed": 5, "damaged": 5}
    assert not st.repairs and tk.tanks["T-26"] == 10


def with_aa(g: Game) -> Game:
    """The Japanese battery's 75 mm guns re-declared as anti-aircraft guns."""
    scen = g.state.scenario
    cal = dict(scen.calibres)
    cal["75"] = dataclasses.replace(cal["75"], role="anti_aircraft")
    g.state.scenario = dataclasses.replace(scen, calibres=cal)
    return g


def test_anti_aircraft_guns_do_not_fire_as_artillery():
    g = with_aa(Game(load_scenario(TEACHING), 7))
    assert not indirect_guns(g.state, g.state.units["jp_bty"])
    assert indirect_guns(g.state, g.state.units["su_bty"])
    assert isinstance(g.state.scenario.calibres["75"], Calibre)


def test_anti_aircraft_guns_in_reach_hit_aircraft():
    plain = game_with(aircraft__aa_hits_per_gun_per_1000=250.0, aircraft__destroyed_pct=100)
    target = plain.state.units["jp_bty"].hex
    base = hit_chance(plain.state, "soviet", target)
    g = with_aa(game_with(aircraft__aa_hits_per_gun_per_1000=250.0, aircraft__destroyed_pct=100))
    assert hit_chance(g.state, "soviet", target) == 1.0 > base  # 4 guns x 250 per 1,000
    events = resolve_air(g.state, "soviet", AirStrike("SB", 5, target), g.state.dice)
    assert [(e.kind, e.count) for e in events if e.kind.startswith("aircraft")] == [("aircraft_lost", 5)]
    assert g.state.equipment["soviet"]["aircraft"] == {"destroyed": 5, "damaged": 0}
    assert g.state.aircraft_lost["soviet"] == 5


def test_hit_aircraft_come_home_damaged_when_not_shot_down():
    g = with_aa(game_with(aircraft__aa_hits_per_gun_per_1000=250.0, aircraft__destroyed_pct=0))
    events = resolve_air(g.state, "soviet", AirStrike("SB", 5, g.state.units["jp_bty"].hex), g.state.dice)
    assert [(e.kind, e.count) for e in events if e.kind.startswith("aircraft")] == [("aircraft_damaged", 5)]
    assert g.state.equipment["soviet"]["aircraft"] == {"destroyed": 0, "damaged": 5}


def test_run_json_reports_equipment_by_side_and_kind():
    out = subprocess.run([sys.executable, "-m", "game", "run", str(TEACHING), "--seed", "3", "--json", "--players",
                          "soviet=historical,japan=historical"], check=True, cwd=ROOT, capture_output=True, text=True)
    eq = json.loads(out.stdout)["equipment"]
    assert sorted(eq) == ["japan", "soviet"]
    for side in eq.values():
        assert sorted(side) == ["aircraft", "guns", "tanks"]
        assert all(sorted(v) == ["damaged", "destroyed"] and min(v.values()) >= 0 for v in side.values())


def test_crew_losses_hit_vehicles_with_fixed_dice():
    from game.rules.equipment import hit_equipment

    st = game_with(tanks__destroyed_pct=0).state
    tk = st.units["su_tk1"]
    events = hit_equipment(st, tk, 0.5, [0.0, 0.0])  # lowest dice: no tank hit
    assert not events and tk.tanks["T-26"] == 15
    events = hit_equipment(st, tk, 0.5, [1.0 - 1e-12, 0.0])  # highest dice: every tank hit, none destroyed
    assert tk.tanks["T-26"] == 0 and [e.kind for e in events] == ["equipment_knocked_out"]
