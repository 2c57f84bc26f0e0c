"""Reading a registry file (CSV or XLSX) into checked rows, with errors by row and column.

Row numbers are those people see in a spreadsheet: the header is row 1, the first
supplier row is 2.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from govtech.core.errors import ApplicationError
from govtech.core.uploads import check_archive
from startups.identifiers import IdentifierError, normalise_identifier
from startups.models import CpvCode, Sector, Supplier, Technology
from startups.services.profile import check_country, check_regions, find_duplicate

COLUMNS = [
    "legal_name",
    "trade_name",
    "country",
    "identifier",
    "year_founded",
    "website",
    "employees",
    "revenue_band",
    "stage",
    "innovative",
    "pitch_es",
    "pitch_pt",
    "pitch_en",
    "description_es",
    "description_pt",
    "description_en",
    "contact_email",
    "regions_served",
    "sectors",
    "technologies",
    "cpv_codes",
]
REQUIRED = ("legal_name", "country", "identifier")
IMPORT_MAX_DECLARED_BYTES = 50 * 1024 * 1024  # an XLSX of suppliers, uncompressed
LIST_COLUMNS = ("regions_served", "sectors", "technologies", "cpv_codes")
TRUE_WORDS = {"yes", "y", "si", "sí", "sim", "true", "1", "x"}
FALSE_WORDS = {"no", "n", "nao", "não", "false", "0", ""}


@dataclass
class ParsedFile:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": str(message)})


def read_table(content: bytes, extension: str) -> list[list[Any]]:
    """The file's cells as rows of values (the first row is the header)."""
    if extension == "xlsx":
        try:  # openpyxl inflates the sheets: refuse implausible declared sizes first (a zip bomb)
            check_archive(io.BytesIO(content), max_declared_bytes=IMPORT_MAX_DECLARED_BYTES).close()
        except zipfile.BadZipFile as exc:
            raise ApplicationError(_("The spreadsheet cannot be read: save it again as XLSX."), field="file") from exc
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:
            raise ApplicationError(_("The spreadsheet cannot be read: save it again as XLSX."), field="file") from exc
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApplicationError(_("The CSV file must be saved as UTF-8."), field="file") from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse(table: list[list[Any]], *, max_rows: int) -> ParsedFile:
    """Check every row; return the clean rows and every error found (not just the first)."""

    result = ParsedFile()
    if not table:
        result.error(1, "", _("The file is empty."))
        return result
    header = [_cell(h).lower() for h in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        result.error(1, ", ".join(missing), _("Required columns are missing."))
        return result
    body = [row for row in table[1:] if any(_cell(v) for v in row)]
    if len(body) > max_rows:
        result.error(1, "", _("The file has more than %(max)s rows.") % {"max": max_rows})
        return result
    sectors = set(Sector.objects.values_list("slug", flat=True))
    technologies = set(Technology.objects.values_list("slug", flat=True))
    cpv_known = set(CpvCode.objects.values_list("code", flat=True))
    seen: dict[tuple[str, str], int] = {}
    for index, raw in enumerate(body, start=2):
        values = {name: _cell(raw[i]) if i < len(raw) else "" for i, name in enumerate(header) if name in COLUMNS}
        row: dict[str, Any] = {"_row": index}
        errors_before = len(result.errors)
        for column in REQUIRED:
            if not values.get(column):
                result.error(index, column, _("This value is required."))
        country = values.get("country", "").upper()
        if country:
            try:
                row["country"] = check_country(country)
            except ApplicationError as exc:
                result.error(index, "country", exc.message)
        if "country" in row and values.get("identifier"):
            try:
                scheme, compact = normalise_identifier(row["country"], values["identifier"])
            except IdentifierError as exc:
                result.error(index, "identifier", exc.message)
            else:
                row["identifier"] = values["identifier"]
                if (scheme, compact) in seen:
                    result.error(
                        index,
                        "identifier",
                        _("The same identifier is on row %(row)s.") % {"row": seen[(scheme, compact)]},
                    )
                elif find_duplicate(scheme, compact) is not None:
                    result.error(index, "identifier", _("This organisation is already registered."))
                seen[(scheme, compact)] = index
        for column in (
            "legal_name",
            "trade_name",
            "pitch_es",
            "pitch_pt",
            "pitch_en",
            "description_es",
            "description_pt",
            "description_en",
        ):
            if values.get(column):
                row[column] = values[column]
        for column in ("pitch_es", "pitch_pt", "pitch_en"):
            if len(values.get(column, "")) > 280:
                result.error(index, column, _("At most 280 characters."))
        for column in ("year_founded", "employees"):
            if values.get(column):
                try:
                    number = int(values[column])
                    if number < 0:
                        raise ValueError
                    row[column] = number
                except ValueError:
                    result.error(index, column, _("Enter a whole number."))
        if "year_founded" in row and not 1800 <= row["year_founded"] <= 2100:
            result.error(index, "year_founded", _("Enter a year between 1800 and today."))
        for column, choices in (("revenue_band", Supplier.RevenueBand.values), ("stage", Supplier.Stage.values)):
            if values.get(column):
                if values[column] not in choices:
                    result.error(index, column, _("Use one of: %(values)s.") % {"values": ", ".join(choices)})
                else:
                    row[column] = values[column]
        innovative = values.get("innovative", "").lower()
        if innovative in TRUE_WORDS:
            row["innovative"] = True
        elif innovative not in FALSE_WORDS:
            result.error(index, "innovative", _("Use yes or no."))
        if values.get("website"):
            try:
                URLValidator()(values["website"])
                row["website"] = values["website"]
            except ValidationError:
                result.error(index, "website", _("Enter a full web address starting with https://."))
        if values.get("contact_email"):
            try:
                EmailValidator()(values["contact_email"])
                row["contact_email"] = values["contact_email"]
            except ValidationError:
                result.error(index, "contact_email", _("Enter a valid e-mail address."))
        lists = {
            c: [p.strip() for p in values.get(c, "").replace(",", ";").split(";") if p.strip()] for c in LIST_COLUMNS
        }
        try:
            row["regions_served"] = check_regions(lists["regions_served"])
        except ApplicationError as exc:
            result.error(index, "regions_served", exc.message)
        for column, known in (("sectors", sectors), ("technologies", technologies)):
            unknown = [v for v in lists[column] if v not in known]
            if unknown:
                result.error(index, column, _("Unknown values: %(values)s.") % {"values": ", ".join(unknown)})
            row[column] = lists[column]
        codes = [c.split("-")[0] for c in lists["cpv_codes"]]
        unknown_codes = [c for c in codes if c not in cpv_known]
        if unknown_codes:
            result.error(
                index, "cpv_codes", _("Not in the CPV 2008 list: %(values)s.") % {"values": ", ".join(unknown_codes)}
            )
        row["cpv_codes"] = codes
        if len(result.errors) == errors_before:
            result.rows.append(row)
    return result
