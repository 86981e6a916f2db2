"""`python -m builder` is the `briefing` command."""

import sys

from builder.commands.cli import main

sys.exit(main())
