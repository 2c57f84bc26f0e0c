"""Small view plumbing shared by the recommendations pages."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest

from govtech.core.errors import ApplicationError, PermissionDenied
from recommendations.translation import localize

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def report_error(request: HttpRequest, exc: ApplicationError, form: forms.Form | None = None) -> None:
    """Show a service's refusal: as a 403, on the form field it names, or as a message."""
    if isinstance(exc, PermissionDenied):
        raise DjangoPermissionDenied(exc.message)
    if form is not None and exc.field and exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    elif form is not None:
        form.add_error(None, exc.message)
    else:
        messages.error(request, exc.message)


@cache
def _data(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def catalogue_about() -> dict[str, Any]:
    """The statement of what the starting catalogue is, and the report it is based on."""
    data = _data("catalogue.json")
    return {"about": localize(data["about"]), "report": data["report"]}


def context_figures() -> dict[str, Any]:
    return _data("context.json")
