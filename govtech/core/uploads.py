"""Checking uploads by their content (not their name) and size, and serving them safely."""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from typing import IO

import puremagic
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govtech.core.errors import ApplicationError

IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
DOCUMENT_TYPES = {"pdf": "application/pdf", **{k: v for k, v in IMAGE_TYPES.items() if k != "webp"}}
# Office formats are ZIP packages: they are told apart by what the package holds, not by their name.
OFFICE_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# What public bodies attach to challenges and calls: PDF, ODF, DOCX/XLSX and images.
PROCUREMENT_TYPES = {**DOCUMENT_TYPES, **OFFICE_TYPES, "webp": "image/webp"}
_ALIASES = {"jpeg": "jpg", "jpe": "jpg", "jfif": "jpg"}
_ODF_MIMETYPES = {v: k for k, v in OFFICE_TYPES.items() if k in {"odt", "ods"}}


# Archives (office packages are ZIP files) are judged by what they declare before anything is inflated:
# the end-of-central-directory record first (entry count and directory size, before zipfile parses the
# directory into memory), then each entry's declared sizes. Only a few kilobytes of any entry are read.
ZIP_MAX_ENTRIES = 5000
ZIP_MAX_DIRECTORY_BYTES = 1024 * 1024
ZIP_MAX_DECLARED_BYTES = 200 * 1024 * 1024  # all entries, uncompressed, as declared
ZIP_MAX_RATIO = 200  # uncompressed / compressed, for entries declaring more than ZIP_RATIO_FROM_BYTES
ZIP_RATIO_FROM_BYTES = 1024 * 1024
ZIP_ENTRY_READ_BYTES = 4096
ODF_MIMETYPE_MAX_BYTES = 256  # "application/vnd.oasis.opendocument.text" and the like

MSG_ARCHIVE_REFUSED = gettext_lazy(
    "This file is refused: as an archive it declares %(reason)s, which no document needs. Save it again from "
    "your office suite and upload it once more."
)


class ArchiveRefused(ApplicationError):
    """An archive whose declared sizes, ratios or entry count are implausible for a document."""


def _refuse(reason: str, field: str) -> ArchiveRefused:
    return ArchiveRefused(str(MSG_ARCHIVE_REFUSED) % {"reason": reason}, field=field)


def _end_of_directory(handle: IO[bytes]) -> tuple[int, int] | None:
    """(entries, directory size) from the end-of-central-directory record (ZIP64 aware), or None."""
    handle.seek(0, 2)
    size = handle.tell()
    tail_start = max(0, size - (22 + 65535))
    handle.seek(tail_start)
    tail = handle.read()
    position = tail.rfind(b"PK\x05\x06")
    if position < 0 or len(tail) - position < 22:
        return None
    _sig, _disk, _cd_disk, _disk_entries, entries, directory, _offset, _comment = struct.unpack(
        "<IHHHHIIH", tail[position : position + 22]
    )
    if entries == 0xFFFF or directory == 0xFFFFFFFF:  # ZIP64: the locator sits just before the record
        locator = tail[position - 20 : position] if position >= 20 else b""
        if len(locator) != 20 or not locator.startswith(b"PK\x06\x07"):
            return None
        record_offset = struct.unpack("<IIQI", locator)[2]
        handle.seek(record_offset)
        record = handle.read(56)
        if len(record) != 56 or not record.startswith(b"PK\x06\x06"):
            return None
        entries, directory = struct.unpack("<QQ", record[32:48])
    return entries, directory


def check_archive(
    handle: IO[bytes],
    *,
    field: str = "file",
    max_entries: int = ZIP_MAX_ENTRIES,
    max_declared_bytes: int = ZIP_MAX_DECLARED_BYTES,
    max_ratio: int = ZIP_MAX_RATIO,
) -> zipfile.ZipFile:
    """Open ``handle`` as a ZIP archive once its declared sizes are plausible, without inflating anything.

    Raises ``ArchiveRefused`` (a 400 naming the reason) for too many entries, a huge directory, a huge
    declared total or an implausible compression ratio; ``zipfile.BadZipFile`` if it is no archive.
    Reading an entry through ``zipfile`` never yields more than its declared size.
    """
    handle.seek(0)
    declared = _end_of_directory(handle)
    if declared is None:
        raise zipfile.BadZipFile("no end of central directory")
    entries, directory = declared
    if entries > max_entries:
        raise _refuse(_("%(count)s entries") % {"count": entries}, field)
    if directory > ZIP_MAX_DIRECTORY_BYTES:
        raise _refuse(_("a directory of %(mb).1f MB") % {"mb": directory / 1024 / 1024}, field)
    handle.seek(0)
    package = zipfile.ZipFile(handle)
    infos = package.infolist()
    total = sum(info.file_size for info in infos)
    if total > max_declared_bytes:
        package.close()
        raise _refuse(_("%(mb)d MB once uncompressed") % {"mb": total // 1024 // 1024}, field)
    for info in infos:
        if info.file_size > ZIP_RATIO_FROM_BYTES and info.file_size > max_ratio * max(info.compress_size, 1):
            package.close()
            ratio = info.file_size // max(info.compress_size, 1)
            raise _refuse(_("an entry compressed %(ratio)d times") % {"ratio": ratio}, field)
    return package


def read_entry_head(package: zipfile.ZipFile, name: str, limit: int = ZIP_ENTRY_READ_BYTES) -> bytes:
    """At most ``limit`` bytes of an entry (decompressing at most about that much)."""
    with package.open(name) as entry:
        return entry.read(limit)


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    size: int


def detect_extension(head: bytes) -> str:
    """The file type from its first bytes ('' if unknown)."""
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return ""
    for match in matches:
        ext = match.extension.lower().lstrip(".")
        ext = _ALIASES.get(ext, ext)
        if ext:
            return ext
    return ""


def detect_office_package(upload: UploadedFile, *, field: str = "file") -> str:
    """'odt', 'ods', 'docx' or 'xlsx' when ``upload`` is a well-formed package of that kind ('' otherwise).

    Raises ``ArchiveRefused`` for an archive whose declared sizes are implausible (a zip bomb), before
    inflating anything; reads at most a few kilobytes of the ODF ``mimetype`` entry, nothing else."""
    upload.seek(0)
    try:
        with check_archive(upload, field=field) as package:
            names = set(package.namelist())
            if "mimetype" in names:
                if package.getinfo("mimetype").file_size > ODF_MIMETYPE_MAX_BYTES:
                    raise _refuse(_("a 'mimetype' entry of %(bytes)s bytes") % {
                        "bytes": package.getinfo("mimetype").file_size}, field)  # fmt: skip
                declared = read_entry_head(package, "mimetype").decode("ascii", "replace").strip()
                return _ODF_MIMETYPES.get(declared, "")
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return "docx"
                if any(n.startswith("xl/") for n in names):
                    return "xlsx"
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return ""
    finally:
        upload.seek(0)
    return ""


def check_upload(upload: UploadedFile, *, allowed: dict[str, str], max_bytes: int, field: str) -> CheckedFile:
    """Refuse files that are too big or whose content is not one of ``allowed`` (extension → MIME type)."""
    size = upload.size or 0
    if size == 0:
        raise ApplicationError(_("The file is empty."), field=field)
    if size > max_bytes:
        raise ApplicationError(
            _("The file is too big: the limit is %(mb).1f MB.") % {"mb": max_bytes / 1024 / 1024}, field=field
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    ext = detect_extension(head)
    candidates = [ext] if ext in allowed else []
    if head.startswith(b"PK\x03\x04") and set(allowed) & set(OFFICE_TYPES):
        office = detect_office_package(upload, field=field)
        candidates = [office] if office in allowed else []
    if not candidates and not head.startswith(b"PK\x03\x04"):
        # puremagic may list several matches; accept the first one that is allowed
        try:
            candidates = [
                _ALIASES.get(m.extension.lower().lstrip("."), m.extension.lower().lstrip("."))
                for m in puremagic.magic_string(head)
            ]
        except puremagic.PureError:
            candidates = []
        candidates = [c for c in candidates if c in allowed]
    if not candidates:
        raise ApplicationError(
            _("This type of file is not accepted. Upload one of: %(types)s.")
            % {"types": ", ".join(sorted(t.upper() for t in allowed))},
            field=field,
        )
    return CheckedFile(extension=candidates[0], content_type=allowed[candidates[0]], size=size)


def attachment_response(file_field: object, *, filename: str, content_type: str) -> FileResponse:
    """Send a stored file as a download: never rendered inline, never sniffed."""
    if not file_field:
        raise Http404
    try:
        handle = file_field.open("rb")  # type: ignore[attr-defined]
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
