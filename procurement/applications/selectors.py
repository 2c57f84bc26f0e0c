"""Composite reads of applications. Every read of content starts from ``Application.objects.visible_to``."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from govtech.accounts.roles import Actor
from procurement.applications.models import Application, ApplicationFile, CallOpening, SubmissionReceipt
from procurement.applications.services import supplier_ids_of
from procurement.calls.models import Call


def _with_related(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.select_related("call", "call__body", "supplier", "call__opening").prefetch_related(
        "partners__organisation",
        Prefetch("files", queryset=ApplicationFile.objects.order_by("uploaded_at", "pk")),
        Prefetch("receipts", queryset=SubmissionReceipt.objects.order_by("-number")),
    )


def application_list(*, user: Actor) -> QuerySet[Application]:
    """Every application ``user`` may read (their organisations' own, and opened ones of their body)."""
    return _with_related(Application.objects.visible_to(user)).order_by("-updated_at", "pk")


def my_applications(*, user: Actor) -> QuerySet[Application]:
    """The applications of the user's supplier organisations (as lead or consortium partner).

    Their own applications are always visible to them (the first clause of ``visible_to``), so the
    whole ``visible_to`` filter (its evaluator subquery runs per row) is not repeated here: at 200,000
    applications it cost 300 ms on every supplier's home page."""
    return _with_related(Application.objects.of_supplier_member(user)).order_by("call__submission_deadline", "pk")


def in_progress_for_home(*, user: Actor, limit: int) -> list[Application]:
    """The first ``limit`` of ``my_applications`` to calls still open (closest deadline first), with only what the
    home page's block shows (the call's title, deadline and time zone; the status): not the answers, files,
    partners or receipts, which the block does not show."""
    return list(
        Application.objects.of_supplier_member(user)
        .filter(call__status=Call.Status.PUBLISHED, call__submission_deadline__gt=timezone.now())
        .select_related("call")
        .only("pk", "status", "call_id", "call__title", "call__submission_deadline", "call__timezone")
        .order_by("call__submission_deadline", "pk")[:limit]
    )


def application_for_call(*, user: Actor, call: Call) -> Application | None:
    """The user's organisation's application to ``call``, if any (as lead)."""

    return Application.objects.visible_to(user).filter(call=call, supplier_id__in=supplier_ids_of(user)).first()


def received(*, user: Actor, call: Call) -> QuerySet[Application]:
    """The submitted applications of ``call`` that ``user`` may read: none before the opening."""
    return _with_related(Application.objects.visible_to(user).filter(call=call).submitted()).order_by(
        "submitted_at", "pk"
    )


def received_rows(*, user: Actor, call: Call) -> QuerySet[Application]:
    """``received``, with only what the staff page's table shows (the organisation, the title, when it was
    submitted, the files' names): not the answers, partners or receipts, which a 50-row page of a call with 500
    applications read for nothing."""
    files = ApplicationFile.objects.only("pk", "name", "application_id").order_by("uploaded_at", "pk")
    return (
        Application.objects.visible_to(user)
        .filter(call=call)
        .submitted()
        .select_related("supplier")
        .only("pk", "title", "submitted_at", "supplier_id", "supplier__name")
        .prefetch_related(Prefetch("files", queryset=files))
        .order_by("submitted_at", "pk")
    )


def opening_of(call: Call) -> CallOpening | None:
    return CallOpening.objects.filter(call=call).select_related("opened_by").first()


def file_for(*, user: Actor, application_id: int, file_id: int) -> ApplicationFile:
    """A file the user may read (``ApplicationFile.DoesNotExist`` otherwise: a 404)."""
    return (
        ApplicationFile.objects.visible_to(user)
        .select_related("application")
        .get(pk=file_id, application_id=application_id)
    )


def receipt_for_member(*, user: Actor, application_id: int, number: int) -> SubmissionReceipt:
    """A receipt of an application of the user's own organisations (lead or consortium partner): the receipt is
    the applicant's proof, not the body's (``SubmissionReceipt.DoesNotExist`` otherwise: a 404)."""
    return SubmissionReceipt.objects.select_related(
        "application__call__body", "application__supplier", "submitted_by"
    ).get(application__in=Application.objects.of_supplier_member(user), application_id=application_id, number=number)
