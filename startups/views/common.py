"""Small pieces every registry page uses: resolving a supplier the user may see, and refusing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from startups import selectors
from startups.models import Supplier
from startups.permissions import can_edit, can_see_private


def visible_supplier(request: HttpRequest, slug: str) -> Supplier:
    """The supplier at ``slug`` if the user may see it; 404 otherwise (hidden and missing look the same)."""
    try:
        return selectors.supplier_detail(user=request.user, slug=slug)
    except Supplier.DoesNotExist as exc:
        raise Http404 from exc


def owned_supplier(request: HttpRequest, slug: str) -> Supplier:
    """The supplier if the user may edit it; 404 if hidden, 403 if visible but not theirs to edit."""
    supplier = visible_supplier(request, slug)
    if not can_edit(request.user, supplier):
        raise PermissionDenied
    return supplier


def private_supplier(request: HttpRequest, slug: str) -> Supplier:
    """The supplier if the user may see its private pages (members, admins, auditors)."""
    supplier = visible_supplier(request, slug)
    if not can_see_private(request.user, supplier):
        raise PermissionDenied
    return supplier


def breadcrumbs(*items: tuple[Any, str | None]) -> list[tuple[Any, str | None]]:

    return [(_("Suppliers"), reverse("startups:directory")), *items]


GUIDED_STEPS = (_("Identity"), _("What you offer"), _("References"))


def guided_steps(current: int) -> dict[str, Any]:
    """The visible steps of the guided registration (1-based ``current``): each step's label and state."""
    return {
        "current": current,
        "total": len(GUIDED_STEPS),
        "items": [
            {"number": n, "label": label, "state": "done" if n < current else "current" if n == current else "todo"}
            for n, label in enumerate(GUIDED_STEPS, start=1)
        ],
    }
