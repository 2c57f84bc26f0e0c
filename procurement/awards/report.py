"""The evaluation report of a decision, as a PDF: what was evaluated, how, by whom, and what was decided."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from procurement.awards.models import Decision
from procurement.awards.pdf import Report
from procurement.evaluation.models import Declaration, Panel
from procurement.evaluation.selectors import RankRow


def _when(value: object) -> str:
    if value is None:
        return "-"
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M %Z")  # type: ignore[arg-type]


def evaluation_report(decision: Decision, rows: list[RankRow]) -> bytes:
    """Criteria and weights, the consolidated ranking with per-criterion means, every evaluator's declarations,
    and the decision with its justification. Written in the call's language."""
    call = decision.call
    with translation.override(call.language or "es"):
        title = _("Evaluation report") + f" - {call.title}"
        pdf = Report(title=title[:120])
        pdf.add(_("Evaluation report"), "title")
        pdf.add(call.title, "heading")
        pdf.add(_("Public body: %(body)s") % {"body": call.body.name})
        pdf.add(
            _("Call number: %(id)s. Instrument: %(instrument)s.")
            % {"id": call.pk, "instrument": call.get_instrument_display()}
        )
        if decision.phase:
            pdf.add(_("Phase: %(phase)s") % {"phase": decision.phase})
        pdf.add(_("Submission deadline: %(when)s") % {"when": _when(call.submission_deadline)})
        pdf.space()

        pdf.add(_("Criteria and weights"), "heading")
        for criterion in call.criteria:
            pdf.add(f"- {criterion['name']}: {criterion['weight']} %", indent=10)
        panel = Panel.objects.filter(call=call).first()
        scale = panel.scale_max if panel else 10
        pdf.add(_("Each criterion is scored from 0 to %(scale)s; the total is out of 100.") % {"scale": scale}, "small")
        pdf.space()

        pdf.add(_("Consolidated ranking"), "heading")
        if not rows:
            pdf.add(_("No scores were recorded."))
        for position, row in enumerate(rows, start=1):
            status = "" if row.complete else " " + _("(incomplete scores)")
            pdf.add(f"{position}. {row.application.supplier.name}: {row.total}{status}")
            means = "; ".join(f"{name} {value}" for name, value in row.per_criterion.items())
            pdf.add(_("Means per criterion: %(means)s") % {"means": means or "-"}, "small", indent=14)
            if row.flagged:
                pdf.add(
                    _("Large disagreement between evaluators on: %(criteria)s") % {"criteria": ", ".join(row.flagged)},
                    "small",
                    indent=14,
                )
        pdf.space()

        pdf.add(_("Declarations of the evaluators"), "heading")
        declarations = (
            Declaration.objects.filter(member__panel__call=call)
            .select_related("member__user", "application__supplier")
            .order_by("member__user__email", "application__supplier__name")
        )
        if not declarations:
            pdf.add(_("No declarations were signed."))
        for declaration in declarations:
            user = declaration.member.user
            who = f"{user.get_full_name() or user.email} <{user.email}>"
            what = _("recused (conflict of interest)") if declaration.conflict else _("no conflict of interest")
            pdf.add(
                f"- {who} / {declaration.application.supplier.name}: {what}, {_when(declaration.signed_at)}", indent=10
            )
            if declaration.statement.strip():
                pdf.add(declaration.statement.strip(), "small", indent=20)
        pdf.space()

        pdf.add(_("Decision"), "heading")
        pdf.add(_("Outcome: %(outcome)s") % {"outcome": decision.get_outcome_display()})
        decider = decision.decided_by
        pdf.add(
            _("Decided by %(who)s on %(when)s")
            % {"who": decider.get_full_name() or decider.email, "when": _when(decision.decided_at)}
        )
        for award in decision.awards.select_related("application__supplier"):
            pdf.add(f"- {award.application.supplier.name}: {award.amount} {award.currency}", indent=10)
        pdf.add(_("Justification"), "heading")
        pdf.add(decision.justification)
        if decision.standstill_ends_at:
            pdf.space()
            pdf.add(_("Standstill period until %(when)s") % {"when": _when(decision.standstill_ends_at)})
        return pdf.render()
