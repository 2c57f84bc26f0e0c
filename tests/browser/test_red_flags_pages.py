"""The red-flag pages people read (the methodology, a buyer profile, the dashboard), in Chromium, in es, pt-br
and en: axe finds no serious or critical issue, and nothing scrolls sideways at 360 px."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from procurement.calls.models import Call
from tests.browser.axe import axe_violations, describe
from tests.procurement.factories import make_call
from tests.procurement.ocds.test_red_flags_pages import EVIDENCE
from tests.procurement.ocds.test_red_flags_stored import store

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _paths() -> list[str]:
    return [
        "/open-data/red-flags/methodology/",
        "/open-data/red-flags/buyers/CO-B1/",
        "/open-data/red-flags/",
    ]


@pytest.mark.parametrize("language", ["es", "pt-br", "en"])
def test_the_red_flag_pages_have_no_serious_or_critical_violation(
    language: str, page: Any, live_server: Any, public_body: Any
) -> None:
    store(
        "ocds-test-decided", make_call(public_body, Call.Status.AWARDED), {"R018": "flagged", "R003": "not_computable"}
    )
    store("ocds-test-peer", make_call(public_body, Call.Status.AWARDED), {"R018": "not_flagged"}, buyer="CO-B2")
    failures = []
    for path in _paths():
        response = page.goto(f"{live_server.url}/{language}{path}")
        assert response is not None, path
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") in {language, "pt-BR" if language == "pt-br" else language}
        violations = axe_violations(page)
        if violations:
            failures.append(f"{path}\n{describe(violations)}")
        page.set_viewport_size({"width": 360, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{path} scrolls sideways at 360 px"
        page.set_viewport_size({"width": 1280, "height": 720})
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_calls_evidence_reads_in_words_when_opened(
    language: str, page: Any, live_server: Any, public_body: Any
) -> None:
    decided = make_call(public_body, Call.Status.AWARDED)
    process = store("ocds-test-evidence", decided, dict.fromkeys(EVIDENCE, "flagged"))
    for code, evidence in EVIDENCE.items():
        process.flags.filter(indicator=code).update(evidence=evidence)
    page.goto(f"{live_server.url}/{language}/opportunities/calls/{decided.pk}/")
    for summary in page.locator("#red-flags-heading ~ table summary").all():
        summary.click()
    section = page.locator("section[aria-labelledby=red-flags-heading]")
    assert "period_days" not in section.inner_text()
    assert not axe_violations(page)
    shots = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(shots / f"call-red-flags-evidence-{language}.png"))
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{live_server.url}/{language}/open-data/red-flags/buyers/CO-B1/")
    page.screenshot(path=str(shots / f"buyer-profile-{language}.png"), full_page=True)
