"""The "check your e-mail" page after sign-up is the portal's own text, in the formal register."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "Le enviamos un correo electrónico para confirmar su dirección."),
        ("pt-br", "Enviamos um e-mail para confirmar o seu endereço."),
        ("en", "We have sent you an e-mail to confirm your address."),
    ],
)
def test_the_check_your_email_page_speaks_the_portals_words(language: str, expected: str) -> None:
    with translation.override(language):
        url = reverse("account_email_verification_sent")
    html = Client().get(url).content.decode()
    assert expected in html
    assert " tu " not in html  # allauth's informal Spanish
    assert "no ves" not in html
