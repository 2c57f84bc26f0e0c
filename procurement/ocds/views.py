"""The open-data page, the bulk file and the extension files."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from procurement.ocds import methodology, services
from procurement.ocds.build import ocid_for
from procurement.ocds.models import Release

EXTENSION_DIR = Path(__file__).resolve().parent / "extension"
EXTENSION_FILES = {"extension.json", "release-schema.json"}


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    latest = Release.objects.order_by("-date", "-pk").only("date").first()
    context = {
        "breadcrumbs": [(_("Open data"), None)],
        "release_count": Release.objects.count(),
        "latest": latest.date if latest else None,
        "ocid_prefix": settings.OCDS_OCID_PREFIX,
        "example_ocid": ocid_for(123),
        "license_url": settings.OCDS_LICENSE_URL,
    }
    return render(request, "ocds/open_data.html", context)


@require_GET
def red_flags_methodology(request: HttpRequest) -> HttpResponse:
    """How the red flags are computed: each indicator, its live thresholds and its limits."""
    context = {
        "breadcrumbs": [(_("Open data"), reverse("ocds:open_data")), (_("Red flags: methodology"), None)],
        **methodology.context(),
    }
    return render(request, "ocds/red_flags_methodology.html", context)


@require_GET
def bulk_file(request: HttpRequest) -> FileResponse:
    """The bulk release package written by the worker (written now if the worker has not run yet)."""
    if not default_storage.exists(services.BULK_FILE):
        services.ocds_bulk_regenerate()
    response = FileResponse(default_storage.open(services.BULK_FILE, "rb"), content_type="application/json")
    response["Content-Disposition"] = 'inline; filename="releases.json"'
    return response


@require_GET
def extension_file(request: HttpRequest, name: str) -> FileResponse:
    if name not in EXTENSION_FILES:
        raise Http404
    response = FileResponse((EXTENSION_DIR / name).open("rb"), content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    return response
