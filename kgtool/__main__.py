"""``python -m kgtool``."""
import sys

from kgtool.cli.main import main

sys.exit(main())
