"""PDF documents of the portal (the evaluation report, application receipts), written with fpdf2.

One embedded Unicode font (DejaVu Sans, vendored in ``govtech/core/fonts`` with its licence) so that every name
prints whole, whatever its script ("Łódź", "São João", "Ñandú"); headings are also entries of the document's
outline (the reader's bookmarks pane); tables for anything with columns; the document's title and language in
its metadata; a footer with the title and "page n/N". See docs/decisions/0051-pdfs-with-fpdf2.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSans"
SIZES = {"title": 16, "heading": 12, "subheading": 10.5, "text": 10, "small": 8}
GREY = (90, 90, 90)


class _Pages(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", SIZES["small"])
        self.set_text_color(*GREY)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align=Align.C)
        self.set_text_color(0, 0, 0)


class Document:
    """A4 pages added top to bottom; ``render()`` returns the PDF bytes."""

    def __init__(self, title: str, *, language: str = "es", author: str = "Govtech Portal") -> None:
        pdf = _Pages(orientation="portrait", unit="mm", format="A4")
        pdf.add_font(FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_font(FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdf.set_title(title)
        pdf.set_author(author)
        pdf.set_creator(author)
        pdf.set_lang(language)
        pdf.set_margins(18, 18, 18)
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.footer_text = title if len(title) <= 90 else title[:89] + "…"
        pdf.add_page()
        self.pdf = pdf

    def title(self, text: str) -> None:
        self._write(text, "title", bold=True)
        self.pdf.ln(2)

    def heading(self, text: str, level: int = 0) -> None:
        """A heading, also an entry of the outline (level 0 = section, 1 = subsection)."""
        if self.pdf.will_page_break(20):
            self.pdf.add_page()
        self.pdf.ln(3 if level else 4)
        self.pdf.start_section(text, level=level)
        self._write(text, "heading" if level == 0 else "subheading", bold=True)
        self.pdf.ln(1)

    def paragraph(self, text: str, *, small: bool = False, bold: bool = False, indent: float = 0) -> None:
        self._write(text, "small" if small else "text", bold=bold, indent=indent)

    def space(self, mm: float = 3) -> None:
        self.pdf.ln(mm)

    def fields(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Label and value on each row, labels in bold (no header row)."""
        if not pairs:
            return
        self.pdf.set_font(FAMILY, "", SIZES["text"])
        with self.pdf.table(
            col_widths=(35, 65),
            first_row_as_headings=False,
            borders_layout="HORIZONTAL_LINES",
            line_height=5.5,
            text_align="LEFT",
        ) as table:
            for label, value in pairs:
                row = table.row()
                row.cell(label, style=FontFace(emphasis="BOLD"))
                row.cell(value or "-")
        self.pdf.ln(2)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[int] | None = None,
        numeric: Sequence[int] = (),
    ) -> None:
        """A table with a heading row (repeated on every page it spans); ``numeric`` columns align right."""
        self.pdf.set_font(FAMILY, "", SIZES["small"] + 1)
        align = tuple("RIGHT" if i in numeric else "LEFT" for i in range(len(headers)))
        with self.pdf.table(
            col_widths=tuple(widths) if widths else None,
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 238, 242)),
            borders_layout="SINGLE_TOP_LINE",
            line_height=5,
            text_align=align,
            repeat_headings=1,
        ) as table:
            heading = table.row()
            for header in headers:
                heading.cell(header)
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(str(value) if value not in (None, "") else "-")
        self.pdf.ln(2)

    def _write(self, text: str, size: str, *, bold: bool = False, indent: float = 0) -> None:
        self.pdf.set_font(FAMILY, "B" if bold else "", SIZES[size])
        if indent:
            self.pdf.set_x(self.pdf.l_margin + indent)
        self.pdf.multi_cell(0, SIZES[size] * 0.5, text or "-", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=Align.L)

    def render(self) -> bytes:
        return bytes(self.pdf.output())
