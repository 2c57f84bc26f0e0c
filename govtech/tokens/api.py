from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govtech.accounts.models import Membership
from govtech.accounts.roles import person
from govtech.core.api import Pagination
from govtech.tokens.models import ApiToken
from govtech.tokens.serializers import MeOutput, TokenCreatedOutput, TokenCreateInput, TokenOutput
from govtech.tokens.services import api_token_create, api_token_revoke


class MeView(APIView):
    """Who the caller is: the user behind the session or token, with their organisations and roles."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: MeOutput}, summary="The signed-in user or the token's owner")
    def get(self, request: Request) -> Response:
        user = person(request.user)
        memberships = Membership.objects.active().filter(user=user).select_related("organisation")
        data = {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "site_roles": list(user.site_roles),
            "memberships": [
                {
                    "organisation_id": m.organisation_id,
                    "organisation": m.organisation.name,
                    "kind": m.organisation.kind,
                    "role": m.role,
                }
                for m in memberships
            ],
            "token_scope": request.auth.scope if isinstance(request.auth, ApiToken) else None,
        }
        return Response(MeOutput(data).data)


class TokenListView(APIView):
    """Your personal API tokens. Creating tokens needs a browser session: a token cannot mint tokens."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination  # the schema then says what the answer is: a page of tokens

    @extend_schema(responses={200: TokenOutput(many=True)}, summary="List your API tokens")
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(ApiToken.objects.of_user(request.user), request, view=self)
        return paginator.get_paginated_response(TokenOutput(page, many=True).data)

    @extend_schema(request=TokenCreateInput, responses={201: TokenCreatedOutput}, summary="Create an API token")
    def post(self, request: Request) -> Response:
        data = TokenCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        issued = api_token_create(actor=request.user, **data.validated_data)
        body = {**TokenOutput(issued.token).data, "token": issued.secret}
        return Response(body, status=status.HTTP_201_CREATED)


class TokenRevokeView(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: TokenOutput}, summary="Revoke one of your API tokens")
    def post(self, request: Request, pk: int) -> Response:
        token = get_object_or_404(ApiToken.objects.of_user(request.user), pk=pk)
        return Response(TokenOutput(api_token_revoke(actor=request.user, token=token)).data)
