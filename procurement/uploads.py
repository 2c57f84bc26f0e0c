"""Checks on the files procurement stores: call documents and challenge attachments."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from govtech.core.uploads import PROCUREMENT_TYPES, CheckedFile, check_upload

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "PROCUREMENT_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_document(upload: UploadedFile, field: str) -> CheckedFile:
    return check_upload(upload, allowed=PROCUREMENT_TYPES, max_bytes=max_bytes(), field=field)


def original_name(upload: UploadedFile) -> str:
    return (upload.name or "document").replace("\\", "/").rsplit("/", 1)[-1][:200]
