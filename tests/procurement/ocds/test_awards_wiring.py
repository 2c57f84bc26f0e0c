"""The awards services write the OCDS releases of the decision, the signed contract and the milestones."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from procurement.awards import services
from procurement.awards.models import Award
from procurement.awards.services import AwardLine
from procurement.ocds.build import ocid_for
from procurement.ocds.models import Release
from tests.procurement.factories import end_standstill, scored_call, second_supplier
from tests.procurement.ocds.test_publication import _all_valid

pytestmark = pytest.mark.django_db


def test_decision_contract_and_milestone_write_valid_releases(
    public_body: Any,
    approver: Any,
    evaluator: Any,
    officer: Any,
    supplier_org: Any,
    supplier_owner: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    other, other_user = second_supplier()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        call, apps = scored_call(
            public_body, approver, evaluator, [(supplier_org, supplier_owner), (other, other_user)], [(8, 6), (5, 9)]
        )
    ocid = ocid_for(call.pk)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_take(
            call=call,
            actor=approver,
            outcome="awarded",
            justification="Best weighted score",
            awards=[AwardLine(apps[0].pk, "85000", "COP")],
        )
    end_standstill(decision)
    award = Award.objects.get(decision=decision)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.award_sign_contract(award=award, actor=officer)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        milestone = services.milestone_add(
            award=award, actor=officer, name="Pilot", due_date=datetime.date.today() + datetime.timedelta(days=30)
        )
        services.milestone_set_status(milestone=milestone, actor=officer, status="done")
    tags = [tag for row in Release.objects.of_ocid(ocid).values_list("data", flat=True) for tag in row["tag"]]
    assert "award" in tags
    assert "contract" in tags
    assert "implementation" in tags
    releases = _all_valid(ocid)
    contract = next(r for r in releases if "contract" in r["tag"])
    assert contract["contracts"][0]["awardID"]
