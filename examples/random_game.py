"""Play a whole game of the teaching scenario with uniformly random legal orders, then print the
result and save the record (which `khasan replay --verify` accepts)."""

import sys
import tempfile
from pathlib import Path

import numpy as np

import game

g = game.load("teaching", seed=7)
rng = np.random.default_rng(7)
while not g.over:
    orders = g.legal_orders()  # every legal order for the side to move; EndPhase is last
    g.apply(orders[int(rng.integers(len(orders)))])

res = g.result()
print(f"winner {res['winner']} after {res['orders']} orders; points {res['points']}")
out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "random.jsonl"
print("record saved to", g.save(out))
