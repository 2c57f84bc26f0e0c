"""The evaluation board draws the weighted totals as bars beside the ranking table."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.procurement.evaluation.evaluation_helpers import scene, score_all

pytestmark = pytest.mark.django_db


def test_the_board_draws_each_applicants_total(
    public_body: Any,
    supplier_org: Any,
    other_supplier_org: Any,
    supplier_owner: Any,
    outsider: Any,
    approver: Any,
    evaluator: Any,
    client_for: Any,
) -> None:
    from procurement.evaluation import services

    s = scene(
        body=public_body,
        supplier=supplier_org,
        other=other_supplier_org,
        supplier_user=supplier_owner,
        other_user=outsider,
        approver=approver,
        evaluator=evaluator,
    )
    for application in (s.mine, s.theirs):
        services.declaration_sign(member=s.seat, application=application, actor=evaluator, conflict=False)
    score_all(s, s.seat, s.mine, {"innovation": 9, "price": 7})
    score_all(s, s.seat, s.theirs, {"innovation": 4, "price": 5})
    page = client_for(approver).get(f"/en/evaluation/calls/{s.call.pk}/board/").content.decode()
    svg = re.search(rf'<svg[^>]*aria-labelledby="board-{s.call.pk}-chart-title[^"]*".*?</svg>', page, re.S)
    assert svg, page
    chart = svg.group(0)
    assert "Weighted totals out of 100" in chart
    assert chart.index(supplier_org.name) < chart.index(other_supplier_org.name)  # ranked order
    assert ">82<" in chart  # 60 * 9/10 + 40 * 7/10
    assert ">44<" in chart  # 60 * 4/10 + 40 * 5/10


def test_an_unopened_call_has_no_chart(
    public_body: Any,
    supplier_org: Any,
    other_supplier_org: Any,
    supplier_owner: Any,
    outsider: Any,
    approver: Any,
    evaluator: Any,
    client_for: Any,
) -> None:
    s = scene(
        body=public_body,
        supplier=supplier_org,
        other=other_supplier_org,
        supplier_user=supplier_owner,
        other_user=outsider,
        approver=approver,
        evaluator=evaluator,
        opened=False,
    )
    page = client_for(approver).get(f"/en/evaluation/calls/{s.call.pk}/board/").content.decode()
    assert "-chart-title" not in page
