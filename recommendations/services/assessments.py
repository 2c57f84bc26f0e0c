"""Self-assessment writes: a body's officers rate, score and snapshot its adoption."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from govtech.accounts.models import Organisation
from govtech.accounts.roles import Actor, person
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, NotAllowed
from recommendations.models import Assessment, AssessmentItem, AssessmentSnapshot, Recommendation
from recommendations.permissions import can_assess
from recommendations.scoring import assessment_scores

MAX_EVIDENCE_LINKS = 5


@dataclass
class RatingInput:
    """One recommendation's rating as submitted (already validated as a URL list)."""

    rating: str
    evidence_links: list[str] = field(default_factory=list)
    note: str = ""


def assessment_save(
    *, actor: Actor, organisation: Organisation, ratings: dict[int, RatingInput], visibility: str
) -> Assessment:
    """Save a body's ratings (recommendation id → input), rescore it and keep a snapshot.

    Only the body's active officers and approvers may do it. Recommendations absent
    from ``ratings`` keep their previous rating (or count as not started).
    """
    if not can_assess(actor, organisation):
        raise NotAllowed(_("Only the body's officers and approvers can assess it."))
    if visibility not in Assessment.Visibility.values:
        raise ApplicationError(_("Choose private or published."), field="visibility")
    valid = set(AssessmentItem.Rating.values)
    validate_url = URLValidator(schemes=["http", "https"])
    for rec_id, entry in ratings.items():
        for link in entry.evidence_links:
            try:
                validate_url(link)
            except ValidationError:
                raise ApplicationError(
                    _("Evidence links must be http or https addresses."), field=f"evidence_{rec_id}"
                ) from None
        if entry.rating not in valid:
            raise ApplicationError(_("Choose one of the adoption levels."), field=f"rating_{rec_id}")
        if len(entry.evidence_links) > MAX_EVIDENCE_LINKS:
            raise ApplicationError(_("Give at most 5 evidence links."), field=f"evidence_{rec_id}")
    recommendations = {r.pk: r for r in Recommendation.objects.published().select_related("line")}
    unknown = set(ratings) - set(recommendations)
    if unknown:
        raise ApplicationError(_("Unknown recommendation."), field="ratings")

    with transaction.atomic():
        assessment, created = Assessment.objects.select_for_update().get_or_create(organisation=organisation)
        before = {"visibility": assessment.visibility, "overall_score": assessment.overall_score}
        existing = {item.recommendation_id: item for item in assessment.items.all()}
        for rec_id, entry in ratings.items():
            item = existing.get(rec_id) or AssessmentItem(assessment=assessment, recommendation_id=rec_id)
            item.rating = entry.rating
            item.evidence_links = entry.evidence_links
            item.note = entry.note.strip()[:2000]
            item.save()
            existing[rec_id] = item
        pairs = [
            (rec.line.number, existing[rec.pk].rating if rec.pk in existing else AssessmentItem.Rating.NOT_STARTED)
            for rec in recommendations.values()
        ]
        scores = assessment_scores(pairs)
        assessment.visibility = visibility
        assessment.overall_score = scores.overall
        assessment.line_scores = {str(k): v for k, v in scores.lines.items()}
        assessment.updated_by = person(actor)
        assessment.save()
        AssessmentSnapshot.objects.create(
            assessment=assessment,
            taken_by=person(actor),
            overall_score=scores.overall,
            line_scores=assessment.line_scores,
            ratings={rec.slug: existing[rec.pk].rating for rec in recommendations.values() if rec.pk in existing},
        )
        audit_record(
            actor=actor,
            verb="assessment.created" if created else "assessment.saved",
            target=assessment,
            organisation_id=organisation.pk,
            before=before,
            after={"visibility": visibility, "overall_score": scores.overall, "rated": len(ratings)},
        )
    return assessment
