"""The curation workflow for editors and publishers: edit, review, publish, history, restore."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govtech.accounts.roles import Actor
from govtech.core.errors import ApplicationError
from recommendations import selectors
from recommendations.diff import content_diff
from recommendations.forms import MoveForm, RecommendationCreateForm, RecommendationTextForm
from recommendations.lifecycle import RECOMMENDATION
from recommendations.models import Recommendation, RecommendationVersion
from recommendations.permissions import can_edit_catalogue, can_publish_catalogue, can_read_curation
from recommendations.services import catalogue as services
from recommendations.translation import LANGUAGES, missing_languages
from recommendations.views.catalogue import page_context
from recommendations.views.common import report_error

LANGUAGE_LABELS = {"es": "Español", "pt-br": "Português (Brasil)", "en": "English"}
Status = Recommendation.Status


def field_labels() -> dict[str, str]:
    return {
        "title": _("Title"),
        "summary": _("Summary"),
        "body": _("Body"),
        "actors": _("Who acts"),
        "evidence": _("Evidence that it is done"),
        "indicators": _("Indicators"),
        "tags": _("Tags"),
        "sources": _("Sources"),
    }


def curators_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in staff with a curation role; anyone else gets a 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_read_curation(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _get(slug: str) -> Recommendation:
    return get_object_or_404(Recommendation.objects.with_content(), slug=slug)


def _crumbs(*extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        (_("Recommendations"), reverse("recommendations:catalogue")),
        (_("Curation"), reverse("recommendations:curation")),
        *extra,
    ]


@curators_only
def index(request: HttpRequest) -> HttpResponse:
    lines = selectors.catalogue_lines(user=request.user, published_only=False)
    status = request.GET.get("status", "")
    if status in Status.values:
        lines = [(line, [r for r in recs if r.status == status]) for line, recs in lines]
    else:
        status = ""
    return render(
        request,
        "recommendations/curation/index.html",
        {
            "lines": lines,
            "status": status,
            "statuses": Status.choices,
            "can_edit": can_edit_catalogue(request.user),
            "breadcrumbs": [*_crumbs()[:-1], (_("Curation"), None)],
        },
    )


def _actions(user: Actor, recommendation: Recommendation) -> list[tuple[str, str]]:
    allowed = RECOMMENDATION.targets(recommendation.status)
    labels = {
        Status.IN_REVIEW: (_("Send to review"), can_edit_catalogue(user)),
        Status.PUBLISHED: (_("Publish"), can_publish_catalogue(user)),
        Status.ARCHIVED: (_("Archive"), can_publish_catalogue(user)),
        Status.DRAFT: (
            _("Reopen as draft") if recommendation.status == Status.ARCHIVED else _("Send back to draft"),
            can_edit_catalogue(user) or (can_publish_catalogue(user) and recommendation.status != Status.ARCHIVED),
        ),
    }
    return [
        (to, labels[to][0])
        for to in (Status.IN_REVIEW, Status.PUBLISHED, Status.DRAFT, Status.ARCHIVED)
        if to in allowed and labels[to][1]
    ]


@curators_only
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    recommendation = _get(slug)
    latest = recommendation.latest_version
    return render(
        request,
        "recommendations/curation/detail.html",
        {
            "recommendation": recommendation,
            "latest": latest,
            "title": latest.text("title") if latest else slug,
            "versions": selectors.all_versions(recommendation),
            "actions": _actions(request.user, recommendation),
            "missing": missing_languages(latest.content.get("title")) if latest else [],
            "languages": [(code, LANGUAGE_LABELS[code]) for code in LANGUAGES],
            "can_edit": can_edit_catalogue(request.user),
            "move_form": MoveForm(initial={"number": recommendation.number, "line": recommendation.line_id}),
            "breadcrumbs": _crumbs((str(recommendation), None)),
        },
    )


def _require_editor(request: HttpRequest) -> None:
    if not can_edit_catalogue(request.user):
        raise PermissionDenied


@curators_only
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    _require_editor(request)
    recommendation = _get(slug)
    language = request.GET.get("lang", "es")
    if language not in LANGUAGES:
        raise Http404
    latest = recommendation.latest_version
    content = latest.content if latest else {}
    form = RecommendationTextForm(
        request.POST or None,
        initial=RecommendationTextForm.initial_from(content, language, latest.number if latest else None),
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.recommendation_save_draft(
                actor=request.user,
                recommendation=recommendation,
                content=form.merged_content(content, language),
                note=form.cleaned_data["note"],
                base_version=form.cleaned_data["base_version"],
            )
        except ApplicationError as exc:
            report_error(request, exc, form)
        else:
            messages.success(request, _("Saved as version %(n)d (draft).") % {"n": version.number})
            return redirect("recommendations:curation-detail", slug=slug)
    return render(
        request,
        "recommendations/curation/edit.html",
        {
            "form": form,
            "recommendation": recommendation,
            "language": language,
            "language_label": LANGUAGE_LABELS[language],
            "languages": [(code, LANGUAGE_LABELS[code]) for code in LANGUAGES],
            "breadcrumbs": _crumbs(
                (str(recommendation), reverse("recommendations:curation-detail", args=[slug])), (_("Edit"), None)
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@curators_only
def create(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = RecommendationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.recommendation_create(
                actor=request.user,
                line=form.cleaned_data["line"],
                slug=form.cleaned_data["slug"],
                content=form.merged_content({}, "es"),
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            report_error(request, exc, form)
        else:
            messages.success(request, _("Draft created."))
            return redirect("recommendations:curation-detail", slug=recommendation.slug)
    return render(
        request,
        "recommendations/curation/create.html",
        {
            "form": form,
            "breadcrumbs": _crumbs((_("New recommendation"), None)),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@curators_only
def transition(request: HttpRequest, slug: str) -> HttpResponse:
    recommendation = _get(slug)
    to = request.POST.get("to", "")
    if to not in Status.values:
        messages.error(request, _("Unknown status."))
    else:
        try:
            services.recommendation_transition(actor=request.user, recommendation=recommendation, to=to)
        except ApplicationError as exc:
            report_error(request, exc)
        else:
            messages.success(request, _("Status changed to: %(status)s.") % {"status": Status(to).label})
    return redirect("recommendations:curation-detail", slug=slug)


@require_POST
@curators_only
def restore(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    recommendation = _get(slug)
    version = get_object_or_404(RecommendationVersion, recommendation=recommendation, number=number)
    try:
        new = services.recommendation_restore(actor=request.user, recommendation=recommendation, version=version)
    except ApplicationError as exc:
        report_error(request, exc)
    else:
        messages.success(
            request, _("Version %(old)d restored as version %(new)d (draft).") % {"old": number, "new": new.number}
        )
    return redirect("recommendations:curation-detail", slug=slug)


@require_POST
@curators_only
def move(request: HttpRequest, slug: str) -> HttpResponse:
    _require_editor(request)
    recommendation = _get(slug)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a whole number of 1 or more and a line of action."))
    else:
        try:
            services.recommendation_move(
                actor=request.user,
                recommendation=recommendation,
                number=form.cleaned_data["number"],
                line=form.cleaned_data["line"],
            )
        except ApplicationError as exc:
            report_error(request, exc)
        else:
            messages.success(request, _("Renumbered. Links by address keep working; the old number redirects."))
    return redirect("recommendations:curation-detail", slug=slug)


@curators_only
def diff(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    recommendation = _get(slug)
    version = get_object_or_404(RecommendationVersion, recommendation=recommendation, number=number)
    try:
        against_number = int(request.GET.get("against", number - 1))
    except ValueError:
        raise Http404 from None
    against = RecommendationVersion.objects.filter(recommendation=recommendation, number=against_number).first()
    changes = content_diff(against.content if against else {}, version.content)
    return render(
        request,
        "recommendations/curation/diff.html",
        {
            "recommendation": recommendation,
            "version": version,
            "against": against,
            "changes": changes,
            "field_labels": field_labels(),
            "language_labels": LANGUAGE_LABELS,
            "versions": selectors.all_versions(recommendation),
            "breadcrumbs": _crumbs(
                (str(recommendation), reverse("recommendations:curation-detail", args=[slug])),
                (_("Changes in version %(n)d") % {"n": number}, None),
            ),
        },
    )


@curators_only
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page as it will look once this version is published."""
    recommendation = _get(slug)
    number = request.GET.get("version")
    version = (
        get_object_or_404(RecommendationVersion, recommendation=recommendation, number=number)
        if number and number.isdigit()
        else recommendation.latest_version
    )
    if version is None:
        raise Http404
    context = page_context(recommendation, version)
    context.update(
        preview=True,
        history=selectors.published_versions(recommendation),
        instruments=list(recommendation.instruments.all()),
        practice_links=[],
        breadcrumbs=_crumbs(
            (str(recommendation), reverse("recommendations:curation-detail", args=[slug])), (_("Preview"), None)
        ),
    )
    return render(request, "recommendations/detail.html", context)
