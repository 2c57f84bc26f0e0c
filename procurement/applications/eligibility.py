"""Who may apply to a call: the call's rules read against the registry, as human-readable reasons.

``eligibility_reasons`` returns the list of reasons an organisation may not apply (empty: it may). The rules are the
call's fields the officer sets (``procurement.models.Call``: ``smes_only``, ``startups_only``,
``verified_suppliers_only``, ``eligible_countries``, ``consortia_allowed``) plus the registry's own rule
(``startups.selectors.supplier_may_apply``: no debarment or sanction in force, verification). The registry is read
through ``startups.selectors`` only.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from govtech.accounts.models import Organisation
from procurement.calls.models import Call
from startups import conf as registry_conf
from startups import selectors as registry
from startups.models import Supplier


def _profile(organisation: Organisation) -> Supplier | None:
    return Supplier.objects.filter(organisation=organisation).first()


def _size_label(profile: Supplier) -> str:
    return str(Supplier.SizeClass(profile.size_class).label).lower() if profile.size_class else ""


def _registry_reasons(profile: Supplier | None) -> list[str]:
    if profile is None:
        return [_("Your organisation has no supplier profile in the registry yet; complete it before applying.")]
    reasons = []
    if registry.supplier_is_debarred(profile):
        reasons.append(_("Your organisation is under a debarment or sanction in force and may not apply."))
    status = profile.verification_status
    if status in (Supplier.Verification.REJECTED, Supplier.Verification.SUSPENDED):
        reasons.append(
            _("Your organisation's registration is %(status)s; it may not apply until it is verified again.")
            % {"status": str(Supplier.Verification(status).label).lower()}
        )
    elif status == Supplier.Verification.PENDING and not registry_conf.get("STARTUPS_UNVERIFIED_MAY_APPLY"):
        reasons.append(_("Your organisation's registration is waiting for verification; it may apply once verified."))
    return reasons


def _call_reasons(call: Call, organisation: Organisation, profile: Supplier | None, partners: int) -> list[str]:
    reasons = []
    if call.smes_only:
        if profile is None or not profile.size_class:
            reasons.append(
                _("This call is open to SMEs; your organisation has not declared its size (employees or revenue).")
            )
        elif profile.size_class == Supplier.SizeClass.LARGE:
            reasons.append(
                _("This call is open to SMEs; your organisation is registered as %(size)s.")
                % {"size": _size_label(profile)}
            )
    if call.startups_only and (profile is None or not profile.is_startup):
        reasons.append(
            _(
                "This call is open to startups; your organisation is not registered as a startup (an innovative "
                "company founded in the last %(years)s years)."
            )
            % {"years": registry_conf.startup_max_age_years()}
        )
    if call.verified_suppliers_only and (profile is None or not profile.is_verified):
        reasons.append(_("This call is open to suppliers verified on this portal; your organisation is not verified."))
    if call.eligible_countries:
        country = ((profile.country if profile else "") or organisation.country or "").upper()
        if country not in {c.upper() for c in call.eligible_countries}:
            reasons.append(
                _(
                    "This call is open to suppliers registered in %(countries)s; your organisation is registered in "
                    "%(country)s."
                )
                % {"countries": ", ".join(call.eligible_countries), "country": country or "—"}
            )
    if partners and not call.consortia_allowed:
        reasons.append(_("This call does not accept consortia; remove the partners to apply alone."))
    return reasons


def eligibility_reasons(call: Call, organisation: Organisation, *, partners: int = 0) -> list[str]:
    """Why ``organisation`` (leading a consortium of ``partners`` other organisations) may not apply to ``call``.

    Empty when it may. Each reason says the rule and the organisation's situation, e.g. "This call is open to
    SMEs; your organisation is registered as large."
    """
    if organisation.kind != Organisation.Kind.SUPPLIER:
        return [_("Only suppliers may apply to calls.")]
    profile = _profile(organisation)
    return _call_reasons(call, organisation, profile, partners) + _registry_reasons(profile)


def eligibility_for_application(application: Any) -> list[str]:
    return eligibility_reasons(application.call, application.supplier, partners=application.partners.count())
