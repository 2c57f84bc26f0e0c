"""The live indicator fed by the stored red flags: the single-bid share is R018 over the public flags."""

from __future__ import annotations

from typing import Any

import pytest

from procurement.calls.models import Call
from procurement.ocds.models import RedFlagProcess
from recommendations.indicators import IndicatorQuery, get_indicator
from tests.procurement.factories import make_call
from tests.procurement.ocds.test_red_flags_stored import store

pytestmark = pytest.mark.django_db


def _values(**query: Any) -> dict[str, float | None]:
    indicator = get_indicator("single_bid_share")
    assert indicator is not None
    return {v.country: v.value for v in indicator.values(IndicatorQuery(**query))}


def test_single_bid_share_counts_the_public_computable_r018_outcomes(public_body: Any) -> None:
    decided = [make_call(public_body, Call.Status.AWARDED) for _ in range(3)]
    store("ocds-a", decided[0], {"R018": "flagged"})
    store("ocds-b", decided[1], {"R018": "not_flagged"})
    store("ocds-c", decided[2], {"R018": "not_computable"})  # method unknown: left out, not "competitive"
    store("ocds-open", make_call(public_body, Call.Status.IN_EVALUATION), {"R018": "flagged"})  # not public yet
    store("ocds-br", make_call(public_body, Call.Status.UNSUCCESSFUL), {"R018": "flagged"}, country="BR")
    RedFlagProcess.objects.filter(ocid="ocds-b").update(facts={"date": "2025-03-01T00:00:00Z"})
    RedFlagProcess.objects.exclude(ocid="ocds-b").update(facts={"date": "2026-03-01T00:00:00Z"})

    assert _values() == {"CO": 50.0, "BR": 100.0}
    assert _values(country="co") == {"CO": 50.0}
    assert _values(year=2025) == {"CO": 0.0}
    indicator = get_indicator("single_bid_share")
    assert indicator is not None
    assert indicator.additive is False
    assert indicator.available
