"""The world the generated permission matrix walks: one real object for every kind of route parameter.

Built once per persona test (ORM writes and the services, as the other arrangements do). Every persona of
``tests.conftest.PERSONAS`` has a part in it: the officer, approver and evaluator belong to the public body;
``supplier_owner`` and ``supplier_member`` to the supplier that applied; ``outsider`` owns an organisation with
no part in any of it; the staff roles are site roles.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from govtech.accounts.models import Membership, Organisation
from govtech.audit.models import AuditEvent
from govtech.notifications.models import Notification, SavedSearch, WebhookSubscription
from govtech.tokens.models import ApiToken
from govtech.tokens.services import api_token_create
from procurement.applications.models import Application, ApplicationFile, SubmissionReceipt
from procurement.awards import services as awards
from procurement.awards.models import Award, Complaint, ComplaintDocument, Decision, Milestone
from procurement.awards.services import AwardLine
from procurement.bodies.models import PublicBody
from procurement.bodies.services import body_invite
from procurement.calls.models import Call, CallDocument, Question
from procurement.challenges.models import Challenge, ChallengeAttachment
from procurement.evaluation.models import PanelMember
from procurement.matching.models import MatchResult
from procurement.ocds.threshold_services import red_flag_threshold_set
from recommendations.models import Assessment, Instrument, Recommendation
from startups.models import (
    ComplianceDocument,
    CpvCode,
    ExportJob,
    ImportJob,
    PublicReference,
    Sector,
    Solution,
    Supplier,
    Technology,
)
from tests.accounts.factories import PublicBodyOrganisationFactory
from tests.audit.factories import AuditEventFactory
from tests.conftest import first_legal_texts
from tests.notifications.factories import NotificationFactory, WebhookSubscriptionFactory
from tests.procurement.factories import (
    make_application,
    make_call,
    make_challenge,
    pass_deadline,
    published_call,
    scored_call,
    second_supplier,
    verified_body,
)
from tests.recommendations.factories import InstrumentFactory, RecommendationFactory
from tests.startups.factories import DocumentFactory, ReferenceFactory, SolutionFactory, SupplierFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Words only the sealed applications contain: no page or endpoint may show them to anyone but the applicant.
SEALED_MINE = "sellada-de-datos-abiertos"
SEALED_THEIRS = "sellada-de-la-competencia"


@dataclass
class World:
    users: dict[str, Any]
    body: Organisation  # the officer's, approver's and evaluator's
    other_body: Organisation  # a verified body none of the personas belongs to
    supplier: Supplier  # supplier_owner's and supplier_member's
    other_supplier: Supplier  # a third organisation's, with its own owner
    other_owner: Any
    challenge: Challenge  # published, of the body
    draft_challenge: Challenge
    open_call: Call  # published, submissions open, with the challenge
    draft_call: Call  # private to the body
    sealed_call: Call  # past its deadline, not opened: its applications are sealed
    mine: Application  # supplier_owner's, submitted on the sealed call
    theirs: Application  # the other supplier's, on the sealed call
    draft_application: Application  # supplier_owner's draft on the open call
    awarded_call: Call  # opened, evaluated, decided
    won: Application  # supplier_owner's, awarded
    lost: Application  # the other supplier's
    decision: Decision
    award: Award
    milestone: Milestone
    complaint: Complaint
    question: Question
    seat: PanelMember  # the evaluator's, on the awarded call
    assessment: Assessment  # the body's, private (the other body has a private one too)
    recommendation: Recommendation
    draft_recommendation: Recommendation
    instrument: Instrument
    notification: Notification  # supplier_owner's
    webhook: WebhookSubscription  # supplier_owner's
    token: ApiToken  # supplier_owner's
    saved_search: SavedSearch  # supplier_owner's
    audit_event: AuditEvent
    import_job: ImportJob
    export_job: ExportJob  # supplier_owner's, written
    invitation_token: str  # a pending invitation to the body
    solution: Solution
    reference: PublicReference
    document: ComplianceDocument
    call_document: CallDocument
    attachment: ChallengeAttachment
    application_file: ApplicationFile
    receipt: SubmissionReceipt
    complaint_document: ComplaintDocument
    match: MatchResult
    owner_membership: Membership  # supplier_member's membership of the supplier
    sector: Sector
    technology: Technology
    cpv: CpvCode


def _file(model: Any, **fields: Any) -> Any:
    obj = model(**fields)
    obj.file.save("matrix.pdf", ContentFile(PDF), save=False)
    obj.save()
    return obj


def build_world(users: dict[str, Any]) -> World:
    first_legal_texts()  # the terms and the privacy notice in force (``accounts:legal_text``), whatever was flushed
    body = users["officer"].memberships.get().organisation
    verified_body(body)
    other_body = PublicBodyOrganisationFactory(name="Prefeitura de Recife", country="BR")
    verified_body(other_body)
    PublicBody.objects.filter(organisation=body).update(
        email_domains=["movilidad.gov.co"], verified_domains=["movilidad.gov.co"]
    )

    supplier_org = users["supplier_owner"].memberships.get().organisation
    supplier = SupplierFactory(organisation=supplier_org, legal_name=supplier_org.name)
    other_org, other_owner = second_supplier()
    other_supplier = SupplierFactory(organisation=other_org, legal_name=other_org.name)

    challenge = make_challenge(body, title="Congestión en el centro")
    draft_challenge = make_challenge(body, status="draft", title="Borrador de reto")
    open_call = published_call(body, title="Semáforos inteligentes", challenge=challenge)
    draft_call = make_call(body, title="Convocatoria en borrador")
    sealed_call = published_call(body, title="Convocatoria sellada")
    mine = make_application(
        sealed_call,
        supplier_org,
        by=users["supplier_owner"],
        title=f"Propuesta {SEALED_MINE}",
        solution=f"Solución {SEALED_MINE}",
    )
    theirs = make_application(
        sealed_call, other_org, by=other_owner, title=f"Propuesta {SEALED_THEIRS}", solution=f"Solución {SEALED_THEIRS}"
    )
    pass_deadline(sealed_call)
    draft_application = make_application(
        open_call, supplier_org, by=users["supplier_owner"], status=Application.Status.DRAFT
    )
    receipt = SubmissionReceipt.objects.create(
        application=mine,
        number=1,
        submitted_at=timezone.now(),
        submitted_by=users["supplier_owner"],
        digest=hashlib.sha256(b"mine").hexdigest(),
        manifest={},
    )
    application_file = _file(
        ApplicationFile,
        application=mine,
        name="propuesta.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )

    awarded_call, (won, lost) = scored_call(
        body,
        users["approver"],
        users["evaluator"],
        [(supplier_org, users["supplier_owner"]), (other_org, other_owner)],
        [(8, 6), (5, 9)],
        title="Convocatoria adjudicada",
    )
    decision = awards.decision_take(
        call=awarded_call,
        actor=users["approver"],
        outcome="awarded",
        justification="La mejor",
        awards=[AwardLine(won.pk, "85000", "COP")],
    )
    award = decision.awards.get()
    milestone = Milestone.objects.create(
        award=award, name="Piloto", due_date=datetime.date.today() + datetime.timedelta(days=30)
    )
    complaint = awards.complaint_file(application=lost, actor=other_owner, grounds="El precio era mejor")
    complaint_document = _file(
        ComplaintDocument,
        complaint=complaint,
        name="anexo.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )
    seat = PanelMember.objects.get(panel__call=awarded_call, user=users["evaluator"])

    question = Question.objects.create(
        call=open_call,
        asked_by=users["supplier_owner"],
        supplier=supplier_org,
        text="¿Se acepta un consorcio?",
        status=Question.Status.ANSWERED,
        answer="Sí",
        answered_by=users["officer"],
        answered_at=timezone.now(),
    )
    call_document = _file(
        CallDocument, call=open_call, title="Pliego", original_name="pliego.pdf", content_type="application/pdf"
    )
    attachment = _file(
        ChallengeAttachment,
        challenge=challenge,
        title="Datos",
        original_name="datos.pdf",
        content_type="application/pdf",
        uploaded_by=users["officer"],
    )

    recommendation = RecommendationFactory(slug="datos-abiertos")
    draft_recommendation = RecommendationFactory(slug="borrador", status=Recommendation.Status.DRAFT)
    instrument = InstrumentFactory(slug="compra-publica-innovadora")
    assessment = Assessment.objects.create(organisation=body, visibility=Assessment.Visibility.PRIVATE)
    Assessment.objects.create(organisation=other_body, visibility=Assessment.Visibility.PRIVATE)

    owner = users["supplier_owner"]
    notification = NotificationFactory(recipient=owner)
    webhook = WebhookSubscriptionFactory(owner_user=owner)
    token = api_token_create(actor=owner, name="integración", scope=ApiToken.Scope.READ).token
    saved_search = SavedSearch.objects.create(user=owner, scope="calls", name="Movilidad", params={"q": "movilidad"})
    audit_event = AuditEventFactory(organisation_id=body.pk)
    red_flag_threshold_set(  # a row of the red-flag thresholds' admin, and its public change
        actor=users["admin"],
        country="CO",
        method="",
        indicator="R003",
        parameter="threshold",
        value=10,
        reason="Plazo legal mínimo",
    )
    import_job = _file(
        ImportJob, created_by=users["admin"], original_name="proveedores.csv", status=ImportJob.Status.READY
    )
    export_job = ExportJob(requested_by=owner, status=ExportJob.Status.DONE, total_rows=0)
    export_job.file.save("matrix.csv", ContentFile(b"name\r\n"), save=False)
    export_job.save()
    _invitation, invitation_token = body_invite(
        actor=users["approver"], body=body.public_body, email="nueva@movilidad.gov.co", role="officer"
    )

    solution = SolutionFactory(supplier=supplier)
    reference = ReferenceFactory(supplier=supplier)
    document = DocumentFactory(supplier=supplier)
    match = MatchResult.objects.create(
        call=open_call,
        supplier=supplier,
        score=0.9,
        rank=1,
        reasons=[],
        algorithm_version="matrix",
        computed_at=timezone.now(),
    )
    owner_membership = Membership.objects.get(user=users["supplier_member"], organisation=supplier_org)
    return World(
        users=users,
        body=body,
        other_body=other_body,
        supplier=supplier,
        other_supplier=other_supplier,
        other_owner=other_owner,
        challenge=challenge,
        draft_challenge=draft_challenge,
        open_call=open_call,
        draft_call=draft_call,
        sealed_call=sealed_call,
        mine=mine,
        theirs=theirs,
        draft_application=draft_application,
        awarded_call=awarded_call,
        won=won,
        lost=lost,
        decision=decision,
        award=award,
        milestone=milestone,
        complaint=complaint,
        question=question,
        seat=seat,
        assessment=assessment,
        recommendation=recommendation,
        draft_recommendation=draft_recommendation,
        instrument=instrument,
        notification=notification,
        webhook=webhook,
        token=token,
        saved_search=saved_search,
        audit_event=audit_event,
        import_job=import_job,
        export_job=export_job,
        invitation_token=invitation_token,
        solution=solution,
        reference=reference,
        document=document,
        call_document=call_document,
        attachment=attachment,
        application_file=application_file,
        receipt=receipt,
        complaint_document=complaint_document,
        match=match,
        owner_membership=owner_membership,
        sector=Sector.objects.order_by("pk").first(),  # type: ignore[arg-type]
        technology=Technology.objects.order_by("pk").first(),  # type: ignore[arg-type]
        cpv=CpvCode.objects.order_by("pk").first(),  # type: ignore[arg-type]
    )
