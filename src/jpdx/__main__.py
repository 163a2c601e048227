"""``python -m jpdx``: the same as the ``jpdx`` command."""

import sys

from jpdx.cli import main

sys.exit(main())
