"""TOTP secrets and recovery-code seeds are stored encrypted, never shown in the admin, and still sign people in."""

from __future__ import annotations

import io
import json

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from govtech.accounts import mfa_secrets
from tests.accounts.factories import PASSWORD
from tests.security.conftest import recovery_codes_of, totp_code

pytestmark = pytest.mark.django_db

encrypt_migration = __import__(
    "govtech.accounts.migrations.0002_encrypt_mfa_secrets", fromlist=["encrypt_existing"]
).encrypt_existing


def _stored(user, kind):
    return Authenticator.objects.get(user=user, type=kind).data


def _log_in(client, user):
    return client.post("/es/accounts/login/", {"login": user.email, "password": PASSWORD})


def _signs_in_with(client, user, code) -> bool:
    assert _log_in(client, user)["Location"] == "/es/accounts/2fa/authenticate/"
    client.post("/es/accounts/2fa/authenticate/", {"code": code})
    return client.get("/es/about/").context["user"] == user


def test_the_stored_totp_secret_and_recovery_seed_are_not_the_secrets(officer, totp_device):
    secret = totp_device(officer)
    totp = _stored(officer, Authenticator.Type.TOTP)
    codes = _stored(officer, Authenticator.Type.RECOVERY_CODES)
    assert totp["secret"] != secret
    assert totp["secret"].startswith("fernet:")
    assert secret not in json.dumps(totp)
    assert mfa_secrets.decrypt(totp["secret"]) == secret
    seed = mfa_secrets.decrypt(codes["seed"])
    assert codes["seed"].startswith("fernet:")
    assert seed not in json.dumps(codes)
    for code in recovery_codes_of(officer):
        assert code not in json.dumps(codes)


def test_sign_in_with_a_totp_code_still_works(mfa_required, officer, totp_device, fresh_client):
    secret = totp_device(officer)
    assert _signs_in_with(fresh_client(), officer, totp_code(secret))


def test_sign_in_with_a_recovery_code_still_works(mfa_required, approver, totp_device, fresh_client):
    totp_device(approver)
    code = recovery_codes_of(approver)[0]
    assert _signs_in_with(fresh_client(), approver, code)
    assert code not in recovery_codes_of(approver)


def test_the_admin_never_shows_the_stored_secrets(admin, officer, totp_device, client_for):
    totp_device(officer)
    client = client_for(admin)
    stored = [_stored(officer, kind) for kind in (Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES)]
    pages = [client.get("/en/admin/mfa/authenticator/")]
    for authenticator in Authenticator.objects.filter(user=officer):
        pages.append(client.get(f"/en/admin/mfa/authenticator/{authenticator.pk}/change/"))
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        for data in stored:
            for value in (data.get("secret"), data.get("seed")):
                if value:
                    assert value not in html
                    assert value.removeprefix("fernet:")[:20] not in html
        assert 'name="data"' not in html
    assert client.get("/en/admin/mfa/authenticator/add/").status_code == 403


def test_the_data_migration_encrypts_secrets_stored_in_plain_text(mfa_required, officer, totp_device, fresh_client):
    secret = totp_device(officer)
    codes = recovery_codes_of(officer)
    for authenticator in Authenticator.objects.filter(user=officer):  # as stored before this change
        plain = mfa_secrets.transform_data(authenticator.type, authenticator.data, mfa_secrets.decrypt)
        Authenticator.objects.filter(pk=authenticator.pk).update(data=plain)
    assert _stored(officer, Authenticator.Type.TOTP)["secret"] == secret
    encrypt_migration(apps, None)
    encrypt_migration(apps, None)  # twice: an encrypted value is left alone
    stored = _stored(officer, Authenticator.Type.TOTP)["secret"]
    assert stored.startswith("fernet:")
    assert mfa_secrets.decrypt(stored) == secret
    assert recovery_codes_of(officer) == codes
    assert _signs_in_with(fresh_client(), officer, totp_code(secret))


def test_a_secret_stored_in_plain_text_is_refused_not_used(officer):
    with pytest.raises(mfa_secrets.SecretUnreadable, match="not encrypted"):
        mfa_secrets.decrypt("JBSWY3DPEHPK3PXP")


def test_a_new_key_decrypts_nothing_until_the_old_one_is_kept_after_it(settings, officer, totp_device):
    totp_device(officer)
    settings.MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(mfa_secrets.SecretUnreadable, match="no key"):
        mfa_secrets.decrypt(_stored(officer, Authenticator.Type.TOTP)["secret"])
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("mfa_rotate_keys", stdout=io.StringIO())


def test_rotating_keys_re_encrypts_every_secret_with_the_first_key(settings, mfa_required, officer, totp_device,
                                                                   fresh_client):  # fmt: skip
    secret = totp_device(officer)
    codes = recovery_codes_of(officer)
    old = settings.MFA_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEYS = [new, old]
    before = _stored(officer, Authenticator.Type.TOTP)["secret"]
    assert mfa_secrets.decrypt(before) == secret  # the old key still decrypts
    out = io.StringIO()
    call_command("mfa_rotate_keys", stdout=out)
    assert "re-encrypted 2 authenticators" in out.getvalue()
    settings.MFA_ENCRYPTION_KEYS = [new]  # the old key removed
    after = _stored(officer, Authenticator.Type.TOTP)["secret"]
    assert after != before
    assert mfa_secrets.decrypt(after) == secret
    assert recovery_codes_of(officer) == codes
    assert _signs_in_with(fresh_client(), officer, totp_code(secret))
