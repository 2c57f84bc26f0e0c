"""Pages of public bodies: the directory, a body's page, proposing one, the review queue, members."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import is_admin
from govtech.core.errors import ApplicationError, NotAllowed
from govtech.core.uploads import IMAGE_TYPES
from procurement.bodies.forms import DirectoryFilterForm, InviteBodyForm, LogoForm, ProposeBodyForm, RejectBodyForm
from procurement.bodies.models import BodyInvitation, PublicBody
from procurement.bodies.permissions import can_manage, is_officer, verified_emails
from procurement.bodies.selectors import (
    approver_requests,
    body_members,
    body_published,
    public_body_directory,
    public_body_queue,
)
from procurement.bodies.services import (
    BODY_ROLES,
    body_invitation_accept,
    body_invitation_revoke,
    body_invite,
    body_join_request,
    body_member_change_role,
    body_member_revoke,
    body_request_decide,
    invitation_by_token,
    public_body_propose,
    public_body_reject,
    public_body_set_logo,
    public_body_verify,
)


def _crumbs(*items: tuple[Any, str | None]) -> list[tuple[Any, str | None]]:
    return [(gettext_lazy("Public bodies"), reverse("bodies:directory")), *items]


def _visible_body(request: HttpRequest, slug: str) -> PublicBody:
    return get_object_or_404(
        PublicBody.objects.visible_to(request.user).select_related("organisation", "parent__organisation"),
        organisation__slug=slug,
    )


def _flash(request: HttpRequest, exc: ApplicationError) -> None:
    if isinstance(exc, NotAllowed):
        raise PermissionDenied(exc.message)
    messages.error(request, exc.message)


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    qs = public_body_directory(
        country=values.get("country", ""), level=values.get("level", ""), kind=values.get("kind", "")
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "procurement/bodies/directory.html",
        {
            "page": page,
            "form": form,
            "can_review": is_admin(request.user),
            "breadcrumbs": [(gettext_lazy("Public bodies"), None)],
        },
    )


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = _visible_body(request, slug)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            body_join_request(actor=request.user, body=body)
        except ApplicationError as exc:
            messages.error(request, exc.message)  # the page explains; refusing to join is not a 403 page
        else:
            messages.success(request, _("Your request was sent. You will be told when it is decided."))
        return redirect("bodies:detail", slug=slug)
    challenges, calls = body_published(body)
    membership = (
        Membership.objects.filter(organisation_id=body.organisation_id, user=request.user)
        .exclude(status=Membership.Status.REVOKED)
        .first()
        if request.user.is_authenticated
        else None
    )
    return render(
        request,
        "procurement/bodies/detail.html",
        {
            "body": body,
            "children": PublicBody.objects.verified().filter(parent=body).select_related("organisation"),
            "challenges": challenges,
            "calls": calls,
            "membership": membership,
            "can_manage": can_manage(request.user, body),
            "can_ask": body.is_verified and membership is None,
            "claimable": body.imported and not body.claimed,
            "breadcrumbs": _crumbs((body.organisation.name, None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    form = ProposeBodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            body = public_body_propose(actor=request.user, **data)
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            messages.success(request, _("Thank you. An administrator will check the body before it is published."))
            return redirect("bodies:detail", slug=body.slug)
    return render(
        request,
        "procurement/bodies/propose.html",
        {"form": form, "breadcrumbs": _crumbs((_("Propose a public body"), None))},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest) -> HttpResponse:
    """Admins: verify or reject proposed bodies, confirm or refuse approver requests and claims."""
    if not is_admin(request.user):
        raise PermissionDenied
    reject_form = RejectBodyForm(request.POST if request.POST.get("action") == "reject" else None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("verify", "reject"):
                body = get_object_or_404(PublicBody, pk=request.POST.get("body") or 0)
                if action == "verify":
                    public_body_verify(body=body, actor=request.user)
                elif reject_form.is_valid():
                    public_body_reject(body=body, actor=request.user, reason=reject_form.cleaned_data["reason"])
                else:
                    raise ApplicationError(_("Give the reason for the rejection."), field="reason")
            elif action in ("confirm", "refuse"):
                membership = get_object_or_404(Membership, pk=request.POST.get("membership") or 0)
                body_request_decide(
                    actor=request.user,
                    membership=membership,
                    approve=action == "confirm",
                    evidence=request.POST.get("evidence", ""),
                )
            else:
                raise ApplicationError(_("Choose an action."))
        except ApplicationError as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("Done."))
        return redirect("bodies:queue")
    return render(
        request,
        "procurement/bodies/queue.html",
        {
            "pending": public_body_queue(),
            "requests": approver_requests(),
            "reject_form": RejectBodyForm(),
            "breadcrumbs": _crumbs((_("Bodies to review"), None)),
        },
    )


def _members_action(request: HttpRequest, body: PublicBody, invite_form: InviteBodyForm, logo_form: LogoForm) -> None:
    action = request.POST.get("action", "")
    actor = request.user
    if action == "invite":
        if invite_form.is_valid():
            body_invite(actor=actor, body=body, **invite_form.cleaned_data)
            messages.success(request, _("The invitation was sent."))
        return
    if action == "logo":
        if logo_form.is_valid():
            public_body_set_logo(actor=actor, body=body, upload=logo_form.cleaned_data["logo"])
            messages.success(request, _("The logo was saved."))
        return
    if action == "revoke_invitation":
        invitation = get_object_or_404(BodyInvitation, pk=request.POST.get("invitation") or 0, body=body)
        body_invitation_revoke(actor=actor, invitation=invitation)
        return
    membership = get_object_or_404(
        Membership, pk=request.POST.get("membership") or 0, organisation_id=body.organisation_id
    )
    if action in ("approve", "refuse"):
        body_request_decide(actor=actor, membership=membership, approve=action == "approve")
    elif action == "role":
        body_member_change_role(actor=actor, membership=membership, role=request.POST.get("role", ""))
    elif action == "revoke":
        body_member_revoke(actor=actor, membership=membership)
    else:
        raise ApplicationError(_("Choose an action."))


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """The body's approvers (and admins): members, pending requests, invitations, logo."""
    body = _visible_body(request, slug)
    if not can_manage(request.user, body):
        raise PermissionDenied
    action = request.POST.get("action", "")
    invite_form = InviteBodyForm(request.POST if action == "invite" else None)
    logo_form = LogoForm(request.POST if action == "logo" else None, request.FILES if action == "logo" else None)
    if request.method == "POST":
        try:
            _members_action(request, body, invite_form, logo_form)
        except ApplicationError as exc:
            form = invite_form if action == "invite" else logo_form if action == "logo" else None
            if form is not None and not isinstance(exc, NotAllowed):
                form.add_application_error(exc)
            else:
                _flash(request, exc)
        if not invite_form.errors and not logo_form.errors:
            return redirect("bodies:members", slug=slug)
    return render(
        request,
        "procurement/bodies/members.html",
        {
            "body": body,
            "members": body_members(body),
            "invitations": body.invitations.open().select_related("invited_by"),
            "roles": BODY_ROLES,
            "form": invite_form,
            "logo_form": logo_form,
            "breadcrumbs": _crumbs(
                (body.organisation.name, reverse("bodies:detail", args=[slug])), (_("Members"), None)
            ),
        },
        status=400 if invite_form.errors or logo_form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail: shows the invitation, accepts it on POST."""
    found = invitation_by_token(token)
    if found is None or found.state != "open":
        return render(request, "procurement/bodies/invitation.html", {"invitation": None}, status=404)
    if request.method == "POST":
        try:
            body_invitation_accept(actor=request.user, token=token)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("You now act for %(body)s.") % {"body": found.body.organisation.name})
            return redirect("bodies:detail", slug=found.body.slug)
    return render(
        request,
        "procurement/bodies/invitation.html",
        {"invitation": found, "email_ok": found.email in verified_emails(request.user)},
    )


@require_GET
def logo(request: HttpRequest, slug: str) -> FileResponse:
    """Serve a logo checked at upload: its type from our stored name, never sniffed, never a document."""
    body = _visible_body(request, slug)
    if not body.logo:
        raise Http404
    extension = (body.logo.name or "").rpartition(".")[2].lower()
    content_type = IMAGE_TYPES.get(extension)
    if content_type is None:
        raise Http404
    try:
        handle = body.logo.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def officer_body(request: HttpRequest, body_id: int) -> Organisation:
    body = get_object_or_404(Organisation.objects.public_bodies(), pk=body_id)
    if not is_officer(request.user, body.pk):
        raise PermissionDenied
    return body
