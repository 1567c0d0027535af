"""`python -m game` runs the `khasan` command line as a process of its own (see game.cli.program)."""

import gc

gc.disable()  # no collections while the command line is imported: game.cli.program decides how many after

from game.cli import program  # noqa: E402

program()
