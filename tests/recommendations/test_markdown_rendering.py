"""Markdown bodies render sanitised: scripts, event handlers and javascript: links are inert."""

from __future__ import annotations

from recommendations.rendering import render_markdown
from recommendations.services.catalogue import recommendation_save_draft, recommendation_transition

HOSTILE = (
    "Hola **mundo**\n\n<script>alert('x')</script>\n\n"
    '<img src="x" onerror="alert(1)">\n\n[clic](javascript:alert(1))\n\n'
    '<a href="https://ok.example" onclick="evil()">ok</a>'
)


def test_it_keeps_formatting_and_removes_scripts_handlers_and_javascript_links() -> None:
    html = str(render_markdown(HOSTILE))
    assert "<strong>mundo</strong>" in html
    assert "<script" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert 'href="https://ok.example"' in html


def test_a_published_body_with_a_script_renders_inert_on_the_public_page(recommendation, admin, client) -> None:
    content = recommendation.latest_version.content
    content = {**content, "body": {**content["body"], "es": HOSTILE}}
    recommendation_save_draft(actor=admin, recommendation=recommendation, content=content)
    recommendation_transition(actor=admin, recommendation=recommendation, to="in_review")
    recommendation_transition(actor=admin, recommendation=recommendation, to="published")
    page = client.get(f"/es/recommendations/{recommendation.slug}/").content.decode()
    assert "<script>alert" not in page
    assert "onerror=" not in page
    assert "javascript:alert" not in page


def test_the_diff_page_shows_markup_as_text(recommendation, admin, client_for) -> None:
    content = recommendation.latest_version.content
    content = {**content, "body": {**content["body"], "es": "<script>alert('diff')</script>"}}
    recommendation_save_draft(actor=admin, recommendation=recommendation, content=content)
    page = client_for(admin).get(f"/es/recommendations/curation/{recommendation.slug}/versions/2/changes/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert(&#x27;diff&#x27;)</script>" not in html
    assert "&lt;script&gt;alert(&#x27;diff&#x27;)&lt;/script&gt;" in html
