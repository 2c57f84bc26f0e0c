"""The evaluation report of a decision, as a PDF: what was evaluated, how, by whom, and what was decided."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from govtech.core.pdf import Document
from procurement.awards.models import Decision
from procurement.evaluation.models import Declaration, Panel
from procurement.evaluation.selectors import RankRow


def _when(value: object) -> str:
    if value is None:
        return "-"
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M %Z")  # type: ignore[arg-type]


def evaluation_report(decision: Decision, rows: list[RankRow]) -> bytes:
    """Criteria and weights, the consolidated ranking with per-criterion means (tables), every evaluator's
    declarations, and the decision with its justification. Written in the call's language."""
    call = decision.call
    language = call.language or "es"
    with translation.override(language):
        pdf = Document(_("Evaluation report") + f" - {call.title}", language=language)
        pdf.title(_("Evaluation report"))
        pdf.paragraph(call.title, bold=True)
        pdf.space(2)
        facts = [
            (_("Public body"), call.body.name),
            (_("Call number"), str(call.pk)),
            (_("Instrument"), str(call.get_instrument_display())),
        ]
        if decision.phase:
            facts.append((_("Phase"), decision.phase))
        facts.append((_("Submission deadline"), _when(call.submission_deadline)))
        pdf.fields(facts)

        panel = Panel.objects.filter(call=call).first()
        scale = panel.scale_max if panel else 10
        pdf.heading(_("Criteria and weights"))
        criteria = [str(criterion["name"]) for criterion in call.criteria]
        pdf.table(
            [_("Criterion"), _("Weight (%)")],
            [[str(criterion["name"]), str(criterion["weight"])] for criterion in call.criteria],
            widths=(80, 20),
            numeric=(1,),
        )
        pdf.paragraph(
            _("Each criterion is scored from 0 to %(scale)s; the total is out of 100.") % {"scale": scale}, small=True
        )

        pdf.heading(_("Consolidated ranking"))
        if not rows:
            pdf.paragraph(_("No scores were recorded."))
        else:
            pdf.table(
                ["#", _("Applicant"), _("Total (0-100)"), _("Scores complete")],
                [
                    [
                        str(position),
                        row.application.supplier.name,
                        number_format(row.total, 2),
                        _("yes") if row.complete else _("no"),
                    ]
                    for position, row in enumerate(rows, start=1)
                ],
                widths=(8, 52, 20, 20),
                numeric=(0, 2),
            )
            pdf.heading(_("Scores per criterion (mean of the evaluators, 0 to %(scale)s)") % {"scale": scale}, 1)
            pdf.table(
                [_("Applicant"), *criteria],
                [
                    [
                        row.application.supplier.name,
                        *(
                            number_format(row.per_criterion[name], 2) if name in row.per_criterion else "-"
                            for name in criteria
                        ),
                    ]
                    for row in rows
                ],
                numeric=tuple(range(1, len(criteria) + 1)),
            )
            for row in rows:
                if row.flagged:
                    pdf.paragraph(
                        f"{row.application.supplier.name}: "
                        + _("Large disagreement between evaluators on: %(criteria)s")
                        % {"criteria": ", ".join(row.flagged)},
                        small=True,
                    )

        pdf.heading(_("Declarations of the evaluators"))
        declarations = (
            Declaration.objects.filter(member__panel__call=call)
            .select_related("member__user", "application__supplier")
            .order_by("member__user__email", "application__supplier__name")
        )
        if not declarations:
            pdf.paragraph(_("No declarations were signed."))
        else:
            pdf.table(
                [_("Evaluator"), _("Applicant"), _("Declaration"), _("Signed")],
                [
                    [
                        f"{d.member.user.get_full_name() or d.member.user.email} <{d.member.user.email}>",
                        d.application.supplier.name,
                        (_("recused (conflict of interest)") if d.conflict else _("no conflict of interest"))
                        + (f"\n{d.statement.strip()}" if d.statement.strip() else ""),
                        _when(d.signed_at),
                    ]
                    for d in declarations
                ],
                widths=(30, 25, 30, 15),
            )

        pdf.heading(_("Decision"))
        decider = decision.decided_by
        pdf.fields(
            [
                (_("Outcome"), str(decision.get_outcome_display())),
                (_("Decided by"), decider.get_full_name() or decider.email),
                (_("Decided on"), _when(decision.decided_at)),
            ]
            + (
                [(_("Standstill period until"), _when(decision.standstill_ends_at))]
                if decision.standstill_ends_at
                else []
            )
        )
        awards = list(decision.awards.select_related("application__supplier"))
        if awards:
            pdf.table(
                [_("Awarded to"), _("Amount"), _("Currency")],
                [[a.application.supplier.name, number_format(a.amount, 2), a.currency] for a in awards],
                widths=(60, 25, 15),
                numeric=(1,),
            )
        pdf.heading(_("Justification"), 1)
        pdf.paragraph(decision.justification)
        return pdf.render()
