"""Every URL pattern of the portal, from the resolver, filled with real objects of the matrix world.

``all_routes()`` walks ``get_resolver()`` and names each pattern by its namespaced URL name (or, for the few
nameless patterns, ``"route:" + its pattern`` with the language prefix written ``<lang>/``). ``fill()`` turns a
route and a world into a concrete path: each parameter by its name, or by the route's name where one name
(``pk``, ``slug``, ``call_id``) means different objects on different routes.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from govtech.notifications.unsubscribe import ALL_KINDS, unsubscribe_token
from procurement.calls.feeds import followed_calendar_token
from procurement.calls.models import Call
from procurement.ocds.build import ocid_for
from tests.security.matrix_world import World


@dataclass(frozen=True)
class Route:
    key: str  # the URL name with its namespace, or "route:<pattern>"
    name: str | None  # for reverse()
    pattern: str  # the joined pattern text, language prefix as <lang>/
    params: tuple[str, ...]
    api: bool  # under /api/v1/
    page: bool  # under the language prefix
    regexes: tuple[str, ...]  # one regex per level, to build a path from the parameters


def _walk(patterns: list[Any], prefix: str, ns: str, regexes: tuple[str, ...], page: bool) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            text, regex, is_page = "<lang>/", "<lang>/", True
        else:
            text = str(pattern.pattern)
            regex, is_page = pattern.pattern.regex.pattern, page
        if isinstance(pattern, URLResolver):
            space = f"{ns}{pattern.namespace}:" if pattern.namespace else ns
            yield from _walk(pattern.url_patterns, prefix + text, space, (*regexes, regex), is_page)
        elif isinstance(pattern, URLPattern):
            full = prefix + text
            params: list[str] = []
            for part in (*regexes, regex):
                params += [p for p in re.compile(part.replace("<lang>/", "")).groupindex if p not in params]
            name = f"{ns}{pattern.name}" if pattern.name else None
            yield Route(
                key=name or f"route:{full}",
                name=name,
                pattern=full,
                params=tuple(params),
                api=full.startswith("api/v1/"),
                page=is_page,
                regexes=(*regexes, regex),
            )


def all_routes() -> list[Route]:
    with translation.override("es"):
        return list(_walk(get_resolver().url_patterns, "", "", (), False))


# --- parameters ---
def _admin_object(route: Route) -> str:
    """``admin:<app>_<model>_change`` and friends: the first object of that model (the world has one of most)."""
    match = re.match(r"admin:(\w+?)_(\w+)_(change|delete|history)$", route.key)
    if not match:
        return "1"
    label, rest, _ = match.groups()
    for model in apps.get_models():
        if model._meta.app_label == label and rest == model._meta.model_name:
            obj = model._default_manager.order_by("pk").first()
            return str(obj.pk) if obj else "1"
    return "1"


Fill = Callable[[World], Any]

# parameter name -> its value, for the routes that do not say otherwise
BY_PARAM: dict[str, Fill] = {
    "slug": lambda w: w.supplier.slug,
    "call_id": lambda w: w.awarded_call.pk,
    "application_id": lambda w: w.won.pk,
    "member_id": lambda w: w.seat.pk,
    "file_id": lambda w: w.application_file.pk,
    "document_id": lambda w: w.call_document.pk,
    "attachment_id": lambda w: w.attachment.pk,
    "number": lambda w: w.receipt.number,
    "qid": lambda w: w.question.pk,
    "code": lambda w: "suppliers_by_country",
    "ocid": lambda w: ocid_for(w.awarded_call.pk),
    "buyer_id": lambda w: "CO-RUE-8999990619",
    "name": lambda w: "extension.json",
    "body_id": lambda w: w.body.pk,
    "supplier_id": lambda w: w.supplier.pk,
    "provider_id": lambda w: "gov-id",
    "format": lambda w: "json",
    # allauth's e-mail confirmation and password reset keys: the e-mailed secrets cannot be known here, so an
    # invalid one (the pages answer it with their "bad link" message)
    "key": lambda w: "not-a-key",
    "uidb36": lambda w: "0",
    "url": lambda w: "no-such-admin-page/",  # the admin's catch-all
}

# route -> {parameter: value}; for names whose meaning differs between routes
BY_ROUTE: dict[str, dict[str, Fill]] = {}


def _route(keys: str, **params: Fill) -> None:
    for key in keys.split():
        BY_ROUTE[key] = params


# the registry
_route("supplier-detail supplier-verification", pk=lambda w: w.supplier.pk)
_route("solution-detail startups:solution_edit startups:solution_delete", pk=lambda w: w.solution.pk)
_route("reference-detail startups:reference_edit startups:reference_delete", pk=lambda w: w.reference.pk)
_route("startups:document_download startups:document_delete", pk=lambda w: w.document.pk)
_route(
    "membership-detail membership-decision membership-respond membership-role membership-suspend "
    "membership-admin-remove membership-reinstate",
    pk=lambda w: w.owner_membership.pk,
)
_route("application-partner-request-respond", pk=lambda w: 0)
_route("sector-detail", slug=lambda w: w.sector.slug)
_route("technology-detail", slug=lambda w: w.technology.slug)
_route("cpv-code-detail", pk=lambda w: w.cpv.pk)
_route("startups:import_detail startups:import_start", pk=lambda w: w.import_job.pk)
_route("startups:export_detail startups:export_status startups:export_download", pk=lambda w: w.export_job.pk)
# bodies, challenges and calls
_route(
    "public-body-detail public-body-invitations public-body-join public-body-members public-body-reject "
    "public-body-verify public-body-domains public-body-verify-domains",
    pk=lambda w: w.body.public_body.pk,
)
_route("bodies:detail bodies:members bodies:logo", slug=lambda w: w.body.slug)
_route("bodies:invitation", token=lambda w: w.invitation_token)
_route(
    "challenge-detail challenge-close challenge-publish challenge-similar procurement:challenge "
    "procurement:officer_challenge procurement:officer_challenge_edit procurement:officer_challenge_attach "
    "matching:challenge_suggestions challenge-suggested-suppliers",
    pk=lambda w: w.challenge.pk,
)
_route("procurement:challenge_attachment", pk=lambda w: w.challenge.pk)
_route("procurement:officer_challenge_action", pk=lambda w: w.draft_challenge.pk, action=lambda w: "publish")
_route("matching:challenge_invite challenge-suggested-supplier-invite", pk=lambda w: w.challenge.pk)
_OPEN_CALL = (
    "call-detail call-amendments call-follow call-unfollow call-questions call-answer call-reject "
    "procurement:call procurement:call_ics procurement:apply procurement:follow procurement:call_document "
    "procurement:officer_call_amend procurement:officer_call_documents matching:call_suggestions matching:call_invite "
    "call-suggested-suppliers call-suggested-supplier-invite procurement:officer_call"
)
_route(_OPEN_CALL, pk=lambda w: w.open_call.pk)
_route("call-submit call-return-to-draft call-approve procurement:officer_call_edit", pk=lambda w: w.draft_call.pk)
_route("call-close call-cancel", pk=lambda w: w.open_call.pk)
_route("call-start-evaluation call-declare-unsuccessful", pk=lambda w: w.sealed_call.pk)
_route("procurement:officer_call_action", pk=lambda w: w.draft_call.pk, action=lambda w: "submit")
_route("procurement:officer_question_answer", pk=lambda w: w.question.pk)
# applications: supplier_owner's sealed one unless said otherwise
_MINE = (
    "application-detail application-eligibility application-files application-receipts application-submit "
    "application-withdraw applications:detail applications:edit applications:submit applications:withdraw "
    "applications:files applications:receipt applications:receipt_pdf"
)
_route(_MINE, pk=lambda w: w.mine.pk)
_route("application-file applications:file applications:file_remove", pk=lambda w: w.mine.pk)
_route("applications:review", pk=lambda w: w.draft_application.pk)  # the last step before submitting a draft
_route("applications:start", call_id=lambda w: w.open_call.pk)
_route(
    "applications:received applications:open call-applications call-applications-open",
    call_id=lambda w: w.sealed_call.pk,
)
# evaluation and awards
_route(
    "evaluation-detail evaluation-declarations evaluation-members evaluation-panel evaluation-ranking "
    "evaluation-reveal evaluation-scores evaluation-submit",
    pk=lambda w: w.awarded_call.pk,
)
_route("evaluation-application", pk=lambda w: w.awarded_call.pk, application_id=lambda w: w.won.pk)
_route(
    "evaluation-remove-member evaluation-reopen-member", pk=lambda w: w.awarded_call.pk, member_id=lambda w: w.seat.pk
)
_route("awards:decide", pk=lambda w: w.awarded_call.pk)
_route("awards:decision awards:report decision-detail", pk=lambda w: w.decision.pk)
_route("awards:debrief", pk=lambda w: w.won.pk)
_route("awards:complaint complaint-detail complaint-answer", pk=lambda w: w.complaint.pk)
_route("awards:complaint_document", pk=lambda w: w.complaint.pk, document_id=lambda w: w.complaint_document.pk)
_route("awards:award award-detail award-became-contract award-milestones award-sign", pk=lambda w: w.award.pk)
_route("awards:award_action", pk=lambda w: w.award.pk, action=lambda w: "sign")
_route("awards:milestone_status milestone-set-status", pk=lambda w: w.milestone.pk)
_route("match-detail match-dismiss matching:dismiss", pk=lambda w: w.match.pk)
# recommendations
_route(
    "recommendation-detail recommendations:detail recommendations:link-practice "
    "recommendations:link-practice-target recommendations:curation-detail recommendations:curation-edit "
    "recommendations:curation-transition recommendations:curation-move recommendations:curation-preview",
    slug=lambda w: w.recommendation.slug,
)
_route(
    "recommendations:curation-diff recommendations:curation-restore",
    slug=lambda w: w.recommendation.slug,
    number=lambda w: 1,
)
_route("recommendations:by-number", number=lambda w: w.recommendation.number)
_route("instrument-detail recommendations:instrument", slug=lambda w: w.instrument.slug)
_route("assessment-detail recommendations:assessment recommendations:assessment-edit", slug=lambda w: w.body.slug)
_route("accounts:legal_text", kind=lambda w: "terms")
# the person's own things
_route("notifications-read notifications:open notifications:read", pk=lambda w: w.notification.pk)
_route(
    "notifications-webhook notifications-webhook-deliveries notifications:webhook_detail notifications:webhook_delete",
    pk=lambda w: w.webhook.pk,
)
_route("notifications:saved_search_delete", pk=lambda w: w.saved_search.pk)
_route("procurement:followed_ics", token=lambda w: followed_calendar_token(w.users["supplier_owner"]))
_route("procurement:ask", pk=lambda w: w.open_call.pk)
_route("notifications:unsubscribe", token=lambda w: unsubscribe_token(w.users["supplier_owner"].pk, ALL_KINDS))
_route("api-token-revoke tokens:revoke", pk=lambda w: w.token.pk)
_route("api-audit-event audit:event", pk=lambda w: w.audit_event.pk)
# the admin
_route("admin:app_list", app_label=lambda w: "procurement")
_route(
    "admin:view_on_site",
    content_type_id=lambda w: ContentType.objects.get_for_model(Call).pk,
    object_id=lambda w: w.open_call.pk,
)


def fill(route: Route, world: World, overrides: dict[str, str] | None = None) -> dict[str, str]:
    """The route's parameters: ``overrides`` (parameter -> a world attribute such as ``"draft_call.pk"``), then
    the route's own choice, then the parameter's default."""
    chosen = BY_ROUTE.get(route.key, {})
    values: dict[str, str] = {}
    for param in route.params:
        if overrides and param in overrides:
            values[param] = str(operator.attrgetter(overrides[param])(world))
        elif param in chosen:
            values[param] = str(chosen[param](world))
        elif param == "object_id":
            values[param] = _admin_object(route)
        elif param in BY_PARAM:
            values[param] = str(BY_PARAM[param](world))
        else:
            raise KeyError(f"{route.key}: no value for the parameter {param!r}")
    return values


_GROUP = re.compile(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")


def build_path(route: Route, values: dict[str, str], lang: str = "es") -> str:
    """The concrete path: each level's regex with its groups replaced by the values and the anchors dropped."""
    parts = []
    for regex in route.regexes:
        if regex == "<lang>/":
            parts.append(f"{lang}/")
            continue
        text = _GROUP.sub(lambda m: values[m.group(1)], regex)
        text = text.removeprefix("^").removesuffix("\\Z").removesuffix("$")
        parts.append(text.replace("\\", ""))
    return "/" + "".join(parts)


# --- the database, before and after ---
# Tables a denied request may touch without having done anything (the session store), and the reference data
# no route writes (the CPV codes are thousands of rows: digesting them after every request would be slow).
UNWATCHED = {"django_session", "startups_cpvcode"}


def watched_tables() -> list[str]:
    tables = []
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.managed and not model._meta.proxy and table not in UNWATCHED and table not in tables:
            tables.append(table)
    return sorted(tables)


def fingerprint_sql(tables: list[str]) -> str:
    q = connection.ops.quote_name
    parts = [
        f"SELECT {i} AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM {q(table)} t"  # noqa: S608 (model tables, quoted)
        for i, table in enumerate(tables)
    ]
    return " UNION ALL ".join(parts)


def fingerprint(tables: list[str], sql: str) -> dict[str, str]:
    """One query: a digest of every row of every watched table."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {tables[n]: h for n, h in cursor.fetchall()}


class TableWatch:
    """The digests of the watched tables (``fingerprint``), read again only when PostgreSQL counted a row
    inserted, updated or deleted in this transaction since the last read (``pg_stat_xact_user_tables``, which
    counts every attempt, rolled back or not): the matrix sends thousands of refused writes, and digesting
    every table after each one was half of its time. A counted write still gets the full comparison, so a
    write that was rolled back is not a change and one that stayed is always seen."""

    def __init__(self, tables: list[str]) -> None:
        self.tables = tables
        self.sql = fingerprint_sql(tables)
        self._counts: list[tuple[str, int]] | None = None
        self._digests: dict[str, str] = {}

    def _write_counts(self) -> list[tuple[str, int]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
                " WHERE relname = ANY(%s) ORDER BY relname",
                [self.tables],
            )
            return [(name, int(n)) for name, n in cursor.fetchall()]

    def digests(self) -> dict[str, str]:
        counts = self._write_counts()
        if counts != self._counts:
            self._digests = fingerprint(self.tables, self.sql)
            self._counts = counts
        return self._digests
