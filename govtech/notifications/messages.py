"""What each kind of notification says: subject, body, the label of its link, and the values it needs.

Texts are English source strings translated through ``locale/`` (Spanish in "usted", Portuguese in
"você"). Each kind declares the context keys it ``requires``: ``notification_emit`` refuses an event
without them (an exception when ``NOTIFICATIONS_STRICT``, as in tests and development; a logged error and
no send in production), so no message ever goes out with a blank. Emitters pass plain JSON values
(strings, numbers, ISO dates and datetimes), or ``{"es": ..., "pt-br": ..., "en": ...}`` for values in
several languages. A ``timezone`` key (an IANA name, usually the call's) shows the datetimes in that zone,
named after the time.

A kind may have ``variants``: the context's ``variant`` value picks another text with its own required
values (a verification verified or refused, a call closed or cancelled).

Adding a kind: a value in ``kinds.Kind`` (no migration: the fields' choices are a callable), its
``KindMessage`` here with ``requires``, a sample value for any new key in
``tests/notifications/test_messages_complete.py``, translations, and a line in ``docs/notifications.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from govtech.notifications.kinds import Kind

BLANKS = ("", "—", "-", "–", "None")


@dataclass(frozen=True)
class KindMessage:
    subject: str | Promise
    body: str | Promise
    action: str | Promise
    requires: tuple[str, ...] = ()
    variants: Mapping[str, KindMessage] = field(default_factory=dict)

    def pick(self, context: Mapping[str, Any]) -> KindMessage:
        """The text for this event: its ``variant`` when the kind has one by that name."""
        variant = context.get("variant")
        return self.variants.get(str(variant), self) if variant else self


def in_every_language(text: str | Promise) -> dict[str, str]:
    """A translatable value for the outbox context: each recipient reads it in their own language."""
    values = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values[code] = str(text)
    return values


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return not value or all(is_blank(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return False
    return str(value).strip() in BLANKS


def missing_values(kind: str, context: Mapping[str, Any], url: str = "x") -> list[str]:
    """The required values of ``kind`` that ``context`` lacks or leaves blank (``url`` too: every
    message links to where the person acts)."""
    message = MESSAGES.get(kind)
    if message is None:
        return ["kind"]
    chosen = message.pick(context)
    missing = [key for key in chosen.requires if is_blank(context.get(key))]
    if context.get("variant") and str(context["variant"]) not in message.variants:
        missing.append("variant")  # a variant this kind doesn't have: a typo would show the wrong text
    if kind != Kind.DIGEST and not str(url or "").strip():
        missing.append("url")
    return missing


def required_keys(kind: str) -> set[str]:
    """Every key any variant of ``kind`` may need (for documentation and tests)."""
    message = MESSAGES[kind]
    keys = set(message.requires)
    for variant in message.variants.values():
        keys |= set(variant.requires)
    return keys


MESSAGES: dict[str, KindMessage] = {
    Kind.NEW_MATCH: KindMessage(
        _("New opportunity matching your profile: %(title)s"),
        _("%(buyer)s published “%(title)s”, which matches your profile. Deadline: %(deadline)s."),
        _("See the opportunity"),
        requires=("title", "buyer", "deadline"),
    ),
    Kind.INVITATION_TO_APPLY: KindMessage(
        _("%(buyer)s invites you to apply: %(title)s"),
        _("%(buyer)s invites %(organisation)s to apply to “%(title)s”. Deadline: %(deadline)s."),
        _("See the call"),
        requires=("title", "buyer", "organisation", "deadline"),
    ),
    Kind.NEW_QUESTION: KindMessage(
        _("New question on %(title)s"),
        _(
            "A supplier asked a clarification question on “%(title)s”: “%(question)s”. "
            "Publish the answer so every supplier reads the same."
        ),
        _("Answer the question"),
        requires=("title", "question"),
    ),
    Kind.ANSWER_PUBLISHED: KindMessage(
        _("Answer published on %(title)s"),
        _("%(buyer)s answered a clarification question on “%(title)s”. Question: “%(question)s” Answer: “%(answer)s”"),
        _("Read the answer"),
        requires=("title", "buyer", "question", "answer"),
    ),
    Kind.CALL_AMENDED: KindMessage(
        _("Call amended: %(title)s"),
        _("%(buyer)s amended “%(title)s”: “%(change)s”. Deadline: %(deadline)s."),
        _("See what changed"),
        requires=("title", "buyer", "change", "deadline"),
    ),
    Kind.DEADLINE_REMINDER: KindMessage(
        _("Reminder: %(title)s closes on %(deadline)s"),
        _("Your application to “%(title)s” is still a draft. Submit it before %(deadline)s."),
        _("Finish your application"),
        requires=("title", "deadline"),
    ),
    Kind.SUBMISSION_RECEIPT: KindMessage(
        _("We received your application to %(title)s"),
        _("%(organisation)s submitted an application to “%(title)s” on %(submitted_at)s. Reference: %(reference)s."),
        _("See your application"),
        requires=("title", "organisation", "submitted_at", "reference"),
    ),
    Kind.CALL_CLOSED: KindMessage(
        _("Call closed: %(title)s"),
        _("“%(title)s” of %(buyer)s no longer accepts applications. %(buyer)s will now evaluate them."),
        _("See the call"),
        requires=("title", "buyer"),
        variants={
            "cancelled": KindMessage(
                _("Call cancelled: %(title)s"),
                _("%(buyer)s cancelled “%(title)s”. Reason: %(reason)s"),
                _("See the call"),
                requires=("title", "buyer", "reason"),
            ),
        },
    ),
    Kind.CALL_CANCELLED: KindMessage(
        _("Call cancelled: %(title)s"),
        _("%(buyer)s cancelled “%(title)s” before its end. The reason, which is public: %(reason)s"),
        _("See the call"),
        requires=("title", "buyer", "reason"),
    ),
    Kind.EVALUATION_ASSIGNED: KindMessage(
        _("Applications to evaluate: %(title)s"),
        _(
            "%(person)s assigned you to evaluate the applications to “%(title)s” of %(buyer)s. "
            "Evaluation deadline: %(deadline)s."
        ),
        _("Start evaluating"),
        requires=("title", "buyer", "person", "deadline"),
        variants={
            "no_deadline": KindMessage(
                _("Applications to evaluate: %(title)s"),
                _(
                    "%(person)s assigned you to evaluate the applications to “%(title)s” of %(buyer)s. "
                    "No evaluation deadline is set yet: ask %(person)s."
                ),
                _("Start evaluating"),
                requires=("title", "buyer", "person"),
            ),
        },
    ),
    Kind.OUTCOME: KindMessage(
        _("Outcome of your application to %(title)s"),
        _("The evaluation of “%(title)s” has finished: %(outcome)s. Your debrief is ready in the portal."),
        _("Read the debrief"),
        requires=("title", "outcome"),
    ),
    Kind.VERIFICATION_DECISION: KindMessage(
        _("%(organisation)s is verified"),
        _("An administrator of the portal verified %(organisation)s. It now shows as verified on the portal."),
        _("See the profile"),
        requires=("organisation",),
        variants={
            "verified": KindMessage(
                _("%(organisation)s is verified"),
                _("An administrator of the portal verified %(organisation)s. It now shows as verified on the portal."),
                _("See the profile"),
                requires=("organisation",),
            ),
            "rejected": KindMessage(
                _("Verification of %(organisation)s refused"),
                _(
                    "An administrator of the portal refused to verify %(organisation)s. Reason: %(reason)s "
                    "Correct the profile and ask for verification again."
                ),
                _("Correct the profile"),
                requires=("organisation", "reason"),
            ),
            "suspended": KindMessage(
                _("Verification of %(organisation)s suspended"),
                _("An administrator of the portal suspended the verification of %(organisation)s. Reason: %(reason)s"),
                _("See the profile"),
                requires=("organisation", "reason"),
            ),
            # a request to join a public body, decided by its approvers or an administrator
            "request_accepted": KindMessage(
                _("Your request to join %(organisation)s was accepted"),
                _("Your request to join %(organisation)s was accepted. You can now work on its behalf in the portal."),
                _("See the profile"),
                requires=("organisation",),
            ),
            "request_refused": KindMessage(
                _("Your request to join %(organisation)s was refused"),
                _(
                    "Your request to join %(organisation)s was refused. Contact its approvers if you think this is a mistake."
                ),
                _("See the profile"),
                requires=("organisation",),
            ),
        },
    ),
    Kind.MEMBERSHIP_INVITATION: KindMessage(
        _("%(person)s invites you to join %(organisation)s"),
        _("%(person)s invited you to join %(organisation)s as %(role)s."),
        _("Answer the invitation"),
        requires=("person", "organisation", "role"),
    ),
    Kind.JOIN_REQUEST: KindMessage(
        _("%(person)s asks to join %(organisation)s"),
        _("%(person)s asked to join %(organisation)s. Accept or decline the request."),
        _("Review the request"),
        requires=("person", "organisation"),
    ),
    Kind.MEMBERSHIP_CHANGED: KindMessage(
        _("An administrator changed a membership of %(organisation)s"),
        _("An administrator changed the membership of %(person)s in %(organisation)s (%(change)s). Reason: %(reason)s"),
        _("See the members"),
        requires=("organisation", "person", "change", "reason"),
    ),
    Kind.SAVED_SEARCH_HIT: KindMessage(
        _("New results for your saved search %(title)s"),
        _("Your saved search “%(title)s” has %(count)s new results."),
        _("See the results"),
        requires=("title", "count"),
    ),
    Kind.DOCUMENT_EXPIRING: KindMessage(
        _("A document of %(organisation)s expires on %(expires_on)s"),
        _("“%(title)s” of %(organisation)s expires on %(expires_on)s. Upload a new one to stay verified."),
        _("Update your documents"),
        requires=("title", "organisation", "expires_on"),
    ),
    Kind.NEW_CALL: KindMessage(
        _("New call: %(title)s"),
        _("%(buyer)s published “%(title)s”. Deadline for applications: %(deadline)s."),
        _("See the call"),
        requires=("title", "buyer", "deadline"),
    ),
    Kind.CALL_TO_APPROVE: KindMessage(
        _("Call to approve: %(title)s"),
        _(
            "%(person)s sent “%(title)s” of %(buyer)s for approval. "
            "Review it, then publish it or send it back saying what to change."
        ),
        _("Review the call"),
        requires=("title", "buyer", "person"),
    ),
    Kind.VERIFICATION_REQUESTED: KindMessage(
        _("%(organisation)s is waiting for verification"),
        _(
            "%(organisation)s asked to be verified. Check its details and documents, "
            "then verify it or refuse it with a reason."
        ),
        _("Verify the organisation"),
        requires=("organisation",),
    ),
    Kind.RECOMMENDATION_TO_REVIEW: KindMessage(
        _("Recommendation to review: %(title)s"),
        _("%(person)s sent the recommendation “%(title)s” for review. Publish it or send it back to draft."),
        _("Review the recommendation"),
        requires=("title", "person"),
    ),
    Kind.COMPLAINT_RECEIVED: KindMessage(
        _("Complaint to answer on %(title)s"),
        _("%(organisation)s filed a complaint on “%(title)s” of %(buyer)s. Answer it in the portal."),
        _("Answer the complaint"),
        requires=("title", "buyer", "organisation"),
    ),
    # (the digest e-mail has its own template)
    Kind.DIGEST: KindMessage(
        _("Your digest: %(count)s updates"),
        _("Here is what happened since your last digest."),
        _("Open your inbox"),
        requires=("count",),
    ),
}
