"""API of the evaluation panel: ``/api/v1/evaluations/``.

An evaluation is identified by its call's id. Evaluators (an active seat) list their assignments, read the
applicants' names to declare, sign declarations, read the applications they declared no conflict for, score and
submit; the body's officers and approvers (and admins) read the ranking and the panel; approvers manage the panel.
A call the caller may not see is 404; a seat or role the caller lacks is 403; nothing is listed before the opening.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from govtech.core.errors import ApplicationError, Conflict, NotAllowed
from procurement.applications.models import Application, ApplicationFile
from procurement.bodies.permissions import is_officer
from procurement.calls.models import Call
from procurement.evaluation import selectors, services
from procurement.evaluation.models import Panel, PanelMember, Score
from procurement.evaluation.serializers import (
    AssignmentOutput,
    DeclarationInput,
    DeclarationOutput,
    EvaluatedApplicationOutput,
    EvaluationDetailOutput,
    MemberInput,
    PanelInput,
    PanelOutput,
    RankingOutput,
    RequiredReasonInput,
    ScoreInput,
    ScoreOutput,
)

APPLICATION_ID = OpenApiParameter(
    "application_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The application's id"
)
MEMBER_ID = OpenApiParameter("member_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The panel member's id")
CALL_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The call's id")


def _progress(p: selectors.Progress) -> dict[str, Any]:
    return {
        "applications": p.applications,
        "declared": p.declared,
        "recused": p.recused,
        "declarations_missing": p.declarations_missing,
        "scores_expected": p.scores_expected,
        "scores_done": p.scores_done,
        "scores_missing": p.scores_missing,
        "complete": p.complete,
        "submitted": p.submitted,
    }


def _assignment(a: selectors.Assignment) -> dict[str, Any]:
    panel = a.member.panel
    return {
        "call": a.call.pk,
        "title": a.call.title,
        "body": a.call.body.name,
        "call_status": a.call.status,
        "opened": a.opened,
        "scale_max": panel.scale_max,
        "disagreement_threshold": panel.disagreement_threshold,
        "blind_first_round": panel.blind_first_round,
        "names_hidden": selectors.names_hidden(panel),
        "submitted_at": a.member.submitted_at,
        "progress": _progress(a.progress),
    }


def _partners(application: Application) -> list[str]:
    return [p.organisation.name for p in application.partners.all()]


def _panel(call: Call, panel: Panel | None) -> dict[str, Any]:
    opened = selectors.is_opened(call)
    if panel is None:
        return {
            "call": call.pk,
            "scale_max": 10,
            "disagreement_threshold": "3.00",
            "blind_first_round": False,
            "names_revealed_at": None,
            "opened": opened,
            "complete": False,
            "members": [],
        }
    progress = {p.member.pk: p for p in selectors.panel_progress(panel)}
    members = PanelMember.objects.filter(panel=panel).select_related("user").order_by("named_at", "pk")
    return {
        "call": call.pk,
        "scale_max": panel.scale_max,
        "disagreement_threshold": panel.disagreement_threshold,
        "blind_first_round": panel.blind_first_round,
        "names_revealed_at": panel.names_revealed_at,
        "opened": opened,
        "complete": opened and selectors.panel_complete(panel),
        "members": [
            {
                "id": m.pk,
                "user": m.user_id,
                "name": m.user.get_full_name(),
                "status": m.status,
                "named_at": m.named_at,
                "submitted_at": m.submitted_at,
                "progress": _progress(progress[m.pk]) if m.pk in progress else None,
            }
            for m in members
        ],
    }


class EvaluationViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = AssignmentOutput
    queryset = Call.objects.none()  # for the schema; each action resolves the call itself
    lookup_value_regex = "[0-9]+"
    filter_backends: list[Any] = []
    pagination_class = None

    # --- lookups ---
    def _call(self) -> Call:
        return get_object_or_404(
            Call.objects.visible_to(self.request.user).select_related("body"), pk=self.kwargs["pk"]
        )

    def _seat(self) -> tuple[Call, PanelMember]:
        call = self._call()
        seat = selectors.seat_of(self.request.user, call)
        if seat is None:
            raise NotAllowed(str(services.MSG_NOT_ON_PANEL))
        seat.panel.call = call
        return call, seat

    def _board(self) -> Call:
        call = self._call()
        if not is_officer(self.request.user, call.body_id):
            raise NotAllowed(str(services.MSG_ONLY_BODY))
        return call

    def _application(self, call: Call, application_id: Any) -> Application:
        application = selectors.evaluated_applications(call).filter(pk=application_id).first()
        if application is None:
            raise ApplicationError(str(services.MSG_NOT_AN_APPLICANT), field="application")
        return application

    # --- the evaluator ---
    @extend_schema(responses=AssignmentOutput(many=True), summary="My assignments: panels I sit on, with progress")
    def list(self, request: Request) -> Response:
        return Response(
            AssignmentOutput([_assignment(a) for a in selectors.assignments_of(request.user)], many=True).data
        )

    @extend_schema(
        responses=EvaluationDetailOutput,
        parameters=[CALL_ID],
        summary="One assignment: applicants to declare for (names only) and what to score",
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        call, seat = self._seat()
        opened = selectors.is_opened(call)
        applications = list(selectors.evaluated_applications(call))
        declarations = selectors.declarations_of(seat)
        labels = selectors.applicant_labels(applications, seat.panel)
        hidden = selectors.names_hidden(seat.panel)
        scores: dict[int, list[Score]] = {}
        for score in selectors.scores_of(seat):
            scores.setdefault(score.application_id, []).append(score)
        applicants = [
            {
                "application": a.pk,
                "name": a.supplier.name,
                "partners": _partners(a),
                "declaration": (
                    {"application": a.pk, "conflict": d.conflict, "statement": d.statement, "signed_at": d.signed_at}
                    if (d := declarations.get(a.pk))
                    else None
                ),
            }
            for a in sorted(applications, key=lambda a: a.supplier.name.casefold())
        ]
        order = {pk: n for n, pk in enumerate(labels)}
        to_score = [
            {
                "application": a.pk,
                "label": labels[a.pk],
                "name": None if hidden else a.supplier.name,
                "scores": scores.get(a.pk, []),
            }
            for a in sorted(applications, key=lambda a: order[a.pk])
            if a.pk in declarations and not declarations[a.pk].conflict
        ]
        progress = selectors.panel_progress(seat.panel, [seat])[0]
        data = _assignment(selectors.Assignment(member=seat, call=call, opened=opened, progress=progress))
        data |= {"criteria": list(call.criteria), "applicants": applicants, "to_score": to_score}
        return Response(EvaluationDetailOutput(data).data)

    @extend_schema(
        request=DeclarationInput,
        responses={201: DeclarationOutput},
        parameters=[CALL_ID],
        summary="Sign a conflict-of-interest declaration for one applicant (final once signed)",
    )
    @action(detail=True, methods=["post"], url_path="declarations")
    def declarations(self, request: Request, pk: str) -> Response:
        call, seat = self._seat()
        data = DeclarationInput(data=request.data)
        data.is_valid(raise_exception=True)
        if not selectors.is_opened(call):
            raise Conflict(str(services.MSG_NOT_OPENED))
        application = self._application(call, data.validated_data["application"])
        declaration = services.declaration_sign(
            member=seat,
            application=application,
            actor=request.user,
            conflict=data.validated_data["conflict"],
            statement=data.validated_data["statement"],
        )
        out = {
            "application": application.pk,
            "conflict": declaration.conflict,
            "statement": declaration.statement,
            "signed_at": declaration.signed_at,
        }
        return Response(DeclarationOutput(out).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ScoreInput,
        responses={200: ScoreOutput},
        parameters=[CALL_ID],
        summary="Score one criterion of one application, with a justification (creates or replaces)",
    )
    @action(detail=True, methods=["post", "put"], url_path="scores")
    def scores(self, request: Request, pk: str) -> Response:
        call, seat = self._seat()
        data = ScoreInput(data=request.data)
        data.is_valid(raise_exception=True)
        if not selectors.is_opened(call):
            raise Conflict(str(services.MSG_NOT_OPENED))
        values = data.validated_data
        application = self._application(call, values["application"])
        score = services.score_record(
            member=seat,
            application=application,
            criterion=values["criterion"],
            score=values["score"],
            justification=values["justification"],
            actor=request.user,
        )
        return Response(ScoreOutput(score).data)

    @extend_schema(
        request=None,
        responses=AssignmentOutput,
        parameters=[CALL_ID],
        summary="Submit my evaluation: every declaration signed, every criterion scored; scores final",
    )
    @action(detail=True, methods=["post"], url_path="submit")
    def submit(self, request: Request, pk: str) -> Response:
        call, seat = self._seat()
        seat = services.evaluation_submit(member=seat, actor=request.user)
        seat.panel.call = call
        progress = selectors.panel_progress(seat.panel, [seat])[0]
        return Response(
            AssignmentOutput(
                _assignment(selectors.Assignment(member=seat, call=call, opened=True, progress=progress))
            ).data
        )

    @extend_schema(
        responses=EvaluatedApplicationOutput,
        parameters=[CALL_ID, APPLICATION_ID],
        summary="An application I declared no conflict for (its name hidden in a blind round)",
    )
    @action(detail=True, methods=["get"], url_path=r"applications/(?P<application_id>[0-9]+)")
    def application(self, request: Request, pk: str, application_id: str) -> Response:
        call, seat = self._seat()
        readable = selectors.applications_for_evaluator(request.user, call).exclude(
            status=Application.Status.DISQUALIFIED
        )
        application = get_object_or_404(readable.select_related("supplier"), pk=application_id)
        hidden = selectors.names_hidden(seat.panel)
        labels = selectors.applicant_labels(list(selectors.evaluated_applications(call)), seat.panel)
        files = ApplicationFile.objects.visible_to(request.user).filter(application=application).order_by("pk")
        data = {
            "id": application.pk,
            "label": labels.get(application.pk, ""),
            "name": None if hidden else application.supplier.name,
            "partners": [] if hidden else _partners(application),
            "title": application.title,
            "solution": application.solution,
            "criteria_responses": application.criteria_responses or {},
            "team": application.team,
            "plan": application.plan,
            "milestones": application.milestones or [],
            "price": application.price,
            "currency": application.currency,
            "phase_prices": application.phase_prices or [],
            "files": list(files),
            "scores": selectors.scores_of(seat, application),
        }
        return Response(EvaluatedApplicationOutput(data).data)

    # --- the body ---
    @extend_schema(
        responses=RankingOutput,
        parameters=[CALL_ID],
        summary="The consolidated weighted ranking (officers and approvers of the body), after opening",
    )
    @action(detail=True, methods=["get"], url_path="ranking")
    def ranking(self, request: Request, pk: str) -> Response:
        call = self._board()
        if not selectors.is_opened(call):
            raise Conflict(str(services.MSG_NOT_OPENED))
        panel = Panel.objects.filter(call=call).first()
        rows = [
            {
                "rank": n,
                "application": r.application_id,
                "name": r.application.supplier.name,
                "partners": _partners(r.application),
                "total": r.total,
                "per_criterion": r.per_criterion,
                "spread": r.spread,
                "flagged": r.flagged,
                "complete": r.complete,
            }
            for n, r in enumerate(selectors.ranking(call, partners=True), start=1)
        ]
        data = {
            "call": call.pk,
            "complete": bool(panel) and selectors.panel_complete(panel),  # type: ignore[arg-type]
            "criteria": selectors.criteria_names(call),
            "rows": rows,
            "panel": _panel(call, panel),
        }
        return Response(RankingOutput(data).data)

    @extend_schema(
        request=PanelInput,
        responses=PanelOutput,
        parameters=[CALL_ID],
        summary="The panel and its progress (officers), or set its scale, threshold and blind round (approvers)",
    )
    @action(detail=True, methods=["get", "post"], url_path="panel")
    def panel(self, request: Request, pk: str) -> Response:
        call = self._board()
        if request.method == "POST":
            data = PanelInput(data=request.data)
            data.is_valid(raise_exception=True)
            services.panel_configure(call=call, actor=request.user, **data.validated_data)
        return Response(PanelOutput(_panel(call, Panel.objects.filter(call=call).first())).data)

    @extend_schema(
        request=MemberInput, responses={201: PanelOutput}, parameters=[CALL_ID], summary="Name an evaluator (approvers)"
    )
    @action(detail=True, methods=["post"], url_path="panel/members")
    def members(self, request: Request, pk: str) -> Response:
        call = self._board()
        data = MemberInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = get_user_model().objects.filter(pk=data.validated_data["user"]).first()
        if user is None:
            raise ApplicationError(str(services.MSG_NOT_EVALUATOR), field="user")
        services.panel_member_add(call=call, user=user, actor=request.user)
        return Response(
            PanelOutput(_panel(call, Panel.objects.filter(call=call).first())).data, status=status.HTTP_201_CREATED
        )

    def _member_act(self, request: Request, member_id: str, service: Any) -> Response:
        call = self._board()
        member = get_object_or_404(PanelMember.objects.select_related("panel__call"), pk=member_id, panel__call=call)
        data = RequiredReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        service(member=member, actor=request.user, reason=data.validated_data["reason"])
        return Response(PanelOutput(_panel(call, Panel.objects.filter(call=call).first())).data)

    @extend_schema(
        request=RequiredReasonInput,
        responses=PanelOutput,
        parameters=[CALL_ID, MEMBER_ID],
        summary="Remove an evaluator, with a reason (approvers)",
    )
    @action(detail=True, methods=["post"], url_path=r"panel/members/(?P<member_id>[0-9]+)/remove")
    def remove_member(self, request: Request, pk: str, member_id: str) -> Response:
        return self._member_act(request, member_id, services.panel_member_remove)

    @extend_schema(
        request=RequiredReasonInput,
        responses=PanelOutput,
        parameters=[CALL_ID, MEMBER_ID],
        summary="Reopen an evaluator's submitted evaluation, with a reason (approvers)",
    )
    @action(detail=True, methods=["post"], url_path=r"panel/members/(?P<member_id>[0-9]+)/reopen")
    def reopen_member(self, request: Request, pk: str, member_id: str) -> Response:
        return self._member_act(request, member_id, services.evaluation_reopen)

    @extend_schema(
        request=RequiredReasonInput,
        responses=PanelOutput,
        parameters=[CALL_ID],
        summary="End the blind round before every score is in, with a reason (approvers)",
    )
    @action(detail=True, methods=["post"], url_path="panel/reveal")
    def reveal(self, request: Request, pk: str) -> Response:
        call = self._board()
        data = RequiredReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        panel = services.panel_reveal_names(call=call, actor=request.user, reason=data.validated_data["reason"])
        return Response(PanelOutput(_panel(call, panel)).data)
