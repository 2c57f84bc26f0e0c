"""The public red-flag pages: the methodology, whole in three languages, with the live thresholds."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from django.test import override_settings

from procurement.calls.models import Call
from procurement.ocds.redflags.thresholds import INDICATOR_CODES
from tests.procurement.factories import make_call
from tests.procurement.ocds.test_red_flags_stored import store

pytestmark = pytest.mark.django_db
LANGUAGES = ["es", "pt-br", "en"]
# What a page must never show: untranslated placeholders, Python values, the engine's status codes.
RAW = re.compile(r"%\(|\{\{|\{%|\bNone\b|not_computable|not_flagged|\bTrue\b|\bFalse\b|fence_not_positive")


def _text(html: str) -> str:
    body = html.split("<main", 1)[-1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_methodology_page_explains_every_indicator_in_each_language(client: Any, language: str) -> None:
    response = client.get(f"/{language}/open-data/red-flags/methodology/")
    assert response.status_code == 200
    text = _text(response.content.decode())
    for code in INDICATOR_CODES:
        assert f"{code} —" in text
    assert not RAW.search(text), RAW.search(text)
    assert "cardinal.readthedocs.io/en/latest/cli/indicators/R/003.html" in response.content.decode()
    assert "open-contracting/cardinal-rs" in text
    expected = {
        "es": ["Una señal de alerta es un patrón que merece una segunda mirada", "15 días", "No calculable"],
        "pt-br": ["Um sinal de alerta é um padrão que merece um segundo olhar", "15 dias", "Não calculável"],
        "en": ["A red flag is a pattern worth a second look", "15 days", "Not computable"],
    }[language]
    for phrase in expected:
        assert phrase in text


@override_settings(
    RED_FLAGS={
        "indicators": {"R003": {"threshold": 10}},
        "countries": {"PY": {"indicators": {"GT01": {"threshold": 50000, "currency": "PYG"}}}},
    }
)
def test_the_methodology_page_shows_the_thresholds_in_use_not_a_copy(client: Any) -> None:
    text = _text(client.get("/en/open-data/red-flags/methodology/").content.decode())
    assert "shorter than 10 days" in text
    assert "shorter than 15 days" not in text
    assert "Paraguay: Flagged above 50,000 PYG within 365 days" in text


def test_the_methodology_page_is_linked_from_the_open_data_page_and_the_footer(client: Any) -> None:
    html = client.get("/es/open-data/").content.decode()
    assert html.count('href="/es/open-data/red-flags/methodology/"') == 2
    assert client.get("/es/open-data/red-flags/methodology/").status_code == 200


def test_every_link_on_the_methodology_page_opens(client: Any) -> None:
    html = client.get("/pt-br/open-data/red-flags/methodology/").content.decode()
    for href in set(re.findall(r'href="(/[^"#]*)"', html)):
        if href.startswith(("/static/", "/api/v1/docs")):
            continue
        assert client.get(href).status_code in (200, 302), href


# --- pages on the stored flags: a call's flags, a buyer's profile, the dashboard and its CSV ---------------


@pytest.fixture
def flags(public_body: Any) -> dict[str, Any]:
    """A decided call and an undecided one of the same buyer, and a decided call of another buyer of the country."""
    open_call = make_call(public_body, Call.Status.IN_EVALUATION)
    decided = make_call(public_body, Call.Status.AWARDED)
    peer = make_call(public_body, Call.Status.UNSUCCESSFUL)
    store("ocds-test-open", open_call, {"R018": "flagged", "R003": "not_flagged", "GT04": "flagged"})
    store("ocds-test-decided", decided, {"R018": "flagged", "R003": "not_computable"})
    store("ocds-test-peer", peer, {"R018": "not_flagged", "R003": "not_flagged"}, buyer="CO-B2")
    return {"open": open_call, "decided": decided, "peer": peer}


def _login(client: Any, user: Any) -> Any:
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_buyer_profile_shows_its_decided_processes_against_the_country_median(
    client: Any, flags: Any, language: str
) -> None:
    response = client.get(f"/{language}/open-data/red-flags/buyers/CO-B1/")
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert not RAW.search(text), RAW.search(text)
    assert "Buyer CO-B1" in text
    assert {"es": "Colombia", "pt-br": "Colômbia", "en": "Colombia"}[language] in text
    row = re.search(r"R018 [^0-9]+ (\d+) (\d+) (\d+) ([\d,.]+ %) ([\d,.]+ %)", text)
    assert row, text
    # one public process (the undecided call's flag is not counted), flagged; the median of 100 % and 0 % is 50 %
    assert row.groups()[:3] == ("1", "0", "1")
    assert row.group(4).startswith("100")
    assert row.group(5).startswith("50")
    assert "GT04" in text
    assert "<svg" in response.content.decode()


def test_a_buyer_with_no_public_flags_has_no_profile(client: Any, public_body: Any) -> None:
    store("ocds-test-open-only", make_call(public_body, Call.Status.IN_EVALUATION), {"R018": "flagged"}, buyer="CO-B9")
    assert client.get("/en/open-data/red-flags/buyers/CO-B9/").status_code == 404
    assert client.get("/en/open-data/red-flags/buyers/NOBODY/").status_code == 404
    assert "CO-B9" not in client.get("/en/open-data/red-flags/buyers/").content.decode()


def test_anonymous_does_not_see_an_undecided_calls_flags(client: Any, flags: Any) -> None:
    undecided = client.get(f"/en/opportunities/calls/{flags['open'].pk}/").content.decode()
    assert "published once it is decided" in undecided
    assert "govuk-tag--orange" not in undecided
    decided = _text(client.get(f"/en/opportunities/calls/{flags['decided'].pk}/").content.decode())
    assert "1 indicator flagged out of 1 that could be computed" in decided
    assert "No bids are published." in decided


@pytest.mark.parametrize("who", ["officer", "auditor"])
def test_the_bodys_staff_and_auditors_see_an_undecided_calls_flags_at_once(
    client: Any, flags: Any, persona: Any, who: str
) -> None:
    _login(client, persona(who))
    text = _text(client.get(f"/es/opportunities/calls/{flags['open'].pk}/").content.decode())
    assert "R018" in text
    assert "solo el personal del organismo y los auditores ven estas señales" in text
    assert not RAW.search(text)


def test_the_staff_call_page_shows_the_flags(client: Any, flags: Any, officer: Any) -> None:
    _login(client, officer)
    response = client.get(f"/pt-br/opportunities/manage/calls/{flags['open'].pk}/")
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "Sinais de alerta" in text
    assert "GT04" in text


@pytest.mark.parametrize(("who", "processes"), [(None, "1"), ("auditor", "2")])
def test_the_dashboard_counts_what_the_person_may_see(
    client: Any, flags: Any, persona: Any, who: str | None, processes: str
) -> None:
    _login(client, persona(who) if who else None)
    response = client.get("/en/open-data/red-flags/?buyer=CO-B1")
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert re.search(rf"R018 Single bid received {processes} 0 {processes} 100", text), text
    assert not RAW.search(text)


def test_the_dashboard_refuses_an_unknown_filter_with_a_message(client: Any, flags: Any) -> None:
    response = client.get("/es/open-data/red-flags/?indicator=R999")
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    response = client.get("/es/open-data/red-flags/flags.csv?country=XX")
    assert response.status_code == 400
    assert "country" in response.json()["errors"]


def _csv(response: Any) -> list[dict[str, str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content)))


def test_the_csv_has_the_dashboards_filters_and_visibility(client: Any, flags: Any, auditor: Any) -> None:
    rows = _csv(client.get("/en/open-data/red-flags/flags.csv?indicator=R018"))
    assert {(r["ocid"], r["outcome"]) for r in rows} == {
        ("ocds-test-decided", "flagged"),
        ("ocds-test-peer", "not_flagged"),
    }
    assert rows[0]["indicator_title"] == "Single bid received"
    assert rows[0]["methodology_version"] == "1.1"
    _login(client, auditor)
    rows = _csv(client.get("/en/open-data/red-flags/flags.csv?buyer=CO-B1"))
    assert {r["ocid"] for r in rows} == {"ocds-test-open", "ocds-test-decided"}
    reason = next(r for r in rows if r["outcome"] == "not_computable")
    assert (reason["reason"], reason["reason_text"]) == ("no_bids", "No bids are published.")


@pytest.mark.parametrize("who", [None, "officer", "auditor"])
def test_every_link_on_the_red_flag_pages_opens_for_the_person_shown_it(
    client: Any, flags: Any, persona: Any, who: str | None
) -> None:
    _login(client, persona(who) if who else None)
    pages = [
        "/es/open-data/",
        "/es/open-data/red-flags/methodology/",
        "/es/open-data/red-flags/",
        "/es/open-data/red-flags/buyers/",
        "/es/open-data/red-flags/buyers/CO-B1/",
        f"/es/opportunities/calls/{flags['decided'].pk}/",
    ]
    for page in pages:
        html = client.get(page).content.decode()
        for found in set(re.findall(r'href="(/[^"#]*(?:red-flags|open-data)[^"#]*)"', html)):
            href = found.replace("&amp;", "&")
            assert client.get(href).status_code == 200, (who, page, href)


# --- the evidence in plain language ---------------------------------------------------------------------------

SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")
EVIDENCE = {
    "R003": {
        "period_days": 9,
        "start": "2024-01-01T00:00:00Z",
        "end": "2024-01-10T00:00:00Z",
        "threshold_days": 15,
        "procurement_method": "open",
        "procurement_method_details": "Licitación pública",
    },
    "GT02": {
        "comparisons": [
            {"compared": "winning_bid", "award": "a-1", "awarded": 120000.0, "bid": 90000.0, "currency": "COP"},
            {"compared": "budget", "awarded": 120000.0, "budget": 100000.0, "currency": "COP", "above": True},
        ],
        "tolerance": 0.0,
    },
    "R038": {
        "flagged": [{"role": "procuring_entity", "id": "CO-B1", "ratio": 0.75, "disqualified": 6, "submitted": 8}],
        "assessed": [],
        "disqualified_bids": 2,
        "submitted_bids": 3,
    },
}
LABELS = {
    "es": [
        "Días entre el inicio del período de licitación y el plazo",
        "9 días",
        "Comparado con: La oferta del ganador",
    ],
    "pt-br": [
        "Dias entre o início do período de licitação e o prazo",
        "9 dias",
        "Comparado com: A proposta do vencedor",
    ],
    "en": [
        "Days between the start of the tender period and the deadline",
        "9 days",
        "Compared with: The budget; Amount awarded: COP 120,000",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_call_page_and_the_buyer_profile_show_the_evidence_in_words(
    client: Any, public_body: Any, language: str
) -> None:
    decided = make_call(public_body, Call.Status.AWARDED)
    process = store("ocds-test-evidence", decided, dict.fromkeys(EVIDENCE, "flagged"))
    for code, evidence in EVIDENCE.items():
        process.flags.filter(indicator=code).update(evidence=evidence)
    text = _text(client.get(f"/{language}/opportunities/calls/{decided.pk}/").content.decode())
    for label in LABELS[language]:
        assert label in text, (label, text)
    assert not SNAKE.search(text), SNAKE.search(text)
    assert not RAW.search(text), RAW.search(text)
    profile = _text(client.get(f"/{language}/open-data/red-flags/buyers/CO-B1/").content.decode())
    assert "R003" in profile
    assert not SNAKE.search(profile), SNAKE.search(profile)
    # the API keeps the engine's field names
    api = client.get("/api/v1/red-flags/processes/ocds-test-evidence/").json()
    assert "period_days" in json.dumps(api)
