"""The plan's look as data: the bundled style file, and a broken one refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from ppf_app.reports.styles import COLOUR_ROLES, load_style_data, style_file


def test_the_bundled_style_file_sets_every_margin_and_colour() -> None:
    page, colours = load_style_data(style_file())
    assert page == {"margin_side_mm": 20.0, "margin_top_mm": 22.0, "margin_bottom_mm": 22.0}
    assert set(colours) == set(COLOUR_ROLES)
    assert colours["accent"] == "#005EB8"  # NHS Blue


def test_a_broken_style_file_is_refused_with_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "plan.toml"
    bundled = style_file().read_text(encoding="utf-8")
    bad.write_text(
        bundled.replace('accent = "#005EB8"', 'accent = "blue"')
        .replace("margin_top_mm = 22", "margin_top_mm = 2")
        .replace('target = "#FFB81C"', 'targte = "#FFB81C"'),
        encoding="utf-8",
    )
    with pytest.raises(ValueError) as caught:
        load_style_data(bad)
    message = str(caught.value)
    assert f"{bad}: [colours] needs exactly" in message
    assert "page.margin_top_mm: 2 is not a margin of 5 to 40 mm" in message
    assert "colours.accent: 'blue' is not a colour written #RRGGBB" in message
