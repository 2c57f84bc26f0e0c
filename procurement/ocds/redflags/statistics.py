"""Quartiles and Tukey fences, computed as Cardinal computes them (statrs: Hyndman and Fan's type 8)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def quantile(ordered: Sequence[float], tau: float) -> float:
    """The ``tau`` quantile of ``ordered`` (sorted ascending), median-unbiased (type 8); NaN when empty."""
    n = len(ordered)
    if n == 0 or not 0 <= tau <= 1:
        return math.nan
    h = (n + 1 / 3) * tau + 1 / 3
    whole = math.floor(h)
    if whole <= 0 or tau == 0:
        return ordered[0]
    if whole >= n or tau == 1:
        return ordered[-1]
    low, high = ordered[whole - 1], ordered[whole]
    return low + (h - whole) * (high - low)


@dataclass(frozen=True)
class Fence:
    """Quartiles of a set of values and the fence an indicator compares with (``None``: not usable, see ``reason``)."""

    n: int
    q1: float | None = None
    q3: float | None = None
    value: float | None = None
    fixed: bool = False  # a configured threshold, not computed from the data
    reason: str = ""  # why there is no usable fence

    def as_dict(self) -> dict[str, float | int | bool | None]:
        rounded = {
            name: None if v is None else round(v, 6)
            for name, v in (("q1", self.q1), ("q3", self.q3), ("fence", self.value))
        }
        return {"n": self.n, **rounded, "fixed": self.fixed}


def tukey(values: Sequence[float], *, upper: bool, minimum_sample: int, fixed: float | None = None) -> Fence:
    """The lower (Q1 - 1.5 IQR) or upper (Q3 + 1.5 IQR) fence of ``values``, or ``fixed`` when configured.

    Like Cardinal, a computed fence that is not positive is not used (the values are non-negative ratios: a
    fence at or below zero would flag nothing, or every zero). Unlike Cardinal, a computed fence needs at least
    ``minimum_sample`` values.
    """
    if fixed is not None:
        return Fence(len(values), value=fixed, fixed=True)
    if len(values) < max(minimum_sample, 1):
        return Fence(len(values), reason="too_few_values")
    ordered = sorted(values)
    q1, q3 = quantile(ordered, 0.25), quantile(ordered, 0.75)
    fence = q3 + 1.5 * (q3 - q1) if upper else q1 - 1.5 * (q3 - q1)
    if fence <= 0 or (not upper and q1 <= 0):
        return Fence(len(values), q1, q3, reason="fence_not_positive")
    return Fence(len(values), q1, q3, fence)
