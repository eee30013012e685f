"""`python -m pressroom`: the same as the `pressroom` command."""

import sys

from .commands import main

sys.exit(main())
