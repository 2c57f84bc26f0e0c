"""Output of the challenges API."""

from __future__ import annotations

from rest_framework import serializers

from procurement.challenges.models import Challenge


class ChallengeOutput(serializers.ModelSerializer[Challenge]):
    class Meta:
        model = Challenge
        fields = [
            "id",
            "body",
            "title",
            "problem",
            "affected",
            "current_situation",
            "expected_outcomes",
            "constraints",
            "sectors",
            "cpv_codes",
            "technologies",
            "regions",
            "budget",
            "currency",
            "language",
            "status",
            "published_at",
        ]


class SimilarChallengeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    score = serializers.FloatField()
    shared_terms = serializers.ListField(child=serializers.CharField())
    shared_sectors = serializers.ListField(child=serializers.CharField())
    shared_cpv = serializers.ListField(child=serializers.CharField())
