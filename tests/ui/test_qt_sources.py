"""Qt for Python's check of each module imported after it: the same answers, from bytes."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from ppf_app.ui import qt_sources


def test_the_answer_comes_from_the_file_and_others_from_qt_for_python(tmp_path: Path) -> None:
    asked: list[str] = []

    def fallback(module: ModuleType) -> bool:
        asked.append(module.__name__)
        return True

    uses = tmp_path / "uses.py"
    uses.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    plain = tmp_path / "plain.py"
    plain.write_text("import json\n", encoding="utf-8")
    modules = {}
    for name, path in (("uses", uses), ("plain", plain), ("gone", tmp_path / "gone.py")):
        module = ModuleType(name)
        module.__file__ = str(path)
        modules[name] = module
    compiled = ModuleType("compiled")
    compiled.__file__ = str(tmp_path / "compiled.pyc")
    assert qt_sources.uses_pyside(modules["uses"], fallback) is True
    assert qt_sources.uses_pyside(modules["plain"], fallback) is False
    assert asked == []
    assert qt_sources.uses_pyside(modules["gone"], fallback) is True  # unreadable: asked
    assert qt_sources.uses_pyside(compiled, fallback) is True  # no source file: asked
    assert qt_sources.uses_pyside(ModuleType("builtin"), fallback) is True
    assert asked == ["gone", "compiled", "builtin"]


def test_qt_for_python_gets_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    import PySide6.QtCore  # noqa: F401

    feature = sys.modules.get(qt_sources.FEATURE_MODULE)
    if feature is None or not hasattr(feature, "_mod_uses_pyside"):
        pytest.skip("this PySide6 has no such check")
    original = feature._mod_uses_pyside
    monkeypatch.setattr(feature, "_mod_uses_pyside", original)
    assert qt_sources.check_modules_quickly() is True
    quicker = feature._mod_uses_pyside
    assert quicker is not original
    assert qt_sources.check_modules_quickly() is True
    assert feature._mod_uses_pyside is quicker  # once only
    for name in ("ppf_app.ui.application", "ppf_app.ui.main_window", "ppf_app.domain.framework"):
        module = importlib.import_module(name)
        assert quicker(module) == original(module), name
    assert quicker(json) == original(json) is False
