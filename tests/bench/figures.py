"""Figures, the printed table and the JSON file."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path


@dataclass
class Figure:
    """One measured figure.

    ``goal`` is the largest acceptable ratio (value / baseline) when there is a
    baseline, or the largest acceptable value (in ``unit``) when there is none; ``None``
    means the figure is reported for information only.
    """

    name: str
    value: float
    unit: str
    baseline: float | None = None
    goal: float | None = None
    note: str = ""
    details: dict[str, object] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None
        measured = self.ratio if self.baseline is not None else self.value
        return measured is not None and measured <= self.goal

    def goal_text(self) -> str:
        if self.goal is None:
            return ""
        if self.baseline is not None:
            return f"<= {self.goal:g}x"
        return f"<= {format_value(self.goal, self.unit)}"

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["ratio"] = self.ratio
        data["met"] = self.met
        return data


def format_value(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:g} {unit}".strip()


def table(figures: Sequence[Figure]) -> str:
    """A Markdown table: figure, value, baseline, ratio, goal, met?"""
    header = ("Figure", "Value", "Baseline", "Ratio", "Goal", "Met?")
    rows = [header]
    for figure in figures:
        met = {True: "yes", False: "**no**", None: ""}[figure.met]
        rows.append(
            (
                figure.name,
                format_value(figure.value, figure.unit),
                "" if figure.baseline is None else format_value(figure.baseline, figure.unit),
                "" if figure.ratio is None else f"{figure.ratio:.2f}x",
                figure.goal_text(),
                met,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
             for row in rows]  # fmt: skip
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": sys.version.split()[0],
        "system": f"{platform.system()} {platform.release()}",
        "commit": _commit(),
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def machine_text(info: dict[str, object]) -> str:
    return (
        f"{info['cpus']} CPUs ({info['cpu']}), {info['memory']} RAM, Python {info['python']}, "
        f"{info['system']}; commit {info['commit']}, {info['when']}"
    )


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent,
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_json(path: Path, figures: Sequence[Figure], info: dict[str, object], quick: bool) -> None:
    """Write the results atomically (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "machine": info,
        "quick": quick,
        "figures": [figure.as_json() for figure in figures],
    }
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(partial, path)
