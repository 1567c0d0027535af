"""Scenario loading and validation, the Game (apply orders, get events), records."""
