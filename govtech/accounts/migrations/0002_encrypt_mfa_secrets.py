"""Encrypt the TOTP secrets and recovery-code seeds stored before they were encrypted at rest."""

from django.db import migrations

from govtech.accounts import mfa_secrets


def _change_all(apps, change):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]).iterator(chunk_size=500):
        data = mfa_secrets.transform_data(authenticator.type, authenticator.data, change)
        if data != authenticator.data:
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


def encrypt_existing(apps, schema_editor):
    _change_all(apps, lambda value: value if mfa_secrets.is_encrypted(value) else mfa_secrets.encrypt(value))


def decrypt_existing(apps, schema_editor):
    _change_all(apps, lambda value: mfa_secrets.decrypt(value) if mfa_secrets.is_encrypted(value) else value)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("mfa", "0003_authenticator_type_uniq")]
    operations = [migrations.RunPython(encrypt_existing, decrypt_existing)]
