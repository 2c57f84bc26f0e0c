"""Markdown to safe HTML: editors write Markdown, readers get sanitised HTML.

``markdown`` converts; ``nh3`` (ammonia) then keeps only an allow-list of tags and
attributes, drops event handlers and ``<script>``, and only lets http(s)/mailto links
through, so ``javascript:`` URLs render inert.
"""

from __future__ import annotations

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """Render editor Markdown to HTML that is safe to put in a page."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)
