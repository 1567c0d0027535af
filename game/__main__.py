"""`python -m game` runs the `khasan` command line."""

import sys

from game.cli import main

sys.exit(main())
