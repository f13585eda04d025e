"""Frozen entry point of ``ppf``, the command line."""

import sys

from ppf_app.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
