"""The main navigation: each entry appears once its app has the named page.

Signed-in people also get links to their own work, by what they are: a supplier's members their applications,
a public body's officers their workspace, evaluators (and anyone with a panel seat) their assignments.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

MAIN_NAVIGATION = [
    ("procurement:opportunities", _("Opportunities")),
    ("startups:directory", _("Suppliers")),
    ("recommendations:catalogue", _("Recommendations")),
    ("recommendations:dashboard", _("Ecosystem dashboard")),
    ("notifications:inbox", _("Inbox")),
]


def main_navigation(request: HttpRequest) -> dict[str, Any]:
    items = []
    for name, label in MAIN_NAVIGATION:
        if name.startswith("notifications:") and not request.user.is_authenticated:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return {"main_navigation": items, "account_navigation": SimpleLazyObject(lambda: account_navigation(request))}


def account_navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """The signed-in user's work: one query for their memberships, one more only for a public body's officer."""
    user = request.user
    if not user.is_authenticated:
        return []
    from govtech.accounts.models import Membership, Organisation

    held = set(Membership.objects.active().filter(user=user).values_list("organisation__kind", "role"))
    kinds = {kind for kind, _role in held}
    body_roles = {role for kind, role in held if kind == Organisation.Kind.PUBLIC_BODY}
    wanted = []
    if Organisation.Kind.SUPPLIER in kinds:
        wanted.append(("applications:mine", _("My applications")))
    if body_roles & {Membership.Role.OFFICER, Membership.Role.APPROVER}:
        wanted.append(("procurement:workspace", _("Workspace")))
    if Membership.Role.EVALUATOR in body_roles or (body_roles and _has_panel_seat(user)):
        wanted.append(("evaluation:assignments", _("My assignments")))
    items = []
    for name, label in wanted:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return items


def _has_panel_seat(user: Any) -> bool:
    try:
        from procurement.evaluation.models import PanelMember
    except ImportError:  # pragma: no cover - the evaluation app is optional here
        return False
    return PanelMember.objects.filter(user=user, status=PanelMember.Status.ACTIVE).exists()
