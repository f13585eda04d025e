"""The bundled fonts (DejaVu Sans), registered with reportlab once per process.

Reports embed these TrueType fonts instead of using the PDF base fonts, which only cover
Latin-1: names such as Llŷr, Wołodźko, Nguyễn, Σοφία or Жанна must print as they are
spelt. :func:`covered_codepoints` is the set of characters a style can draw; text is
prepared with it before it reaches a page (see :mod:`.text`). The regular style covers
the most (the oblique styles lack Arabic, for instance); the others fall back to it.
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ppf_app.core.resources import resource_path

FAMILY = "PPFSans"
REGULAR = "PPFSans"
BOLD = "PPFSans-Bold"
ITALIC = "PPFSans-Oblique"
BOLD_ITALIC = "PPFSans-BoldOblique"

FONT_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}


#: The faces the reports set text in, registered up front. Reading a font file is a good
#: part of the time a short report takes, so the bold oblique, which no report asks for,
#: is registered only when asked for by name.
FACES_USED = (REGULAR, BOLD, ITALIC)


@cache
def register_face(name: str) -> str:
    """Register one face of :data:`FONT_FILES` with reportlab (idempotent)."""
    pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", FONT_FILES[name]))))
    return name


@cache
def register_fonts() -> str:
    """Register the family with reportlab (idempotent); returns its name for styles.

    Bold and italic together are set in the bold face (no report text is both).
    """
    for name in FACES_USED:
        register_face(name)
    pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    return FAMILY


@cache
def covered_codepoints(font_name: str = REGULAR) -> frozenset[int]:
    """Code points with a real glyph in the font ``font_name`` (one of :data:`FONT_FILES`)."""
    register_fonts()
    register_face(font_name)
    char_to_glyph: dict[int, int] = pdfmetrics.getFont(font_name).face.charToGlyph
    return frozenset(cp for cp, glyph in char_to_glyph.items() if glyph != 0)
