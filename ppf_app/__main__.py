"""``python -m ppf_app`` starts the desktop app."""

import sys

from ppf_app.ui.app import main

sys.exit(main())
