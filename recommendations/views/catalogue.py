"""Public pages of the catalogue: only published versions are ever shown here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govtech.core.errors import ApplicationError
from recommendations import practice, selectors
from recommendations.forms import PracticeLinkForm, PracticeTargetForm
from recommendations.indicators import all_indicators
from recommendations.models import Recommendation, RecommendationVersion
from recommendations.permissions import can_edit_catalogue, can_read_curation
from recommendations.reference_data import catalogue_about
from recommendations.rendering import render_markdown
from recommendations.services.practice import practice_link_create, practice_link_target_create
from recommendations.views.common import report_error


def catalogue(request: HttpRequest) -> HttpResponse:
    tag = request.GET.get("tag", "").strip().lower()
    lines = selectors.catalogue_lines()
    if tag:
        lines = [
            (line, [r for r in recs if r.published_version and tag in r.published_version.tags]) for line, recs in lines
        ]
    return render(
        request,
        "recommendations/catalogue.html",
        {
            "lines": lines,
            "tag": tag,
            **catalogue_about(),
            "can_curate": can_read_curation(request.user),
            "breadcrumbs": [(_("Recommendations"), None)],
        },
    )


def page_context(recommendation: Recommendation, version: RecommendationVersion) -> dict[str, object]:
    """What a recommendation page shows for one version (the public one, or a preview)."""
    return {
        "recommendation": recommendation,
        "version": version,
        "title": version.text("title"),
        "summary": version.text("summary"),
        "body": render_markdown(version.text("body").text),
        "body_language": version.text("body"),
        "facts": [
            (_("Who acts"), version.text("actors")),
            (_("Evidence that it is done"), version.text("evidence")),
            (_("Indicators"), version.text("indicators")),
        ],
        **catalogue_about(),
    }


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        recommendation = selectors.recommendation_public(slug)
    except Recommendation.DoesNotExist:
        raise Http404 from None
    return render(request, "recommendations/detail.html", _detail_context(request, recommendation))


def _detail_context(request: HttpRequest, recommendation: Recommendation) -> dict[str, object]:
    version = recommendation.published_version
    assert version is not None
    context = page_context(recommendation, version)
    title = version.text("title").text
    bodies = selectors.assessable_bodies(request.user)
    context.update(
        history=selectors.published_versions(recommendation),
        instruments=list(recommendation.instruments.all()),
        practice_links=_practice_links(recommendation),
        live_practice=_live_practice(version.tags),
        target_form=PracticeTargetForm() if can_edit_catalogue(request.user) else None,
        can_curate=can_read_curation(request.user),
        breadcrumbs=[(_("Recommendations"), reverse("recommendations:catalogue")), (title, None)],
        link_form=PracticeLinkForm(bodies=bodies) if bodies.exists() else None,
        measured_by=[i for i in all_indicators() if i.recommendation == recommendation.slug],
    )
    return context


def _practice_links(recommendation: Recommendation) -> list[dict[str, object]]:
    """Linked practice as shown: portal rows described live (and hidden once no longer public)."""
    links = list(recommendation.practice_links.all())  # prefetched with their organisation
    targets = [(link.kind, link.target_id) for link in links if link.target_type_id]
    described = practice.describe(targets) if targets else {}
    shown: list[dict[str, object]] = []
    for link in links:
        if link.target_type_id:
            item = described.get((link.kind, link.target_id))
            if item is None:
                continue
            shown.append(
                {
                    "kind": link.get_kind_display(),
                    "organisation": item.organisation,
                    "title": item.title,
                    "url": item.url,
                    "detail": item.detail,
                }
            )
        else:
            shown.append(
                {
                    "kind": link.get_kind_display(),
                    "title": link.title,
                    "url": link.url,
                    "detail": "",
                    "organisation": link.organisation.name if link.organisation else "",
                }
            )
    return shown


def _live_practice(tags: list[str]) -> list[object]:
    return list(practice.live(tags=tags, limit=10))


@login_required
@require_POST
def link_practice_target(request: HttpRequest, slug: str) -> HttpResponse:
    """A curator links a published challenge or call of the portal to this recommendation."""
    try:
        recommendation = selectors.recommendation_public(slug)
    except Recommendation.DoesNotExist:
        raise Http404 from None
    if not can_edit_catalogue(request.user):
        raise PermissionDenied
    form = PracticeTargetForm(request.POST)
    if form.is_valid():
        try:
            practice_link_target_create(actor=request.user, recommendation=recommendation, **form.cleaned_data)
        except ApplicationError as exc:
            report_error(request, exc, form)
        else:
            messages.success(request, _("Linked. It now appears on this recommendation's page."))
            return redirect("recommendations:detail", slug=slug)
    context = _detail_context(request, recommendation)
    context["target_form"] = form
    return render(request, "recommendations/detail.html", context, status=400)


@login_required
@require_POST
def link_practice(request: HttpRequest, slug: str) -> HttpResponse:
    """An officer links a challenge, call or award of their body to this recommendation."""
    try:
        recommendation = selectors.recommendation_public(slug)
    except Recommendation.DoesNotExist:
        raise Http404 from None
    bodies = selectors.assessable_bodies(request.user)
    if not bodies.exists():
        raise PermissionDenied
    form = PracticeLinkForm(request.POST, bodies=bodies)
    if form.is_valid():
        try:
            practice_link_create(actor=request.user, recommendation=recommendation, **form.cleaned_data)
        except ApplicationError as exc:
            report_error(request, exc, form)
        else:
            messages.success(request, _("Linked. It now appears on this recommendation's page."))
            return redirect("recommendations:detail", slug=slug)
    context = _detail_context(request, recommendation)
    context["link_form"] = form
    return render(request, "recommendations/detail.html", context, status=400)


def by_number(request: HttpRequest, number: int) -> HttpResponse:
    """Old and short links by number: redirect to the stable slug address."""
    recommendation = selectors.recommendation_by_number(number)
    if recommendation is None or not Recommendation.objects.published().filter(pk=recommendation.pk).exists():
        raise Http404
    return redirect("recommendations:detail", slug=recommendation.slug)
