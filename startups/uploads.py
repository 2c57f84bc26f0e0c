"""Checking uploads by their content (not their name) and size, and serving them safely."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

import puremagic
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

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


def detect_office_package(upload: UploadedFile) -> str:
    """'odt', 'ods', 'docx' or 'xlsx' when ``upload`` is a well-formed package of that kind ('' otherwise)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if "mimetype" in names:
                declared = package.read("mimetype").decode("ascii", "replace").strip()
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
        office = detect_office_package(upload)
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
