"""``python -m jpdx.cli``: the same as the ``jpdx`` command."""

import sys

from jpdx.cli import main

sys.exit(main())
