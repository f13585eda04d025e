"""The floor of ``ppf plan`` as a whole process: a script that imports SQLModel and sets
600 plain paragraphs in one frame with reportlab, in the same embedded font.

Usage: python tests/bench/baseline_plain_pdf.py TEXT_FILE OUT.pdf

TEXT_FILE holds the paragraphs, one a line (the bench writes the behaviours of the
framework the plan is printed for). Nothing of the app is imported: the font is
registered here from the bundled file, as the app registers it.
"""

import sys
from pathlib import Path
from xml.sax.saxutils import escape

import sqlmodel  # noqa: F401  (the import is part of the floor being measured)
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "DejaVuSans.ttf"


def main() -> int:
    lines = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
    pdfmetrics.registerFont(TTFont("Plain", str(FONT)))
    style = ParagraphStyle("plain", fontName="Plain", fontSize=10, leading=13)
    doc = BaseDocTemplate(sys.argv[2], pagesize=A4)
    frame = Frame(20 * mm, 20 * mm, A4[0] - 40 * mm, A4[1] - 40 * mm, id="text")
    doc.addPageTemplates([PageTemplate(id="plain", frames=[frame])])
    doc.build([Paragraph(escape(line), style) for line in lines])
    return 0


if __name__ == "__main__":
    sys.exit(main())
