"""``python -m socialwork``: the same as the ``socialwork`` command."""

import sys

from socialwork.cli import main

sys.exit(main())
