"""The indicator registry: code → definition and (optionally) its computation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from recommendations.translation import Localized, localize


@dataclass(frozen=True)
class IndicatorQuery:
    """Filters for a computation: one country (ISO alpha-2) or all; a year (as of its end) or now."""

    country: str | None = None
    year: int | None = None

    @property
    def period(self) -> str:
        return str(self.year) if self.year else "current"

    @property
    def end_date(self) -> date | None:
        return date(self.year, 12, 31) if self.year else None


@dataclass(frozen=True)
class IndicatorValue:
    country: str
    period: str
    value: float | None
    body: str = ""  # an organisation slug when the indicator is per body
    category: str = ""  # a breakdown code (an instrument, a sector slug, a size class), if any
    label: str = ""  # that breakdown's name, in the active language


Compute = Callable[[IndicatorQuery], list[IndicatorValue]]


@dataclass
class Indicator:
    """A measure of the ecosystem, tied to the recommendation (slug) it tracks."""

    code: str
    title: dict[str, str]
    recommendation: str
    unit: str = ""
    provider: str = "recommendations"  # the app expected to compute it
    description: dict[str, str] = field(default_factory=dict)
    compute: Compute | None = None
    additive: bool = True  # values can be summed (counts); False for medians and shares

    @property
    def available(self) -> bool:
        return self.compute is not None

    @property
    def localized_title(self) -> Localized:
        return localize(self.title)

    @property
    def localized_description(self) -> Localized:
        return localize(self.description)

    def values(self, query: IndicatorQuery) -> list[IndicatorValue] | None:
        """The values for ``query``, or ``None`` when no app computes this indicator yet."""
        return self.compute(query) if self.compute is not None else None


_REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    if indicator.code in _REGISTRY:
        raise ValueError(f"Indicator {indicator.code!r} is already registered")
    _REGISTRY[indicator.code] = indicator
    return indicator


def provide(code: str, compute: Compute, *, description: dict[str, str] | None = None) -> None:
    """Let another app (startups, procurement) supply the computation of a registered indicator.

    Called from ``RecommendationsConfig.ready`` once the built-in definitions are registered.
    """
    indicator = _REGISTRY[code]
    indicator.compute = compute
    if description:
        indicator.description = description


def get_indicator(code: str) -> Indicator | None:
    return _REGISTRY.get(code)


def all_indicators() -> list[Indicator]:
    return list(_REGISTRY.values())
