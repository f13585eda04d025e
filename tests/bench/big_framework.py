"""A framework file of 300 behaviours (12 values of 25), worded like the bundled one."""

from __future__ import annotations

import json
from pathlib import Path

from ppf_app.core.resources import bundled_frameworks_dir
from ppf_app.domain.framework_loader import load_framework

VALUES = 12
BEHAVIOURS_PER_VALUE = 25


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a valid TOML basic string


def write_big_framework(path: Path) -> Path:
    """Write the framework to ``path``; it borrows the bundled framework's words."""
    bundled = load_framework(bundled_frameworks_dir() / "ppf.toml")
    texts = [behaviour.text for _, behaviour in bundled.behaviours()]
    lines = [
        "format = 1",
        "",
        "[framework]",
        'id = "bench-large"',
        'version = "1"',
        'title = "Large framework for benchmarks"',
        "",
    ]
    for level in bundled.scale:
        lines += ["[[scale]]", f"value = {level.value}", f"label = {_string(level.label)}", ""]
    areas = [area.id for area in bundled.training_areas]
    for area in bundled.training_areas:
        lines += [
            "[[training_areas]]",
            f"id = {_string(area.id)}",
            f"title = {_string(area.title)}",
            f"activities = [{', '.join(_string(a) for a in area.activities)}]",
            "",
        ]
    for group in bundled.groups:
        lines += [
            "[[groups]]",
            f"id = {_string(group.id)}",
            f"title = {_string(group.title)}",
            f"default_target = {group.default_target}",
            "",
        ]
    for v in range(VALUES):
        source = bundled.values[v % len(bundled.values)]
        lines += [
            "[[values]]",
            f'id = "value-{v + 1}"',
            f"title = {_string(f'{source.title} ({v + 1})')}",
            "",
        ]
        for b in range(BEHAVIOURS_PER_VALUE):
            number = v * BEHAVIOURS_PER_VALUE + b
            linked = [areas[number % len(areas)], areas[(number * 7 + 3) % len(areas)]]
            lines += [
                "[[values.behaviours]]",
                f'id = "b-{number + 1}"',
                f"text = {_string(texts[number % len(texts)])}",
                f"training_areas = [{', '.join(_string(a) for a in dict.fromkeys(linked))}]",
                "",
            ]
    path.write_text("\n".join(lines), encoding="utf-8")
    framework = load_framework(path)
    assert framework.behaviour_count == VALUES * BEHAVIOURS_PER_VALUE
    return path
