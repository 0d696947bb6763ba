"""`python -m engine` runs the `frontline` command."""

import sys

from engine.cli.main import main

sys.exit(main())
