"""Headless running of games and experiments."""
