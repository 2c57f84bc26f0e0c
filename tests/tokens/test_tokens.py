from __future__ import annotations

import re

import pytest
from django.test import Client

from govtech.tokens.models import ApiToken
from govtech.tokens.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_token_is_shown_once_and_stored_only_as_a_digest(client_for, supplier_owner):
    client = client_for(supplier_owner)
    page = client.post("/en/account/api-tokens/", {"name": "Regional portal sync", "scope": "read"})
    assert page.status_code == 200
    secret = re.search(r"gtp_[0-9a-f]{12}_[A-Za-z0-9_-]+", page.content.decode()).group(0)
    token = ApiToken.objects.get(user=supplier_owner)
    assert secret not in {token.digest, token.key_id}
    assert len(token.digest) == 64
    again = client.get("/en/account/api-tokens/").content.decode()
    assert secret not in again
    assert "Regional portal sync" in again


def test_the_token_form_explains_what_is_wrong(client_for, supplier_owner):
    response = client_for(supplier_owner).post("/es/account/api-tokens/", {"name": "", "scope": "admin"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_bearer_token_acts_as_its_user_and_records_its_last_use(officer):
    issued = api_token_create(actor=officer, name="ci", scope="read")
    response = Client().get("/api/v1/me/", **bearer(issued.secret))
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == officer.email
    assert body["token_scope"] == "read"
    assert body["memberships"][0]["role"] == "officer"
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None


@pytest.mark.parametrize("header", ["Bearer gtp_000000000000_nope", "Bearer not-a-token", "Bearer a b"])
def test_a_bad_token_gets_401_with_the_error_format(header):
    response = Client().get("/api/v1/me/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["status"] == 401


def test_a_revoked_token_stops_working_at_once(supplier_owner):
    issued = api_token_create(actor=supplier_owner, name="old", scope="write")
    api_token_revoke(actor=supplier_owner, token=issued.token)
    assert Client().get("/api/v1/me/", **bearer(issued.secret)).status_code == 401


def test_a_read_only_token_cannot_write(supplier_owner):
    read = api_token_create(actor=supplier_owner, name="r", scope="read")
    write = api_token_create(actor=supplier_owner, name="w", scope="write")
    refused = Client().post("/api/v1/me/", {}, HTTP_ACCEPT_LANGUAGE="en", **bearer(read.secret))
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == "This API token is read-only."
    assert Client().post("/api/v1/me/", {}, **bearer(write.secret)).status_code == 405


def test_a_token_cannot_mint_or_list_tokens(supplier_owner):
    issued = api_token_create(actor=supplier_owner, name="w", scope="write")
    assert Client().get("/api/v1/tokens/", **bearer(issued.secret)).status_code in {401, 403}
    assert Client().post("/api/v1/tokens/", {"name": "x"}, **bearer(issued.secret)).status_code in {401, 403}


def test_tokens_are_created_and_revoked_through_the_api_with_a_session(client_for, supplier_owner, outsider):
    client = client_for(supplier_owner)
    created = client.post("/api/v1/tokens/", {"name": "sync", "scope": "write"}, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["token"].startswith("gtp_")
    pk = created.json()["id"]
    assert client_for(outsider).post(f"/api/v1/tokens/{pk}/revoke/").status_code == 404
    assert client.post(f"/api/v1/tokens/{pk}/revoke/").json()["active"] is False
    listed = client.get("/api/v1/tokens/").json()
    assert listed["count"] == 1


def test_another_users_token_page_action_is_a_404(client_for, supplier_owner, outsider):
    issued = api_token_create(actor=supplier_owner, name="mine", scope="read")
    assert client_for(outsider).post(f"/es/account/api-tokens/{issued.token.pk}/revoke/").status_code == 404
    issued.token.refresh_from_db()
    assert issued.token.is_active


def test_throttling_is_per_token(supplier_owner, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/min", "user": "100/min", "token": "2/min"},
    }
    from django.core.cache import cache

    cache.clear()  # the test settings' cache is per process (LocMemCache)
    issued = api_token_create(actor=supplier_owner, name="t", scope="read")
    other = api_token_create(actor=supplier_owner, name="u", scope="read")
    codes = [Client().get("/api/v1/me/", **bearer(issued.secret)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert Client().get("/api/v1/me/", **bearer(other.secret)).status_code == 200


def test_unknown_api_paths_answer_json_404():
    response = Client().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_public_resources_carry_an_etag_and_answer_304():
    first = Client().get("/api/v1/schema/")
    assert first.status_code == 200
    etag = first["ETag"]
    assert Client().get("/api/v1/schema/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_openapi_schema_validates():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
