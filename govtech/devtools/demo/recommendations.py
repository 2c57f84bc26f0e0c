"""Demo data: the starting catalogue, instruments and a sample self-assessment (idempotent)."""

from __future__ import annotations

from typing import IO

from govtech.accounts.models import Organisation, User
from recommendations.models import Assessment, Recommendation
from recommendations.services.assessments import RatingInput, assessment_save
from recommendations.services.catalogue import recommendation_save_draft, recommendation_transition
from recommendations.services.loader import catalogue_load

DEMO_BODY = "Secretaría de Innovación de Medellín"
DEMO_OFFICER = "officer@demo.govtech.example"
DEMO_EDITOR = "editor@demo.govtech.example"
DEMO_PROPOSAL_SLUG = "cut-time-to-contract"
DEMO_PROPOSAL_PT = (
    "Fixar prazos máximos por etapa da compra e publicar, a cada trimestre, quanto cada etapa realmente durou."
)
DEMO_RATINGS = {
    "adopt-a-govtech-strategy": (
        "implemented",
        ["https://www.medellin.gov.co"],
        "Plan de Desarrollo con línea govtech.",
    ),
    "create-a-govtech-unit": ("in_progress", [], "Equipo de 4 personas en formación."),
    "run-open-innovation-challenges": ("implemented", [], "Dos convocatorias de retos en 2025."),
    "prioritise-local-governments": ("not_applicable", [], "Somos un gobierno local."),
    "consult-the-market-early": ("planned", [], ""),
    "offer-fast-low-value-channels": ("in_progress", [], ""),
    "map-the-supply": ("planned", [], "Usaremos el registro del portal."),
}


def load(stdout: IO[str]) -> None:
    result = catalogue_load()
    stdout.write(f"recommendations: {result}")
    _proposal(stdout)
    _assessment(stdout)


def _proposal(stdout: IO[str]) -> None:
    """An editor's pending proposal, so the review queue is not empty in the demo."""
    editor = User.objects.filter(email=DEMO_EDITOR).first()
    rec = Recommendation.objects.filter(slug=DEMO_PROPOSAL_SLUG).select_related("latest_version").first()
    if editor is None or rec is None or rec.latest_version is None or rec.versions.count() > 1:
        return
    content = rec.latest_version.content
    content = {**content, "summary": {**content["summary"], "pt-br": DEMO_PROPOSAL_PT}}
    recommendation_save_draft(actor=editor, recommendation=rec, content=content, note="Resumo mais concreto")
    recommendation_transition(actor=editor, recommendation=rec, to=Recommendation.Status.IN_REVIEW)
    stdout.write(f"recommendations: a proposal in review for {DEMO_PROPOSAL_SLUG}")


def _assessment(stdout: IO[str]) -> None:
    body = Organisation.objects.public_bodies().filter(name=DEMO_BODY).first()
    officer = User.objects.filter(email=DEMO_OFFICER).first()
    if body is None or officer is None or Assessment.objects.filter(organisation=body).exists():
        return
    slugs = {r.slug: r.pk for r in Recommendation.objects.published()}
    ratings = {
        slugs[slug]: RatingInput(rating=rating, evidence_links=links, note=note)
        for slug, (rating, links, note) in DEMO_RATINGS.items()
        if slug in slugs
    }
    assessment_save(actor=officer, organisation=body, ratings=ratings, visibility=Assessment.Visibility.PUBLISHED)
    stdout.write("recommendations: demo self-assessment published for " + DEMO_BODY)
