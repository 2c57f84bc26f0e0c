"""Submission receipts: a canonical JSON manifest of what was submitted, and its SHA-256.

The manifest holds the content (every field the supplier wrote), the consortium and, for each file, its name,
size and SHA-256 (computed when it was uploaded). It is serialised canonically (sorted keys, no spaces, UTF-8),
so anyone holding the manifest can recompute the digest: ``manifest_digest(receipt.manifest) == receipt.digest``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from procurement.applications.models import Application, SubmissionReceipt

MANIFEST_VERSION = 2  # 2: each file's kind, and the application's reference


def canonical_json(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def manifest_digest(manifest: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(manifest)).hexdigest()


def content_manifest(application: Application) -> dict[str, Any]:
    """What the supplier wrote and attached, as JSON-safe values (no timestamps: the same content, the same part)."""
    partners = sorted(
        (
            {"organisation": p.organisation_id, "name": p.organisation.name, "role": p.role}
            for p in application.partners.select_related("organisation")
        ),
        key=lambda p: int(str(p["organisation"])),
    )
    files = sorted(
        (
            {"name": f.name, "kind": f.kind, "size": f.size, "sha256": f.sha256, "content_type": f.content_type}
            for f in application.files.all()
        ),
        key=lambda f: (f["sha256"], f["name"]),
    )
    return {
        "title": application.title,
        "solution": application.solution,
        "criteria_responses": application.criteria_responses,
        "team": application.team,
        "plan": application.plan,
        "milestones": application.milestones,
        "price": None if application.price is None else str(application.price),
        "currency": application.currency,
        "phase_prices": application.phase_prices,
        "partners": partners,
        "files": files,
    }


def submission_manifest(application: Application, *, number: int, submitted_at: Any) -> dict[str, Any]:
    return {
        "version": MANIFEST_VERSION,
        "application": application.pk,
        "call": application.call_id,
        "supplier": application.supplier_id,
        "supplier_name": application.supplier.name,
        "reference": application.reference or "",
        "number": number,
        "submitted_at": submitted_at.isoformat(),
        "content": content_manifest(application),
    }


def receipt_is_intact(receipt: SubmissionReceipt) -> bool:
    """The stored manifest still hashes to the stored digest."""
    return manifest_digest(receipt.manifest) == receipt.digest


def receipt_matches_content(receipt: SubmissionReceipt) -> bool:
    """The application's current content is what this receipt records (false once it was withdrawn and edited)."""
    current = content_manifest(receipt.application)
    if receipt.manifest.get("version", 1) < 2:  # version 1 did not record the kind of each file
        current["files"] = [{k: v for k, v in f.items() if k != "kind"} for f in current["files"]]
    return bool(receipt.manifest.get("content") == current)
