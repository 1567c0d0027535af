"""Core data types: hexes, terrain, map, units, orders, events, state, chance and errors."""
