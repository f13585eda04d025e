"""The real ``ppf-app`` in its own process, reporting what its one-window channel gets.

Usage: python -m tests.ui.instance_host [ppf-app arguments...]

Runs ``ppf_app.ui.app.main`` as installed, and prints ``listening`` once the app listens
for later starts, ``activated`` each time one asks the window to come forward, and
``files JSON`` for the files one hands over. The parent ends it.
"""

from __future__ import annotations

import json
import sys

from ppf_app.ui import app, single_instance

_start = single_instance.start


def start(key: str, files: object) -> bool:
    chosen = _start(key, files)  # type: ignore[arg-type]
    channel = single_instance.current()
    if chosen and channel is not None and channel.is_listening():
        channel.activate_requested.connect(lambda: print("activated", flush=True))
        channel.connect_files(lambda paths: print("files", json.dumps(paths), flush=True))
        print("listening", flush=True)
    return chosen


single_instance.start = start  # type: ignore[assignment]

if __name__ == "__main__":
    sys.exit(app.main(sys.argv[1:]))
