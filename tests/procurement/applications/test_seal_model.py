from __future__ import annotations

import pytest

from procurement.applications.models import Application
from tests.procurement.factories import make_application, open_applications, pass_deadline, published_call

pytestmark = pytest.mark.django_db


def test_sealed_until_opened(public_body, supplier_org, supplier_owner, officer, admin, outsider):
    call = published_call(public_body)
    app = make_application(call, supplier_org, by=supplier_owner)
    assert list(Application.objects.visible_to(supplier_owner)) == [app]
    assert not Application.objects.visible_to(officer).exists()
    assert not Application.objects.visible_to(admin).exists()
    assert not Application.objects.visible_to(outsider).exists()
    assert Application.objects.count_submitted(call) == 1
    pass_deadline(call)
    open_applications(call, officer)
    assert list(Application.objects.visible_to(officer)) == [app]
    assert not Application.objects.visible_to(outsider).exists()


def test_an_evaluator_reads_only_what_they_declared_no_conflict_for(
    public_body, supplier_org, other_supplier_org, supplier_owner, outsider, officer, evaluator, approver
):
    from django.utils import timezone

    from procurement.evaluation.models import Declaration, Score
    from procurement.evaluation.selectors import applications_for_evaluator, ranking
    from tests.procurement.factories import make_panel

    call = published_call(public_body)
    mine = make_application(call, supplier_org, by=supplier_owner)
    theirs = make_application(call, other_supplier_org, by=outsider)
    panel = make_panel(call, evaluator, named_by=approver)
    member = panel.members.get()
    Declaration.objects.create(member=member, application=mine, conflict=False, signed_at=timezone.now())
    Declaration.objects.create(member=member, application=theirs, conflict=True, signed_at=timezone.now())
    assert not applications_for_evaluator(evaluator, call).exists()  # sealed: not opened yet
    pass_deadline(call)
    open_applications(call, officer)
    assert list(applications_for_evaluator(evaluator, call)) == [mine]
    Score.objects.create(member=member, application=mine, criterion="innovation", score=8, justification="ok")
    Score.objects.create(member=member, application=mine, criterion="price", score=5, justification="ok")
    rows = ranking(call)
    assert next(r.application for r in rows) == mine
    assert rows[0].total == 68  # 60 * 8/10 + 40 * 5/10
    assert rows[0].complete
