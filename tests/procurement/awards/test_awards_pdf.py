"""The evaluation report is written with fpdf2 and an embedded Unicode font: names outside WinAnsi print
whole, the ranking and the scores per criterion are tables, and every section is in the document's outline."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from govtech.core.pdf import Document
from procurement.applications.models import Application
from procurement.awards.models import Decision
from procurement.awards.report import evaluation_report
from procurement.evaluation.selectors import RankRow
from tests.pdf_text import pdf_text
from tests.procurement.factories import published_call

NAMES = ("Łódź Tecnologia", "São João", "Ñandú")


def test_a_long_document_has_pages_a_font_an_outline_and_whole_names() -> None:
    doc = Document("Informe (prueba) Łódź", language="es")
    doc.title("Informe de evaluación")
    doc.heading("Clasificación")
    doc.table(["#", "Postulante"], [[str(n), NAMES[n % 3]] for n in range(120)], widths=(10, 90), numeric=(0,))
    for n in range(40):
        doc.paragraph(f"Línea {n} con paréntesis (sí) y una barra \\ " + "palabra " * 20)
    pdf = doc.render()
    assert pdf.startswith(b"%PDF-1.")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"/FontFile2" in pdf
    assert b"DejaVuSans" in pdf
    assert b"/Outlines" in pdf
    assert b"/Lang (es)" in pdf
    assert doc.pdf.pages_count > 2
    text = pdf_text(pdf)
    for name in NAMES:
        assert name in text.splitlines()
    assert "Línea 0 con paréntesis (sí) y una barra \\ palabra" in text
    assert "?" not in text


@pytest.mark.django_db
def test_the_evaluation_report_prints_names_outside_winansi_in_its_tables(
    public_body: Any, approver: Any, supplier_org: Any
) -> None:
    call = published_call(public_body)
    supplier_org.name = NAMES[0]
    supplier_org.save(update_fields=["name"])
    application = Application(call=call, supplier=supplier_org)
    criteria = [str(c["name"]) for c in call.criteria]
    rows = [
        RankRow(
            application=application,
            total=Decimal("81.25"),
            per_criterion={name: Decimal("7.5") for name in criteria},
        )
    ]
    decision = Decision.objects.create(
        call=call,
        decided_at=timezone.now(),
        outcome=Decision.Outcome.UNSUCCESSFUL,
        justification="Ñandú y São João no cumplieron; Łódź sí.",
        decided_by=approver,
    )
    pdf = evaluation_report(decision, rows)
    text = pdf_text(pdf)
    assert NAMES[0] in text.splitlines()
    assert "Ñandú y São João no cumplieron; Łódź sí." in text
    assert "81,25" in text or "81.25" in text
    assert all(name in text for name in criteria)
