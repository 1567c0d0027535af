"""The pygame-ce window: the only package that imports pygame."""
