"""The recommendations API: published catalogue, instruments, assessments, indicators."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from govtech.accounts.models import Organisation
from govtech.core.errors import ApplicationError
from recommendations.filters import InstrumentFilter, RecommendationFilter
from recommendations.indicators import IndicatorQuery, all_indicators, get_indicator
from recommendations.indicators.query import parse_query
from recommendations.models import (
    Assessment,
    AssessmentItem,
    Instrument,
    PracticeLink,
    Recommendation,
    RecommendationVersion,
)
from recommendations.permissions import CanAssessBody
from recommendations.serializers import (
    AssessmentInputSerializer,
    AssessmentOutputSerializer,
    IndicatorOutputSerializer,
    InstrumentOutputSerializer,
    RecommendationOutputSerializer,
)
from recommendations.services.assessments import RatingInput, assessment_save

LANG_PARAM = OpenApiParameter("lang", str, description="es, pt-br or en (falls back es → en → pt-br)")


class RecommendationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published recommendations only; ``?line=<number>``, ``?tag=<tag>``, ``?lang=<code>``."""

    serializer_class = RecommendationOutputSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filter_backends = [DjangoFilterBackend]
    filterset_class = RecommendationFilter

    def get_queryset(self) -> QuerySet[Recommendation]:
        return (
            Recommendation.objects.published()
            .with_content()
            .prefetch_related(
                Prefetch("instruments", queryset=Instrument.objects.published()),
                Prefetch("practice_links", queryset=PracticeLink.objects.select_related("organisation")),
                Prefetch(
                    "versions",
                    queryset=RecommendationVersion.objects.filter(published_at__isnull=False).order_by("-number"),
                    to_attr="published_history",
                ),
            )
            .order_by("number")
        )

    @extend_schema(parameters=[LANG_PARAM])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


class InstrumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published instruments and programmes; ``?country=BR``, ``?kind=procurement``."""

    serializer_class = InstrumentOutputSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filter_backends = [DjangoFilterBackend]
    filterset_class = InstrumentFilter

    def get_queryset(self) -> QuerySet[Instrument]:
        return Instrument.objects.published().prefetch_related("recommendations").order_by("country", "slug")


class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published assessments for everyone, plus your own bodies' private ones.

    ``PUT /api/v1/assessments/<body-slug>/`` saves your body's ratings (officers and approvers).
    """

    serializer_class = AssessmentOutputSerializer
    permission_classes = [IsAuthenticatedOrReadOnly, CanAssessBody]
    lookup_field = "organisation__slug"
    lookup_url_kwarg = "slug"
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Assessment]:
        return (
            Assessment.objects.visible_to(self.request.user)
            .select_related("organisation")
            .prefetch_related(
                Prefetch("items", queryset=AssessmentItem.objects.select_related("recommendation")), "snapshots"
            )
            .order_by("organisation__name")
        )

    @extend_schema(request=AssessmentInputSerializer, responses=AssessmentOutputSerializer)
    def update(self, request: Request, slug: str) -> Response:
        organisation = get_object_or_404(Organisation.objects.public_bodies(), slug=slug)
        self.check_object_permissions(request, organisation)
        data = AssessmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slugs = {r.slug: r.pk for r in Recommendation.objects.published().only("pk", "slug")}
        ratings: dict[int, RatingInput] = {}
        for i, row in enumerate(data.validated_data["ratings"]):
            if row["recommendation"] not in slugs:
                raise ApplicationError(_("Unknown recommendation."), field=f"ratings.{i}.recommendation")
            ratings[slugs[row["recommendation"]]] = RatingInput(
                rating=row["rating"], evidence_links=row["evidence_links"], note=row["note"]
            )
        assessment = assessment_save(
            actor=request.user,
            organisation=organisation,
            ratings=ratings,
            visibility=data.validated_data["visibility"],
        )
        return Response(AssessmentOutputSerializer(self.get_queryset().get(pk=assessment.pk)).data)


class IndicatorViewSet(viewsets.ViewSet):
    """The indicator registry with values; ``?country=CO``, ``?year=2026``. Unavailable ones have ``values: null``."""

    permission_classes = [AllowAny]
    lookup_field = "code"

    def _query(self, request: Request) -> IndicatorQuery:
        query, problems = parse_query(request.query_params)
        if problems:
            raise ValidationError({field: [message] for field, message in problems.items()})
        return query

    @extend_schema(responses=IndicatorOutputSerializer(many=True))
    def list(self, request: Request) -> Response:
        query = self._query(request)
        rows = [self._row(indicator, query) for indicator in all_indicators()]
        return Response(IndicatorOutputSerializer(rows, many=True).data)

    @extend_schema(
        responses=IndicatorOutputSerializer, parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH)]
    )
    def retrieve(self, request: Request, code: str) -> Response:
        indicator = get_indicator(code)
        if indicator is None:
            raise NotFound
        return Response(IndicatorOutputSerializer(self._row(indicator, self._query(request))).data)

    @staticmethod
    def _row(indicator: Any, query: Any) -> dict[str, Any]:
        values = indicator.values(query)
        return {
            "code": indicator.code,
            "title": indicator.title,
            "recommendation": indicator.recommendation,
            "unit": indicator.unit,
            "provider": indicator.provider,
            "available": indicator.available,
            "values": None
            if values is None
            else [
                {
                    "country": v.country,
                    "category": v.category,
                    "category_label": v.label,
                    "period": v.period,
                    "value": v.value,
                }
                for v in values
            ],
        }
