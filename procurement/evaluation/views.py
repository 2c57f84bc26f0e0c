"""Evaluation pages: the evaluator's assignments, declarations and scoring; the body's board and panel.

A call the user may not see is a 404; a seat or role the user lacks is a 403; an application the evaluator did not
declare "no conflict" for (or recused from) is a 404. Every write is one service call; a refusal is shown on the
page with the service's message and status, never a 500.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govtech.accounts.models import Membership
from govtech.core.charts import bar_chart_svg
from govtech.core.errors import ApplicationError
from procurement.applications.models import Application, ApplicationFile
from procurement.bodies.permissions import is_approver, is_officer
from procurement.bodies.selectors import approver_names
from procurement.calls.models import Call
from procurement.evaluation import selectors, services
from procurement.evaluation.forms import DeclarationForm, MemberAddForm, PanelSettingsForm, ReasonForm, ScoreForm
from procurement.evaluation.models import Panel, PanelMember

# --- lookups ---------------------------------------------------------------------------


def _call(request: HttpRequest, call_id: int) -> Call:
    return get_object_or_404(Call.objects.visible_to(request.user).select_related("body"), pk=call_id)


def _seat(request: HttpRequest, call_id: int) -> tuple[Call, PanelMember]:
    call = _call(request, call_id)
    seat = selectors.seat_of(request.user, call)
    if seat is None:
        raise PermissionDenied
    seat.panel.call = call
    return call, seat


def _board_call(request: HttpRequest, call_id: int) -> Call:
    call = _call(request, call_id)
    if not is_officer(request.user, call.body_id):
        raise PermissionDenied
    return call


# --- the evaluator ---------------------------------------------------------------------


@login_required
def assignments(request: HttpRequest) -> HttpResponse:
    """My assignments: every call where the user sits on the panel, with what is left."""
    return render(request, "evaluation/assignments.html", {"assignments": selectors.assignments_of(request.user)})


def _call_page(
    request: HttpRequest,
    call: Call,
    seat: PanelMember,
    *,
    failed: tuple[int, DeclarationForm] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    applications = list(selectors.evaluated_applications(call))
    declarations = selectors.declarations_of(seat)
    scored: dict[int, int] = {}
    names = set(selectors.criteria_names(call))
    for score in selectors.scores_of(seat):
        if score.criterion in names:
            scored[score.application_id] = scored.get(score.application_id, 0) + 1
    labels = selectors.applicant_labels(applications, seat.panel)
    hidden = selectors.names_hidden(seat.panel)
    rows: list[dict[str, Any]] = []
    for application in applications:
        declaration = declarations.get(application.pk)
        form = None
        if declaration is None:
            form = failed[1] if failed and failed[0] == application.pk else DeclarationForm(prefix=f"a{application.pk}")
        rows.append(
            {
                "application": application,
                "label": labels[application.pk],
                "declaration": declaration,
                "form": form,
                "partners": [p.organisation.name for p in application.partners.all()],
                "scored": scored.get(application.pk, 0),
            }
        )
    progress = selectors.panel_progress(seat.panel, [seat])[0]
    # In a blind round the declarations go by name and the scoring list by shuffled label: they do not line up.
    order = {pk: n for n, pk in enumerate(labels)}
    score_rows = sorted(rows, key=lambda r: order[r["application"].pk]) if hidden else rows
    if hidden:
        rows = sorted(rows, key=lambda r: r["application"].supplier.name.casefold())
    return render(
        request,
        "evaluation/call.html",
        {
            "call": call,
            "seat": seat,
            "panel": seat.panel,
            "opened": selectors.is_opened(call),
            "rows": rows,
            "score_rows": score_rows,
            "hidden": hidden,
            "progress": progress,
            "criteria_count": len(names),
            "error": error,
        },
        status=status,
    )


@login_required
def call_page(request: HttpRequest, call_id: int) -> HttpResponse:
    """Declarations (names only) and the list of applicants to score, with progress."""
    call, seat = _seat(request, call_id)
    return _call_page(request, call, seat)


@login_required
@require_POST
def declare(request: HttpRequest, call_id: int, application_id: int) -> HttpResponse:
    call, seat = _seat(request, call_id)
    application = get_object_or_404(selectors.evaluated_applications(call), pk=application_id)
    form = DeclarationForm(request.POST, prefix=f"a{application.pk}")
    if not form.is_valid():
        return _call_page(request, call, seat, failed=(application.pk, form), status=400)
    try:
        services.declaration_sign(
            member=seat,
            application=application,
            actor=request.user,
            conflict=form.conflict,
            statement=form.cleaned_data["statement"],
        )
    except ApplicationError as exc:
        form.add_error("statement" if exc.field == "statement" else None, exc.message)
        return _call_page(request, call, seat, failed=(application.pk, form), status=exc.status_code)
    messages.success(request, _("Your declaration is signed."))
    return redirect("evaluation:call", call_id=call.pk)


@login_required
@require_http_methods(["GET", "POST"])
def application_page(request: HttpRequest, call_id: int, application_id: int) -> HttpResponse:
    """One application the evaluator may read (declared no conflict), and their scores for it."""
    call, seat = _seat(request, call_id)
    readable = selectors.applications_for_evaluator(request.user, call).exclude(status=Application.Status.DISQUALIFIED)
    application = get_object_or_404(readable.select_related("supplier"), pk=application_id)
    scores = {s.criterion: s for s in selectors.scores_of(seat, application)}
    initial: dict[str, Any] = {}
    for n, criterion in enumerate(call.criteria):
        if criterion["name"] in scores:
            initial[f"score_{n}"] = scores[criterion["name"]].score
            initial[f"justification_{n}"] = scores[criterion["name"]].justification
    form = ScoreForm(
        request.POST or None, initial=initial, criteria=list(call.criteria), scale_max=seat.panel.scale_max
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                with transaction.atomic():  # all the criteria or none
                    for name, score, text in form.filled():
                        services.score_record(
                            member=seat,
                            application=application,
                            criterion=name,
                            score=score,
                            justification=text,
                            actor=request.user,
                        )
            except ApplicationError as exc:
                form.add_application_error(exc)
                status = exc.status_code
            else:
                messages.success(request, _("Your scores are saved."))
                return redirect("evaluation:application", call_id=call.pk, application_id=application.pk)
    applications = list(selectors.evaluated_applications(call))
    hidden = selectors.names_hidden(seat.panel)
    return render(
        request,
        "evaluation/application.html",
        {
            "call": call,
            "seat": seat,
            "panel": seat.panel,
            "application": application,
            "form": form,
            "hidden": hidden,
            "label": selectors.applicant_labels(applications, seat.panel).get(application.pk, ""),
            "partners": [] if hidden else [p.organisation.name for p in application.partners.all()],
            "files": ApplicationFile.objects.visible_to(request.user).filter(application=application).order_by("pk"),
            "responses": [
                (c["name"], (application.criteria_responses or {}).get(c["name"], "")) for c in call.criteria
            ],
            "final": seat.submitted_at is not None or call.status in services.DECIDED,
        },
        status=status,
    )


@login_required
@require_POST
def submit(request: HttpRequest, call_id: int) -> HttpResponse:
    call, seat = _seat(request, call_id)
    try:
        services.evaluation_submit(member=seat, actor=request.user)
    except ApplicationError as exc:
        return _call_page(request, call, seat, error=exc.message, status=exc.status_code)
    messages.success(request, _("Your evaluation is submitted."))
    return redirect("evaluation:call", call_id=call.pk)


# --- the body's board ------------------------------------------------------------------


BOARD_ROWS_PER_PAGE = 50
BOARD_CHART_ROWS = 25


def _board(
    request: HttpRequest, call: Call, *, forms: dict[str, Any] | None = None, error: str = "", status: int = 200
) -> HttpResponse:
    panel = Panel.objects.filter(call=call).select_related("call").first()
    approver = is_approver(request.user, call.body_id)
    opened = selectors.is_opened(call)
    progress = selectors.panel_progress(panel) if panel else []
    removed = list(panel.members.filter(status=PanelMember.Status.REMOVED).select_related("user")) if panel else []
    seated = {row.member.user_id for row in progress}
    choices = [
        (m.user_id, f"{m.user.get_full_name()} <{m.user.email}>")
        for m in Membership.objects.filter(
            organisation_id=call.body_id, role=Membership.Role.EVALUATOR, status=Membership.Status.ACTIVE
        )
        .select_related("user")
        .order_by("user__email")
        if m.user_id not in seated
    ]
    forms = forms or {}
    settings_initial = {"scale_max": 10, "disagreement_threshold": "3.00", "blind_first_round": False}
    if panel:
        settings_initial = {
            "scale_max": panel.scale_max,
            "disagreement_threshold": panel.disagreement_threshold,
            "blind_first_round": panel.blind_first_round,
        }
    rows = selectors.ranking(call, attach=False) if opened else []
    criteria = selectors.criteria_names(call)
    # A call with hundreds of applicants: the ranking in pages of 50 and a chart of the best-ranked 25 (each row
    # and bar was rendered at once: seconds per request); only those rows' applicants are read
    page = Paginator(rows, BOARD_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    selectors.attach_applications(rows[:BOARD_CHART_ROWS] + shown)  # one query for the chart's and the page's
    selectors.with_partners([r.application for r in shown])  # the page's rows name their partners
    table = [
        {
            "place": page.start_index() + i,
            "row": r,
            "means": [r.per_criterion.get(c) for c in criteria],
            "partners": [p.organisation.name for p in r.application.partners.all()],
        }
        for i, r in enumerate(shown)
    ]
    charted = rows[:BOARD_CHART_ROWS]
    chart = (
        bar_chart_svg(
            rows=[(r.application.supplier.name, float(r.total)) for r in charted],
            ident=f"board-{call.pk}-chart",
            title=_("Weighted totals out of 100"),
            desc=_("One bar per applicant; the ranking table gives the same numbers.")
            if len(charted) == len(rows)
            else _("One bar for each of the %(n)s best-ranked applicants; the ranking table gives every one.")
            % {"n": len(charted)},
        )
        if rows
        else ""
    )
    return render(
        request,
        "evaluation/board.html",
        {
            "call": call,
            "panel": panel,
            "approver": approver,
            "opened": opened,
            "progress": progress,
            "removed": removed,
            "table": table,
            "page": page,
            "criteria": criteria,
            "chart": chart,
            "complete": bool(panel) and selectors.panel_complete(panel, progress) if opened and panel else False,
            "hidden": selectors.names_hidden(panel),
            "editable": call.status in services.PANEL_STATES,
            # who can name evaluators, for the people who cannot: no dead end without a hint
            "approver_names": [] if approver else approver_names(call.body_id),
            "settings_form": forms.get("settings") or PanelSettingsForm(initial=settings_initial),
            "add_form": forms.get("add") or MemberAddForm(choices=choices),
            "reason_form": forms.get("reason") or ReasonForm(),
            "error": error,
        },
        status=status,
    )


@login_required
def board(request: HttpRequest, call_id: int) -> HttpResponse:
    """The consolidated ranking, per-criterion means, disagreement flags, completeness and the panel."""
    return _board(request, _board_call(request, call_id))


def _board_action(request: HttpRequest, call: Call, form: Any, key: str, act: Any, done: str) -> HttpResponse:
    if not form.is_valid():
        return _board(request, call, forms={key: form}, status=400)
    try:
        act(form.cleaned_data)
    except ApplicationError as exc:
        if isinstance(form, PanelSettingsForm | MemberAddForm) and exc.field in form.fields:
            form.add_application_error(exc)
            return _board(request, call, forms={key: form}, status=exc.status_code)
        return _board(request, call, error=exc.message, status=exc.status_code)
    messages.success(request, done)
    return redirect("evaluation:board", call_id=call.pk)


@login_required
@require_POST
def board_settings(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _board_call(request, call_id)
    return _board_action(
        request,
        call,
        PanelSettingsForm(request.POST),
        "settings",
        lambda d: services.panel_configure(call=call, actor=request.user, **d),
        _("The panel settings are saved."),
    )


@login_required
@require_POST
def board_member_add(request: HttpRequest, call_id: int) -> HttpResponse:

    call = _board_call(request, call_id)
    choices = [(int(v), "") for v in request.POST.getlist("user") if str(v).isdigit()]
    form = MemberAddForm(request.POST, choices=choices)

    def act(data: dict[str, Any]) -> None:
        user = get_user_model().objects.filter(pk=data["user"]).first()
        if user is None:
            raise ApplicationError(_("Choose an evaluator."), field="user")
        services.panel_member_add(call=call, user=user, actor=request.user)

    return _board_action(request, call, form, "add", act, _("The evaluator is on the panel and has been told."))


def _member(call: Call, member_id: int) -> PanelMember:
    member = get_object_or_404(
        PanelMember.objects.select_related("panel__call", "user"), pk=member_id, panel__call=call
    )
    return member


@login_required
@require_POST
def board_member_remove(request: HttpRequest, call_id: int, member_id: int) -> HttpResponse:
    call = _board_call(request, call_id)
    member = _member(call, member_id)
    return _board_action(
        request,
        call,
        ReasonForm(request.POST),
        "reason",
        lambda d: services.panel_member_remove(member=member, actor=request.user, reason=d["reason"]),
        _("The evaluator was removed from the panel."),
    )


@login_required
@require_POST
def board_member_reopen(request: HttpRequest, call_id: int, member_id: int) -> HttpResponse:
    call = _board_call(request, call_id)
    member = _member(call, member_id)
    return _board_action(
        request,
        call,
        ReasonForm(request.POST),
        "reason",
        lambda d: services.evaluation_reopen(member=member, actor=request.user, reason=d["reason"]),
        _("The evaluation of this evaluator is open again."),
    )


@login_required
@require_POST
def board_reveal(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _board_call(request, call_id)
    return _board_action(
        request,
        call,
        ReasonForm(request.POST),
        "reason",
        lambda d: services.panel_reveal_names(call=call, actor=request.user, reason=d["reason"]),
        _("The applicant names are now shown to the evaluators."),
    )
