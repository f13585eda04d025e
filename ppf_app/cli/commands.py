"""The list of command groups; each lives in its own module with a ``register``."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ppf_app.cli import (
    assess_cmd,
    backup_cmd,
    brief_cmd,
    dev_cmd,
    framework_cmd,
    key_cmd,
    objective_cmd,
    pairs_cmd,
    person_cmd,
    plan_cmd,
    portable_cmd,
    server_cmd,
    tna_cmd,
)

Registrar = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

REGISTRARS: list[Registrar] = [
    framework_cmd.register,
    person_cmd.register,
    assess_cmd.register,
    plan_cmd.register,
    objective_cmd.register,
    portable_cmd.register,
    key_cmd.register,
    backup_cmd.register,
    dev_cmd.register,
    brief_cmd.register,
    server_cmd.register,
    pairs_cmd.register,
    tna_cmd.register,
]
