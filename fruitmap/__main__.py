"""Entry point of ``python -m fruitmap``."""

import sys

from fruitmap.cli import main

if __name__ == "__main__":
    sys.exit(main())
