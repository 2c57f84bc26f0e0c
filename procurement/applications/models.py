"""Applications to calls: sealed until the call's submission deadline, then opened by an explicit, audited act.

The seal is a property of the data, not of the templates: every read of an application's content goes through
``Application.objects.visible_to(user)`` (and, for files, ``ApplicationFile.objects.visible_to(user)``), which never
returns another organisation's application to anyone while its call is unopened. Before the submission deadline nobody
but the applicant's own members learns who applied or how many: the count is known from the deadline on
(``Application.objects.count_known(call)``), the names from the opening.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import Actor, public_body_ids, signed_in
from procurement.calls.models import Call
from procurement.calls.requirements import FileKind


def _supplier_ids_of(user: Actor) -> list[int]:
    if not signed_in(user):
        return []
    return list(
        Membership.objects.filter(
            user=user, status=Membership.Status.ACTIVE, organisation__kind=Organisation.Kind.SUPPLIER
        ).values_list("organisation_id", flat=True)
    )


class CallOpening(models.Model):
    """The explicit, audited act that unseals a call's applications, after its submission deadline."""

    call = models.OneToOneField(Call, on_delete=models.PROTECT, related_name="opening")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    submitted_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("opening of applications")
        verbose_name_plural = _("openings of applications")

    def __str__(self) -> str:
        return f"{self.call_id} opened {self.opened_at:%Y-%m-%d %H:%M}"


class OutcomeDeclaration(models.Model):
    """A signed conflict-of-interest declaration of whoever touches a call's outcome (issue 21): the opener (before
    the opening, when the applicants are still sealed: no supplier membership in the last 24 months, no interest in
    whoever applied), the decider and whoever answers a complaint (after the opening: no link with any applicant or
    named partner). Written by ``procurement.conflicts.outcome_declaration_sign``, required by the opening, the
    decision and the complaint answer; never changed (the Django admin shows it read-only). Evaluators sign their
    own per applicant (``procurement.evaluation.models.Declaration``)."""

    class Role(models.TextChoices):
        OPENING = "opening", _("Opening the applications")
        DECIDING = "deciding", _("Deciding")
        COMPLAINT = "complaint", _("Answering complaints")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="outcome_declarations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    statement = models.TextField(_("statement"), help_text=_("The text declared, as it was shown when signing."))
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        constraints = [
            models.UniqueConstraint(fields=["call", "user", "role"], name="outcome_declaration_once_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} · {self.user_id} · {self.role} · {self.signed_at:%Y-%m-%d %H:%M}"


class ApplicationQuerySet(models.QuerySet["Application"]):
    def submitted(self) -> ApplicationQuerySet:
        return self.filter(status__in=Application.SUBMITTED_STATES)

    def of_supplier_member(self, user: Actor) -> ApplicationQuerySet:
        """Applications of organisations where ``user`` is an active member (lead or partner)."""
        ids = _supplier_ids_of(user)
        # One subquery (the lead's rows by its index, the partners' by theirs), not a join on partners: no
        # duplicates to remove, and PostgreSQL sees a handful of ids rather than guessing at an OR.
        as_lead = Application.objects.filter(supplier_id__in=ids).values("pk")
        as_partner = (
            ApplicationPartner.objects.accepted().filter(organisation_id__in=ids).values("application_id")
        )  # a partner named without its consent sees nothing until one of its owners accepts
        return self.filter(pk__in=as_lead.union(as_partner))

    def opened(self) -> ApplicationQuerySet:
        """Submitted applications of calls whose applications were opened (unsealed)."""
        return self.submitted().filter(call__opening__isnull=False)

    def visible_to(self, user: Actor) -> ApplicationQuerySet:
        """What ``user`` may read in full. The supplier's own (and its consortium partners') always; the public
        body's officers and approvers only once opened; evaluators through the evaluation app's assignment rules
        (``procurement.evaluation.selectors``), never here. Admins are no exception to the seal."""

        own = Q(pk__in=self.of_supplier_member(user).values("pk"))
        bodies = public_body_ids(user, {Membership.Role.OFFICER, Membership.Role.APPROVER})
        unsealed = Q(call__body_id__in=bodies, status__in=Application.SUBMITTED_STATES, call__opening__isnull=False)
        return self.filter(own | unsealed | self._evaluated_by(user))

    @staticmethod
    def _evaluated_by(user: Actor) -> Q:
        """An evaluator reads an opened application once they sit on the call's panel and have signed a
        no-conflict declaration for that applicant (a recusal hides it)."""

        if not signed_in(user):
            return Q(pk__in=[])
        # Through the evaluation app's rows (``Declaration.application``, related name ``declarations``): the
        # evaluation layer sits above this one, so it is named by relation, not imported.
        declared = Application.objects.filter(
            declarations__member__user=user,
            declarations__member__status="active",
            declarations__member__panel__call_id=models.F("call_id"),
            declarations__conflict=False,
        ).values("pk")
        return Q(
            status__in=Application.SUBMITTED_STATES,
            call__opening__isnull=False,
            pk__in=declared,
        )

    def count_submitted(self, call: Call) -> int:
        """How many submitted applications ``call`` has, for the opening (which happens after the deadline).
        Never shown before the deadline: every page and API reads ``count_known``."""
        return self.filter(call=call).submitted().count()

    def count_known(self, call: Call, now: datetime.datetime | None = None) -> int | None:
        """The count anyone at the body may learn: ``None`` before the submission deadline (the seal holds
        against staff: not even how many applied), the number of submitted applications from then on."""
        if (now or timezone.now()) < call.submission_deadline:
            return None
        return self.count_submitted(call)


class Application(models.Model):
    """A supplier's (or consortium lead's) application to a call. One per organisation and call."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        AWARDED = "awarded", _("Awarded")
        UNSUCCESSFUL = "unsuccessful", _("Unsuccessful")
        DISQUALIFIED = "disqualified", _("Disqualified")

    # States in which the application counts as submitted (sealed until opening).
    SUBMITTED_STATES = (
        Status.SUBMITTED,
        Status.SHORTLISTED,
        Status.AWARDED,
        Status.UNSUCCESSFUL,
        Status.DISQUALIFIED,
    )

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="applications")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Content (sealed)
    title = models.CharField(_("title of the proposal"), max_length=200, blank=True)
    solution = models.TextField(_("proposed solution"), blank=True)
    criteria_responses = models.JSONField(
        _("how it meets each criterion"), default=dict, blank=True, help_text=_("{criterion name: text}")
    )
    team = models.TextField(_("team"), blank=True)
    plan = models.TextField(_("plan"), blank=True)
    milestones = models.JSONField(_("milestones"), default=list, blank=True, help_text=_("[{name, month}]"))
    price = models.DecimalField(_("total price"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    phase_prices = models.JSONField(_("price per phase"), default=list, blank=True, help_text=_("[{phase, price}]"))
    # Submission
    # The short human reference (GT-2026-000123), given at the first submission and kept after a withdrawal.
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True, editable=False)
    submission_number = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["call", "supplier"], name="application_one_per_supplier_and_call"),
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return f"{self.supplier} → {self.call_id}"


class ApplicationPartnerQuerySet(models.QuerySet["ApplicationPartner"]):
    def accepted(self) -> ApplicationPartnerQuerySet:
        return self.filter(consent=ApplicationPartner.Consent.ACCEPTED)


class ApplicationPartner(models.Model):
    """A consortium partner of an application (the lead is ``Application.supplier``).

    Naming a partner needs its consent: one of its active owners accepts before the application can be submitted.
    Until then its members do not see the application (``Application.objects.of_supplier_member``)."""

    class Consent(models.TextChoices):
        PENDING = "pending", _("Waiting for the partner's acceptance")
        ACCEPTED = "accepted", _("Accepted by the partner")
        DECLINED = "declined", _("Declined by the partner")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role in the consortium"), max_length=200, blank=True)
    consent = models.CharField(_("partner's consent"), max_length=10, choices=Consent.choices, default=Consent.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationPartnerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "organisation"], name="application_partner_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.application_id}"


class ApplicationFileQuerySet(models.QuerySet["ApplicationFile"]):
    def visible_to(self, user: Actor) -> ApplicationFileQuerySet:
        return self.filter(application__in=Application.objects.visible_to(user))


class ApplicationFile(models.Model):
    """An attachment, its type checked by content; the SHA-256 goes into the submission receipt."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="applications/%Y/%m/")
    kind = models.CharField(_("kind of document"), max_length=16, choices=FileKind.choices, default=FileKind.OTHER)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ApplicationFileQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name


class SubmissionReceipt(models.Model):
    """Proof of a submission: when, and the SHA-256 of a canonical manifest of the content and files."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="receipts")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    digest = models.CharField(max_length=64)
    manifest = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="receipt_number_unique"),
        ]
        ordering = ["application", "number"]

    def __str__(self) -> str:
        return f"{self.application_id}#{self.number} {self.digest[:12]}"


class ReferenceCounter(models.Model):
    """The last application reference given in a year (``GT-<year>-<number>``), one row per year.

    Incremented with ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` inside the submission's transaction: the
    row stays locked until it commits, so references are sequential, unique and without gaps (a submission
    that rolls back gives its number back)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
