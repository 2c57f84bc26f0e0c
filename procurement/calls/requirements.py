"""What a call requires of an application: which parts must be filled in and which kinds of file attached.

Stored on the call as ``Call.requirements`` (JSON), read through ``requirements_of``: a call that says nothing
keeps the portal's historic rule (an answer to every criterion and a total price; title and solution always).
The title and the proposed solution are always required; the call decides the rest.

    {"criteria": true, "price": true, "team": false, "plan": false, "files": ["proposal", "budget"]}
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govtech.core.errors import ApplicationError


class FileKind(models.TextChoices):
    """What an attached file is; a call may require one file of each of some kinds."""

    PROPOSAL = "proposal", gettext_lazy("Technical proposal")
    BUDGET = "budget", gettext_lazy("Detailed budget")
    TEAM_CVS = "team_cvs", gettext_lazy("CVs of the team")
    LEGAL = "legal", gettext_lazy("Legal documents (registration, tax and social security certificates)")
    REFERENCES = "references", gettext_lazy("References or letters of support")
    OTHER = "other", gettext_lazy("Other document")


PARTS = ("criteria", "price", "team", "plan")
DEFAULTS: dict[str, Any] = {"criteria": True, "price": True, "team": False, "plan": False, "files": []}
PART_LABELS = {
    "criteria": gettext_lazy("An answer to each evaluation criterion"),
    "price": gettext_lazy("The total price"),
    "team": gettext_lazy("The team"),
    "plan": gettext_lazy("The work plan"),
}


def requirements_of(call: Any) -> dict[str, Any]:
    """The call's requirements with every key present (defaults for what it does not say)."""
    stored = getattr(call, "requirements", None) or {}
    out = dict(DEFAULTS)
    for part in PARTS:
        if isinstance(stored.get(part), bool):
            out[part] = stored[part]
    files = stored.get("files")
    if isinstance(files, list):
        out["files"] = [kind for kind in FileKind.values if kind in files]
    return out


def validate_requirements(value: Any) -> dict[str, Any]:
    """The normalised requirements, or an ``ApplicationError`` on the field ``requirements``."""
    if value in (None, {}):
        return dict(DEFAULTS)
    if not isinstance(value, dict):
        raise ApplicationError(_("Give the requirements as an object."), field="requirements")
    unknown = sorted(set(value) - {*PARTS, "files"})
    if unknown:
        raise ApplicationError(
            _("Unknown requirement “%(name)s”; use %(names)s.")
            % {"name": str(unknown[0])[:60], "names": ", ".join((*PARTS, "files"))},
            field="requirements",
        )
    for part in PARTS:
        if part in value and not isinstance(value[part], bool):
            raise ApplicationError(_("“%(name)s” is true or false.") % {"name": part}, field="requirements")
    files = value.get("files", [])
    if not isinstance(files, list) or any(kind not in FileKind.values for kind in files):
        raise ApplicationError(
            _("“files” lists kinds of file among: %(kinds)s.") % {"kinds": ", ".join(FileKind.values)},
            field="requirements",
        )
    out = dict(DEFAULTS) | {part: value[part] for part in PARTS if part in value}
    out["files"] = [kind for kind in FileKind.values if kind in files]
    return out


def requirement_list(call: Any) -> list[str]:
    """What the call requires, in words (for the call page and the form's hint)."""
    req = requirements_of(call)
    out = [str(_("A title and the proposed solution"))]
    out += [str(PART_LABELS[part]) for part in PARTS if req[part]]
    out += [_("A file: %(kind)s") % {"kind": FileKind(kind).label} for kind in req["files"]]
    return out
