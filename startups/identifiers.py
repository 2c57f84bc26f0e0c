"""Legal identifiers: checked and normalised with python-stdnum, tagged with their org-id.guide scheme.

Each supported country has one scheme: the number a company is registered and taxed
under. The number is stored in stdnum's compact form (no dots, dashes or spaces), and
the pair (scheme, number) is unique in the registry. Countries without a checker use
the named fallback scheme: the number is only tidied, not checked.

Scheme codes follow org-id.guide (https://org-id.guide), the list used by the Open
Contracting Data Standard for ``identifier.scheme``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum.ar import cuit as ar_cuit
from stdnum.br import cnpj as br_cnpj
from stdnum.cl import rut as cl_rut
from stdnum.co import nit as co_nit
from stdnum.ec import ruc as ec_ruc
from stdnum.es import nif as es_nif
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.mx import rfc as mx_rfc
from stdnum.pe import ruc as pe_ruc
from stdnum.pt import nif as pt_nif
from stdnum.uy import rut as uy_rut

from govtech.core.names import country_name

FALLBACK_SCHEME = "XX-LOCAL"


@dataclass(frozen=True)
class IdentifierScheme:
    """How one country's company identifier is named, shown and checked."""

    country: str
    scheme: str
    name: str
    format_hint: str | Promise
    validate: Callable[[str], str] | None

    @property
    def checked(self) -> bool:
        return self.validate is not None


def _stdnum(module: ModuleType, **kwargs: object) -> Callable[[str], str]:
    def validate(value: str) -> str:
        return str(module.validate(value, **kwargs))

    return validate


SCHEMES: dict[str, IdentifierScheme] = {
    s.country: s
    for s in [
        IdentifierScheme("BR", "BR-CNPJ", "CNPJ", _("14 digits, e.g. 11.222.333/0001-81"), _stdnum(br_cnpj)),
        IdentifierScheme(
            "CL", "CL-RUT", "RUT", _("7 or 8 digits and a check digit (0-9 or K), e.g. 76.086.428-5"), _stdnum(cl_rut)
        ),
        IdentifierScheme("CO", "CO-RUE", "NIT", _("9 digits and a check digit, e.g. 900.123.456-8"), _stdnum(co_nit)),
        IdentifierScheme(
            "MX",
            "MX-RFC",
            "RFC",
            _("12 characters for a company (3 letters, date YYMMDD, 3 check characters), e.g. GOD040716P65"),
            _stdnum(mx_rfc, validate_check_digits=True),
        ),
        IdentifierScheme("AR", "AR-CUIT", "CUIT", _("11 digits, e.g. 30-71024269-7"), _stdnum(ar_cuit)),
        IdentifierScheme(
            "PE", "PE-RUC", "RUC", _("11 digits starting with 10, 15, 17 or 20, e.g. 20100070970"), _stdnum(pe_ruc)
        ),
        IdentifierScheme("UY", "UY-RUT", "RUT", _("12 digits, e.g. 21 100342 001 7"), _stdnum(uy_rut)),
        IdentifierScheme("EC", "EC-RUC", "RUC", _("13 digits ending in 001, e.g. 1792060346001"), _stdnum(ec_ruc)),
        IdentifierScheme("ES", "ES-NIF", "NIF/CIF", _("a letter and 8 characters, e.g. B12345674"), _stdnum(es_nif)),
        IdentifierScheme("PT", "PT-NIPC", "NIPC", _("9 digits, e.g. 501 442 600"), _stdnum(pt_nif)),
    ]
}

_TIDY = re.compile(r"[\s.\-/]")


class IdentifierError(ValueError):
    """The identifier is not valid for its country; ``message`` names the field and the format."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def scheme_for(country: str) -> IdentifierScheme:
    """The scheme for ``country`` (ISO 3166-1 alpha-2), or the named fallback."""
    country = (country or "").upper()
    return SCHEMES.get(country) or IdentifierScheme(
        country, FALLBACK_SCHEME, str(_("national identifier")), _("letters and digits, 3 to 32 characters"), None
    )


def normalise_identifier(country: str, value: str) -> tuple[str, str]:
    """Check ``value`` for ``country``; return ``(scheme, compact number)`` or raise ``IdentifierError``."""
    scheme = scheme_for(country)
    raw = (value or "").strip()
    if scheme.validate is None:
        compact = _TIDY.sub("", raw).upper()
        if not re.fullmatch(r"[A-Z0-9]{3,32}", compact):
            raise IdentifierError(_invalid_message(scheme))
        return scheme.scheme, compact
    try:
        compact = scheme.validate(raw)
    except StdnumError as exc:
        raise IdentifierError(_invalid_message(scheme)) from exc
    return scheme.scheme, compact.upper()


def _invalid_message(scheme: IdentifierScheme) -> str:

    return str(
        _("Legal identifier: this is not a valid %(name)s for %(country)s. Expected format: %(format)s.")
        % {"name": scheme.name, "country": country_name(scheme.country), "format": scheme.format_hint}
    )


def display_identifier(scheme: str, compact: str) -> str:
    """The number as people write it (stdnum's ``format`` where it exists)."""
    for s in SCHEMES.values():
        if s.scheme == scheme:
            module = {
                "BR-CNPJ": br_cnpj,
                "CL-RUT": cl_rut,
                "CO-RUE": co_nit,
                "AR-CUIT": ar_cuit,
                "UY-RUT": uy_rut,
            }.get(scheme)
            if module is not None:
                try:
                    return str(module.format(compact))
                except Exception:
                    return compact
    return compact
