"""The directory as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from startups.identifiers import display_identifier
from startups.models import Supplier

HEADER = [
    "name",
    "legal_name",
    "country",
    "identifier_scheme",
    "identifier",
    "year_founded",
    "size",
    "stage",
    "startup",
    "verified",
    "sectors",
    "technologies",
    "cpv_codes",
    "regions_served",
    "website",
    "pitch",
]
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """Prefix cells a spreadsheet would run as a formula (=, +, -, @) with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def rows(suppliers: Iterable[Supplier]) -> Iterator[list[str]]:
    yield HEADER
    for s in suppliers:
        yield [
            neutralise(v)
            for v in (
                s.display_name,
                s.legal_name,
                s.country,
                s.identifier_scheme,
                display_identifier(s.identifier_scheme, s.identifier),
                s.year_founded or "",
                s.size_class,
                s.stage,
                "yes" if s.is_startup else "no",
                "yes" if s.is_verified else "no",
                ";".join(x.slug for x in s.sectors.all()),
                ";".join(x.slug for x in s.technologies.all()),
                ";".join(x.code for x in s.cpv_codes.all()),
                ";".join(s.regions_served),
                s.website,
                s.pitch,
            )
        ]


def stream(suppliers: Iterable[Supplier]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheets read UTF-8
    for row in rows(suppliers):
        yield writer.writerow(row)
