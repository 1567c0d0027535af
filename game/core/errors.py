"""Error types that carry readable, located problems instead of tracebacks."""

from __future__ import annotations


class KhasanError(Exception):
    """Base class for errors shown to a user as one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class ScenarioError(KhasanError):
    """A scenario file is malformed; each problem reads `FILE: location: what is wrong`."""


class RecordError(KhasanError):
    """A record file is malformed or does not match its scenario."""


class IllegalOrder(KhasanError):
    """An order broke the rules; `problems` lists the violations."""
