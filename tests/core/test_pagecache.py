"""Whole public pages and API lists cached for anonymous visitors: served with their own nonce and CSRF
token, never to signed-in people, and retired by any public write."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.messages import constants, get_messages
from django.test import Client

from govtech.core import fragments, pagecache

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'<script nonce="([^"]+)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _supplier(**kwargs: Any) -> Any:
    from tests.startups.factories import SupplierFactory

    return SupplierFactory(**kwargs)


def test_a_visitor_gets_the_cached_page_with_their_own_nonce_and_token() -> None:
    _supplier(legal_name="Datos Claros SAS")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    miss = first.get("/es/suppliers/")
    hit = second.get("/es/suppliers/")
    assert miss.status_code == hit.status_code == 200
    assert "X-Page-Cache" not in miss
    assert hit["X-Page-Cache"] == "hit"
    assert "Datos Claros SAS" in hit.content.decode()
    nonce = NONCE.search(hit.content.decode())
    assert nonce is not None
    assert nonce.group(1) != NONCE.search(miss.content.decode()).group(1)
    assert f"'nonce-{nonce.group(1)}'" in hit["Content-Security-Policy"]  # the header names the page's nonce
    assert "\x00" not in hit.content.decode()
    # the language switch's token works for this visitor (their cookie was set with the page)
    token = TOKEN.search(hit.content.decode())
    assert token is not None
    switched = second.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token.group(1)})
    assert switched.status_code == 302
    # and the page is otherwise the same bytes as the first visitor's
    assert NONCE.sub("", TOKEN.sub("", hit.content.decode())) == NONCE.sub("", TOKEN.sub("", miss.content.decode()))


def test_signed_in_people_are_never_served_from_it_nor_stored(supplier_owner: Any) -> None:
    member = Client()
    member.force_login(supplier_owner)
    assert "X-Page-Cache" not in member.get("/es/").headers
    assert "X-Page-Cache" not in member.get("/es/").headers
    visitor = Client().get("/es/")
    assert "X-Page-Cache" not in visitor.headers  # the member's page was not stored for visitors
    assert supplier_owner.email not in visitor.content.decode()
    assert Client().get("/es/")["X-Page-Cache"] == "hit"


def test_each_language_and_address_has_its_own_copy() -> None:
    Client().get("/es/suppliers/")
    assert "X-Page-Cache" not in Client().get("/en/suppliers/")
    assert "X-Page-Cache" not in Client().get("/es/suppliers/", {"q": "datos"})
    assert Client().get("/es/suppliers/")["X-Page-Cache"] == "hit"


def test_a_write_to_a_public_model_retires_the_pages() -> None:
    assert "Nube Andina" not in Client().get("/es/suppliers/").content.decode()
    assert Client().get("/es/suppliers/")["X-Page-Cache"] == "hit"
    _supplier(legal_name="Nube Andina SAS")
    fresh = Client().get("/es/suppliers/")
    assert "X-Page-Cache" not in fresh
    assert "Nube Andina SAS" in fresh.content.decode()


def test_which_models_retire_the_pages() -> None:
    from govtech.accounts.models import Organisation, User
    from govtech.audit.models import AuditEvent
    from procurement.calls.models import Call
    from startups.models import ExportJob, Supplier

    assert pagecache.is_public_model(Supplier)
    assert pagecache.is_public_model(Call)
    assert pagecache.is_public_model(Organisation)
    assert pagecache.is_public_model(Supplier.cpv_codes.through)
    assert not pagecache.is_public_model(User)
    assert not pagecache.is_public_model(AuditEvent)
    assert not pagecache.is_public_model(ExportJob)


def test_a_visitor_with_a_pending_message_gets_the_page_rendered() -> None:
    Client().get("/es/")
    visitor = Client()
    visitor.get("/es/")  # a hit, with the visitor's session cookie not yet set
    session = visitor.session
    session["_messages"] = '[["__json_message",0,25,"Sesión cerrada."]]'
    session.save()
    answer = visitor.get("/es/")
    assert "X-Page-Cache" not in answer
    assert [m.level for m in get_messages(answer.wsgi_request)] in ([], [constants.SUCCESS])


def test_only_plain_200_answers_are_stored() -> None:
    assert Client().get("/es/suppliers/no-such-supplier/").status_code == 404
    assert "X-Page-Cache" not in Client().get("/es/suppliers/no-such-supplier/")


def test_api_lists_for_anonymous_callers_are_cached_and_follow_writes() -> None:
    _supplier(legal_name="Datos Claros SAS")
    first = Client().get("/api/v1/suppliers/")
    assert first.status_code == 200
    assert first.json()["count"] == 1
    assert Client().get("/api/v1/suppliers/").json() == first.json()
    key_names = pagecache.NAMES
    before = fragments.versions(key_names)
    _supplier(legal_name="Nube Andina SAS")
    assert fragments.versions(key_names) != before
    assert Client().get("/api/v1/suppliers/").json()["count"] == 2
    # a bad filter is still a 400, never stored
    assert Client().get("/api/v1/suppliers/", {"country": "ZZZ"}).status_code == 400
    assert Client().get("/api/v1/suppliers/", {"country": "ZZZ"}).status_code == 400


def test_signed_in_api_callers_are_never_served_a_visitors_list(supplier_owner: Any) -> None:
    from startups.models import Supplier

    _supplier(
        organisation=supplier_owner.memberships.get().organisation, verification_status=Supplier.Verification.PENDING
    )
    visitor = Client().get("/api/v1/suppliers/").json()
    member = Client()
    member.force_login(supplier_owner)
    mine = member.get("/api/v1/suppliers/").json()
    assert mine["count"] == visitor["count"] + 1  # the member also sees its own profile under review
