"""A small PDF writer for the evaluation report: A4 pages of wrapped text in Helvetica, nothing else.

Written here rather than pulling a PDF library (and Pillow, fonttools…) into the lock files for one plain
report. Text is encoded in WinAnsi (cp1252, which covers Spanish and Portuguese); anything outside it becomes
"?". Streams are left uncompressed, so the report's text can be searched (and tested) as it is.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 50
# Helvetica averages about half an em per character; wrap a little short of the width to stay inside it.
STYLES = {"title": (16, "F2", 58), "heading": (12, "F2", 75), "text": (10, "F1", 92), "small": (8, "F1", 115)}


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


@dataclass
class Report:
    """Lines added top to bottom; ``render()`` returns the PDF bytes."""

    title: str
    pages: list[list[bytes]] = field(default_factory=lambda: [[]])
    y: float = PAGE_HEIGHT - MARGIN

    def add(self, text: str, style: str = "text", indent: int = 0) -> None:
        size, font, width = STYLES[style]
        for paragraph in (text or "").splitlines() or [""]:
            lines = textwrap.wrap(paragraph, width=width - indent // 5, break_long_words=True) or [""]
            for line in lines:
                self._line(line, size, font, indent)
        if style in ("title", "heading"):
            self.y -= size * 0.4

    def space(self, points: float = 8) -> None:
        self.y -= points

    def _line(self, line: str, size: int, font: str, indent: int) -> None:
        leading = size * 1.35
        if self.y - leading < MARGIN:
            self.pages.append([])
            self.y = PAGE_HEIGHT - MARGIN
        self.y -= leading
        self.pages[-1].append(
            b"BT /%s %d Tf %d %.1f Td (%s) Tj ET" % (font.encode(), size, MARGIN + indent, self.y, _escape(line))
        )

    def render(self) -> bytes:
        objects: list[bytes] = []

        def add(body: bytes) -> int:
            objects.append(body)
            return len(objects)

        catalog = add(b"")  # filled in below, once the page tree's number is known
        pages_obj = add(b"")
        regular = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
        kids = []
        total = len(self.pages)
        for number, lines in enumerate(self.pages, start=1):
            footer = b"BT /F1 8 Tf %d %d Td (%s) Tj ET" % (
                MARGIN,
                MARGIN // 2,
                _escape(f"{self.title} - {number}/{total}"),
            )
            content = b"\n".join([*lines, footer])
            stream = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
            kids.append(
                add(
                    b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
                    % (pages_obj, PAGE_WIDTH, PAGE_HEIGHT, stream, regular, bold)
                )
            )
        objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
        objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
            b" ".join(b"%d 0 R" % k for k in kids),
            len(kids),
        )
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root %d 0 R /Info << /Title (%s) /Producer (Govtech Portal) >> >>\n" % (
            len(objects) + 1,
            catalog,
            _escape(self.title),
        )
        out += b"startxref\n%d\n%%%%EOF\n" % xref
        return bytes(out)
