"""The main navigation: each entry appears once its app has the named page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
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
    return {"main_navigation": items}
