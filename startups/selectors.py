"""Composite reads of the registry, for its own pages and API and for procurement and matching.

Other apps read the registry only through these functions.
"""

from __future__ import annotations

import datetime
import statistics

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from govtech.accounts.models import Membership
from govtech.accounts.roles import Actor, person
from govtech.core.text import Rank, RankTerm
from startups import conf
from startups.models import (
    ComplianceDocument,
    CpvCode,
    PublicReference,
    Sanction,
    Sector,
    Solution,
    Supplier,
    Technology,
)
from startups.textsearch import EXPANDED_WEIGHT, expanded_queries, search_filter, search_queries

# every order ends with the primary key, so a page boundary never falls between equal names (a row shown
# twice or never); ("legal_name", "pk") is read straight from the `supplier_status_name` index
SORTS = {
    "name": ("legal_name", "pk"),
    "-name": ("-legal_name", "-pk"),
    "newest": ("-created_at", "-pk"),
    "founded": ("-year_founded", "legal_name", "pk"),
}


# --- reference data ---
def cpv_codes() -> QuerySet[CpvCode]:
    return CpvCode.objects.all()


def cpv_descendants(code: str, *, include_self: bool = True) -> QuerySet[CpvCode]:
    """CPV codes under ``code`` (e.g. every 72xxxxxx code under 72000000)."""
    return CpvCode.objects.descendants_of(code, include_self=include_self)


def cpv_ancestors(code: str) -> list[CpvCode]:
    """``code`` and its parents up to the division, nearest first."""
    out: list[CpvCode] = []
    node = CpvCode.objects.filter(code=code.split("-", maxsplit=1)[0]).first()
    while node is not None:
        out.append(node)
        node = CpvCode.objects.filter(code=node.parent_id).first() if node.parent_id else None
    return out


def sectors() -> QuerySet[Sector]:
    return Sector.objects.all()


def technologies() -> QuerySet[Technology]:
    return Technology.objects.all()


# --- suppliers ---
SEARCH_VECTORS = ("search_es", "search_pt", "search_en")


def _sanctions_in_force() -> Prefetch:
    return Prefetch("sanctions", queryset=Sanction.objects.in_force(), to_attr="sanctions_in_force")


def supplier_rows(*, user: Actor) -> QuerySet[Supplier]:
    """Suppliers the user may see, with what a row of the API's list shows, in the row itself: its sectors',
    technologies' and codes' slugs as arrays (``sector_slugs``, ``technology_slugs``, ``cpv_code_list``) and
    whether a sanction is in force (``debarred``). Not the solutions and references of the detail, which a search
    page of 25 read for nothing, nor a query per relation (four per page, #19). The arrays cost a subquery each per
    row: a page reads its rows by id once the search gave their ids (the API's ``page_rows``)."""
    return (
        Supplier.objects.visible_to(user)
        .select_related("organisation")
        .defer(*SEARCH_VECTORS)  # large, only ever read by PostgreSQL
        .annotate(
            sector_slugs=ArraySubquery(
                Sector.objects.filter(suppliers=OuterRef("pk")).order_by("position", "slug").values("slug")
            ),
            technology_slugs=ArraySubquery(
                Technology.objects.filter(suppliers=OuterRef("pk")).order_by("slug").values("slug")
            ),
            cpv_code_list=ArraySubquery(
                CpvCode.objects.filter(suppliers=OuterRef("pk")).order_by("code").values("code")
            ),
            debarred=Exists(Sanction.objects.in_force().filter(supplier=OuterRef("pk"))),
        )
    )


def supplier_candidates(*, user: Actor) -> QuerySet[Supplier]:
    """Suppliers the user may see and nothing read with them: what the API's list is filtered, ranked and counted
    over before its page's rows are read by id (``supplier_rows``). Building the rows' arrays into the searched
    queryset cost each search its Python for nothing (#19)."""
    return Supplier.objects.visible_to(user).defer(*SEARCH_VECTORS)


def supplier_list(*, user: Actor) -> QuerySet[Supplier]:
    """Suppliers the user may see, with everything a profile or a matcher shows prefetched."""
    return (
        Supplier.objects.visible_to(user)
        .select_related("organisation")
        .defer(*SEARCH_VECTORS)
        .prefetch_related(
            "sectors",
            "technologies",
            "cpv_codes",
            _sanctions_in_force(),
            Prefetch("solutions", queryset=Solution.objects.order_by("name")),
            Prefetch("references", queryset=PublicReference.objects.order_by("-year")),
        )
    )


def supplier_cards(*, user: Actor) -> QuerySet[Supplier]:
    """Suppliers the user may see, with what a result card shows (name, badges, sectors) and nothing more."""
    return (
        Supplier.objects.visible_to(user)
        .select_related("organisation")
        .defer(*SEARCH_VECTORS)
        .prefetch_related("sectors", _sanctions_in_force())
    )


def suppliers_for_matching(*, user: Actor | None = None) -> QuerySet[Supplier]:
    """Every public supplier with codes, sectors, technologies, solutions and references prefetched."""
    return supplier_list(user=user or AnonymousUser())


def supplier_search(qs: QuerySet[Supplier], query: str) -> QuerySet[Supplier]:
    """Full-text search in es/pt/en (accents folded), every match ranked by relevance."""
    query = (query or "").strip()
    if not query:
        return qs
    return _ranked(supplier_match(qs, query), query)


def supplier_match(qs: QuerySet[Supplier], query: str) -> QuerySet[Supplier]:
    """The suppliers of ``qs`` matching ``query`` in any language (no rank, no order): what the GIN indexes answer."""
    query = (query or "").strip()
    return qs.filter(search_filter(query)) if query else qs


def supplier_rank(qs: QuerySet[Supplier], query: str, *, bounded: bool = True) -> QuerySet[Supplier]:
    """``qs`` (already matched and filtered) ranked by relevance, at most ``SEARCH_RANKED_AT_MOST`` of them.

    Ranking reads every candidate's stored vectors: a common word ("servicios") matches a fifth of a national
    registry, and ranking and counting all of it took 1.3 s at 100,000 suppliers. Only the first
    ``SEARCH_RANKED_AT_MOST`` matches (all of them when there are fewer, which is every query of the evaluation
    set) are ranked; the count is then capped too and pages say "more than N" (decision 0053).
    """
    query = (query or "").strip()
    if not query:
        return qs
    if not bounded:
        return _ranked(qs, query)
    candidates = qs.order_by().values("pk")[: search_ranked_at_most()]
    return _ranked(qs.filter(pk__in=Subquery(candidates)), query)


def search_ranked_at_most() -> int:
    return int(getattr(settings, "SEARCH_RANKED_AT_MOST", 1000))


def _ranked(qs: QuerySet[Supplier], query: str) -> QuerySet[Supplier]:
    terms = [RankTerm(field, q) for field, q in search_queries(query)]
    for field, _match, expanded in expanded_queries(query):  # found in another language: ranked below
        terms.append(RankTerm(field, expanded, EXPANDED_WEIGHT))
    return qs.annotate(rank=Rank(terms)).order_by("-rank", "legal_name", "pk")


def supplier_sort(qs: QuerySet[Supplier], sort: str) -> QuerySet[Supplier]:
    if sort == "relevance" and "rank" in qs.query.annotations:
        return qs
    return qs.order_by(*SORTS.get(sort, SORTS["name"]))


def supplier_detail(*, user: Actor, slug: str) -> Supplier:
    """One supplier the user may see (``Supplier.DoesNotExist`` otherwise: a 404)."""
    return supplier_list(user=user).get(organisation__slug=slug)


def supplier_of_user(user: Actor) -> list[Supplier]:
    """The suppliers the user is an active member of."""
    return list(Supplier.objects.of_user(user).select_related("organisation").distinct())


def team(supplier: Supplier) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(
            organisation_id=supplier.organisation_id, role__in=[Membership.Role.OWNER, Membership.Role.MEMBER]
        )
        .exclude(status=Membership.Status.REVOKED)
        .select_related("user")
        .order_by("status", "role", "user__email")
    )


def invitations_for(user: Actor) -> QuerySet[Membership]:
    return Membership.objects.filter(
        user=person(user), status=Membership.Status.INVITED, organisation__supplier__isnull=False
    ).select_related("organisation", "invited_by")


def documents(supplier: Supplier) -> QuerySet[ComplianceDocument]:
    return supplier.documents.select_related("uploaded_by").order_by("kind", "-uploaded_at")


def sanctions_in_force(supplier: Supplier, *, on: datetime.date | None = None) -> QuerySet[Sanction]:
    return supplier.sanctions.in_force(on)


def supplier_is_debarred(supplier: Supplier, *, on: datetime.date | None = None) -> bool:
    return sanctions_in_force(supplier, on=on).exists()


def supplier_may_apply(supplier: Supplier, *, on: datetime.date | None = None) -> bool:
    """Procurement asks this before accepting an application.

    Not while a debarment or sanction is in force; unverified suppliers only if
    ``STARTUPS_UNVERIFIED_MAY_APPLY`` is on; rejected and suspended ones never.
    """
    if supplier_is_debarred(supplier, on=on):
        return False
    if supplier.verification_status == Supplier.Verification.VERIFIED:
        return True
    return supplier.verification_status == Supplier.Verification.PENDING and bool(
        conf.get("STARTUPS_UNVERIFIED_MAY_APPLY")
    )


def valid_documents(supplier: Supplier, *, on: datetime.date | None = None) -> QuerySet[ComplianceDocument]:
    day = on or timezone.localdate()
    return supplier.documents.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))


WAITING_TIME_SAMPLE = 20  # the last N verification decisions the usual waiting time is computed from


def verification_waiting_time(*, sample: int = WAITING_TIME_SAMPLE) -> tuple[datetime.timedelta | None, int]:
    """How long verification usually takes: the median of (decision - request) over the last ``sample`` decisions
    (verified or rejected, by an administrator), and how many decisions it is computed from ((None, 0) if none)."""
    rows = (
        Supplier.objects.filter(
            verification_status__in=[Supplier.Verification.VERIFIED, Supplier.Verification.REJECTED],
            verification_decided_by__isnull=False,
            verification_decided_at__isnull=False,
            verification_requested_at__isnull=False,
            verification_decided_at__gte=F("verification_requested_at"),
        )
        .order_by("-verification_decided_at", "-pk")
        .values_list("verification_requested_at", "verification_decided_at")[:sample]
    )
    seconds = sorted((decided - requested).total_seconds() for requested, decided in rows if requested and decided)
    if not seconds:
        return None, 0
    return datetime.timedelta(seconds=statistics.median(seconds)), len(seconds)


def waiting_time_text(duration: datetime.timedelta | None, count: int) -> str:
    """The sentence a supplier waiting for verification reads about the usual waiting time."""
    if duration is None:
        return _(
            "There are no recent verifications to estimate from yet; the portal's administrators aim to decide "
            "within five working days."
        )
    hours = duration.total_seconds() / 3600
    if hours < 1:
        usual = _("less than an hour")
    elif hours < 48:
        whole = round(hours)
        usual = ngettext("about %(count)d hour", "about %(count)d hours", whole) % {"count": whole}
    else:
        days = round(hours / 24)
        usual = ngettext("about %(count)d day", "about %(count)d days", days) % {"count": days}
    return ngettext(
        "It usually takes %(usual)s (the median of %(count)d recent verification).",
        "It usually takes %(usual)s (the median of the %(count)d most recent verifications).",
        count,
    ) % {"usual": usual, "count": count}
