"""The evaluation panel's services: naming, declarations, scores, submission, the blind round, the ranking."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govtech.accounts.models import Membership
from govtech.audit.models import AuditEvent
from govtech.core.errors import ApplicationError, Conflict, NotAllowed
from govtech.notifications.models import Notification
from procurement.applications.models import Application
from procurement.calls.models import Call
from procurement.evaluation import selectors, services
from procurement.evaluation.models import Declaration, PanelMember, Score
from tests.accounts.factories import MembershipFactory
from tests.procurement.evaluation.evaluation_helpers import body_evaluator, open_now, scene, score_all
from tests.procurement.factories import make_application, published_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_scene(public_body, supplier_org, other_supplier_org, supplier_owner, outsider, approver, evaluator):
    def make(**kwargs):
        return scene(
            body=public_body,
            supplier=supplier_org,
            other=other_supplier_org,
            supplier_user=supplier_owner,
            other_user=outsider,
            approver=approver,
            evaluator=evaluator,
            **kwargs,
        )

    return make


def declare(seat, application, conflict=False, statement=""):
    return services.declaration_sign(
        member=seat, application=application, actor=seat.user, conflict=conflict, statement=statement
    )


def verbs() -> list[str]:
    return list(AuditEvent.objects.filter(verb__startswith="evaluation.").order_by("pk").values_list("verb", flat=True))


# --- the panel ---


def test_the_approver_configures_the_panel_and_names_an_evaluator_who_is_told(make_scene, approver, evaluator):
    s = make_scene(opened=False, scale_max=5, disagreement_threshold="1.5", blind_first_round=True)
    panel = s.seat.panel
    assert (panel.scale_max, panel.disagreement_threshold, panel.blind_first_round) == (5, Decimal("1.5"), True)
    assert s.seat.status == PanelMember.Status.ACTIVE
    assert s.seat.named_by == approver
    assert verbs() == ["evaluation.panel_configure", "evaluation.member_add"]
    assert Notification.objects.filter(recipient=evaluator, kind="evaluation_assigned").exists()


def test_an_officer_cannot_manage_the_panel(public_body, officer, evaluator):
    call = published_call(public_body)
    with pytest.raises(NotAllowed) as exc:
        services.panel_member_add(call=call, user=evaluator, actor=officer)
    assert exc.value.message == str(services.MSG_ONLY_APPROVER)
    with pytest.raises(NotAllowed):
        services.panel_configure(
            call=call, actor=officer, scale_max=10, disagreement_threshold=2, blind_first_round=False
        )


def test_an_admin_may_not_manage_the_panel(public_body, admin, evaluator):
    """Site roles hold no body's powers: an administrator manages a panel only as an officer of the body."""
    call = published_call(public_body)
    with pytest.raises(NotAllowed):
        services.panel_member_add(call=call, user=evaluator, actor=admin)


@pytest.mark.parametrize(
    ("scale", "threshold", "field"),
    [
        (0, 1, "scale_max"),
        (101, 1, "scale_max"),
        (10, 11, "disagreement_threshold"),
        (10, "-1", "disagreement_threshold"),
        (10, "abc", "scale_max"),
    ],
)
def test_bad_panel_settings_are_refused_by_field(public_body, approver, scale, threshold, field):
    call = published_call(public_body)
    with pytest.raises(ApplicationError) as exc:
        services.panel_configure(
            call=call, actor=approver, scale_max=scale, disagreement_threshold=threshold, blind_first_round=False
        )
    assert exc.value.field == field
    assert not verbs()


def test_only_active_evaluators_of_the_body_can_sit(public_body, approver, officer, outsider):
    call = published_call(public_body)
    for user in (officer, outsider):  # an officer without the evaluator role; someone of another organisation
        with pytest.raises(ApplicationError) as exc:
            services.panel_member_add(call=call, user=user, actor=approver)
        assert exc.value.message == str(services.MSG_NOT_EVALUATOR)


def test_a_member_of_a_supplier_is_refused_before_the_opening_and_of_an_applicant_after(
    make_scene, public_body, supplier_org, other_supplier_org, approver
):
    s = make_scene(opened=False)
    double = body_evaluator(public_body, "double@movilidad.gov.co")
    MembershipFactory(user=double, organisation=supplier_org, role=Membership.Role.MEMBER)
    with pytest.raises(ApplicationError) as exc:
        services.panel_member_add(call=s.call, user=double, actor=approver)
    assert exc.value.message == str(services.MSG_SUPPLIER_BEFORE_OPENING)  # says nothing about who applied
    open_now(s.call, approver)
    with pytest.raises(ApplicationError) as exc:
        services.panel_member_add(call=s.call, user=double, actor=approver)
    assert exc.value.message == str(services.MSG_MEMBER_OF_APPLICANT) % {"organisation": supplier_org.name}


def test_naming_twice_is_a_conflict_and_a_removed_evaluator_can_be_named_again(make_scene, approver, evaluator):
    s = make_scene(opened=False)
    with pytest.raises(Conflict):
        services.panel_member_add(call=s.call, user=evaluator, actor=approver)
    with pytest.raises(ApplicationError) as exc:
        services.panel_member_remove(member=s.seat, actor=approver, reason="  ")
    assert exc.value.field == "reason"
    services.panel_member_remove(member=s.seat, actor=approver, reason="Sick leave")
    assert PanelMember.objects.get(pk=s.seat.pk).status == PanelMember.Status.REMOVED
    again = services.panel_member_add(call=s.call, user=evaluator, actor=approver)
    assert again.pk == s.seat.pk
    assert again.status == PanelMember.Status.ACTIVE


# --- declarations ---


def test_nothing_to_declare_before_the_opening(make_scene):
    s = make_scene(opened=False)
    with pytest.raises(Conflict) as exc:
        declare(s.seat, s.mine)
    assert exc.value.message == str(services.MSG_NOT_OPENED)


def test_a_declaration_is_signed_once_and_audited(make_scene, evaluator):
    s = make_scene()
    declaration = declare(s.seat, s.mine)
    assert declaration.signed_at
    assert not declaration.conflict
    with pytest.raises(Conflict) as exc:
        declare(s.seat, s.mine, conflict=True, statement="changed my mind")
    assert exc.value.message == str(services.MSG_ALREADY_SIGNED)
    assert Declaration.objects.get(pk=declaration.pk).conflict is False
    event = AuditEvent.objects.get(verb="evaluation.declare")
    assert event.actor_id == evaluator.pk
    assert event.after["conflict"] is False


def test_a_recusal_needs_a_statement_and_hides_the_applicant(make_scene, evaluator):
    s = make_scene()
    with pytest.raises(ApplicationError) as exc:
        declare(s.seat, s.theirs, conflict=True)
    assert exc.value.field == "statement"
    assert not Declaration.objects.exists()
    declare(s.seat, s.theirs, conflict=True, statement="I advised them last year")
    declare(s.seat, s.mine)
    assert list(selectors.applications_for_evaluator(evaluator, s.call)) == [s.mine]


def test_only_the_evaluator_signs_for_themselves(make_scene, approver):
    s = make_scene()
    with pytest.raises(NotAllowed):
        services.declaration_sign(member=s.seat, application=s.mine, actor=approver, conflict=False)


def test_a_member_of_an_applicant_must_recuse(make_scene, supplier_org):
    s = make_scene()
    MembershipFactory(user=s.seat.user, organisation=supplier_org, role=Membership.Role.MEMBER)
    with pytest.raises(ApplicationError) as exc:
        declare(s.seat, s.mine)
    assert exc.value.field == "conflict"
    declare(s.seat, s.mine, conflict=True, statement="I work there")


def test_an_application_of_another_call_or_a_draft_is_not_declarable(
    make_scene, public_body, supplier_org, supplier_owner
):
    s = make_scene()
    other_call = published_call(public_body)
    elsewhere = make_application(other_call, supplier_org, by=supplier_owner)
    with pytest.raises(ApplicationError) as exc:
        declare(s.seat, elsewhere)
    assert exc.value.field == "application"


# --- scores ---


def test_scoring_needs_a_no_conflict_declaration(make_scene):
    s = make_scene()
    with pytest.raises(Conflict) as exc:
        score_all(s, s.seat, s.mine, {"innovation": 5})
    assert exc.value.message == str(services.MSG_DECLARE_FIRST)
    declare(s.seat, s.theirs, conflict=True, statement="Family")
    with pytest.raises(NotAllowed) as exc:
        score_all(s, s.seat, s.theirs, {"innovation": 5})
    assert exc.value.message == str(services.MSG_RECUSED)
    assert not Score.objects.exists()


@pytest.mark.parametrize("value", [-1, "10.01", 11, "7.123", "nan", "Infinity", "x", True])
def test_a_score_outside_the_scale_is_refused(make_scene, value):
    s = make_scene()
    declare(s.seat, s.mine)
    with pytest.raises(ApplicationError) as exc:
        score_all(s, s.seat, s.mine, {"innovation": value})
    assert exc.value.field == "score"
    assert exc.value.message == str(services.MSG_SCORE_RANGE) % {"max": 10}
    assert not Score.objects.exists()


def test_a_score_needs_a_justification_and_a_known_criterion(make_scene):
    s = make_scene()
    declare(s.seat, s.mine)
    with pytest.raises(ApplicationError) as exc:
        services.score_record(
            member=s.seat, application=s.mine, criterion="innovation", score=5, justification="  ", actor=s.seat.user
        )
    assert exc.value.field == "justification"
    with pytest.raises(ApplicationError) as exc:
        score_all(s, s.seat, s.mine, {"beauty": 5})
    assert exc.value.field == "criterion"


def test_scores_are_editable_until_submitted_then_final(make_scene, approver):
    s = make_scene()
    declare(s.seat, s.mine)
    with pytest.raises(ApplicationError) as exc:
        services.evaluation_submit(member=s.seat, actor=s.seat.user)
    assert exc.value.extra == {"declarations_missing": 1, "scores_missing": 4}
    declare(s.seat, s.theirs, conflict=True, statement="Family")
    score_all(s, s.seat, s.mine, {"innovation": 5, "price": 6})
    score_all(s, s.seat, s.mine, {"innovation": "7.5"})  # changed
    assert Score.objects.get(criterion="innovation").score == Decimal("7.5")
    assert AuditEvent.objects.filter(verb="evaluation.score").order_by("pk").last().before["score"] == "5.00"
    services.evaluation_submit(member=s.seat, actor=s.seat.user)
    with pytest.raises(Conflict) as exc:
        score_all(s, s.seat, s.mine, {"innovation": 9})
    assert exc.value.message == str(services.MSG_SUBMITTED)
    services.evaluation_reopen(member=s.seat, actor=approver, reason="Complaint upheld")
    score_all(s, s.seat, s.mine, {"innovation": 9})
    assert Score.objects.get(criterion="innovation").score == 9


def test_nothing_changes_after_the_decision(make_scene):
    s = make_scene()
    declare(s.seat, s.mine)
    Call.objects.filter(pk=s.call.pk).update(status=Call.Status.AWARDED)
    s.seat.panel.call.refresh_from_db()
    with pytest.raises(Conflict) as exc:
        score_all(s, s.seat, s.mine, {"innovation": 5})
    assert exc.value.message == str(services.MSG_DECIDED)


def test_a_removed_evaluator_can_no_longer_score(make_scene, approver):
    s = make_scene()
    declare(s.seat, s.mine)
    services.panel_member_remove(member=s.seat, actor=approver, reason="Left the body")
    with pytest.raises(NotAllowed):
        score_all(s, s.seat, s.mine, {"innovation": 5})


# --- progress, blind round, ranking ---


def test_progress_says_what_is_left(make_scene):
    s = make_scene()
    progress = selectors.panel_progress(s.seat.panel)[0]
    assert (progress.declarations_missing, progress.scores_missing) == (2, 4)
    declare(s.seat, s.mine)
    declare(s.seat, s.theirs, conflict=True, statement="Family")
    score_all(s, s.seat, s.mine, {"innovation": 5})
    progress = selectors.panel_progress(s.seat.panel)[0]
    assert (progress.declarations_missing, progress.scores_missing, progress.recused) == (0, 1, 1)
    assert not progress.complete


def test_the_blind_round_ends_by_itself_when_the_last_score_is_in(make_scene, public_body, approver):
    s = make_scene(blind_first_round=True)
    second = services.panel_member_add(
        call=s.call, user=body_evaluator(public_body, "e2@movilidad.gov.co"), actor=approver
    )
    for seat in (s.seat, second):
        declare(seat, s.mine)
        declare(seat, s.theirs)
    score_all(s, s.seat, s.mine, {"innovation": 5, "price": 5})
    score_all(s, s.seat, s.theirs, {"innovation": 5, "price": 5})
    score_all(s, second, s.mine, {"innovation": 5, "price": 5})
    score_all(s, second, s.theirs, {"innovation": 5})
    s.seat.panel.refresh_from_db()
    assert selectors.names_hidden(s.seat.panel)
    score_all(s, second, s.theirs, {"price": 5})
    s.seat.panel.refresh_from_db()
    assert not selectors.names_hidden(s.seat.panel)
    event = AuditEvent.objects.get(verb="evaluation.names_reveal")
    assert event.after["automatic"] is True


def test_the_approver_may_end_the_blind_round_early_with_a_reason(make_scene, approver, officer):
    s = make_scene(blind_first_round=True)
    with pytest.raises(NotAllowed):
        services.panel_reveal_names(call=s.call, actor=officer, reason="now")
    with pytest.raises(ApplicationError):
        services.panel_reveal_names(call=s.call, actor=approver, reason="")
    services.panel_reveal_names(call=s.call, actor=approver, reason="An evaluator is on leave")
    with pytest.raises(Conflict):
        services.panel_reveal_names(call=s.call, actor=approver, reason="again")
    assert AuditEvent.objects.get(verb="evaluation.names_reveal").after["automatic"] is False


def test_the_scale_and_blind_round_lock_once_scoring_starts_but_the_threshold_does_not(make_scene, approver):
    s = make_scene()
    declare(s.seat, s.mine)
    score_all(s, s.seat, s.mine, {"innovation": 5})
    with pytest.raises(Conflict):
        services.panel_configure(
            call=s.call, actor=approver, scale_max=5, disagreement_threshold=2, blind_first_round=False
        )
    services.panel_configure(
        call=s.call, actor=approver, scale_max=10, disagreement_threshold=1, blind_first_round=False
    )


def test_the_ranking_orders_by_weighted_total_and_flags_disagreement(make_scene, public_body, approver):
    s = make_scene(disagreement_threshold="2")
    second = services.panel_member_add(
        call=s.call, user=body_evaluator(public_body, "e2@movilidad.gov.co"), actor=approver
    )
    for seat in (s.seat, second):
        declare(seat, s.mine)
        declare(seat, s.theirs)
    score_all(s, s.seat, s.mine, {"innovation": 4, "price": 10})
    score_all(s, second, s.mine, {"innovation": 4, "price": 10})  # 60*0.4 + 40*1 = 64
    score_all(s, s.seat, s.theirs, {"innovation": 9, "price": 5})
    score_all(s, second, s.theirs, {"innovation": 5, "price": 5})  # 60*0.7 + 40*0.5 = 62, innovation spread 4
    rows = selectors.ranking(s.call)
    assert [r.application for r in rows] == [s.mine, s.theirs]
    assert [r.total for r in rows] == [Decimal("64.00"), Decimal("62.00")]
    assert rows[0].flagged == []
    assert rows[1].flagged == ["innovation"]
    assert rows[1].per_criterion["innovation"] == Decimal("7.00")
    assert all(r.complete for r in rows)
    assert selectors.panel_complete(s.seat.panel)
    # the same ranking without reading the applicants: ids only, read later for the rows a page shows
    light = selectors.ranking(s.call, attach=False)
    assert [(r.application_id, r.total, r.flagged) for r in light] == [
        (a.pk, r.total, r.flagged) for a, r in zip([s.mine, s.theirs], rows, strict=True)
    ]
    with pytest.raises(LookupError):
        light[0].application  # noqa: B018 (reading it is the point)
    selectors.attach_applications(light[:1])
    assert light[0].application == s.mine
    assert light[0].application.supplier.name == s.mine.supplier.name
    assert not light[1].attached


def test_a_recusal_lowers_what_is_expected_and_a_missing_score_leaves_the_row_incomplete(
    make_scene, public_body, approver
):
    """Completeness counts the evaluators who did not recuse: the ranking's rows and the panel's progress agree."""
    s = make_scene()
    second = services.panel_member_add(
        call=s.call, user=body_evaluator(public_body, "e2@movilidad.gov.co"), actor=approver
    )
    declare(s.seat, s.mine)
    declare(s.seat, s.theirs)
    declare(second, s.mine)
    declare(second, s.theirs, conflict=True, statement="Fui socio de esta empresa")
    score_all(s, s.seat, s.mine, {"innovation": 4, "price": 10})
    score_all(s, s.seat, s.theirs, {"innovation": 9, "price": 5})
    score_all(s, second, s.mine, {"innovation": 6})  # price still to score
    rows = {r.application_id: r for r in selectors.ranking(s.call, attach=False)}
    assert rows[s.theirs.pk].complete  # one evaluator recused: one score per criterion is all that is expected
    assert not rows[s.mine.pk].complete
    assert rows[s.mine.pk].per_criterion == {"innovation": Decimal("5.00"), "price": Decimal("10.00")}
    progress = {p.member.pk: p for p in selectors.panel_progress(s.seat.panel)}
    assert (progress[second.pk].recused, progress[second.pk].scores_missing) == (1, 1)
    assert progress[s.seat.pk].complete
    assert not selectors.panel_complete(s.seat.panel)

    score_all(s, second, s.mine, {"price": 8})
    rows = {r.application_id: r for r in selectors.ranking(s.call, attach=False)}
    assert rows[s.mine.pk].complete
    assert rows[s.theirs.pk].complete
    assert selectors.panel_complete(s.seat.panel)


def test_a_disqualified_application_is_not_evaluated(make_scene):
    s = make_scene()
    Application.objects.filter(pk=s.theirs.pk).update(status=Application.Status.DISQUALIFIED)
    assert list(selectors.evaluated_applications(s.call)) == [s.mine]
    with pytest.raises(ApplicationError):
        declare(s.seat, s.theirs)
