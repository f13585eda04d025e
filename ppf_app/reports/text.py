"""User text made safe for a page: escaped, drawable, and of a bounded length.

Everything a person typed (names, job titles, evidence, objectives) goes through
:func:`markup` before it becomes a ``Paragraph`` and through :func:`clean` or :func:`fit`
before it is drawn on the canvas directly, so that:

* markup characters (``<``, ``&``, ...) print as themselves and never act as markup;
* line breaks are kept; other control characters are dropped;
* characters the bundled fonts cannot draw, and any beyond U+FFFF (emoji, mostly:
  reportlab cannot map those back to text for search and copy), become U+FFFD
  REPLACEMENT CHARACTER (a visible mark saying something was there) instead of an empty
  box or a crash (each such character is logged once); combining marks and format
  characters the fonts lack are dropped, as they have nothing to show on their own;
* a character the paragraph's style lacks but the regular style has (Arabic in the
  oblique style, say) is set in the regular style rather than lost;
* right-to-left runs are put in visual order (see :mod:`.bidi`), so they read correctly
  and text extraction gives them back as typed.

Very long words are split at the frame's edge by reportlab (``splitLongWords``, on in
every style of :mod:`.styles`).
"""

from __future__ import annotations

import logging
import unicodedata
from itertools import groupby
from xml.sax.saxutils import escape, quoteattr

from reportlab.pdfbase.pdfmetrics import stringWidth

from ppf_app.reports.bidi import visual_order
from ppf_app.reports.fonts import REGULAR, covered_codepoints

REPLACEMENT = "\ufffd"
log = logging.getLogger(__name__)
#: The characters already logged as replaced (each is logged once per process).
_replaced: set[str] = set()
_ZERO_WIDTH_CATEGORIES = {"Mn", "Me", "Cf"}
# reportlab writes characters beyond U+FFFF into the PDF's text map in a form readers
# cannot decode, so text extraction and search would not find them as typed.
_LAST_BMP = 0xFFFF


def clean(text: str, font: str = REGULAR) -> str:
    """``text`` with only characters ``font`` draws (see the module's docstring)."""
    if text.isascii() and text.isprintable():
        return text  # every bundled style draws printable ASCII, and it needs no normalising
    covered = covered_codepoints(font)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
        elif ch == "\t":
            out.append(" ")
        elif ord(ch) in covered and ord(ch) <= _LAST_BMP:
            out.append(ch)
        else:
            category = unicodedata.category(ch)
            if category == "Cc" or category in _ZERO_WIDTH_CATEGORIES:
                continue
            _note_replaced(ch, font)
            out.append(REPLACEMENT)
    return "".join(out)


def _note_replaced(ch: str, font: str) -> None:
    """Log, once per character per process, that it is printed as the replacement mark."""
    if ch in _replaced:
        return
    _replaced.add(ch)
    name = unicodedata.name(ch, "unnamed")
    log.warning(
        "The bundled fonts cannot draw U+%04X (%s) in %s; it is printed as U+FFFD, a "
        "visible replacement mark",
        ord(ch),
        name,
        font,
    )


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` as runs of the font that draws them: ``font``, else the regular style."""
    if font == REGULAR or text.isascii():  # every style draws ASCII
        return [(text, font)]
    own = covered_codepoints(font)
    return [
        ("".join(chars), font if in_own else REGULAR)
        for in_own, chars in groupby(text, key=lambda ch: ord(ch) in own)
    ]


def _line_markup(line: str, font: str) -> str:
    return "".join(
        escape(run) if face == font else f"<font name={quoteattr(REGULAR)}>{escape(run)}</font>"
        for run, face in runs(line, font)
    )


def markup(text: str, font: str = REGULAR) -> str:
    """Paragraph markup that shows ``text`` literally, line breaks included.

    Args:
        text: what the person typed.
        font: the paragraph style's font; characters it lacks are set in the regular style.
    """
    lines = clean(text).split("\n")
    return "<br/>".join(_line_markup(visual_order(line), font) for line in lines)


def excerpt(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, cut at a word where one is near, with "…".

    Blank lines are dropped, so an excerpt never opens a gap on the page.
    """
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space >= limit * 3 // 4:
        cut = cut[:space]
    return cut.rstrip() + "…"


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cleaned for ``font`` on one line, shortened with "…" to fit ``width`` points."""
    line = visual_order(" ".join(clean(text, font).split()))
    if stringWidth(line, font, size) <= width:
        return line
    low, high = 0, len(line)
    while low < high:  # the longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if stringWidth(line[:mid] + "…", font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return line[:low].rstrip() + "…"
