"""``/api/v1/red-flags/``: procurement red flags, per process, per buyer and counted per indicator (issue 25).

Read-only, for anyone. Every answer goes through ``procurement.ocds.redflag_selectors``, so through the
visibility rule (``RedFlagResult.objects.visible_to``): auditors and admins see every flag, a body's officers
and approvers their calls' flags as soon as computed, everyone else a call's flags once it is decided. A red
flag is a pattern worth a second look, never an accusation: each carries its evidence and methodology version.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from govtech.core.api import Pagination
from procurement.ocds import redflag_selectors as flags
from procurement.ocds.models import RedFlagFence, RedFlagResult

MSG_COUNTRY = _("Give the country as its two-letter ISO code (CO, BR, PY).")
MSG_CPV = _("Give the CPV division as its two digits (72 for IT services).")


class FlagFilterInput(serializers.Serializer[Any]):
    """The filters of the lists (query string); an empty value filters nothing."""

    country = serializers.RegexField(r"^[A-Za-z]{2}$", required=False, error_messages={"invalid": MSG_COUNTRY})
    buyer = serializers.CharField(required=False, max_length=255, help_text="The buyer's identifier")
    cpv_division = serializers.RegexField(r"^\d{2}$", required=False, error_messages={"invalid": MSG_CPV})
    indicator = serializers.ChoiceField(choices=list(flags.INDICATOR_CODES), required=False)
    outcome = serializers.ChoiceField(choices=RedFlagResult.Outcome.choices, required=False)

    def filters(self) -> flags.Filters:
        data = self.validated_data
        return flags.Filters(
            country=str(data.get("country", "")).upper(),
            buyer=data.get("buyer", ""),
            cpv_division=data.get("cpv_division", ""),
            indicator=data.get("indicator", ""),
            outcome=data.get("outcome", ""),
        )


class CountryInput(serializers.Serializer[Any]):
    country = serializers.RegexField(r"^[A-Za-z]{2}$", required=False, error_messages={"invalid": MSG_COUNTRY})


def filters_of(request: Any, *, outcome: bool = True) -> flags.Filters:
    params = {k: v for k, v in request.query_params.items() if k in FlagFilterInput().fields and v != ""}
    if not outcome:
        params.pop("outcome", None)
    form = FlagFilterInput(data=params)
    form.is_valid(raise_exception=True)
    return form.filters()


class BuyerRef(serializers.Serializer[Any]):
    id = serializers.CharField()
    name = serializers.CharField()


class FlagOutput(serializers.ModelSerializer[RedFlagResult]):
    title = serializers.SerializerMethodField(help_text="The indicator's name (the methodology page explains it)")
    buyer = serializers.SerializerMethodField()
    call = serializers.IntegerField(source="call_id", allow_null=True, help_text="The portal's call, if any")
    imported = serializers.SerializerMethodField(help_text="From another publisher's OCDS data")
    evidence = serializers.JSONField(
        help_text="The values compared, and the fence or threshold they were compared with"
    )

    class Meta:
        model = RedFlagResult
        fields = [
            "ocid",
            "indicator",
            "title",
            "outcome",
            "reason",
            "evidence",
            "buyer",
            "country",
            "cpv_division",
            "call",
            "imported",
            "methodology_version",
            "thresholds_fingerprint",
            "computed_at",
        ]

    def get_title(self, flag: RedFlagResult) -> str:
        return flags.INDICATOR_TITLES.get(flag.indicator, flag.indicator)

    @extend_schema_field(BuyerRef)
    def get_buyer(self, flag: RedFlagResult) -> dict[str, str]:
        return {"id": flag.buyer_id, "name": flag.buyer_name}

    def get_imported(self, flag: RedFlagResult) -> bool:
        return flag.imported_id is not None


class IndicatorCountOutput(serializers.Serializer[Any]):
    indicator = serializers.CharField()
    title = serializers.CharField()
    processes = serializers.IntegerField()
    computable = serializers.IntegerField()
    not_computable = serializers.IntegerField()
    flagged = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="flagged / computable; null when none is computable")


class BuyerIndicatorOutput(IndicatorCountOutput):
    country_median = serializers.FloatField(
        allow_null=True, help_text="The median rate of the country's buyers (null when none has a computable value)"
    )
    country_buyers = serializers.IntegerField(help_text="How many buyers the median is taken over")


class BuyerProfileOutput(serializers.Serializer[Any]):
    buyer_id = serializers.CharField()
    buyer_name = serializers.CharField()
    country = serializers.CharField()
    processes = serializers.IntegerField()
    indicators = BuyerIndicatorOutput(many=True)


class BuyerRowOutput(serializers.Serializer[Any]):
    buyer_id = serializers.CharField()
    buyer_name = serializers.CharField()
    country = serializers.CharField()
    processes = serializers.IntegerField()
    flagged = serializers.IntegerField()


class FenceOutput(serializers.ModelSerializer[RedFlagFence]):
    class Meta:
        model = RedFlagFence
        fields = [
            "country",
            "indicator",
            "role",
            "n",
            "q1",
            "q3",
            "fence",
            "fixed",
            "extra",
            "processes",
            "methodology_version",
            "thresholds_fingerprint",
            "computed_at",
        ]


class _ReadOnlyList(generics.ListAPIView):
    permission_classes = [AllowAny]
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no request to answer
            return RedFlagResult.objects.none()
        return self.rows()

    def rows(self) -> Any:
        raise NotImplementedError


class FlagList(_ReadOnlyList):
    """Every flag the caller may see (one row per process and indicator), filtered."""

    serializer_class = FlagOutput

    @extend_schema(
        summary="Red flags (one row per process and indicator), with their evidence",
        parameters=[FlagFilterInput],
    )
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def rows(self) -> Any:
        return flags.visible_flags(self.request.user, filters_of(self.request))


class ProcessFlagList(_ReadOnlyList):
    """The flags of one contracting process, in the indicators' order; 404 when none is visible."""

    serializer_class = FlagOutput

    @extend_schema(summary="Red flags of one contracting process (by OCID)")
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def rows(self) -> Any:
        ocid = self.kwargs["ocid"]
        if len(ocid) > 200 or not ocid.isprintable():
            raise Http404
        found = flags.flags_of_process(self.request.user, ocid)
        if not found:
            raise Http404
        return found


class IndicatorCountList(_ReadOnlyList):
    """Per indicator: how many processes, how many computable, how many flagged (filters apply)."""

    serializer_class = IndicatorCountOutput

    @extend_schema(
        summary="Red flags counted per indicator (filters: country, buyer, CPV division, indicator)",
        parameters=[FlagFilterInput],
    )
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def rows(self) -> Any:
        chosen = filters_of(self.request, outcome=False)
        counts = flags.indicator_counts(self.request.user, chosen)
        return [c for c in counts if c.indicator == chosen.indicator] if chosen.indicator else counts


class BuyerList(_ReadOnlyList):
    """The buyers with visible flags, most flagged first (filters: country, CPV division, indicator, outcome)."""

    serializer_class = BuyerRowOutput

    @extend_schema(summary="Buyers with red flags, most flagged first", parameters=[FlagFilterInput])
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def rows(self) -> Any:
        return flags.buyers(self.request.user, filters_of(self.request))


class BuyerProfileView(generics.RetrieveAPIView):
    """One buyer's indicators against the median of its country's buyers; 404 when none is visible."""

    permission_classes = [AllowAny]
    serializer_class = BuyerProfileOutput

    @extend_schema(summary="A buyer's red flags against its country's median (per indicator)")
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def get_object(self) -> Any:
        buyer_id = self.kwargs["buyer_id"]
        if len(buyer_id) > 255 or not buyer_id.isprintable():
            raise Http404
        profile = flags.buyer_profile(self.request.user, buyer_id)
        if profile is None:
            raise Http404
        return profile


class FenceList(_ReadOnlyList):
    """Each country's quartiles and fences (R024, R025, R038 per role, R058), from its last pass."""

    serializer_class = FenceOutput

    @extend_schema(summary="Quartiles and fences per country and indicator", parameters=[CountryInput])
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def rows(self) -> Any:
        form = CountryInput(data={k: v for k, v in self.request.query_params.items() if k == "country" and v})
        form.is_valid(raise_exception=True)
        country = str(form.validated_data.get("country", "")).upper()
        qs = RedFlagFence.objects.order_by("country", "indicator", "role")
        return qs.filter(country=country) if country else qs
