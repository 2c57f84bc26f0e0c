"""The directory as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from govtech.core.csv_export import csv_lines
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


def rows(suppliers: Iterable[Supplier]) -> Iterator[list[object]]:
    for s in suppliers:
        yield [
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
        ]


def stream(suppliers: Iterable[Supplier]) -> Iterator[str]:
    """CSV lines with a BOM; cells a spreadsheet would run as formulas are neutralised."""
    return csv_lines(HEADER, rows(suppliers))
