"""Multi-factor authentication: required for officials and staff, optional for suppliers."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator

from govtech.accounts.mfa_policy import mfa_required_for
from govtech.audit.models import AuditEvent
from tests.accounts.factories import PASSWORD
from tests.security.conftest import recovery_codes_of, totp_code

pytestmark = pytest.mark.django_db

REQUIRED = ["admin", "editor", "publisher", "auditor", "officer", "evaluator", "approver"]
OPTIONAL = ["supplier_owner", "supplier_member", "outsider"]


def _log_in(client, user):
    return client.post("/es/accounts/login/", {"login": user.email, "password": PASSWORD})


def _open_totp_setup(client):
    """allauth asks for the password again before any MFA change; then the set-up page opens."""
    response = client.get("/es/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/es/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/es/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    return page


@pytest.mark.parametrize("name", REQUIRED)
def test_it_sends_an_official_without_mfa_to_the_totp_setup_before_anything_else(
    mfa_required, persona, fresh_client, name
):
    user = persona(name)
    client = fresh_client()
    _log_in(client, user)
    response = client.get("/es/about/")
    assert response.status_code == 302
    assert response["Location"] == "/es/accounts/2fa/totp/activate/"
    _open_totp_setup(client)


@pytest.mark.parametrize("name", OPTIONAL)
def test_it_leaves_mfa_optional_for_suppliers(mfa_required, persona, client_for, name):
    user = persona(name)
    assert not mfa_required_for(user)
    assert client_for(user).get("/es/about/").status_code == 200


def test_it_refuses_the_api_to_an_official_without_mfa_in_the_error_format(mfa_required, officer, client_for):
    response = client_for(officer).get("/api/v1/schema/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "mfa_required"


def test_it_lets_an_official_without_mfa_log_out_and_reach_the_health_probes(mfa_required, officer, client_for):
    client = client_for(officer)
    assert client.get("/healthz").status_code == 200
    assert client.post("/es/accounts/logout/").status_code == 302
    assert client.get("/es/about/").status_code == 200  # signed out now


def test_it_does_not_require_mfa_when_the_deployment_turns_it_off(settings, officer, client_for):
    settings.MFA_REQUIRED_FOR_OFFICIALS = False
    assert client_for(officer).get("/es/about/").status_code == 200


def test_a_revoked_official_is_no_longer_required_to_use_mfa(officer):
    officer.memberships.update(status="revoked")
    assert not mfa_required_for(officer)


def test_an_official_sets_up_totp_and_then_reaches_the_portal(
    mfa_required, officer, fresh_client, django_capture_on_commit_callbacks
):
    client = fresh_client()
    _log_in(client, officer)
    secret = _open_totp_setup(client).context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get("/es/about/").status_code == 200
    added = AuditEvent.objects.filter(verb="mfa.authenticator_add", actor=officer)
    assert sorted(e.after["type"] for e in added) == ["recovery_codes", "totp"]
    assert secret not in str(list(added.values("before", "after", "target_repr")))


def test_a_wrong_setup_code_is_a_field_error(mfa_required, officer, fresh_client):
    client = fresh_client()
    _log_in(client, officer)
    _open_totp_setup(client)
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not Authenticator.objects.filter(user=officer).exists()


def test_an_official_with_a_totp_device_logs_in_with_a_code(mfa_required, officer, totp_device, fresh_client):
    secret = totp_device(officer)
    client = fresh_client()
    response = _log_in(client, officer)
    assert response["Location"] == "/es/accounts/2fa/authenticate/"
    assert client.get("/es/about/").context["user"].is_anonymous  # not signed in before the code
    response = client.post("/es/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    about = client.get("/es/about/")
    assert about.status_code == 200
    assert about.context["user"] == officer


def test_a_wrong_totp_code_does_not_sign_in(mfa_required, officer, totp_device, fresh_client):
    totp_device(officer)
    client = fresh_client()
    _log_in(client, officer)
    response = client.post("/es/accounts/2fa/authenticate/", {"code": "123456"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get("/es/about/").context["user"].is_anonymous


def test_a_recovery_code_signs_in_once_only(mfa_required, approver, totp_device, fresh_client):
    totp_device(approver)
    code = recovery_codes_of(approver)[0]
    client = fresh_client()
    _log_in(client, approver)
    assert client.post("/es/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert client.get("/es/about/").context["user"] == approver
    client.post("/es/accounts/logout/")

    again = fresh_client()
    _log_in(again, approver)
    response = again.post("/es/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 200
    assert again.get("/es/about/").context["user"].is_anonymous
    assert code not in recovery_codes_of(approver)


def test_an_official_cannot_remove_their_totp_device_while_mfa_is_required(
    mfa_required, officer, totp_device, fresh_client
):
    secret = totp_device(officer)
    client = fresh_client()
    _log_in(client, officer)
    client.post("/es/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    response = client.post("/es/accounts/2fa/totp/deactivate/", {})
    assert response.status_code in (200, 302, 403)
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()


def test_a_supplier_may_set_up_totp_and_remove_it(mfa_required, supplier_owner, totp_device):
    from govtech.accounts.adapter import MfaAdapter

    totp_device(supplier_owner)
    device = Authenticator.objects.get(user=supplier_owner, type=Authenticator.Type.TOTP)
    assert MfaAdapter().can_delete_authenticator(device)
