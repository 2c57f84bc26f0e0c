"""The world of the insider matrix: a call still open for submissions, with two sealed applications made through
the services (so their audit rows, receipts, notifications and webhook deliveries are the real ones).

The applicants' identities are words found nowhere else: their organisations' names, their applications' titles
and their people's e-mail addresses. Before the deadline no staff persona may read any of them, nor how many
applied, on any route that lists or shows applications, audit events, notifications, deliveries or admin records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govtech.audit.models import AuditEvent
from govtech.notifications.kinds import PREFERENCE_KINDS, Kind
from govtech.notifications.models import Notification, WebhookDelivery, WebhookSubscription
from procurement.applications import services
from procurement.applications.models import Application, ApplicationFile, SubmissionReceipt
from procurement.calls.models import Call
from tests.accounts.factories import MembershipFactory, SupplierOrganisationFactory, UserFactory
from tests.notifications.factories import NotificationFactory, WebhookSubscriptionFactory
from tests.procurement.applications.applications_helpers import complete_draft, eligible, pdf
from tests.procurement.factories import published_call

APPLICANTS = [
    ("Postulante Reservado Uno SAS", "duena@postulante-uno.co", "Titulo sellado uno"),
    ("Postulante Reservado Dos SAS", "dueno@postulante-dos.co", "Titulo sellado dos"),
]
# What identifies an applicant: no staff persona may read any of these before the deadline.
IDENTITY = [word for row in APPLICANTS for word in row]
STAFF = ["admin", "auditor", "officer", "approver", "evaluator", "editor", "publisher"]


@dataclass
class InsiderWorld:
    call: Call  # published, its submission deadline ahead
    applications: list[Application]
    receipt: SubmissionReceipt
    file: ApplicationFile
    submit_event: AuditEvent  # the first application's submission
    receipt_notification: Notification  # to the first applicant's owner
    delivery: WebhookDelivery  # of the first applicant's receipt, to its organisation's webhook
    staff_notification: Notification  # the persona's own inbox entry
    staff_webhook: WebhookSubscription  # the persona's own webhook, subscribed to every kind


def build_insider_world(staff: Any, body: Any) -> InsiderWorld:
    call = published_call(body, title="Convocatoria abierta a postulaciones")
    staff_webhook = WebhookSubscriptionFactory(owner_user=staff, kinds=[str(k) for k in PREFERENCE_KINDS])
    staff_notification = NotificationFactory(recipient=staff, kind=Kind.NEW_CALL)
    applications = []
    for name, email, title in APPLICANTS:
        org = SupplierOrganisationFactory(name=name, country="CO")
        owner = MembershipFactory(user=UserFactory(email=email, full_name=name), organisation=org, role="owner").user
        eligible(org)
        WebhookSubscriptionFactory(owner_user=None, owner_organisation=org, kinds=[Kind.SUBMISSION_RECEIPT])
        application = complete_draft(call, owner, supplier=org, title=title)
        services.application_file_add(application=application, actor=owner, upload=pdf("oferta.pdf"))
        services.application_submit(application=application, actor=owner)
        applications.append(application)
    first = applications[0]
    return InsiderWorld(
        call=call,
        applications=applications,
        receipt=first.receipts.get(),
        file=first.files.get(),
        submit_event=AuditEvent.objects.get(verb="application.submit", target_id=str(first.pk)),
        receipt_notification=Notification.objects.filter(kind=Kind.SUBMISSION_RECEIPT).order_by("pk").first(),  # type: ignore[arg-type]
        delivery=WebhookDelivery.objects.filter(kind=Kind.SUBMISSION_RECEIPT).order_by("pk").first(),  # type: ignore[arg-type]
        staff_notification=staff_notification,
        staff_webhook=staff_webhook,
    )
