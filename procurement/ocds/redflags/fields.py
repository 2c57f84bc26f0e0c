"""Values read out of OCDS JSON as the indicators need them, tolerant of the shapes publishers really write.

Every reader returns a neutral value ("" or ``None``) for anything missing or malformed, never raises: an
indicator that needs the value then says it is not computable.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
import sys
import unicodedata
from typing import Any

import pycountry

CURRENCY = re.compile(r"[A-Z]{3}")
UK_NATIONS = {"england", "scotland", "wales", "northern ireland", "uk", "united kingdom", "great britain", "eng"}
# Country names publishers write that pycountry does not know (compared folded: lower case, no accents).
COUNTRY_ALIASES = {
    "mexico": "MX",
    "brasil": "BR",
    "espana": "ES",
    "peru": "PE",
    "panama": "PA",
    "republica dominicana": "DO",
    "estados unidos": "US",
    "reino unido": "GB",
    "haiti": "HT",
    "belice": "BZ",
    "uruguai": "UY",
}


def obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def array(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def text(value: Any) -> str:
    """A string or a whole number as text (identifiers are sometimes numbers), stripped; else ""."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return ""


def ident(value: Any) -> str:
    """The ``id`` of an organisation reference (interned: the same buyers and tenderers recur)."""
    found = text(obj(value).get("id"))
    return sys.intern(found) if found else ""


def amount(value: Any) -> float | None:
    """A finite, non-negative number (or numeric string); else ``None``."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) and number >= 0 else None


def money(value: Any) -> tuple[float | None, str]:
    """The amount and currency of an OCDS ``Value`` object."""
    value = obj(value)
    currency = text(value.get("currency")).upper()
    return amount(value.get("amount")), (currency if CURRENCY.fullmatch(currency) else "")


def moment(value: Any) -> datetime.datetime | None:
    """An ISO 8601 date or date-time, aware (UTC when the publisher gives no offset); else ``None``."""
    raw = text(value)
    if len(raw) < 10:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(raw)
    except ValueError:
        return None
    if not 1900 <= parsed.year <= 2200:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def iso(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def instant(value: Any) -> str:
    """``moment`` normalised to UTC text ("2024-05-01T10:00:00Z", which sorts as time does); else ""."""
    parsed = moment(value)
    return iso(parsed) if parsed else ""


def parse_instant(value: str) -> datetime.datetime:
    """The inverse of ``instant`` (its output only)."""
    return datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


@functools.lru_cache(maxsize=4096)
def country_code(name: str) -> str:
    """The ISO 3166-1 alpha-2 code of a country name or code as publishers write it; else ""."""
    folded = _fold(name)
    if not folded:
        return ""
    if folded in UK_NATIONS:
        return "GB"
    if folded in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[folded]
    if len(folded) == 2 and pycountry.countries.get(alpha_2=folded.upper()):
        return folded.upper()
    try:
        return str(pycountry.countries.lookup(folded).alpha_2)
    except LookupError:
        return ""
