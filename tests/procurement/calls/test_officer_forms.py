"""Bad input on the officer forms: a field-level error on the page, status 400, nothing written."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from procurement.calls.models import Call
from procurement.calls.services import call_create
from procurement.challenges.models import Challenge
from tests.procurement.calls.officer_helpers import CRITERIA, call_post, challenge_post, local
from tests.procurement.factories import make_call


def _new_call(client: Any, body: Any, data: dict[str, Any]) -> Any:
    return client.post(f"/en/opportunities/manage/bodies/{body.pk}/calls/new/", data)


def _error_of(html: str, field_id: str) -> bool:
    return f'id="{field_id}-error"' in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"cpv_codes": "34996000, 99999999"}, "id_cpv_codes", "Unknown CPV code: 99999999."),
        ({"sectors": ["mobility", "astrology"]}, "id_sectors", "Select a valid choice"),
        ({"regions": "CO-XX"}, "id_regions", "Unknown region or country code: CO-XX."),
        ({"currency": "XYZ"}, "id_currency", "Unknown currency."),
        ({"title": ""}, "id_title", "This field is required."),
    ],
)
def test_the_challenge_form_shows_field_errors(
    public_body: Any, officer: Any, client_for: Any, overrides: dict[str, Any], field: str, message: str
) -> None:
    response = client_for(officer).post(
        f"/en/opportunities/manage/bodies/{public_body.pk}/challenges/new/", challenge_post(**overrides)
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert _error_of(html, field)
    assert message in html
    assert "govuk-error-summary" in html
    assert not Challenge.objects.exists()


def test_cpv_codes_with_check_digits_are_accepted(public_body: Any, officer: Any, client_for: Any) -> None:
    response = client_for(officer).post(
        f"/en/opportunities/manage/bodies/{public_body.pk}/challenges/new/",
        challenge_post(cpv_codes="34996000-2; 72000000"),
    )
    assert response.status_code == 302
    assert Challenge.objects.get().cpv_codes == ["34996000", "72000000"]


def test_an_officer_edits_a_draft_challenge_but_not_a_published_one(
    public_body: Any, officer: Any, client_for: Any
) -> None:
    client = client_for(officer)
    challenge = Challenge.objects.create(body=public_body, title="Antes", problem="p")
    page = client.get(f"/en/opportunities/manage/challenges/{challenge.pk}/edit/")
    assert page.status_code == 200
    assert 'value="Antes"' in page.content.decode()
    assert (
        client.post(
            f"/en/opportunities/manage/challenges/{challenge.pk}/edit/", challenge_post(title="Después")
        ).status_code
        == 302
    )
    challenge.refresh_from_db()
    assert challenge.title == "Después"
    assert challenge.technologies == ["iot"]
    Challenge.objects.filter(pk=challenge.pk).update(status=Challenge.Status.PUBLISHED)
    assert (
        client.post(
            f"/en/opportunities/manage/challenges/{challenge.pk}/edit/", challenge_post(title="Otra vez")
        ).status_code
        == 302
    )
    challenge.refresh_from_db()
    assert challenge.title == "Después"


def test_the_api_gets_the_same_code_validation(public_body: Any, officer: Any) -> None:
    from govtech.core.errors import ApplicationError
    from tests.procurement.factories import call_data

    with pytest.raises(ApplicationError) as info:
        call_create(body=public_body, actor=officer, **call_data(technologies=["telepathy"]))
    assert info.value.field == "technologies"


now = timezone.now


@pytest.mark.parametrize(
    ("overrides", "anchor", "message"),
    [
        (
            {"criteria": [{"name": "Innovación", "weight": "60"}, {"name": "Precio", "weight": "30"}]},
            'id="criteria-error"',
            "The weights must sum to 100.",
        ),
        (
            {"questions_deadline": local(now() + datetime.timedelta(days=30))},
            'id="id_questions_deadline-error"',
            "The questions deadline must come before the submission deadline.",
        ),
        (
            {"expected_decision": local(now() + datetime.timedelta(days=5))},
            'id="id_expected_decision-error"',
            "The expected decision must come after the submission deadline.",
        ),
        (
            {
                "questions_deadline": local(now() - datetime.timedelta(days=3)),
                "submission_deadline": local(now() - datetime.timedelta(days=1)),
            },
            'id="id_submission_deadline-error"',
            "The submission deadline is in the past.",
        ),
        ({"currency": "XYZ"}, 'id="id_currency-error"', "Unknown currency."),
        (
            {"instrument": "cpsi", "currency": "BRL", "budget": "2000000", "phases": []},
            'id="id_budget-error"',
            "A CPSI contract may not exceed R$ 1,600,000.",
        ),
        (
            {"instrument": "cpsi", "currency": "COP", "phases": []},
            'id="id_currency-error"',
            "A CPSI contract is in Brazilian reais (BRL).",
        ),
        ({"instrument": "other"}, 'id="id_instrument_other-error"', "Name the instrument."),
        (
            {"phases": [{"name": "Diseño", "budget": "100"}]},
            'id="id_phases-0-suppliers-error"',
            "Say how many suppliers take part.",
        ),
        (
            {
                "phases": [
                    {"name": "A", "budget": "100", "suppliers": "2"},
                    {"name": "B", "budget": "100", "suppliers": "3"},
                ]
            },
            'id="phases-error"',
            "Each phase selects at most as many suppliers as the one before.",
        ),
        ({"cpv_codes": "12345678"}, 'id="id_cpv_codes-error"', "Unknown CPV code: 12345678."),
        ({"eligible_countries": "CO, ZZ"}, 'id="id_eligible_countries-error"', "Unknown region or country code: ZZ."),
        ({"submission_deadline": "not a date"}, 'id="id_submission_deadline-error"', "Enter a valid date/time."),
    ],
)
def test_the_call_form_shows_field_errors(
    public_body: Any, officer: Any, client_for: Any, overrides: dict[str, Any], anchor: str, message: str
) -> None:
    phases = overrides.pop("phases", None)
    criteria = overrides.pop("criteria", None)
    response = _new_call(client_for(officer), public_body, call_post(phases=phases, criteria=criteria, **overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert anchor in html, html[:3000]
    assert message in html
    assert not Call.objects.exists()


def test_a_draft_call_is_edited_with_its_rows_kept(public_body: Any, officer: Any, client_for: Any) -> None:
    client = client_for(officer)
    call = make_call(public_body)
    page = client.get(f"/en/opportunities/manage/calls/{call.pk}/edit/").content.decode()
    assert 'value="prototype"' in page
    assert 'value="innovation"' in page
    data = call_post(title="Nuevo título", criteria=[*CRITERIA[:1], {"name": "Precio", "weight": "40"}])
    assert client.post(f"/en/opportunities/manage/calls/{call.pk}/edit/", data).status_code == 302
    call.refresh_from_db()
    assert call.title == "Nuevo título"
    assert call.criteria[0]["description"] == "Novedad"


def test_a_published_call_is_not_edited_but_amended(public_body: Any, officer: Any, client_for: Any) -> None:
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    response = client_for(officer).post(f"/en/opportunities/manage/calls/{call.pk}/edit/", call_post(title="X"))
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.title != "X"


def test_add_another_criterion_works_without_javascript_and_keeps_what_was_typed(
    public_body: Any, officer: Any, client_for: Any
) -> None:
    data = call_post(criteria=CRITERIA, title="")
    data["add_row"] = "criteria"
    response = _new_call(client_for(officer), public_body, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="criteria-TOTAL_FORMS" value="{len(CRITERIA) + 1}"' in html
    assert f'name="criteria-{len(CRITERIA)}-name"' in html
    assert CRITERIA[0]["name"] in html
    assert "There is a problem" not in html  # adding a row is not a submission
    assert not Call.objects.exists()


def test_the_error_summary_names_each_field(public_body: Any, officer: Any, client_for: Any) -> None:
    response = _new_call(client_for(officer), public_body, call_post(title="", summary=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_title">Title: This field is required.</a>' in html
