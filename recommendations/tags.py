"""The catalogue's tags by name: records and links keep the slug (``?tag=open-data``), pages show the label."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TAG_LABELS: dict[str, Promise] = {
    "acceleration": _("acceleration"),
    "audit": _("audit"),
    "challenges": _("challenges"),
    "civic-tech": _("civic tech"),
    "contracts": _("contracts"),
    "data-protection": _("data protection"),
    "demand": _("demand"),
    "digital-government": _("digital government"),
    "ecosystem": _("ecosystem"),
    "funding": _("funding"),
    "governance": _("governance"),
    "labs": _("innovation labs"),
    "local-government": _("local government"),
    "matchmaking": _("matchmaking"),
    "measurement": _("measurement"),
    "networks": _("networks"),
    "open-data": _("open data"),
    "open-standards": _("open standards"),
    "pilots": _("pilots"),
    "procurement": _("public procurement"),
    "regulation": _("regulation"),
    "research": _("research"),
    "reuse": _("reuse"),
    "scale": _("scaling up"),
    "skills": _("skills"),
    "smes": _("SMEs"),
    "speed": _("speed"),
    "strategy": _("strategy"),
    "supply": _("supply"),
    "trust": _("trust"),
}


def tag_label(slug: object) -> str:
    """``"open-data"`` → "datos abiertos" on a Spanish page; an unknown tag is shown with spaces for hyphens."""
    text = str(slug or "")
    label = TAG_LABELS.get(text)
    return str(label) if label is not None else text.replace("-", " ")
