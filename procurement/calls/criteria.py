"""Evaluation criteria by name: the common criteria written as short codes ("impact", "price") get their label.

Criteria keep the name the call was published with (scores, answers and OCDS refer to it); pages show the
label in the reader's language. A name the officer wrote in words is shown as written.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

STANDARD_CRITERIA: dict[str, Promise] = {
    "impact": _("Impact"),
    "team": _("Team"),
    "price": _("Price"),
    "cost": _("Cost"),
    "innovation": _("Innovation"),
    "quality": _("Quality"),
    "feasibility": _("Feasibility"),
    "experience": _("Experience"),
    "sustainability": _("Sustainability"),
    "scalability": _("Scalability"),
    "methodology": _("Methodology"),
}


def criterion_label(name: object) -> str:
    """``"impact"`` → "Impacto" on a Spanish page; any other name comes back unchanged."""
    text = str(name or "").strip()
    label = STANDARD_CRITERIA.get(text.lower())
    return str(label) if label is not None else text
