"""axe-core finds no serious or critical violation on any page or form of the portal, in es and en."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from recommendations.models import Instrument
from recommendations.services.loader import catalogue_load
from startups.models import ExportJob
from tests.browser.axe import axe_violations, describe
from tests.startups.factories import SupplierFactory

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
RECOMMENDATION = "open-data-apis-and-sandboxes"


def _pages(supplier_slug: str, body_slug: str, instrument_slug: str, export_pk: int) -> list[tuple[str | None, str]]:
    """(persona or None for anonymous, path without the language prefix)."""
    return [
        (None, "/"),
        (None, "/about/"),
        (None, "/accounts/signup/"),
        (None, "/accounts/login/"),
        (None, "/accounts/password/reset/"),
        (None, "/suppliers/"),
        (None, f"/suppliers/{supplier_slug}/"),
        (None, "/recommendations/"),
        (None, f"/recommendations/{RECOMMENDATION}/"),
        (None, "/recommendations/instruments/"),
        (None, f"/recommendations/instruments/{instrument_slug}/"),
        (None, "/recommendations/dashboard/"),
        ("outsider_without_org", "/suppliers/register/"),
        ("supplier_owner", f"/suppliers/{supplier_slug}/edit/"),
        ("supplier_owner", "/inbox/"),
        ("supplier_owner", "/inbox/preferences/"),
        ("supplier_owner", "/account/api-tokens/"),
        ("supplier_owner", "/account/data/"),
        ("supplier_owner", f"/suppliers/exports/{export_pk}/"),  # a running export: its progress bar
        ("officer", "/recommendations/assessments/"),
        ("officer", f"/recommendations/assessments/{body_slug}/"),
        ("officer", f"/recommendations/assessments/{body_slug}/edit/"),
        ("auditor", "/audit/"),
    ]


@pytest.mark.parametrize("language", ["es", "en"])
def test_it_has_no_serious_or_critical_violation_on_any_page(
    language: str, page: Any, live_server: Any, login_as: Any, persona: Any, supplier_org: Any, public_body: Any
) -> None:
    from tests.accounts.factories import UserFactory

    catalogue_load()
    SupplierFactory(organisation=supplier_org)
    users = {
        "supplier_owner": persona("supplier_owner"),
        "officer": persona("officer"),
        "auditor": persona("auditor"),
        "outsider_without_org": UserFactory(),
    }
    instrument = Instrument.objects.order_by("pk").first()
    assert instrument is not None
    export = ExportJob.objects.create(
        requested_by=users["supplier_owner"], status=ExportJob.Status.RUNNING, total_rows=10, processed_rows=4
    )
    failures = []
    current: str | None = "anonymous"
    for who, path in _pages(supplier_org.slug, public_body.slug, instrument.slug, export.pk):
        if who != current:
            if who is None:
                page.context.clear_cookies()
            else:
                login_as(page, users[who])
            current = who
        response = page.goto(f"{live_server.url}/{language}{path}")
        assert response is not None, path
        assert response.status == 200, (path, response.status)
        violations = axe_violations(page)
        if violations:
            failures.append(f"{path} ({who or 'anonymous'})\n{describe(violations)}")
        page.set_viewport_size({"width": 360, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{path} scrolls sideways at 360 px"
        page.set_viewport_size({"width": 1280, "height": 720})
    assert not failures, "\n\n".join(failures)


def test_it_reports_a_violation_when_there_is_one(page: Any) -> None:
    """The check is live: a page with an unlabelled input and a nameless image fails it."""
    page.set_content('<html lang="en"><body><main><h1>x</h1><input type="text"><img src="x.png"></main></body></html>')
    ids = {v["id"] for v in axe_violations(page)}
    assert {"label", "image-alt"} <= ids
