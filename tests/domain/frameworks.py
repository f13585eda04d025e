"""The format 2 test frameworks and small frameworks built in code, shared by these tests."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path
from typing import Any

from ppf_app.domain.framework import Framework
from ppf_app.domain.framework_library import FrameworkLibrary
from ppf_app.domain.framework_loader import FrameworkError, load_framework, parse_framework

DATA = Path(__file__).resolve().parent.parent / "data" / "frameworks"
FORMAT2 = DATA / "format2"
GOOD = DATA / "good"
BROKEN = DATA / "broken"
BUNDLED_PPF = Path(__file__).resolve().parents[2] / "resources" / "frameworks" / "ppf.toml"


def bundled_library(tmp_path: Path) -> FrameworkLibrary:
    """A library whose bundled folder holds the bundled ``ppf.toml`` and leadership-model
    2013, with its user folder ``tmp_path/data/frameworks`` (not made yet)."""
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    shutil.copy(BUNDLED_PPF, bundled / "ppf.toml")
    shutil.copy(GOOD / "leadership-model.toml", bundled / "leadership-model.toml")
    return FrameworkLibrary(bundled_dir=bundled, user_dir=tmp_path / "data" / "frameworks")


@cache
def board() -> Framework:
    """Frequency scale, "No chance to demonstrate", chair-only behaviours."""
    return load_framework(FORMAT2 / "board-leadership.toml")


@cache
def hlm() -> Framework:
    """Nine dimensions, Insufficient to Exemplary, descriptors, importance; supersedes 2013."""
    return load_framework(FORMAT2 / "leadership-model-2026.toml")


@cache
def hlm_2013() -> Framework:
    """The format 1 framework the 2026 one supersedes."""
    return load_framework(GOOD / "leadership-model.toml")


@cache
def ksf() -> Framework:
    """Ten post outlines, six core dimensions, three specific ones for some posts."""
    return load_framework(FORMAT2 / "ksf-posts.toml")


def toml_framework(body: str, source: str = "built.toml") -> Framework:
    """A framework from TOML text (through the loader, so every rule applies)."""
    return parse_framework(body.encode("utf-8"), source)


def built(
    *,
    scale: int = 4,
    values: list[list[list[str]]],
    areas: list[str],
    groups: list[dict[str, Any]] | None = None,
    not_applicable: bool = False,
    area_groups: dict[str, list[str]] | None = None,
) -> Framework:
    """A format 2 framework whose behaviour ``v{v}-b{b}`` addresses ``values[v][b]``.

    Values 1..``scale``; no groups unless given (so every target is the second-highest
    level and every importance 1).
    """
    data: dict[str, Any] = {
        "format": 2,
        "framework": {"id": "built", "version": "1", "title": "Built in code"},
        "scale": [{"value": i, "label": f"Level {i}"} for i in range(1, scale + 1)],
        "training_areas": [
            {
                "id": a,
                "title": f"Area {a}",
                **({"for_groups": area_groups[a]} if area_groups and a in area_groups else {}),
            }
            for a in areas
        ],
        "groups": groups or [],
        "values": [
            {
                "id": f"v{v}",
                "title": f"Value {v}",
                "behaviours": [
                    {"id": f"v{v}-b{b}", "text": f"Behaviour {v}.{b}", "training_areas": ids}
                    for b, ids in enumerate(behaviours)
                ],
            }
            for v, behaviours in enumerate(values)
        ],
    }
    if not_applicable:
        data["not_applicable"] = {"label": "Not seen"}
    return Framework.model_validate(data)


def outcome(call: Any) -> str:
    """What loading gave: "loaded" (a Framework) or "refused" (a FrameworkError whose
    every problem names its place); anything else fails the test."""
    try:
        result = call()
    except FrameworkError as exc:
        assert exc.problems and all(": " in p for p in exc.problems)
        return "refused"
    assert isinstance(result, Framework)
    return "loaded"
