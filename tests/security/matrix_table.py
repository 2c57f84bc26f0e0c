"""What every route answers every persona: the expectations of ``test_generated_matrix``.

One entry per route, keyed by URL name (``"route:<pattern>"`` for the few nameless ones); a dict of rows when
one route is tried on several objects (a draft call next to an open one; one's own application next to
another supplier's). ``expect(ok, other=..., anon=..., persona=...)`` spells a row: the personas in ``ok``
get 200, the other signed-in personas ``other`` (403 unless said), the anonymous ``anon`` (``LOGIN``: a
page's redirect to log in; 401 on the API), with per-persona exceptions. ``write`` names who may POST (and
PATCH/DELETE on the API); every other persona is tried and must be refused without any change.

The world (``matrix_world``): the officer, evaluator and approver belong to the public body; supplier_owner
and supplier_member to a supplier with a submitted, still sealed application on a call past its deadline;
another supplier has one there too; an opened and awarded call has both suppliers' applications, a decision,
an award, a milestone and a complaint; the outsider owns an unrelated supplier organisation (no profile).

The rows the issues single out: ``applications:detail`` / ``application-detail`` (another supplier's
application is 404 to supplier_owner; a sealed one is 404 to the body's officers before the opening),
``procurement:call`` / ``call-detail`` (a draft call is 404 to suppliers, outsiders and the anonymous),
``recommendations:assessment`` / ``assessment-detail`` (a private assessment is 404 to everyone outside the
body), ``recommendations:curation*``, ``audit:*``, ``startups:moderation``, ``bodies:queue`` and ``admin:*``
(403 to non-staff, or the admin's log-in page).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tests.conftest import PERSONAS

LOGIN = "login"  # a page sends the anonymous visitor to log in (302 to /accounts/login/?next=...)


@dataclass(frozen=True)
class Row:
    get: dict[str, Any]  # persona -> what GET answers
    write: frozenset[str] | None = None  # who may POST/PATCH/DELETE (not tried); default: who GETs 200
    args: dict[str, str] = field(default_factory=dict)  # parameter -> world attribute ("draft_call.pk")
    html: bool = False  # an API route that serves a page (the API docs): asked without Accept: JSON

    def writers(self) -> frozenset[str]:
        if self.write is not None:
            return self.write
        return frozenset(p for p, status in self.get.items() if status == 200)


def rows_of(key: str) -> list[tuple[str, Row]]:
    entry = TABLE.get(key)
    if entry is None:
        return [("", Row(get={}))]
    if isinstance(entry, Row):
        return [("", entry)]
    return [(f"[{label}]", row) for label, row in entry.items()]


def expect(
    ok: Iterable[str] | str, *, other: Any = 403, anon: Any = LOGIN, status: Any = 200, **each: Any
) -> dict[str, Any]:
    allowed = set(ok.split()) if isinstance(ok, str) else set(ok)
    out = {p: (status if p in allowed else other) for p in PERSONAS}
    if "anonymous" not in allowed:
        out["anonymous"] = anon
    return out | each


def W(names: str) -> frozenset[str]:
    return frozenset(names.split())


ALL = " ".join(PERSONAS)
SIGNED_IN = " ".join(p for p in PERSONAS if p != "anonymous")
EVERYONE = W(ALL)  # as ``write``: everyone may POST there (public forms, redirects)


# fmt: off
TABLE: dict[str, Row | dict[str, Row]] = {
    'about': Row(expect(ALL)),
    'account_change_password': Row(expect(SIGNED_IN)),
    'account_confirm_email': Row(expect(ALL)),  # with an invalid key: the 'bad link' page
    'account_confirm_login_code': Row(expect('', other=302), write=W(SIGNED_IN)),
    'account_confirm_reauthentication_code': Row(expect('', other=302), write=W(SIGNED_IN)),
    'account_email': Row(expect(SIGNED_IN)),
    'account_email_verification_sent': Row(expect(ALL)),
    'account_inactive': Row(expect(ALL)),
    'account_login': Row(expect('anonymous', other=302), write=EVERYONE),
    'account_logout': Row(expect(SIGNED_IN, anon=302), write=EVERYONE),
    'account_reauthenticate': Row(expect(SIGNED_IN)),
    'account_request_reauthentication_code': Row(expect(SIGNED_IN)),
    'account_reset_password': Row(expect(ALL)),
    'account_reset_password_done': Row(expect(ALL)),
    'account_reset_password_from_key': Row(expect(ALL)),  # with an invalid key: the 'bad link' page
    'account_reset_password_from_key_done': Row(expect(ALL)),
    'account_set_password': Row(expect('', other=302), write=W(SIGNED_IN)),
    'account_signup': Row(expect('anonymous', other=302), write=EVERYONE),
    'accounts:delete': Row(expect(SIGNED_IN)),
    'accounts:personal_data': Row(expect(SIGNED_IN)),
    'accounts:legal_accept': Row(expect('', other=302), write=W(SIGNED_IN)),  # nothing new to accept: back to where they were
    'accounts:legal_text': Row(expect(ALL), write=frozenset()),  # public; GET only
    'accounts:legal_withdraw': Row(expect(SIGNED_IN)),  # POST records the withdrawal (their own consent)
    'accounts:personal_data_download': Row(expect('', other=405, anon=405), write=W(SIGNED_IN)),
    'admin:accounts_legaltext_add': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:accounts_legaltext_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),  # published: read-only
    'admin:accounts_legaltext_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:accounts_legaltext_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),  # a published text is never deleted
    'admin:accounts_legaltext_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:accounts_membershipevent_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:accounts_membershipevent_change': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403)),
    'admin:accounts_membershipevent_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:accounts_membershipevent_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:accounts_membershipevent_history': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'admin:account_emailaddress_add': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:account_emailaddress_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:account_emailaddress_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:account_emailaddress_delete': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:account_emailaddress_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:app_list': Row(expect('admin', other=LOGIN, editor=404, publisher=404, auditor=404)),
    'admin:applications_application_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:applications_application_change': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403)),
    'admin:applications_application_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:applications_application_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:applications_application_history': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'admin:applications_callopening_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:applications_callopening_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:applications_callopening_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:applications_callopening_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:applications_callopening_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:applications_outcomedeclaration_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:applications_outcomedeclaration_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:applications_outcomedeclaration_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:applications_outcomedeclaration_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:applications_outcomedeclaration_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:applications_submissionreceipt_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:applications_submissionreceipt_change': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403)),
    'admin:applications_submissionreceipt_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:applications_submissionreceipt_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:applications_submissionreceipt_history': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'admin:audit_auditevent_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:audit_auditevent_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:audit_auditevent_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:audit_auditevent_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:audit_auditevent_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:auth_group_add': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:auth_group_change': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:auth_group_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:auth_group_delete': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:auth_group_history': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'admin:autocomplete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:awards_award_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:awards_award_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:awards_award_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:awards_award_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:awards_award_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:awards_complaint_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:awards_complaint_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:awards_complaint_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:awards_complaint_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:awards_complaint_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:awards_decision_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:awards_decision_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:awards_decision_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:awards_decision_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:awards_decision_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:awards_milestone_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:awards_milestone_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:awards_milestone_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:awards_milestone_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:awards_milestone_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_declaration_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_declaration_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_declaration_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_declaration_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_declaration_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_panel_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_panel_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_panel_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_panel_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_panel_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_panelmember_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_panelmember_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_panelmember_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_panelmember_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_panelmember_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_score_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_score_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_score_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_score_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:evaluation_score_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:index': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:jsi18n': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:login': Row(expect('officer evaluator approver supplier_owner supplier_member outsider anonymous', other=302), write=EVERYONE),
    'admin:logout': Row(expect('', other=302, anon=302, admin=405, editor=405, publisher=405, auditor=405), write=EVERYONE),
    'admin:mfa_authenticator_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),  # secrets are never typed into the admin
    'admin:mfa_authenticator_change': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:mfa_authenticator_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:mfa_authenticator_delete': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:mfa_authenticator_history': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'admin:ocds_redflagthreshold_add': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:ocds_redflagthreshold_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:ocds_redflagthreshold_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:ocds_redflagthreshold_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),  # removed from the change form, with a reason
    'admin:ocds_redflagthreshold_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:ocds_redflagthresholdchange_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:ocds_redflagthresholdchange_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403), write=frozenset()),  # read-only
    'admin:ocds_redflagthresholdchange_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:ocds_redflagthresholdchange_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:ocds_redflagthresholdchange_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_notification_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:notifications_notification_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_notification_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_notification_delete': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_notification_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_preference_add': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_preference_change': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:notifications_preference_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_preference_delete': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:notifications_preference_history': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'admin:notifications_savedsearch_add': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_savedsearch_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_savedsearch_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_savedsearch_delete': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_savedsearch_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_webhookdelivery_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:notifications_webhookdelivery_change': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:notifications_webhookdelivery_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_webhookdelivery_delete': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:notifications_webhookdelivery_history': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'admin:notifications_webhooksubscription_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),  # fixed: the add form was a 500
    'admin:notifications_webhooksubscription_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_webhooksubscription_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_webhooksubscription_delete': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:notifications_webhooksubscription_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:password_change': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:password_change_done': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:procurement_bodyinvitation_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:procurement_bodyinvitation_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:procurement_bodyinvitation_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:procurement_bodyinvitation_delete': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:procurement_bodyinvitation_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:procurement_publicbody_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:procurement_publicbody_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:procurement_publicbody_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:procurement_publicbody_delete': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:procurement_publicbody_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:recommendations_assessment_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:recommendations_assessment_change': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:recommendations_assessment_changelist': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:recommendations_assessment_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:recommendations_assessment_history': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:recommendations_instrument_add': Row(expect('admin editor', other=LOGIN, publisher=403, auditor=403)),
    'admin:recommendations_instrument_change': Row(expect('admin editor publisher auditor', other=LOGIN)),  # fixed: a 500 for publisher and auditor (read-only)
    'admin:recommendations_instrument_changelist': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:recommendations_instrument_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:recommendations_instrument_history': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:recommendations_lineofaction_add': Row(expect('admin editor', other=LOGIN, publisher=403, auditor=403)),
    'admin:recommendations_lineofaction_change': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:recommendations_lineofaction_changelist': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:recommendations_lineofaction_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:recommendations_lineofaction_history': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:recommendations_practicelink_add': Row(expect('admin editor', other=LOGIN, publisher=403, auditor=403)),
    'admin:recommendations_practicelink_change': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor')),
    'admin:recommendations_practicelink_changelist': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:recommendations_practicelink_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:recommendations_practicelink_history': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'admin:recommendations_recommendation_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:recommendations_recommendation_change': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:recommendations_recommendation_changelist': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:recommendations_recommendation_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:recommendations_recommendation_history': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:recommendations_recommendationversion_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:recommendations_recommendationversion_change': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:recommendations_recommendationversion_changelist': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:recommendations_recommendationversion_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:recommendations_recommendationversion_history': Row(expect('admin editor publisher auditor', other=LOGIN)),
    'admin:socialaccount_socialaccount_add': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:socialaccount_socialaccount_change': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:socialaccount_socialaccount_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:socialaccount_socialaccount_delete': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:socialaccount_socialaccount_history': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'admin:socialaccount_socialapp_add': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:socialaccount_socialapp_change': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:socialaccount_socialapp_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:socialaccount_socialapp_delete': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:socialaccount_socialapp_history': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'admin:socialaccount_socialtoken_add': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:socialaccount_socialtoken_change': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:socialaccount_socialtoken_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:socialaccount_socialtoken_delete': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:socialaccount_socialtoken_history': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'admin:startups_compliancedocument_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:startups_compliancedocument_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_compliancedocument_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_compliancedocument_delete': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_compliancedocument_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_cpvcode_add': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_cpvcode_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_cpvcode_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_cpvcode_delete': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_cpvcode_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_importjob_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:startups_importjob_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_importjob_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_importjob_delete': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_importjob_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_sanction_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:startups_sanction_change': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:startups_sanction_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_sanction_delete': Row(expect('', other=LOGIN, admin=302, editor=403, publisher=403, auditor=403), write=W('admin')),
    'admin:startups_sanction_history': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'admin:startups_sector_add': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_sector_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_sector_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_sector_delete': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_sector_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_supplier_add': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:startups_supplier_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_supplier_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_supplier_delete': Row(expect('', other=LOGIN, admin=403, editor=403, publisher=403, auditor=403)),
    'admin:startups_supplier_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_technology_add': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_technology_change': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_technology_changelist': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_technology_delete': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:startups_technology_history': Row(expect('admin', other=LOGIN, editor=403, publisher=403, auditor=403)),
    'admin:view_on_site': Row(expect('', other=LOGIN, admin=404, editor=404, publisher=404, auditor=404)),
    'api-audit-event': Row(expect('admin auditor', anon=401)),
    'api-audit-events': Row(expect('admin auditor', anon=401)),
    'api-docs': Row(expect(ALL), html=True),
    'api-me': Row(expect(SIGNED_IN, anon=401)),
    'api-redoc': Row(expect(ALL), html=True),
    'api-root': Row(expect(ALL)),
    'api-schema': Row(expect(ALL)),
    'api-token-revoke': Row(expect('', other=405, anon=403), write=W('supplier_owner')),  # session only, as above
    'api-tokens': Row(expect(SIGNED_IN, anon=403)),  # session only (a token cannot manage tokens): DRF answers the anonymous 403
    'application-partner-request-list': Row(expect(SIGNED_IN, anon=401)),
    'application-partner-request-respond': Row(expect('', other=405, anon=401)),
    'application-detail': {
        'mine, sealed': Row(expect('supplier_owner supplier_member', other=404, anon=401)),
        'theirs, sealed': Row(expect('', other=404, anon=401), args={'pk': 'theirs.pk'}),
        'theirs, opened': Row(expect('officer evaluator approver', other=404, anon=401), args={'pk': 'lost.pk'}),
    },
    'application-eligibility': Row(expect('supplier_owner supplier_member', other=404, anon=401)),
    'application-file': Row(expect('supplier_owner supplier_member', other=404, anon=401)),
    'application-files': Row(expect('supplier_owner supplier_member', other=404, anon=401)),
    'application-list': Row(expect(SIGNED_IN, anon=401)),
    'application-receipts': Row(expect('supplier_owner supplier_member', other=404, anon=401)),
    'application-submit': Row(expect('', other=405, anon=401), write=W('supplier_owner supplier_member')),
    'application-withdraw': Row(expect('', other=405, anon=401), write=W('supplier_owner supplier_member')),
    'applications:detail': {
        # supplier_owner's application on a call past its deadline, not yet opened: sealed, so 404 to the body's
        # officers and approvers too, not only to other suppliers
        'mine, sealed': Row(expect('supplier_owner supplier_member', other=404)),
        # another supplier's: 404 to supplier_owner and supplier_member
        'theirs, sealed': Row(expect('', other=404), args={'pk': 'theirs.pk'}),
        # after the opening the body reads it; the other supplier's still 404 to supplier_owner
        'theirs, opened': Row(expect('officer evaluator approver', other=404), args={'pk': 'lost.pk'}),
    },
    'applications:edit': Row(expect('', other=404, supplier_owner=302, supplier_member=302), write=W('supplier_owner supplier_member')),
    'applications:file': Row(expect('supplier_owner supplier_member', other=404)),
    'applications:file_remove': Row(expect('', other=405), write=W('supplier_owner supplier_member')),
    'applications:files': Row(expect('', other=405), write=W('supplier_owner supplier_member')),
    'applications:mine': Row(expect(SIGNED_IN)),
    'applications:partner-requests': Row(expect(SIGNED_IN)),  # POST without a pending request: 404
    'applications:open': Row(expect('', other=405), write=W('officer approver')),
    'applications:receipt': Row(expect('supplier_owner supplier_member', other=404)),
    # the receipt as a PDF: the applicant's members only (the body never, even after the opening)
    'applications:receipt_pdf': Row(expect('supplier_owner supplier_member', other=404)),
    'applications:review': Row(expect('supplier_owner supplier_member', other=404)),
    'applications:received': Row(expect('officer approver')),
    # the outsider owns a supplier organisation (no profile yet): it may start a draft; the others get 403
    'applications:start': Row(expect('admin editor publisher auditor officer evaluator approver outsider', other=302), write=W('supplier_owner supplier_member outsider')),
    'applications:submit': Row(expect('', other=405), write=W('supplier_owner supplier_member')),
    'applications:withdraw': Row(expect('', other=405), write=W('supplier_owner supplier_member')),
    'assessment-detail': {
        'ours, private': Row(expect('officer evaluator approver', other=404, anon=404)),
        'other body, private': Row(expect('', other=404, anon=404), args={'slug': 'other_body.slug'}),
    },
    'assessment-list': Row(expect(ALL)),
    'audit:event': Row(expect('admin auditor')),
    'audit:events': Row(expect('admin auditor')),
    'audit:export': Row(expect('admin auditor')),
    'award-became-contract': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'award-detail': Row(expect(ALL)),
    'award-list': Row(expect(ALL)),
    'award-milestones': Row(expect('admin auditor officer approver supplier_owner supplier_member', other=404, anon=401)),
    'award-sign': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'awards:award': Row(expect('admin auditor officer approver supplier_owner supplier_member', other=404)),
    'awards:award_action': Row(expect('', other=405), write=W('officer approver')),
    'awards:complaint': Row(expect('admin auditor officer approver', other=404)),
    'awards:complaint_document': Row(expect('admin auditor officer approver', other=404)),
    'awards:debrief': Row(expect('supplier_owner supplier_member', other=404)),
    'awards:decide': Row(expect('approver')),
    'awards:decision': Row(expect('admin auditor officer approver', other=404)),
    'awards:milestone_status': Row(expect('', other=405), write=W('officer approver')),
    'awards:public': Row(expect(ALL)),
    'awards:report': Row(expect('admin auditor officer approver', other=404)),
    'bodies:detail': Row(expect(ALL)),
    'bodies:directory': Row(expect(ALL)),
    'bodies:invitation': Row(expect(SIGNED_IN)),
    'bodies:logo': Row(expect('', other=404, anon=404)),  # the world's body has no logo
    'bodies:members': Row(expect('approver')),  # site roles manage no body
    'bodies:propose': Row(expect(SIGNED_IN)),
    'bodies:queue': Row(expect('admin')),
    'call-amendments': Row(expect(ALL)),
    'call-answer': Row(expect('', other=405, anon=401), write=W('officer approver')),  # 403 to the others (fixed: was 400)
    'call-applications': Row(expect('officer approver', anon=401)),
    'call-applications-open': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'call-approve': Row(expect('', other=405, anon=401), write=W('approver')),
    'call-cancel': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'call-close': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'call-declare-unsuccessful': Row(expect('', other=405, anon=401), write=W('approver')),
    'call-detail': {
        'open': Row(expect(ALL)),
        'draft': Row(expect('admin officer evaluator approver', other=404, anon=404), args={'pk': 'draft_call.pk'}),
    },
    'call-follow': Row(expect('', other=405, anon=401), write=W(SIGNED_IN)),
    'call-list': Row(expect(ALL)),
    'call-questions': Row(expect(ALL)),
    'call-reject': Row(expect('', other=405, anon=401), write=W('officer approver')),  # 403 to the others (fixed: was 400)
    'call-return-to-draft': Row(expect('', other=405, anon=401), write=W('approver')),
    'call-start-evaluation': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'call-submit': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'call-suggested-supplier-invite': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'call-suggested-suppliers': Row(expect('officer approver', anon=401)),
    'call-unfollow': Row(expect('', other=405, anon=401), write=W(SIGNED_IN)),
    'challenge-close': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'challenge-detail': {
        'published': Row(expect(ALL)),
        'draft': Row(expect('admin officer evaluator approver', other=404, anon=404), args={'pk': 'draft_challenge.pk'}),
    },
    'challenge-list': Row(expect(ALL)),
    'challenge-publish': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'challenge-similar': Row(expect('officer approver', anon=401)),
    'challenge-suggested-supplier-invite': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'challenge-suggested-suppliers': Row(expect('officer approver', anon=401)),
    'complaint-answer': Row(expect('', other=405, anon=401), write=W('officer approver')),  # auditor 403 (fixed: was 400)
    'complaint-detail': Row(expect('admin auditor officer approver', other=404, anon=401)),
    'complaint-list': Row(expect(SIGNED_IN, anon=401)),
    'cpv-code-detail': Row(expect(ALL)),
    'cpv-code-list': Row(expect(ALL)),
    'decision-detail': Row(expect('admin auditor officer approver', other=404, anon=401)),
    'decision-list': Row(expect(SIGNED_IN, anon=401)),
    'evaluation-application': Row(expect('evaluator', anon=401)),
    'evaluation-declarations': Row(expect('', other=405, anon=401), write=W('evaluator')),
    'evaluation-detail': Row(expect('evaluator', anon=401)),
    'evaluation-list': Row(expect(SIGNED_IN, anon=401)),
    'evaluation-members': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'evaluation-panel': Row(expect('officer approver', anon=401)),
    'evaluation-ranking': Row(expect('officer approver', anon=401)),
    'evaluation-remove-member': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'evaluation-reopen-member': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'evaluation-reveal': Row(expect('', other=405, anon=401), write=W('officer approver')),
    'evaluation-scores': Row(expect('', other=405, anon=401), write=W('evaluator')),
    'evaluation-submit': Row(expect('', other=405, anon=401), write=W('evaluator')),
    'evaluation:application': Row(expect('evaluator')),
    'evaluation:assignments': Row(expect(SIGNED_IN)),
    'evaluation:board': Row(expect('officer approver')),
    'evaluation:board_member_add': Row(expect('', other=405), write=W('officer approver')),
    'evaluation:board_member_remove': Row(expect('', other=405), write=W('officer approver')),
    'evaluation:board_member_reopen': Row(expect('', other=405), write=W('officer approver')),
    'evaluation:board_reveal': Row(expect('', other=405), write=W('officer approver')),
    'evaluation:board_settings': Row(expect('', other=405), write=W('officer approver')),
    'evaluation:call': Row(expect('evaluator')),
    'evaluation:declare': Row(expect('', other=405), write=W('evaluator')),
    'evaluation:submit': Row(expect('', other=405), write=W('evaluator')),
    'healthz': Row(expect(ALL)),
    'home': Row(expect(ALL)),
    'indicator-detail': Row(expect(ALL)),
    'indicator-list': Row(expect(ALL)),
    'instrument-detail': Row(expect(ALL)),
    'instrument-list': Row(expect(ALL)),
    'match-detail': Row(expect('supplier_owner supplier_member', other=404, anon=401)),
    'match-dismiss': Row(expect('', other=405, anon=401), write=W('supplier_owner supplier_member')),
    'match-list': Row(expect(SIGNED_IN, anon=401)),
    'matching:call_invite': Row(expect('', other=405), write=W('officer approver')),
    'matching:call_suggestions': Row(expect('officer approver')),
    'matching:challenge_invite': Row(expect('', other=405), write=W('officer approver')),
    'matching:challenge_suggestions': Row(expect('officer approver')),
    'matching:dismiss': Row(expect('', other=405), write=W('supplier_owner supplier_member')),
    'matching:recommended': Row(expect(SIGNED_IN)),
    'membership-decision': Row(expect('', other=405, anon=401), write=W('admin supplier_owner supplier_member')),  # 404 to the others (fixed: was 400)
    'membership-detail': Row(expect('admin supplier_owner supplier_member', other=404, anon=401)),
    'membership-admin-remove': Row(expect('', other=403, anon=401, admin=405), write=W('admin')),  # administrators only, refused first; 400 without a reason
    'membership-reinstate': Row(expect('', other=405, anon=401), write=W('supplier_owner')),  # the owners take a member back (409: not suspended)
    'membership-suspend': Row(expect('', other=403, anon=401, admin=405), write=W('admin')),  # administrators only, refused first; 400 without a reason
    'membership-join': Row(expect('', other=405, anon=401), write=W(SIGNED_IN)),
    'membership-list': Row(expect(SIGNED_IN, anon=401)),
    'membership-respond': Row(expect('', other=405, anon=401), write=W('admin supplier_owner supplier_member')),  # 404 to the others (fixed: was 400)
    'membership-role': Row(expect('', other=405, anon=401), write=W('admin supplier_owner supplier_member')),  # 404 to the others (fixed: was 400)
    'metrics': Row(expect('', other=404, anon=404)),  # 404: metrics are off without METRICS_TOKEN
    'mfa_activate_totp': Row(expect('', other=302), write=W(SIGNED_IN)),
    'mfa_authenticate': Row(expect('', other=302), write=W(SIGNED_IN)),
    'mfa_deactivate_totp': Row(expect('', other=404)),
    'mfa_download_recovery_codes': Row(expect('', other=404)),
    'mfa_generate_recovery_codes': Row(expect('', other=302), write=W(SIGNED_IN)),
    'mfa_index': Row(expect(SIGNED_IN)),
    'mfa_reauthenticate': Row(expect('', other=302), write=W(SIGNED_IN)),
    'mfa_view_recovery_codes': Row(expect('', other=404)),
    'milestone-set-status': Row(expect('', other=405, anon=401), write=W('officer approver')),  # supplier, auditor 403 (fixed: was 400)
    'notifications-inbox': Row(expect(SIGNED_IN, anon=401)),
    'notifications-preferences': Row(expect(SIGNED_IN, anon=401)),
    'notifications-read': Row(expect('', other=405, anon=401), write=W('supplier_owner')),
    'notifications-read-all': Row(expect('', other=405, anon=401), write=W(SIGNED_IN)),
    'notifications-unread-count': Row(expect(SIGNED_IN, anon=401)),
    'notifications-webhook': Row(expect('supplier_owner', other=404, anon=401)),
    'notifications-webhook-deliveries': Row(expect('supplier_owner', other=404, anon=401)),
    'notifications-webhooks': Row(expect(SIGNED_IN, anon=401)),
    'notifications:inbox': Row(expect(SIGNED_IN)),
    'notifications:needs_you': Row(expect(SIGNED_IN), write=frozenset()),  # each person's own tasks; GET only
    'notifications:open': Row(expect('', other=404, supplier_owner=302), write=W('supplier_owner')),
    'notifications:preferences': Row(expect(SIGNED_IN)),
    'notifications:read': Row(expect('', other=405), write=W('supplier_owner')),
    'notifications:read_all': Row(expect('', other=405), write=W(SIGNED_IN)),
    'notifications:saved_search_create': Row(expect(SIGNED_IN)),
    'notifications:saved_search_delete': Row(expect('', other=405), write=W('supplier_owner')),
    'notifications:saved_searches': Row(expect(SIGNED_IN)),
    'notifications:unsubscribe': Row(expect(ALL)),
    'notifications:webhook_create': Row(expect(SIGNED_IN)),
    'notifications:webhook_delete': Row(expect('', other=405), write=W('supplier_owner')),
    'notifications:webhook_detail': Row(expect('supplier_owner', other=404)),
    'notifications:webhooks': Row(expect(SIGNED_IN)),
    'ocds-bulk': Row(expect(ALL)),
    'ocds-extension': Row(expect(ALL)),
    'ocds-record': Row(expect('', other=404, anon=404)),  # nothing published to OCDS in the world (publication runs in the worker)
    'ocds-releases': Row(expect(ALL)),
    # Red flags: nothing computed in the world (the workers compute them), so the lists are empty for everyone
    # and a buyer's profile is 404; who sees what is tests/procurement/ocds/test_red_flags_*.py.
    'red-flags': Row(expect(ALL)),
    'red-flags-buyer': Row(expect('', other=404, anon=404)),
    'red-flags-buyers': Row(expect(ALL)),
    'red-flags-fences': Row(expect(ALL)),
    'red-flags-indicators': Row(expect(ALL)),
    'red-flags-process': Row(expect(ALL)),  # the awarded call is known: an empty list (none computed)
    'ocds:open_data': Row(expect(ALL)),
    # The red-flag pages: public, each showing what the person may see (RedFlagResult.visible_to); with nothing
    # computed in the world, a buyer has no public profile (404) and the dashboard and its CSV are empty.
    'ocds:red_flags_buyer': Row(expect('', other=404, anon=404)),
    'ocds:red_flags_buyers': Row(expect(ALL)),
    'ocds:red_flags_csv': Row(expect(ALL)),
    'ocds:red_flags_dashboard': Row(expect(ALL)),
    'ocds:red_flags_methodology': Row(expect(ALL)),
    'openid_connect_callback': Row(expect('', other=404, anon=404)),  # no identity provider configured
    'openid_connect_login': Row(expect('', other=404, anon=404)),  # no identity provider configured
    'procurement:apply': Row(expect(ALL)),
    'procurement:call': {
        'open': Row(expect(ALL)),
        # a draft call is the body's: 404 to everyone else, suppliers and the anonymous included
        'draft': Row(expect('admin officer evaluator approver', other=404, anon=404), args={'pk': 'draft_call.pk'}),
    },
    'procurement:call_document': Row(expect(ALL)),
    'procurement:call_ics': Row(expect(ALL)),
    'procurement:challenge': {
        'published': Row(expect(ALL)),
        # a draft challenge: 404 to everyone on the public page (the body works on it in its workspace)
        'draft': Row(expect('', other=404, anon=404), args={'pk': 'draft_challenge.pk'}),
    },
    'procurement:challenge_attachment': Row(expect(ALL)),
    'procurement:challenges': Row(expect(ALL)),
    'procurement:feed': Row(expect(ALL)),
    'procurement:feed_atom': Row(expect(ALL)),
    # the signed calendar address of supplier_owner's followed calls: anyone holding it reads it, no session needed
    'procurement:followed_ics': Row(expect(ALL)),
    # a clarification question: supplier members (the outsider owns a supplier organisation) ask, by POST only
    'procurement:ask': Row(expect('', other=405), write=W('supplier_owner supplier_member outsider')),
    'procurement:follow': Row(expect('', other=405), write=W(SIGNED_IN)),
    'procurement:my_questions': Row(expect(SIGNED_IN), write=frozenset()),  # the questions of the person's own teams; GET only
    'procurement:officer_call': Row(expect('officer approver')),
    'procurement:officer_call_action': Row(expect('', other=405), write=W('officer approver')),
    'procurement:officer_call_amend': Row(expect('officer approver')),
    'procurement:officer_call_documents': Row(expect('', other=405), write=W('officer approver')),
    'procurement:officer_call_edit': Row(expect('officer approver', other=404, evaluator=403, admin=403)),
    'procurement:officer_call_new': Row(expect('officer approver')),
    'procurement:officer_challenge': Row(expect('officer approver')),
    'procurement:officer_challenge_action': Row(expect('', other=405), write=W('officer approver')),
    'procurement:officer_challenge_attach': Row(expect('', other=405), write=W('officer approver')),
    'procurement:officer_challenge_edit': Row(expect('', officer=302, approver=302), write=W('officer approver')),
    'procurement:officer_challenge_new': Row(expect('officer approver')),
    'procurement:officer_question_answer': Row(expect('', other=405), write=W('officer approver')),
    'procurement:opportunities': Row(expect(ALL)),
    'procurement:workspace': Row(expect('officer approver')),
    'public-body-accept-invitation': Row(expect('', other=405, anon=401), write=W(SIGNED_IN)),
    'public-body-domains': Row(expect('', other=405, anon=401), write=W('admin approver')),  # 400 without domains
    'public-body-verify-domains': Row(expect('', other=405, anon=401), write=W('admin')),
    'public-body-detail': Row(expect(ALL)),
    'public-body-invitations': Row(expect('', other=405, anon=401), write=W('approver')),
    'public-body-join': Row(expect('', other=405, anon=401), write=W('officer evaluator approver')),
    'public-body-list': Row(expect(ALL)),
    'public-body-members': Row(expect('admin approver', anon=401)),
    'public-body-reject': Row(expect('', other=405, anon=401), write=W('admin')),
    'public-body-verify': Row(expect('', other=405, anon=401), write=W('admin')),
    'readyz': Row(expect('', other=503, anon=503)),  # 503: no worker heartbeat in the tests (readiness, not an error)
    'recommendation-detail': Row(expect(ALL)),
    'recommendation-list': Row(expect(ALL)),
    'recommendations:assessment': {
        # private: 404 to everyone outside the body
        'ours, private': Row(expect('officer evaluator approver', other=404, anon=404)),
        # another body's private assessment: 404 to this body's members too
        'other body, private': Row(expect('', other=404, anon=404), args={'slug': 'other_body.slug'}),
    },
    'recommendations:assessment-edit': Row(expect('officer approver')),
    'recommendations:assessments': Row(expect(ALL)),
    'recommendations:by-number': Row(expect('', other=302, anon=302), write=EVERYONE),
    'recommendations:catalogue': Row(expect(ALL)),
    'recommendations:curation': Row(expect('admin editor publisher auditor')),
    'recommendations:curation-create': Row(expect('admin editor')),
    'recommendations:curation-detail': Row(expect('admin editor publisher auditor')),
    'recommendations:curation-diff': Row(expect('admin editor publisher auditor')),
    'recommendations:curation-edit': Row(expect('admin editor')),
    'recommendations:curation-move': Row(expect('', other=405, anon=405), write=W('admin editor')),
    'recommendations:curation-preview': Row(expect('admin editor publisher auditor')),
    'recommendations:curation-restore': Row(expect('', other=405, anon=405), write=W('admin editor')),
    'recommendations:curation-transition': Row(expect('', other=405, anon=405), write=W('admin editor publisher auditor')),  # curators; a refused change comes back as a message
    'recommendations:dashboard': Row(expect(ALL)),
    'recommendations:dashboard-csv': Row(expect(ALL)),
    'recommendations:detail': Row(expect(ALL)),
    'recommendations:instrument': Row(expect(ALL)),
    'recommendations:instruments': Row(expect(ALL)),
    'recommendations:link-practice': Row(expect('', other=405), write=W('officer approver')),
    'recommendations:link-practice-target': Row(expect('', other=405), write=W('admin editor')),
    'reference-detail': Row(expect(ALL)),
    'reference-list': Row(expect(ALL)),
    'route:<lang>/accounts/social/connections/': Row(expect('', other=301, anon=301), write=EVERYONE),
    'route:<lang>/accounts/social/login/cancelled/': Row(expect('', other=301, anon=301), write=EVERYONE),
    'route:<lang>/accounts/social/login/error/': Row(expect('', other=301, anon=301), write=EVERYONE),
    'route:<lang>/accounts/social/signup/': Row(expect('', other=301, anon=301), write=EVERYONE),
    'route:<lang>/admin/(?P<url>.*)$': Row(expect('', other=LOGIN, admin=404, editor=404, publisher=404, auditor=404)),
    'route:<lang>/admin/accounts/legaltext/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/account/emailaddress/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/ocds/redflagthreshold/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/ocds/redflagthresholdchange/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/applications/application/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/applications/callopening/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/applications/outcomedeclaration/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/accounts/membershipevent/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/applications/submissionreceipt/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/audit/auditevent/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/auth/group/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/awards/award/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/awards/complaint/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/awards/decision/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/awards/milestone/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/evaluation/declaration/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/evaluation/panel/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/evaluation/panelmember/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/evaluation/score/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/mfa/authenticator/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/notifications/notification/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/notifications/preference/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/notifications/savedsearch/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/notifications/webhookdelivery/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/notifications/webhooksubscription/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/procurement/bodyinvitation/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/procurement/publicbody/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/recommendations/assessment/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/recommendations/instrument/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/recommendations/lineofaction/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/recommendations/practicelink/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/recommendations/recommendation/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/recommendations/recommendationversion/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/socialaccount/socialaccount/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/socialaccount/socialapp/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/socialaccount/socialtoken/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/startups/compliancedocument/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/startups/cpvcode/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/startups/importjob/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/startups/sanction/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/startups/sector/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/startups/supplier/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:<lang>/admin/startups/technology/<path:object_id>/': Row(expect('', other=LOGIN, admin=302, editor=302, publisher=302, auditor=302), write=W('admin editor publisher auditor')),
    'route:api/v1/^.*$': Row(expect('', other=404, anon=404)),
    'sector-detail': Row(expect(ALL)),
    'sector-list': Row(expect(ALL)),
    'set_language': Row(expect('', other=405, anon=405), write=EVERYONE),
    'socialaccount_connections': Row(expect(SIGNED_IN)),
    'socialaccount_login_cancelled': Row(expect(ALL)),
    'socialaccount_login_error': Row(expect('', other=401, anon=401)),  # allauth's own status for this page
    'socialaccount_signup': Row(expect('', other=LOGIN)),
    'solution-detail': Row(expect(ALL)),
    'solution-list': Row(expect(ALL)),
    'startups:detail': Row(expect(ALL)),
    'startups:directory': Row(expect(ALL)),
    'startups:document_delete': Row(expect('', other=405), write=W('supplier_owner')),
    'startups:document_download': Row(expect('admin auditor supplier_owner supplier_member')),
    'startups:documents': Row(expect('admin auditor supplier_owner supplier_member')),
    'startups:edit': Row(expect('supplier_owner')),
    'startups:export_csv': Row(expect(ALL)),
    'startups:export_create': Row(expect('', other=405), write=W(SIGNED_IN)),  # POST only; anonymous: log in
    'startups:export_detail': Row(expect('supplier_owner', other=404)),  # only whoever asked for the export
    'startups:export_download': Row(expect('supplier_owner', other=404)),
    'startups:export_status': Row(expect('supplier_owner', other=404)),
    'startups:import_detail': Row(expect('admin')),
    'startups:import_start': Row(expect('', admin=405), write=W('admin')),
    'startups:import_upload': Row(expect('admin')),
    'startups:invitations': Row(expect(SIGNED_IN)),
    'startups:join': Row(expect('', other=405), write=W(SIGNED_IN)),
    'startups:logo': Row(expect('', other=404, anon=404)),  # the world's supplier has no logo
    'startups:logo_edit': Row(expect('supplier_owner')),
    'startups:moderation': Row(expect('admin')),
    'startups:onboarding_references': Row(expect('supplier_owner')),  # the guided registration's last step: the owner only
    'startups:reference_delete': Row(expect('', other=405), write=W('supplier_owner')),
    'startups:reference_edit': Row(expect('supplier_owner')),
    'startups:reference_new': Row(expect('supplier_owner')),
    'startups:register': Row(expect(SIGNED_IN)),
    'startups:resubmit': Row(expect('', other=405), write=W('supplier_owner')),
    'startups:solution_delete': Row(expect('', other=405), write=W('supplier_owner')),
    'startups:solution_edit': Row(expect('supplier_owner')),
    'startups:solution_new': Row(expect('supplier_owner')),
    'startups:team': Row(expect('admin auditor supplier_owner supplier_member')),
    'supplier-detail': Row(expect(ALL), write=W('supplier_owner')),
    'supplier-list': Row(expect(ALL)),
    'supplier-verification': Row(expect('', anon=401, admin=405), write=W('admin')),
    'technology-detail': Row(expect(ALL)),
    'technology-list': Row(expect(ALL)),
    'tokens:list': Row(expect(SIGNED_IN)),
    'tokens:revoke': Row(expect('', other=405), write=W('supplier_owner')),
}
# fmt: on

# Routes the matrix cannot fill, with the reason. Empty: signed keys (e-mail confirmation, password reset,
# unsubscribe, invitations) are tried with an invalid or a freshly made one, and downloads with real files.
SKIP: dict[str, str] = {}
