"""Factories for the recommendations app."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from recommendations.models import Instrument, LineOfAction, Recommendation, RecommendationVersion


def content(title: str = "Título", **extra: Any) -> dict[str, Any]:
    """A content snapshot with the title in Spanish only unless more is given."""
    base: dict[str, Any] = {
        "title": {"es": title, "pt-br": "", "en": ""},
        "summary": {"es": f"Resumen de {title}", "pt-br": "", "en": ""},
        "body": {"es": "Cuerpo del texto.", "pt-br": "", "en": ""},
        "actors": {"es": "", "pt-br": "", "en": ""},
        "evidence": {"es": "", "pt-br": "", "en": ""},
        "indicators": {"es": "", "pt-br": "", "en": ""},
        "tags": ["prueba"],
        "sources": [{"title": "Fuente", "url": "https://example.org/fuente"}],
    }
    for key, value in extra.items():
        base[key] = {**base[key], **value} if isinstance(value, dict) else value
    return base


class LineOfActionFactory(DjangoModelFactory):
    class Meta:
        model = LineOfAction
        django_get_or_create = ["number"]

    number = 1
    slug = factory.LazyAttribute(lambda o: f"line-{o.number}")
    title = factory.LazyAttribute(lambda o: {"es": f"Línea {o.number}", "en": f"Line {o.number}"})


class RecommendationFactory(DjangoModelFactory):
    """A recommendation with one version; published unless ``status`` says otherwise."""

    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"recomendacion-{n}")
    line = factory.SubFactory(LineOfActionFactory)
    number = factory.Sequence(lambda n: 100 + n)
    status = Recommendation.Status.PUBLISHED

    @factory.post_generation
    def with_version(obj: Recommendation, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        data = extracted or content(title=f"Recomendación {obj.slug}")
        published = obj.status == Recommendation.Status.PUBLISHED
        version = RecommendationVersion.objects.create(
            recommendation=obj, number=1, content=data, published_at=timezone.now() if published else None
        )
        obj.latest_version = version
        obj.published_version = version if published else None
        obj.save()


class InstrumentFactory(DjangoModelFactory):
    class Meta:
        model = Instrument

    slug = factory.Sequence(lambda n: f"instrumento-{n}")
    kind = Instrument.Kind.PROCUREMENT
    country = "CO"
    name = factory.LazyAttribute(lambda o: {"es": f"Instrumento {o.slug}", "en": f"Instrument {o.slug}"})
    description = {"es": "Descripción."}
    status = Instrument.Status.PUBLISHED
