"""What each kind of notification says: subject, body and the label of its link.

Texts are English source strings translated through ``locale/``; placeholders are
filled from the notification's ``context`` (missing values render as an empty
string, so a new emitter never breaks a message). The context keys each kind uses
are listed beside it: emitters pass them as plain JSON values (strings, numbers, ISO
dates), or as ``{"es": ..., "pt-br": ..., "en": ...}`` for values in several languages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from govtech.notifications.kinds import Kind


@dataclass(frozen=True)
class KindMessage:
    subject: str | Promise
    body: str | Promise
    action: str | Promise


MESSAGES: dict[str, KindMessage] = {
    # title, buyer, deadline
    Kind.NEW_MATCH: KindMessage(
        _("New opportunity matching your profile: %(title)s"),
        _("%(buyer)s published “%(title)s”, which matches your profile. Deadline: %(deadline)s."),
        _("See the opportunity"),
    ),
    # title, buyer, organisation, deadline
    Kind.INVITATION_TO_APPLY: KindMessage(
        _("%(buyer)s invites you to apply: %(title)s"),
        _("%(buyer)s invites %(organisation)s to apply to “%(title)s”. Deadline: %(deadline)s."),
        _("See the call"),
    ),
    # title
    Kind.NEW_QUESTION: KindMessage(
        _("New question on %(title)s"),
        _(
            "A supplier asked a clarification question on “%(title)s”. Publish the answer so every supplier reads the same."
        ),
        _("Answer the question"),
    ),
    # title, organisation, count
    Kind.NEW_APPLICATION: KindMessage(
        _("New application to %(title)s"),
        _("%(organisation)s applied to “%(title)s”. Applications so far: %(count)s."),
        _("See the applications"),
    ),
    # title, buyer
    Kind.ANSWER_PUBLISHED: KindMessage(
        _("Answer published on %(title)s"),
        _("%(buyer)s published an answer to a clarification question on “%(title)s”."),
        _("Read the answer"),
    ),
    # title, buyer, change, deadline
    Kind.CALL_AMENDED: KindMessage(
        _("Call amended: %(title)s"),
        _("%(buyer)s amended “%(title)s”: %(change)s. Deadline: %(deadline)s."),
        _("See what changed"),
    ),
    # title, deadline, days
    Kind.DEADLINE_REMINDER: KindMessage(
        _("Reminder: %(title)s closes on %(deadline)s"),
        _("Your application to “%(title)s” is still a draft. Submit it before %(deadline)s."),
        _("Finish your application"),
    ),
    # title, organisation, submitted_at, reference
    Kind.SUBMISSION_RECEIPT: KindMessage(
        _("We received your application to %(title)s"),
        _("%(organisation)s submitted an application to “%(title)s” on %(submitted_at)s. Reference: %(reference)s."),
        _("See your application"),
    ),
    # title, buyer
    Kind.CALL_CLOSED: KindMessage(
        _("Call closed: %(title)s"),
        _("“%(title)s” no longer accepts applications. %(buyer)s will now evaluate them."),
        _("See the call"),
    ),
    # title, buyer, reason
    Kind.CALL_CANCELLED: KindMessage(
        _("Call cancelled: %(title)s"),
        _("%(buyer)s cancelled “%(title)s” before its end. The reason, which is public: %(reason)s"),
        _("See the call"),
    ),
    # title, deadline
    Kind.EVALUATION_ASSIGNED: KindMessage(
        _("Applications to evaluate: %(title)s"),
        _("You were assigned to evaluate the applications to “%(title)s”. Evaluation deadline: %(deadline)s."),
        _("Start evaluating"),
    ),
    # title, outcome
    Kind.OUTCOME: KindMessage(
        _("Outcome of your application to %(title)s"),
        _("The evaluation of “%(title)s” has finished: %(outcome)s. Your debrief is ready in the portal."),
        _("Read the debrief"),
    ),
    # organisation, decision, reason
    Kind.VERIFICATION_DECISION: KindMessage(
        _("Verification of %(organisation)s: %(decision)s"),
        _("The verification of %(organisation)s was decided: %(decision)s. %(reason)s"),
        _("See your profile"),
    ),
    # person, organisation, role
    Kind.MEMBERSHIP_INVITATION: KindMessage(
        _("%(person)s invites you to join %(organisation)s"),
        _("%(person)s invited you to join %(organisation)s as %(role)s."),
        _("Answer the invitation"),
    ),
    # person, organisation
    Kind.JOIN_REQUEST: KindMessage(
        _("%(person)s asks to join %(organisation)s"),
        _("%(person)s asked to join %(organisation)s. Accept or decline the request."),
        _("Review the request"),
    ),
    # title, count
    Kind.SAVED_SEARCH_HIT: KindMessage(
        _("New results for your saved search %(title)s"),
        _("Your saved search “%(title)s” has %(count)s new results."),
        _("See the results"),
    ),
    # title, organisation, expires_on
    Kind.DOCUMENT_EXPIRING: KindMessage(
        _("A document of %(organisation)s expires on %(expires_on)s"),
        _("“%(title)s” of %(organisation)s expires on %(expires_on)s. Upload a new one to stay verified."),
        _("Update your documents"),
    ),
    # title, buyer, deadline
    Kind.NEW_CALL: KindMessage(
        _("New call: %(title)s"),
        _("%(buyer)s published “%(title)s”. Deadline: %(deadline)s."),
        _("See the call"),
    ),
    # count (the digest e-mail has its own template)
    Kind.DIGEST: KindMessage(
        _("Your digest: %(count)s updates"),
        _("Here is what happened since your last digest."),
        _("Open your inbox"),
    ),
}
