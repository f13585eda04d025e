"""Frozen entry point of ``ppf-app``, the desktop app."""

import sys

from ppf_app.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
