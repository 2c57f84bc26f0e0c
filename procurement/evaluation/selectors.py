"""Reads of the evaluation: what an evaluator may see and still has to do, and the consolidated ranking."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from procurement.applications.models import Application
from procurement.evaluation.models import Declaration, Panel, PanelMember, Score
from procurement.models import Call


def applications_for_evaluator(user: Any, call: Call) -> QuerySet[Application]:
    """Opened applications of ``call`` that ``user`` declared no conflict for (recusals are hidden)."""
    return Application.objects.visible_to(user).filter(call=call, declarations__member__user=user).distinct()


@dataclass
class RankRow:
    application: Application
    total: Decimal  # weighted, 0..100
    per_criterion: dict[str, Decimal]  # mean score per criterion, on the panel's scale
    spread: dict[str, Decimal] = field(default_factory=dict)  # max - min per criterion
    flagged: list[str] = field(default_factory=list)  # criteria where evaluators disagree too much
    complete: bool = True  # every non-recused evaluator scored every criterion


def ranking(call: Call) -> list[RankRow]:
    """The weighted ranking of ``call``'s opened applications, best first. A criterion's weight applies to the
    mean of the evaluators' scores divided by the scale; large disagreements are flagged."""
    panel = Panel.objects.filter(call=call).first()
    if panel is None:
        return []
    criteria = [(str(c["name"]), Decimal(int(c["weight"]))) for c in call.criteria]
    members = list(PanelMember.objects.filter(panel=panel, status=PanelMember.Status.ACTIVE))
    applications = list(
        Application.objects.filter(call=call, status__in=Application.SUBMITTED_STATES)
        .exclude(status=Application.Status.DISQUALIFIED)
        .select_related("supplier")
    )
    recused = set(
        Declaration.objects.filter(member__in=members, conflict=True).values_list("member_id", "application_id")
    )
    scores: dict[tuple[int, str], list[Decimal]] = defaultdict(list)
    for application_id, criterion, value in Score.objects.filter(member__in=members).values_list(
        "application_id", "criterion", "score"
    ):
        scores[(application_id, criterion)].append(value)
    rows = []
    scale = Decimal(panel.scale_max)
    for application in applications:
        expected = sum(1 for m in members if (m.pk, application.pk) not in recused)
        row = RankRow(application=application, total=Decimal(0), per_criterion={})
        for name, weight in criteria:
            values = scores.get((application.pk, name), [])
            if len(values) < expected or not values:
                row.complete = False
            if not values:
                continue
            mean = sum(values, Decimal(0)) / len(values)
            row.per_criterion[name] = mean.quantize(Decimal("0.01"))
            row.spread[name] = max(values) - min(values)
            if row.spread[name] > panel.disagreement_threshold:
                row.flagged.append(name)
            row.total += weight * mean / scale
        row.total = row.total.quantize(Decimal("0.01"))
        rows.append(row)
    rows.sort(key=lambda r: (-r.total, r.application.pk))
    return rows
