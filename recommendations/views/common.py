"""Small view plumbing shared by the recommendations pages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from govtech.core.errors import ApplicationError, NotAllowed


def report_error(request: HttpRequest, exc: ApplicationError, form: forms.Form | None = None) -> None:
    """Show a service's refusal: as a 403, on the form field it names, or as a message."""
    if isinstance(exc, NotAllowed):
        raise PermissionDenied(exc.message)
    if form is not None and exc.field and exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    elif form is not None:
        form.add_error(None, exc.message)
    else:
        messages.error(request, exc.message)
