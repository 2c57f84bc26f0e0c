"""The kinds of event the portal tells people about. Apps emit them by these names."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEW_MATCH = "new_match", _("New matching opportunity")
    INVITATION_TO_APPLY = "invitation_to_apply", _("Invitation to apply")
    NEW_QUESTION = "new_question", _("New clarification question")
    NEW_APPLICATION = "new_application", _("New application received")
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
    SAVED_SEARCH_HIT = "saved_search_hit", _("Saved search alert")
    DOCUMENT_EXPIRING = "document_expiring", _("Compliance document expiring")
    NEW_CALL = "new_call", _("New call published")
    DIGEST = "digest", _("Digest")


# Kinds a person may tune in their preferences (the digest is the product of those choices).
PREFERENCE_KINDS: list[Kind] = [kind for kind in Kind if kind != Kind.DIGEST]

# Events about public facts (a published call, its answers and amendments): webhook
# subscribers receive them whoever the recipients are. Other kinds reach a webhook only
# when its owner (or a member of its owning organisation) is among the recipients.
PUBLIC_KINDS: frozenset[str] = frozenset(
    {Kind.NEW_CALL, Kind.CALL_AMENDED, Kind.ANSWER_PUBLISHED, Kind.CALL_CLOSED, Kind.CALL_CANCELLED}
)
PREFERENCE_KIND_VALUES: list[str] = [str(kind) for kind in PREFERENCE_KINDS]  # the schema names this choice set
