"""A submission receipt as a PDF (fpdf2, docs/decisions/0051): the reference, what was submitted, when, by whom,
each file with its SHA-256, and the digest of the manifest, in the reader's language."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from govtech.core.pdf import Document
from procurement.applications.models import SubmissionReceipt
from procurement.calls.requirements import FileKind


def _in_zone(moment: datetime | None, zone: str) -> str:
    if moment is None:
        return "-"
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz, zone = zoneinfo.ZoneInfo("UTC"), "UTC"
    return f"{formats.date_format(timezone.localtime(moment, tz), 'DATETIME_FORMAT')} ({zone.replace('_', ' ')})"


def receipt_pdf(receipt: SubmissionReceipt) -> bytes:
    application = receipt.application
    call = application.call
    content = receipt.manifest.get("content", {})
    reference = application.reference or receipt.manifest.get("reference") or "-"
    who = receipt.submitted_by
    pdf = Document(_("Submission receipt") + f" {reference}", language=(get_language() or "es")[:2])
    pdf.title(_("Submission receipt"))
    pdf.paragraph(_("Reference: %(reference)s") % {"reference": reference}, bold=True)
    pdf.space(2)
    pdf.fields(
        [
            (_("Call"), call.title),
            (_("Public body"), call.body.name),
            (_("Applicant"), application.supplier.name),
            (_("Title of the proposal"), str(content.get("title") or "-")),
            (_("Submitted"), _in_zone(receipt.submitted_at, call.timezone)),
            (_("Submitted by"), f"{who.get_full_name() or who.email} <{who.email}>"),
            (_("Submission number"), str(receipt.number)),
            (_("Submission deadline"), _in_zone(call.submission_deadline, call.timezone)),
        ]
    )
    partners = content.get("partners") or []
    if partners:
        pdf.heading(_("Consortium partners"))
        pdf.table(
            [_("Organisation"), _("Role")],
            [[str(p.get("name", "")), str(p.get("role", ""))] for p in partners],
            widths=(60, 40),
        )
    pdf.heading(_("Files"))
    files = content.get("files") or []
    if files:
        kinds = dict(FileKind.choices)
        pdf.table(
            [_("File"), _("Kind"), _("Size"), "SHA-256"],
            [
                [
                    str(f.get("name", "")),
                    str(kinds.get(f.get("kind", ""), "-")),
                    str(filesizeformat(f.get("size", 0))),
                    str(f.get("sha256", "")),
                ]
                for f in files
            ],
            widths=(30, 20, 12, 38),
        )
    else:
        pdf.paragraph(_("No files attached."))
    pdf.heading(_("Integrity"))
    pdf.paragraph(
        _(
            "The SHA-256 digest of this submission's manifest (the content and the files as submitted, in canonical "
            "JSON) is:"
        )
    )
    pdf.paragraph(receipt.digest, bold=True)
    pdf.paragraph(
        _(
            "The applications stay sealed until the deadline: nobody at the public body can read this one before "
            "its opening. Keep this receipt: its reference and digest prove what was submitted and when."
        ),
        small=True,
    )
    return pdf.render()
