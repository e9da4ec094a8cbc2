"""A letter printed on one page of the shop's letterhead, with fpdf2 and an embedded serif font
(Source Serif Pro, from the font-source-serif-pro package): no system fonts, no browser.

The text is set at 11.5 pt; a long letter steps down to 9.5 pt before it would spill onto a
second page, and one that still does not fit is an error, never a silent cut.

A character the font does not have is never dropped or printed as an empty box: the PDF is
refused with one line naming those characters. Source Serif covers Latin, Greek and Cyrillic;
no font covering Chinese, Japanese or Korean is practical to ship from PyPI (the Noto CJK
fonts are 15-20 MB a weight and not packaged there), so such letters go by email or as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fixit.errors import InputError

if TYPE_CHECKING:
    from fpdf import FPDF

SIZES = [11.5, 10.5, 9.5]
MARGIN_MM = 25


def _font_file(style: str) -> Path:
    import font_source_serif_pro

    return Path(font_source_serif_pro.__file__).parent / "files" / f"SourceSerifPro-{style}.ttf"


def render(body: str, letterhead: dict[str, str | None], date_line: str) -> bytes:
    _check_glyphs(" ".join([body, date_line, *(v for v in letterhead.values() if v)]))
    for size in SIZES:
        document = _document(body, letterhead, date_line, size)
        if document.page_no() == 1:
            return bytes(document.output())
    raise InputError("the letter does not fit on one printed page; shorten it (--edit) or send it by email")


def _document(body: str, letterhead: dict[str, str | None], date_line: str, size: float) -> FPDF:
    import logging

    from fpdf import FPDF

    logging.getLogger("fpdf").setLevel(logging.ERROR)  # missing glyphs are expected for some scripts
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, MARGIN_MM)
    pdf.add_font("Serif", "", str(_font_file("Regular")))
    pdf.add_font("Serif", "B", str(_font_file("Bold")))
    pdf.add_page()
    width = pdf.w - 2 * MARGIN_MM
    name = letterhead.get("name")
    if name:
        pdf.set_font("Serif", "B", 17)
        pdf.cell(width, 9, name, new_x="LMARGIN", new_y="NEXT")
    contact = "  ·  ".join(v for v in (letterhead.get(k) for k in ("address", "phone", "email")) if v)
    if contact:
        pdf.set_font("Serif", "", 9)
        pdf.multi_cell(width, 4.5, contact, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("Serif", "", size)
    pdf.cell(width, size * 0.5, date_line, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(size * 0.6)
    for paragraph in body.strip().split("\n\n"):
        pdf.multi_cell(width, size * 0.52, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(size * 0.35)
    return pdf


def _check_glyphs(text: str) -> None:
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for style in ("Regular", "Bold"):
        font = TTFont(str(_font_file(style)), lazy=True)
        covered |= set(font.getBestCmap())
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})
    if missing:
        shown = " ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")
        raise InputError(f"the PDF font has no letters for {shown}: send this letter by email or as text instead")
