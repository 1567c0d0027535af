"""Game rules, one module per rule: movement, sight, fire, artillery, air, fortification, morale, victory."""
