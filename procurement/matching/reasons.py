"""Reasons are stored as codes with parameters and rendered here, in the viewer's language, when shown."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from startups.selectors import cpv_codes


def _code_labels(codes: set[str]) -> dict[str, str]:

    if not codes:
        return {}
    language = (get_language() or "es")[:2]
    field = {"pt": "label_pt", "en": "label_en"}.get(language, "label_es")
    labels: dict[str, str] = {}
    for code, label, english in cpv_codes().filter(code__in=codes).values_list("code", field, "label_en"):
        labels[code] = label or english
    return labels


def render(reason: dict[str, Any], labels: dict[str, str]) -> str | None:
    """One reason as a sentence in the active language (None for a code this version does not know)."""
    code, params = reason.get("code"), reason.get("params") or {}
    if code in ("code_shared", "code_related"):
        cpv = str(params.get("code", ""))
        label = labels.get(cpv.split("-", maxsplit=1)[0], "")
        values = {"code": cpv, "label": label}
        if code == "code_shared":
            return _("Same CPV code %(code)s (%(label)s)") % values if label else _("Same CPV code %(code)s") % values
        return (
            _("Works under the same CPV family as %(code)s (%(label)s)") % values
            if label
            else _("Works under the same CPV family as %(code)s") % values
        )
    if code == "terms_matched":
        return _("Key words in common: %(terms)s") % {"terms": ", ".join(str(t) for t in params.get("terms", []))}
    if code == "similar_reference":
        return _("Similar past work: %(text)s") % {"text": params.get("text", "")}
    if code == "same_buyer":
        return _("Has already worked for %(buyer)s") % {"buyer": params.get("buyer", "")}
    if code == "eligible":
        return _("Meets the eligibility rules")
    return None


def items(reasons: list[dict[str, Any]], labels: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """``[{"code", "params", "text"}]`` for the reasons this version can say (unknown codes are left out)."""
    if labels is None:
        labels = _code_labels(codes_in([reasons]))
    out = []
    for reason in reasons:
        text = render(reason, labels)
        if text:
            out.append({"code": reason["code"], "params": reason.get("params") or {}, "text": text})
    return out


def codes_in(reason_lists: Iterable[list[dict[str, Any]]]) -> set[str]:
    return {
        str(r.get("params", {}).get("code", "")).split("-")[0]
        for reasons in reason_lists
        for r in reasons
        if r.get("code") in ("code_shared", "code_related")
    }


def attach(results: Iterable[Any]) -> list[Any]:
    """Set ``reason_items`` on each result (one query for all the CPV labels)."""
    results = list(results)
    labels = _code_labels(codes_in(r.reasons for r in results))
    for result in results:
        result.reason_items = items(result.reasons, labels)
    return results
