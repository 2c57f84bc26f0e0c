"""Live indicators: a registry of named measures, each tied to a recommendation.

``registry`` defines the shape and the lookup; ``builtin`` registers the portal's
indicators. Indicators that need the supplier registry or procurement data are
registered without a computation: those apps supply it with ``provide(code, func)``
when they land, and until then the dashboard says "not yet available".
"""

from recommendations.indicators.registry import (
    Indicator,
    IndicatorQuery,
    IndicatorValue,
    all_indicators,
    get_indicator,
    provide,
    register,
)

__all__ = [
    "Indicator",
    "IndicatorQuery",
    "IndicatorValue",
    "all_indicators",
    "get_indicator",
    "provide",
    "register",
]
