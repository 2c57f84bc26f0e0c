"""The registry's block on the home page, suited to the visitor."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from govtech.accounts.roles import signed_in
from govtech.core import fragments
from startups import selectors
from startups.fragments import REGISTRY
from startups.models import Supplier


def verified_count() -> int:
    """Verified suppliers, counted once per change of the registry rather than on every home page."""
    return fragments.get_or_build(REGISTRY, ("verified",), Supplier.objects.verified().count)


def home_blocks(request: HttpRequest) -> list[str]:
    user = request.user
    context = {
        "own": selectors.supplier_of_user(user) if signed_in(user) else [],
        "invitations": selectors.invitations_for(user).count() if signed_in(user) else 0,
        "verified_count": verified_count(),
        "is_admin": signed_in(user) and user.is_portal_admin,
        "pending_count": Supplier.objects.filter(verification_status=Supplier.Verification.PENDING).count()
        if signed_in(user) and user.is_portal_admin
        else 0,
    }
    return [render_to_string("startups/home_block.html", context, request=request)]
