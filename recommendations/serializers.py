"""API serializers: output ones render the published content; input ones parse writes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from recommendations.models import Assessment, AssessmentItem, AssessmentSnapshot, Instrument, Recommendation
from recommendations.reference_data import caf_index
from recommendations.rendering import render_markdown
from recommendations.services.assessments import MAX_EVIDENCE_LINKS
from recommendations.translation import localize

TEXT_FIELDS = ("title", "summary", "body", "actors", "evidence", "indicators")


class RecommendationOutputSerializer(serializers.ModelSerializer):
    """A published recommendation in the request's language (with fallback) and all its translations."""

    line = serializers.SerializerMethodField()
    texts = serializers.SerializerMethodField()
    translations = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    sources = serializers.SerializerMethodField()
    instruments: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    version = serializers.IntegerField(source="published_version.number", read_only=True)
    practice_links = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "slug",
            "number",
            "line",
            "texts",
            "body_html",
            "tags",
            "sources",
            "instruments",
            "version",
            "published_at",
            "practice_links",
            "history",
            "translations",
        ]

    def _language(self) -> str | None:
        request = self.context.get("request")
        return request.query_params.get("lang") if request is not None else None

    def get_line(self, obj: Recommendation) -> dict[str, Any]:
        return {
            "number": obj.line.number,
            "slug": obj.line.slug,
            "title": localize(obj.line.title, self._language()).text,
        }

    def get_texts(self, obj: Recommendation) -> dict[str, dict[str, Any]]:
        content = obj.published_version.content if obj.published_version else {}
        out = {}
        for field in TEXT_FIELDS:
            text = localize(content.get(field), self._language())
            out[field] = {"text": text.text, "language": text.language, "fallback": text.fallback}
        return out

    def get_translations(self, obj: Recommendation) -> dict[str, Any]:
        content = obj.published_version.content if obj.published_version else {}
        return {field: content.get(field, {}) for field in TEXT_FIELDS}

    def get_body_html(self, obj: Recommendation) -> str:
        content = obj.published_version.content if obj.published_version else {}
        return str(render_markdown(localize(content.get("body"), self._language()).text))

    def get_history(self, obj: Recommendation) -> list[dict[str, Any]]:
        """The versions that have been public, newest first (only when the list was prefetched)."""
        return [
            {"version": v.number, "published_at": v.published_at, "note": v.note}
            for v in getattr(obj, "published_history", [])
        ]

    def get_practice_links(self, obj: Recommendation) -> list[dict[str, str]]:
        return [
            {
                "kind": link.kind,
                "title": link.title,
                "url": link.url,
                "organisation": link.organisation.slug if link.organisation else "",
            }
            for link in obj.practice_links.all()
        ]

    def get_tags(self, obj: Recommendation) -> list[str]:
        return obj.published_version.tags if obj.published_version else []

    def get_sources(self, obj: Recommendation) -> list[dict[str, str]]:
        return obj.published_version.sources if obj.published_version else []


class InstrumentOutputSerializer(serializers.ModelSerializer):
    recommendations = serializers.SerializerMethodField()

    class Meta:
        model = Instrument
        fields = [
            "slug",
            "kind",
            "country",
            "name",
            "description",
            "phases",
            "caps",
            "rules",
            "sources",
            "recommendations",
        ]

    def get_recommendations(self, obj: Instrument) -> list[str]:
        return [r.slug for r in obj.recommendations.all() if r.published_version_id and r.status != "archived"]


class AssessmentItemOutputSerializer(serializers.ModelSerializer):
    recommendation: serializers.SlugRelatedField = serializers.SlugRelatedField(read_only=True, slug_field="slug")

    class Meta:
        model = AssessmentItem
        fields = ["recommendation", "rating", "evidence_links", "note", "updated_at"]


class AssessmentSnapshotOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentSnapshot
        fields = ["taken_at", "overall_score", "line_scores"]


class AssessmentOutputSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField()
    items = AssessmentItemOutputSerializer(many=True, read_only=True)
    history = AssessmentSnapshotOutputSerializer(source="snapshots", many=True, read_only=True)
    caf_govtech_index_2020 = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "organisation",
            "visibility",
            "overall_score",
            "line_scores",
            "items",
            "history",
            "updated_at",
            "caf_govtech_index_2020",
        ]

    def get_organisation(self, obj: Assessment) -> dict[str, str]:
        org = obj.organisation
        return {"slug": org.slug, "name": org.name, "country": org.country}

    def get_caf_govtech_index_2020(self, obj: Assessment) -> float | None:
        return caf_index(obj.organisation.country)


class RatingInputSerializer(serializers.Serializer):
    recommendation = serializers.SlugField()
    rating = serializers.ChoiceField(choices=AssessmentItem.Rating.choices)
    evidence_links = serializers.ListField(
        child=serializers.URLField(max_length=500), required=False, default=list, max_length=MAX_EVIDENCE_LINKS
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class AssessmentInputSerializer(serializers.Serializer):
    visibility = serializers.ChoiceField(choices=Assessment.Visibility.choices)
    ratings = RatingInputSerializer(many=True)


class IndicatorValueSerializer(serializers.Serializer):
    country = serializers.CharField()
    category = serializers.CharField(allow_blank=True, help_text="Breakdown code (instrument, sector, size), if any")
    category_label = serializers.CharField(allow_blank=True, help_text="The breakdown's name in the request's language")
    period = serializers.CharField()
    value = serializers.FloatField(allow_null=True)


class IndicatorOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.DictField(child=serializers.CharField())
    recommendation = serializers.CharField()
    unit = serializers.CharField()
    provider = serializers.CharField()
    available = serializers.BooleanField()
    values = IndicatorValueSerializer(many=True, allow_null=True)
