"""`python -m engine` runs the `frontline` command."""

import sys

from engine.cli import main

sys.exit(main())
