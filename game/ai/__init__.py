"""Players: the Player protocol, random baseline, historical plans, heuristic AI."""
