"""Self-assessment pages: the published comparison, a body's radar, and the officers' form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from govtech.accounts.models import Organisation
from govtech.core.charts import Series, line_chart_svg, radar_svg
from govtech.core.errors import ApplicationError
from recommendations import selectors
from recommendations.forms import AssessmentForm
from recommendations.models import Assessment, LineOfAction
from recommendations.permissions import can_assess
from recommendations.reference_data import caf_index, context_figures
from recommendations.scoring import POINTS
from recommendations.services.assessments import assessment_save
from recommendations.views.common import report_error


def _crumbs(*extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        (_("Recommendations"), reverse("recommendations:catalogue")),
        (_("Self-assessments"), reverse("recommendations:assessments")),
        *extra,
    ]


def index(request: HttpRequest) -> HttpResponse:
    published = Assessment.objects.published().select_related("organisation").order_by("-overall_score")
    lines = list(LineOfAction.objects.order_by("number"))
    rows = [
        {
            "assessment": a,
            "lines": [a.line_scores.get(str(line.number)) for line in lines],
            "caf": caf_index(a.organisation.country),
        }
        for a in published
    ]
    return render(
        request,
        "recommendations/assessments/index.html",
        {
            "rows": rows,
            "lines": lines,
            "mine": selectors.assessable_bodies(request.user),
            "caf_source": context_figures()["caf_govtech_index_2020"]["source"],
            "breadcrumbs": [*_crumbs()[:-1], (_("Self-assessments"), None)],
        },
    )


def _visible_assessment(request: HttpRequest, slug: str) -> tuple[Organisation, Assessment | None]:
    """The body and its assessment if the visitor may see it; 404 otherwise (private stays hidden)."""
    organisation = get_object_or_404(Organisation.objects.public_bodies(), slug=slug)
    assessment = Assessment.objects.visible_to(request.user).filter(organisation=organisation).first()
    if assessment is None and not can_assess(request.user, organisation):
        raise Http404
    return organisation, assessment


def _comparison(lines: list[LineOfAction], exclude: int) -> list[float | None]:
    others = Assessment.objects.published().exclude(pk=exclude)
    out: list[float | None] = []
    for line in lines:
        values = [a.line_scores.get(str(line.number)) for a in others]
        numbers = [v for v in values if v is not None]
        out.append(round(sum(numbers) / len(numbers), 1) if numbers else None)
    return out


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, assessment = _visible_assessment(request, slug)
    lines = list(LineOfAction.objects.order_by("number"))
    context: dict[str, Any] = {
        "organisation": organisation,
        "assessment": assessment,
        "lines": lines,
        "can_assess": can_assess(request.user, organisation),
        "caf": caf_index(organisation.country),
        "caf_source": context_figures()["caf_govtech_index_2020"]["source"],
        "breadcrumbs": _crumbs((organisation.name, None)),
    }
    if assessment is not None:
        scores = [assessment.line_scores.get(str(line.number)) for line in lines]
        options = list(
            Assessment.objects.published()
            .exclude(pk=assessment.pk)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        chosen = next((a for a in options if a.organisation.slug == request.GET.get("compare")), None)
        if chosen is not None:
            others = [chosen.line_scores.get(str(line.number)) for line in lines]
            comparison_label = chosen.organisation.name
        else:
            others = _comparison(lines, assessment.pk)
            comparison_label = _("Average of other published bodies")
        series = [Series(label=organisation.name, values=scores)]
        if any(v is not None for v in others):
            series.append(Series(label=comparison_label, values=others, css_class="portal-radar-compare"))
        context.update(compare_options=options, compared=chosen, comparison_label=comparison_label)
        rows = selectors.assessment_rows(assessment)
        snapshots = list(assessment.snapshots.select_related("taken_by")[:20])
        context.update(
            recommendation_radar=radar_svg(
                axes=[str(row.recommendation.number) for row in rows],
                series=[
                    Series(
                        label=organisation.name,
                        values=[100 * POINTS.get(row.item.rating if row.item else "not_started", 0.0) for row in rows],
                    )
                ],
                title=_("Adoption of each recommendation: %(body)s") % {"body": organisation.name},
                desc=_(
                    "One spoke per recommendation, by number: 0 not started or not applicable, 33 planned, "
                    "67 in progress, 100 implemented. The ratings table below lists each one."
                ),
                ident="radar-recommendations",
            ),
            radar=radar_svg(
                axes=[_("Line %(n)d") % {"n": line.number} for line in lines],
                series=series,
                title=_("Adoption by line of action: %(body)s") % {"body": organisation.name},
                desc=_("Scores from 0 to 100 per line of action; the table below gives the same numbers."),
            ),
            line_rows=[(line, score, other) for line, score, other in zip(lines, scores, others, strict=True)],
            has_comparison=len(series) > 1,
            rows=rows,
            snapshots=snapshots,
            history_chart=line_chart_svg(
                points=[(f"{s.taken_at:%Y-%m-%d}", s.overall_score) for s in reversed(snapshots)],
                title=_("Overall score over time: %(body)s") % {"body": organisation.name},
                desc=_("Overall score (0–100) at each save; the history table below gives the same numbers."),
                ident="history",
            )
            if len(snapshots) > 1
            else "",
        )
    return render(request, "recommendations/assessments/detail.html", context)


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.public_bodies(), slug=slug)
    if not can_assess(request.user, organisation):
        raise PermissionDenied
    assessment = Assessment.objects.filter(organisation=organisation).first()
    rows = selectors.assessment_rows(assessment)
    initial = {"visibility": assessment.visibility if assessment else Assessment.Visibility.PRIVATE}
    form = AssessmentForm(request.POST or None, rows=rows, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_save(
                actor=request.user,
                organisation=organisation,
                ratings=form.ratings(),
                visibility=form.cleaned_data["visibility"],
            )
        except ApplicationError as exc:
            report_error(request, exc, form)
        else:
            messages.success(request, _("Assessment saved. Its scores and a snapshot for the history were updated."))
            return redirect("recommendations:assessment", slug=slug)
    return render(
        request,
        "recommendations/assessments/edit.html",
        {
            "form": form,
            "organisation": organisation,
            "row_fields": [
                (
                    row,
                    form[f"rating_{row.recommendation.pk}"],
                    form[f"evidence_{row.recommendation.pk}"],
                    form[f"note_{row.recommendation.pk}"],
                )
                for row in rows
            ],
            "breadcrumbs": _crumbs(
                (organisation.name, reverse("recommendations:assessment", args=[slug])), (_("Assess"), None)
            ),
        },
        status=400 if request.method == "POST" else 200,
    )
