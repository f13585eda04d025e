"""Bundled fonts and the preparation of user text for the page."""

from __future__ import annotations

from datetime import date

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from ppf_app.core.resources import resource_path
from ppf_app.reports.bidi import visual_order
from ppf_app.reports.fonts import FONT_FILES, ITALIC, REGULAR, covered_codepoints, register_fonts
from ppf_app.reports.styles import styles
from ppf_app.reports.tables import long_date
from ppf_app.reports.text import REPLACEMENT, clean, excerpt, fit, markup

NAMES = [
    "Llŷr Ŵyn ap Rhys",  # Welsh
    "Wołodźko Żaneta Łęcka Ąś",  # Polish
    "Nguyễn Thị Hạnh, Trương Ơn Ưng",  # Vietnamese
    "Σοφία Παπαδοπούλου Ω",  # Greek
    "Жанна Яковлева",  # Cyrillic
    "Siobhán Ní Dhónaill, Zoë Brontë, José Muñoz",
]


def test_bundled_fonts_and_licence_are_shipped() -> None:
    for filename in FONT_FILES.values():
        assert resource_path("fonts", filename).stat().st_size > 100_000
    licence = resource_path("fonts", "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream" in licence and "Permission is hereby granted" in licence


def test_every_style_has_the_glyphs_workforce_names_need() -> None:
    covered = covered_codepoints()
    for ch in "ŵŷŴŶłąęŁżźơưạễịΩαЖяñéëá":
        assert ord(ch) in covered, ch
    for font in FONT_FILES:
        for name in NAMES:
            assert clean(name, font) == name, font  # nothing replaced: no missing-glyph boxes


def test_registration_is_idempotent() -> None:
    assert register_fonts() == register_fonts()


def test_markup_characters_are_escaped_and_render_literally() -> None:
    hostile = 'a <b>bold</b> & <font size=40>big</font> "q" <br/> </para>'
    text = markup(hostile)
    assert "<b>" not in text and "&lt;b&gt;" in text and "&amp;" in text
    para = Paragraph(text, styles().body)
    rendered = "".join(str(getattr(f, "text", "")) for f in para.frags)
    assert rendered == hostile


def test_line_breaks_kept_controls_dropped() -> None:
    assert markup("one\r\ntwo\rthree\nfour") == "one<br/>two<br/>three<br/>four"
    assert clean("a\x00b\x07c\td") == "abc d"


def test_characters_the_fonts_lack_become_a_replacement_mark() -> None:
    hospital = "\U0001f3e5"  # not in DejaVu Sans
    assert ord(hospital) not in covered_codepoints()
    assert clean(f"ward {hospital} round") == f"ward {REPLACEMENT} round"
    # a format character or combining mark the fonts lack leaves nothing behind
    assert ord("\U000e0001") not in covered_codepoints()  # LANGUAGE TAG (format)
    assert clean("x\U000e0001y") == "xy"


def test_right_to_left_text_keeps_its_characters_in_order() -> None:
    for text in ("שלום עולם", "مرحبا بالعالم"):
        assert clean(text) == text


def test_a_style_lacking_a_script_falls_back_to_the_regular_style() -> None:
    arabic = "مرحبا"
    assert ord(arabic[0]) not in covered_codepoints(ITALIC)
    para = Paragraph(markup(f"note {arabic} end", ITALIC), styles().evidence)
    fonts = {f.text: f.fontName for f in para.frags}
    assert fonts == {"note ": ITALIC, arabic[::-1]: REGULAR, " end": ITALIC}


def test_excerpt_cuts_at_a_word_near_the_limit() -> None:
    assert excerpt("short", 10) == "short"
    assert excerpt("alpha beta gamma delta", 17) == "alpha beta gamma…"
    assert excerpt("x" * 50, 10) == "x" * 10 + "…"


def test_fit_shortens_to_the_width() -> None:
    long = "Personal development plan for " + "Wołodźko " * 30
    line = fit(long, REGULAR, 8, 200)
    assert line.endswith("…")
    assert stringWidth(line, REGULAR, 8) <= 200
    assert fit("short", REGULAR, 8, 200) == "short"


def test_right_to_left_runs_are_drawn_in_visual_order() -> None:
    assert visual_order("plain English") == "plain English"
    assert visual_order("Met שלום עולם today") == "Met םלוע םולש today"
    assert visual_order("שנת 2026") == "2026 תנש"  # numbers keep their own order
    assert visual_order("2026 שנת ok") == "2026 תנש ok"
    assert visual_order("א (ב) ג") == "ג (ב) א"  # brackets mirrored
    pointed = "שָׁלוֹם"
    assert visual_order(pointed) == "ם" + "וֹ" + "ל" + "שָׁ"  # marks stay on their letters
    assert markup("a < שלום") == "a &lt; םולש"


def test_excerpt_drops_blank_lines() -> None:
    assert excerpt("  first\n\n\n   \nsecond  \n\n", 100) == "first\nsecond"
    assert excerpt("\n \n", 100) == ""


def test_dates_are_english_whatever_the_locale() -> None:
    assert long_date(date(2027, 3, 9)) == "9 March 2027"
    assert long_date(None, "To be agreed") == "To be agreed"
