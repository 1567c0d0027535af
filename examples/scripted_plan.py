"""A scripted Soviet plan for the teaching scenario against the built-in Japanese AI: bomb and
barrage the hill, close in, and storm it with every unit that can reach it. The script reads only
its own side's view and picks from the legal orders."""

import game
from game import AirStrike, Assault, Bombard, EndPhase, Move

g = game.load("teaching", seed=3)
hill = g.scenario.objectives[0].hex
japan = g.builtin_player("japan", "ai")
g.players["soviet"] = "scripted_plan"


def soviet_order(g: game.Game) -> game.Move | game.Assault | game.Bombard | game.AirStrike | game.EndPhase:
    orders = g.legal_orders()
    view = g.view("soviet")
    strikes = [o for o in orders if isinstance(o, AirStrike) and o.target == hill]
    if strikes:
        return max(strikes, key=lambda o: o.sorties)  # everything that can fly, at the hill
    barrages = [o for o in orders if isinstance(o, Bombard) and o.target == hill and o.barrage]
    if barrages:
        return barrages[0]
    assaults = [o for o in orders if isinstance(o, Assault) and o.target == hill]
    if assaults:
        return max(assaults, key=lambda o: len(o.units))  # the biggest group
    here = {u.id: u.hex.distance(hill) for u in view.own}
    closer = [o for o in orders if isinstance(o, Move) and o.to.distance(hill) < here[o.unit] and o.to != hill]
    if closer:
        return min(closer, key=lambda o: (o.to.distance(hill), o.unit))
    return EndPhase()


while not g.over:
    if g.side_to_move == "soviet":
        g.apply(soviet_order(g))
    else:
        g.play(japan)  # the AI is handed Japan's view, never the game

res = g.result()
print(f"{res['winner']} wins; hill held by {res['control']}; Soviet losses {res['losses']['soviet']}")
