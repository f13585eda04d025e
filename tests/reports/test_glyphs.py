"""A character the bundled fonts cannot draw (emoji) prints as a visible replacement mark,
never as an empty box, and is logged once."""

from __future__ import annotations

import io
import logging

import pytest
from pypdf import PdfReader

from ppf_app.domain.plan import Objective
from ppf_app.reports import text as report_text
from ppf_app.reports.fonts import FONT_FILES, covered_codepoints
from ppf_app.reports.plan_pdf import render_plan_pdf
from tests.reports.test_report_builders import sample_plan

#: Not in DejaVu Sans: a face with tears of joy, and a character beyond U+FFFF.
UNDRAWABLE = "\U0001f602"


def _pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


def test_the_replacement_mark_is_drawable_in_every_style():
    for font in FONT_FILES:
        assert 0xFFFD in covered_codepoints(font), font


def test_an_emoji_prints_as_a_visible_replacement_and_is_logged_once(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(report_text, "_replaced", set())
    plan = sample_plan(
        evidence={"c-listen": f"Great week {UNDRAWABLE}", "c-own": f"{UNDRAWABLE}{UNDRAWABLE}"},
        objectives=(Objective(objective=f"Smile more {UNDRAWABLE}"),),
    )
    with caplog.at_level(logging.WARNING, logger="ppf_app.reports.text"):
        data = render_plan_pdf(plan, invariant=True)
    text = _pdf_text(data)
    assert f"Great week {report_text.REPLACEMENT}" in text
    assert f"Smile more {report_text.REPLACEMENT}" in text
    assert UNDRAWABLE not in text
    drawable = covered_codepoints()
    assert all(ord(ch) in drawable for ch in text if not ch.isspace())  # no empty box
    notes = [r.getMessage() for r in caplog.records if "U+1F602" in r.getMessage()]
    assert len(notes) == 1, notes
    assert "FACE WITH TEARS OF JOY" in notes[0] and "printed as U+FFFD" in notes[0]
