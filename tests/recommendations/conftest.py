"""Fixtures of the recommendations tests."""

from __future__ import annotations

from typing import Any

import pytest

from recommendations.models import Recommendation
from recommendations.services.loader import catalogue_load


@pytest.fixture
def catalogue(db: Any) -> None:
    """The starting catalogue: 3 lines, 30 published recommendations, the instruments."""
    catalogue_load()


@pytest.fixture
def recommendation(catalogue: None) -> Recommendation:
    return Recommendation.objects.with_content().get(slug="open-data-apis-and-sandboxes")


@pytest.fixture
def api_client_for(client_for: Any) -> Any:
    return client_for


@pytest.fixture
def pending_indicator() -> Any:
    """An indicator defined but not computed by any app (every built-in one is live now)."""
    from recommendations.indicators import registry

    indicator = registry.register(
        registry.Indicator(
            code="test_pending",
            recommendation="map-the-supply",
            unit="%",
            title={"es": "Pendiente", "pt-br": "Pendente", "en": "Pending"},
        )
    )
    yield indicator
    registry._REGISTRY.pop("test_pending", None)
