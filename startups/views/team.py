"""Team pages: members, invitations, requests to join."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govtech.accounts.models import Membership
from govtech.accounts.roles import is_admin
from govtech.core.errors import ApplicationError
from startups import selectors, services
from startups.forms import InviteForm
from startups.models import Supplier
from startups.permissions import can_edit
from startups.views.common import breadcrumbs, private_supplier


@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, slug: str) -> HttpResponse:
    supplier = private_supplier(request, slug)
    editable = can_edit(request.user, supplier)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            _team_action(request, supplier, form)
        except ApplicationError as exc:
            if request.POST.get("action") == "invite":
                form.add_application_error(exc)
            else:
                messages.error(request, exc.message)
        else:
            if request.POST.get("action") != "invite" or not form.errors:
                return redirect("startups:team", slug=slug)
    return render(
        request,
        "startups/team.html",
        {
            "supplier": supplier,
            "members": selectors.team(supplier),
            "form": form,
            "can_edit": editable,
            "is_admin": is_admin(request.user),
            "ownerless": not Membership.objects.active()
            .filter(organisation_id=supplier.organisation_id, role=Membership.Role.OWNER)
            .exists(),
            "breadcrumbs": breadcrumbs(
                (supplier.display_name, reverse("startups:detail", args=[slug])), (_("Team"), None)
            ),
        },
        status=400 if form.errors else 200,
    )


def _team_action(request: HttpRequest, supplier: Supplier, form: InviteForm) -> None:

    action = request.POST.get("action")
    actor = request.user
    if action == "invite":
        if not can_edit(actor, supplier):
            raise PermissionDenied
        if form.is_valid():
            services.membership_invite(
                actor=actor,
                supplier=supplier,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
            messages.success(request, _("The invitation has been sent."))
        return
    membership = get_object_or_404(
        Membership, pk=request.POST.get("membership") or 0, organisation_id=supplier.organisation_id
    )
    if action in ("approve", "reject"):
        services.membership_decide(
            actor=actor,
            membership=membership,
            approve=action == "approve",
            evidence=request.POST.get("evidence", ""),
        )
        messages.success(
            request, _("The request has been approved.") if action == "approve" else _("The request has been rejected.")
        )
    elif action == "role":
        services.membership_change_role(actor=actor, membership=membership, role=request.POST.get("role", ""))
        messages.success(request, _("The role has been changed."))
    elif action == "remove":
        services.membership_remove(actor=actor, membership=membership)
        messages.success(request, _("The person has been removed."))
    elif action == "suspend":
        services.membership_suspend(actor=actor, membership=membership, reason=request.POST.get("reason", ""))
        messages.success(request, _("The membership has been suspended and the owners told."))
    elif action == "admin_remove":
        services.membership_admin_remove(actor=actor, membership=membership, reason=request.POST.get("reason", ""))
        messages.success(request, _("The membership has been removed and the owners told."))
    elif action == "reinstate":
        services.membership_reinstate(actor=actor, membership=membership)
        messages.success(request, _("The membership is active again."))
    else:
        raise ApplicationError(_("Unknown action."))


@login_required
@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    # Any registered supplier, visible or not: a duplicate registration points here even while the
    # existing profile is still pending verification.
    supplier = get_object_or_404(Supplier.objects.select_related("organisation"), organisation__slug=slug)
    try:
        services.membership_request_join(actor=request.user, supplier=supplier)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your request has been sent to the organisation's owners."))
    if not Supplier.objects.visible_to(request.user).filter(pk=supplier.pk).exists():
        return redirect("startups:invitations")
    return redirect("startups:detail", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        membership = get_object_or_404(Membership, pk=request.POST.get("membership") or 0, user=request.user)
        try:
            services.membership_respond(
                actor=request.user, membership=membership, accept=request.POST.get("action") == "accept"
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Done."))
        return redirect("startups:invitations")
    return render(
        request,
        "startups/invitations.html",
        {
            "invitations": selectors.invitations_for(request.user),
            "organisations": selectors.supplier_of_user(request.user),
            "breadcrumbs": breadcrumbs((_("Your organisations"), None)),
        },
    )
