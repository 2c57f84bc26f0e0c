"""The registry's code lists by name, in the reader's language: sectors, technologies, CPV codes, id schemes.

Records keep slugs and codes (and the API, OCDS and CSV show them); pages and messages show names.
One query per list; a slug or code that is not in the reference data comes back as written.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from govtech.core.names import country_name
from startups.identifiers import SCHEMES
from startups.models import CpvCode, Sector, Technology


def _clean(codes: Iterable[str] | None) -> list[str]:
    return [str(code).strip() for code in codes or [] if str(code).strip()]


def sector_names(slugs: Iterable[str] | None) -> list[str]:
    """``["urban-services"]`` → ``["Servicios urbanos"]`` in Spanish."""
    slugs = _clean(slugs)
    found = {s.slug: s.name for s in Sector.objects.filter(slug__in=slugs)} if slugs else {}
    return [found.get(slug, slug) for slug in slugs]


def technology_names(slugs: Iterable[str] | None) -> list[str]:
    """``["iot"]`` → ``["Internet de las cosas"]`` in Spanish."""
    slugs = _clean(slugs)
    found = {t.slug: t.name for t in Technology.objects.filter(slug__in=slugs)} if slugs else {}
    return [found.get(slug, slug) for slug in slugs]


def cpv_labels(codes: Iterable[str] | None) -> list[str]:
    """``["72316000"]`` → ``["72316000-3 Servicios de análisis de datos"]`` (the code with its label)."""
    codes = [code.split("-", maxsplit=1)[0] for code in _clean(codes)]
    found = {c.code: c for c in CpvCode.objects.filter(code__in=codes)} if codes else {}
    return [f"{found[code].code_with_check_digit} {found[code].label}" if code in found else code for code in codes]


def scheme_name(scheme: str) -> str:
    """``"CO-RUE"`` → "NIT (Colombia)": the identifier's everyday name and its country."""
    from_schemes = next((s for s in SCHEMES.values() if s.scheme == scheme), None)
    if from_schemes is None:
        return _("national identifier") if scheme.endswith("-LOCAL") or not scheme else scheme
    return f"{from_schemes.name} ({country_name(from_schemes.country)})"
