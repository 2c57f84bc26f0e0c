"""The kinds of event the portal tells people about. Apps emit them by these names."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # No kind tells a public body that an application arrived: before the submission deadline nobody but the
    # applicant's own members learns who applied or how many (docs/security.md, "the seal against staff").
    NEW_MATCH = "new_match", _("New matching opportunity")
    INVITATION_TO_APPLY = "invitation_to_apply", _("Invitation to apply")
    NEW_QUESTION = "new_question", _("New clarification question")
    ANSWER_PUBLISHED = "answer_published", _("Answer published")
    CALL_AMENDED = "call_amended", _("Call amended")
    DEADLINE_REMINDER = "deadline_reminder", _("Deadline reminder")
    SUBMISSION_RECEIPT = "submission_receipt", _("Submission receipt")
    CALL_CLOSED = "call_closed", _("Call closed")
    CALL_CANCELLED = "call_cancelled", _("Call cancelled")
    EVALUATION_ASSIGNED = "evaluation_assigned", _("Evaluation assigned")
    OUTCOME = "outcome", _("Outcome and debrief")
    VERIFICATION_DECISION = "verification_decision", _("Verification decision")
    MEMBERSHIP_INVITATION = "membership_invitation", _("Invitation to join an organisation")
    JOIN_REQUEST = "join_request", _("Request to join your organisation")
    MEMBERSHIP_CHANGED = "membership_changed", _("A membership was suspended or removed by an administrator")
    SAVED_SEARCH_HIT = "saved_search_hit", _("Saved search alert")
    DOCUMENT_EXPIRING = "document_expiring", _("Compliance document expiring")
    NEW_CALL = "new_call", _("New call published")
    # Work that waits for someone (see waiting.py): each reaches the person who must act.
    CALL_TO_APPROVE = "call_to_approve", _("Call waiting for your approval")
    VERIFICATION_REQUESTED = "verification_requested", _("Organisation waiting for verification")
    RECOMMENDATION_TO_REVIEW = "recommendation_to_review", _("Recommendation waiting for review")
    COMPLAINT_RECEIVED = "complaint_received", _("Complaint to answer")
    DIGEST = "digest", _("Digest")


def kind_choices() -> list[tuple[str, str | Promise]]:
    """The model fields' choices, as a callable: a new kind needs no migration."""
    return list(Kind.choices)


# Kinds a person may tune in their preferences (the digest is the product of those choices).
PREFERENCE_KINDS: list[Kind] = [kind for kind in Kind if kind != Kind.DIGEST]

# Events about public facts (a published call, its answers and amendments): webhook
# subscribers receive them whoever the recipients are. Other kinds reach a webhook only
# when its owner (or a member of its owning organisation) is among the recipients.
PUBLIC_KINDS: frozenset[str] = frozenset(
    {Kind.NEW_CALL, Kind.CALL_AMENDED, Kind.ANSWER_PUBLISHED, Kind.CALL_CLOSED, Kind.CALL_CANCELLED}
)
# Events about an organisation's own work (a sealed application's receipt, a draft's reminder, the outcome and
# debrief of its application): they reach that organisation's members and webhooks only. An emitter names the
# organisation (``notification_emit(organisation_ids=...)``); without it, no organisation's webhook gets them.
ORGANISATION_KINDS: frozenset[str] = frozenset({Kind.SUBMISSION_RECEIPT, Kind.DEADLINE_REMINDER, Kind.OUTCOME})
# Of those, the kinds that reveal sealed work (who applied to a call still open, who is drafting): the Django
# admin's notification and delivery lists never show them to anyone but their recipient (docs/security.md).
SEALED_KINDS: frozenset[str] = frozenset({Kind.SUBMISSION_RECEIPT, Kind.DEADLINE_REMINDER})
# And every event keyed on an application ("application:<id>:receipt:1", "application_partner:<id>:asked": a
# consortium request names the lead applicant), whatever its kind.
SEALED_EVENT_KEY_PREFIX = "application"
PREFERENCE_KIND_VALUES: list[str] = [str(kind) for kind in PREFERENCE_KINDS]  # the schema names this choice set
