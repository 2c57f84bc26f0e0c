"""Solutions and public-sector references: what a supplier offers and has already done."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govtech.accounts.models import Organisation
from govtech.accounts.roles import Actor
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, NotAllowed
from startups.models import PublicReference, Solution, Supplier
from startups.permissions import can_edit
from startups.services.profile import supplier_reindex

SOLUTION_FIELDS = ("name", "description", "trl", "pricing_model", "deployments")
REFERENCE_FIELDS = (
    "public_body_name",
    "public_body",
    "country",
    "year",
    "value_amount",
    "value_currency",
    "description",
    "contract_url",
)


def _require_owner(actor: Actor, supplier: Supplier) -> None:
    if not can_edit(actor, supplier):
        raise NotAllowed(_("Only the organisation's owners can change its profile."))


def _check_solution(data: dict[str, Any]) -> None:
    if "name" in data and not (data["name"] or "").strip():
        raise ApplicationError(_("Name: enter the solution's name."), field="name")
    if "trl" in data and not (isinstance(data["trl"], int) and 1 <= data["trl"] <= 9):
        raise ApplicationError(_("Technology readiness level: choose a level from 1 to 9."), field="trl")
    if "pricing_model" in data and data["pricing_model"] not in Solution.Pricing.values:
        raise ApplicationError(_("Pricing model: choose one from the list."), field="pricing_model")


def _check_reference(data: dict[str, Any]) -> None:
    year = data.get("year")
    if "year" in data and not (isinstance(year, int) and 1950 <= year <= timezone.localdate().year):
        raise ApplicationError(
            _("Year: enter a year between 1950 and %(year)s.") % {"year": timezone.localdate().year}, field="year"
        )
    if "public_body_name" in data and not (data["public_body_name"] or "").strip():
        raise ApplicationError(_("Public body: enter the name of the public body."), field="public_body_name")
    if "description" in data and not (data["description"] or "").strip():
        raise ApplicationError(_("Description: describe the work done."), field="description")
    body = data.get("public_body")
    if body is not None and getattr(body, "kind", None) != Organisation.Kind.PUBLIC_BODY:
        raise ApplicationError(_("Public body: choose a public body."), field="public_body")
    amount = data.get("value_amount")
    if amount is not None and amount < 0:
        raise ApplicationError(_("Contract value: enter zero or more."), field="value_amount")


def _reindex(supplier: Supplier) -> None:

    supplier_reindex(supplier)


@transaction.atomic
def solution_create(*, actor: Actor, supplier: Supplier, **data: Any) -> Solution:
    _require_owner(actor, supplier)
    _check_solution({"name": "", "trl": None, "pricing_model": None, **data})
    solution = Solution.objects.create(supplier=supplier, **{k: v for k, v in data.items() if k in SOLUTION_FIELDS})
    audit_record(
        actor=actor,
        verb="solution.created",
        target=solution,
        after={"solution": solution.pk},
        organisation_id=supplier.organisation_id,
    )
    _reindex(supplier)
    return solution


@transaction.atomic
def solution_update(*, actor: Actor, solution: Solution, **data: Any) -> Solution:
    _require_owner(actor, solution.supplier)
    _check_solution(data)
    before = {k: getattr(solution, k) for k in data if k in SOLUTION_FIELDS}
    for key, value in data.items():
        if key in SOLUTION_FIELDS:
            setattr(solution, key, value)
    solution.save()
    audit_record(
        actor=actor,
        verb="solution.updated",
        target=solution,
        before=before,
        after={k: getattr(solution, k) for k in before},
        organisation_id=solution.supplier.organisation_id,
    )
    _reindex(solution.supplier)
    return solution


@transaction.atomic
def solution_delete(*, actor: Actor, solution: Solution) -> None:
    supplier = solution.supplier
    _require_owner(actor, supplier)
    audit_record(
        actor=actor,
        verb="solution.deleted",
        target=solution,
        before={"solution": solution.pk},
        organisation_id=supplier.organisation_id,
    )
    solution.delete()
    _reindex(supplier)


def _reference_audit(reference: PublicReference) -> dict[str, Any]:
    return {
        "public_body_name": reference.public_body_name,
        "year": reference.year,
        "value_amount": str(reference.value_amount) if reference.value_amount is not None else None,
    }


@transaction.atomic
def reference_create(*, actor: Actor, supplier: Supplier, **data: Any) -> PublicReference:
    _require_owner(actor, supplier)
    _check_reference({"public_body_name": "", "year": None, "description": "", **data})
    reference = PublicReference.objects.create(
        supplier=supplier, **{k: v for k, v in data.items() if k in REFERENCE_FIELDS}
    )
    audit_record(
        actor=actor,
        verb="reference.created",
        target=reference,
        after=_reference_audit(reference),
        organisation_id=supplier.organisation_id,
    )
    return reference


@transaction.atomic
def reference_update(*, actor: Actor, reference: PublicReference, **data: Any) -> PublicReference:
    _require_owner(actor, reference.supplier)
    _check_reference(data)
    before = _reference_audit(reference)
    for key, value in data.items():
        if key in REFERENCE_FIELDS:
            setattr(reference, key, value)
    reference.save()
    audit_record(
        actor=actor,
        verb="reference.updated",
        target=reference,
        before=before,
        after=_reference_audit(reference),
        organisation_id=reference.supplier.organisation_id,
    )
    return reference


@transaction.atomic
def reference_delete(*, actor: Actor, reference: PublicReference) -> None:
    _require_owner(actor, reference.supplier)
    audit_record(
        actor=actor,
        verb="reference.deleted",
        target=reference,
        before=_reference_audit(reference),
        organisation_id=reference.supplier.organisation_id,
    )
    reference.delete()
