"""Thresholds per country and procurement method, with documented defaults (Cardinal's where it has them).

Parameters are resolved in layers, the most specific last: the defaults below, then settings for every
country, for a procurement method (``tender.procurementMethod``), for a country, and for a country and a
method. ``Thresholds.from_settings(settings.RED_FLAGS)`` reads the settings dict documented in
``govtech/settings/base.py``; ``Thresholds(layers)`` takes the same layers as rows: the portal adds the rows of
the admin-edited table (``RedFlagThreshold``) after the settings' layers, so that at the same place a row
overrides the settings (``redflag_services.thresholds``). Unknown indicators, unknown parameters and values of
the wrong type are refused with a message naming them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

# Parameters every indicator reads (Cardinal's global settings), under the pseudo-indicator "ALL".
COMMON = "ALL"

# kind of each parameter: "int", "number", "optional_number", "texts" (list of str), "text", "int_map" (str -> int)
SCHEMA: dict[str, dict[str, str]] = {
    COMMON: {
        "excluded_procurement_method_details": "texts",
        "no_price_comparison_procurement_method_details": "texts",
        "price_comparison_procurement_method_details": "texts",
    },
    "R003": {"threshold": "int", "procurement_methods": "texts", "procurement_method_details": "int_map"},
    "R018": {"procurement_methods": "texts"},
    "R024": {"threshold": "optional_number", "minimum_sample": "int"},
    "R025": {"percentile": "int", "threshold": "optional_number", "minimum_sample": "int"},
    "R028": {},
    "R030": {},
    "R035": {"threshold": "int"},
    "R036": {"price_only_award_criteria": "texts"},
    "R038": {
        "threshold": "optional_number",
        "minimum_submitted_bids": "int",
        "minimum_contracting_processes": "int",
        "minimum_sample": "int",
    },
    "R058": {"threshold": "optional_number", "minimum_sample": "int"},
    "GT01": {"threshold": "optional_number", "currency": "text", "procurement_methods": "texts", "window_days": "int"},
    "GT02": {"tolerance": "number"},
    "GT03": {"minimum_days": "number"},
    "GT04": {
        "threshold": "number",
        "minimum_awards": "int",
        "window_months": "int",
        "classification_digits": "int_map",
    },
}

DEFAULTS: dict[str, dict[str, Any]] = {
    COMMON: {
        "excluded_procurement_method_details": [],
        "no_price_comparison_procurement_method_details": [],
        "price_comparison_procurement_method_details": [],
    },
    # Cardinal: 15 whole days; every procurement method; per procurementMethodDetails when configured.
    "R003": {"threshold": 15, "procurement_methods": [], "procurement_method_details": {}},
    # Cardinal: competitive procedures are open and selective ones.
    "R018": {"procurement_methods": ["open", "selective"]},
    # Cardinal: the fences are Q1 - 1.5 IQR and Q3 + 1.5 IQR unless a fixed threshold is set. Ours: a fence
    # needs at least minimum_sample values (Cardinal computes one from any number).
    "R024": {"threshold": None, "minimum_sample": 10},
    "R025": {"percentile": 75, "threshold": None, "minimum_sample": 10},
    "R028": {},
    "R030": {},
    "R035": {"threshold": 1},
    # Ours: the awardCriteria values that mean price only (OCDS 1.1 priceOnly; 1.0 lowestCost).
    "R036": {"price_only_award_criteria": ["priceOnly", "lowestCost"]},
    "R038": {"threshold": None, "minimum_submitted_bids": 2, "minimum_contracting_processes": 2, "minimum_sample": 10},
    "R058": {"threshold": None, "minimum_sample": 10},
    # Ours. The open-procedure threshold is the country's law: no default, so GT01 is not computable until set.
    "GT01": {"threshold": None, "currency": "", "procurement_methods": ["direct"], "window_days": 365},
    "GT02": {"tolerance": 0.0},
    "GT03": {"minimum_days": 1},
    "GT04": {"threshold": 2500, "minimum_awards": 5, "window_months": 36, "classification_digits": {"CPV": 2}},
}

INDICATOR_CODES = tuple(code for code in SCHEMA if code != COMMON)


class ThresholdError(ValueError):
    """A red-flag setting that cannot be used; the message names it."""


@dataclass(frozen=True)
class Layer:
    """Parameters for one indicator, for a country ("" for all) and a procurement method ("" for all)."""

    country: str
    method: str
    code: str
    values: Mapping[str, Any]


def _check(where: str, kind: str, value: Any) -> Any:
    def number(v: Any) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0

    if kind == "int" and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if kind == "number" and number(value):
        return float(value)
    if kind == "optional_number" and (value is None or number(value)):
        return None if value is None else float(value)
    if kind == "texts" and isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    if kind == "text" and isinstance(value, str):
        return value
    if (
        kind == "int_map"
        and isinstance(value, dict)
        and all(isinstance(k, str) and _is_count(v) for k, v in value.items())
    ):
        return dict(value)
    expected = {
        "int": "a whole number >= 0",
        "number": "a number >= 0",
        "optional_number": "a number >= 0 or None",
        "texts": "a list of strings",
        "text": "a string",
        "int_map": "a dict of strings to whole numbers",
    }
    raise ThresholdError(f"{where} must be {expected[kind]}, not {value!r}")


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _validated(layer: Layer) -> Layer:
    where = f"RED_FLAGS[{layer.country or '*'}][{layer.method or '*'}][{layer.code}]"
    if layer.code not in SCHEMA:
        raise ThresholdError(f"{where}: unknown indicator (known: {', '.join(SCHEMA)})")
    if not isinstance(layer.values, Mapping):
        raise ThresholdError(f"{where} must be a dict of parameters")
    values = {}
    for name, value in layer.values.items():
        if name not in SCHEMA[layer.code]:
            known = ", ".join(SCHEMA[layer.code]) or "none"
            raise ThresholdError(f"{where}[{name}]: unknown parameter (known: {known})")
        values[name] = _check(f"{where}[{name}]", SCHEMA[layer.code][name], value)
    return Layer(layer.country.upper(), layer.method.lower(), layer.code, values)


def _dict(where: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ThresholdError(f"{where} must be a dict")
    return value


class Thresholds:
    """The resolved parameters of every indicator for any (country, procurement method)."""

    def __init__(self, layers: Iterable[Layer] = ()) -> None:
        self.layers = [_validated(layer) for layer in layers]
        self._cache: dict[tuple[str, str, str], Mapping[str, Any]] = {}

    @classmethod
    def from_settings(cls, config: Mapping[str, Any] | None) -> Thresholds:
        """Read ``RED_FLAGS``: ``{"indicators": {code: {...}}, "methods": {method: {code: {...}}},
        "countries": {"PY": {"indicators": {code: {...}}, "methods": {method: {code: {...}}}}}}``."""
        config = _dict("RED_FLAGS", config)
        unknown = set(config) - {"indicators", "methods", "countries"}
        if unknown:
            raise ThresholdError(f"RED_FLAGS: unknown keys {sorted(unknown)} (known: indicators, methods, countries)")
        layers = [
            Layer("", "", code, values)
            for code, values in _dict("RED_FLAGS[indicators]", config.get("indicators")).items()
        ]
        for method, codes in _dict("RED_FLAGS[methods]", config.get("methods")).items():
            layers += [
                Layer("", method, code, values)
                for code, values in _dict(f"RED_FLAGS[methods][{method}]", codes).items()
            ]
        for country, raw_section in _dict("RED_FLAGS[countries]", config.get("countries")).items():
            where = f"RED_FLAGS[countries][{country}]"
            section = _dict(where, raw_section)
            if set(section) - {"indicators", "methods"}:
                raise ThresholdError(f"{where}: unknown keys {sorted(set(section) - {'indicators', 'methods'})}")
            layers += [
                Layer(country, "", code, values) for code, values in _dict(where, section.get("indicators")).items()
            ]
            for method, codes in _dict(f"{where}[methods]", section.get("methods")).items():
                layers += [
                    Layer(country, method, code, values)
                    for code, values in _dict(f"{where}[methods][{method}]", codes).items()
                ]
        return cls(layers)

    def params(self, code: str, *, country: str = "", method: str = "") -> Mapping[str, Any]:
        """The parameters of indicator ``code`` (or ``ALL``) for a process of this country and method."""
        key = (code, country, method)
        found = self._cache.get(key)
        if found is None:
            values = dict(DEFAULTS[code])
            rank = {("", ""): 0, ("", method): 1, (country, ""): 2, (country, method): 3}
            matching = [layer for layer in self.layers if layer.code == code and (layer.country, layer.method) in rank]
            for layer in sorted(matching, key=lambda layer: rank[(layer.country, layer.method)]):
                values.update(layer.values)
            found = self._cache[key] = MappingProxyType(values)
        return found

    def fingerprint(self) -> str:
        """A short hash of the configured layers: flags computed under another fingerprint are stale."""
        # Layers of one place are merged in their order (a later one overrides), so that what is hashed is what
        # applies: settings and an admin-edited row setting the same parameter hash as the value that wins.
        merged: dict[tuple[str, str, str], dict[str, Any]] = {}
        for layer in self.layers:
            merged.setdefault((layer.country, layer.method, layer.code), {}).update(layer.values)
        rows = sorted((*place, json.dumps(values, sort_keys=True)) for place, values in merged.items())
        return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:16]
