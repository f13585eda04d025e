"""A quicker answer to the question Qt for Python asks of every module imported after it.

Once PySide6 is loaded, the modules imported after it are each looked at once, to know
whether they use PySide6 (for Qt for Python's optional ``from __feature__ import ...``
switches): ``"PySide6" in inspect.getsource(module)``. That reads, decodes and splits every such
file into lines and keeps them all in memory (``linecache``): for the modules the window
loads, about 13 ms of start-up and 6 MiB. :func:`check_modules_quickly` keeps the
question and its answer and reads the module's file as bytes instead. Modules without a
``.py`` file, and any file that cannot be read, still get Qt for Python's own answer.
Where a later PySide6 has no such check, nothing is changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

#: The module of Qt for Python that makes the check (loaded with PySide6).
FEATURE_MODULE = "shibokensupport.feature"


def uses_pyside(module: ModuleType, fallback: Callable[[ModuleType], bool]) -> bool:
    """Whether ``module``'s source names PySide6, read from its ``.py`` file as bytes."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return fallback(module)
    try:
        with open(path, "rb") as stream:
            return b"PySide6" in stream.read()
    except OSError:
        return fallback(module)


def check_modules_quickly() -> bool:
    """Answer Qt for Python's question about each module imported from now on by reading
    its file as bytes; True when its check was found and replaced."""
    import PySide6.QtCore  # noqa: F401  (loads the check)

    feature = sys.modules.get(FEATURE_MODULE)
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if getattr(original, "reads_bytes", False):
        return True  # already in place

    def quicker(module: ModuleType) -> bool:
        return uses_pyside(module, original)

    quicker.reads_bytes = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = quicker  # type: ignore[attr-defined]
    return True
