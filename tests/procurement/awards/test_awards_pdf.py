"""The report's PDF writer produces a well-formed file: objects where the xref says, pages counted, text escaped."""

from __future__ import annotations

import re

from procurement.awards.pdf import Report


def test_the_pdf_is_well_formed_over_several_pages() -> None:
    report = Report(title="Informe (prueba)")
    report.add("Informe de evaluación", "title")
    for n in range(120):
        report.add(f"Línea {n} con paréntesis (sí) y una barra \\ y un emoji 🚦 " + "palabra " * 20)
    pdf = report.render()
    assert pdf.startswith(b"%PDF-1.4")
    assert pdf.rstrip().endswith(b"%%EOF")
    xref_at = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))  # type: ignore[union-attr]
    assert pdf[xref_at:].startswith(b"xref\n")
    size = int(re.search(rb"xref\n0 (\d+)\n", pdf).group(1))  # type: ignore[union-attr]
    offsets = re.findall(rb"(\d{10}) 00000 n \n", pdf)
    assert len(offsets) == size - 1
    for number, offset in enumerate(offsets, start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj\n" % number)
    pages = int(re.search(rb"/Type /Pages /Kids \[[^\]]*\] /Count (\d+)", pdf).group(1))  # type: ignore[union-attr]
    assert pages == len(report.pages) > 1
    assert b"(L\xednea 0 con par\xe9ntesis \\(s\xed\\) y una barra \\\\ y un emoji ? palabra" in pdf
    for stream in re.findall(rb"<< /Length (\d+) >>\nstream\n", pdf):
        assert int(stream) > 0
