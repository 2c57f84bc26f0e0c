"""Demo accounts, one per persona. The password is printed by ``make run``."""

from __future__ import annotations

from typing import IO

from allauth.account.models import EmailAddress

from govtech.accounts.models import Membership, Organisation, User
from govtech.accounts.selectors import current_legal_texts
from govtech.accounts.services import legal_texts_accept

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - printed by make run; demo data only

STAFF = [
    ("admin@demo.govtech.example", "Ana Admin", [User.SiteRole.ADMIN], True),
    ("editor@demo.govtech.example", "Eduardo Editor", [User.SiteRole.EDITOR], False),
    ("publisher@demo.govtech.example", "Paula Publicadora", [User.SiteRole.PUBLISHER], False),
    ("auditor@demo.govtech.example", "Augusto Auditor", [User.SiteRole.AUDITOR], False),
]
PUBLIC_BODY = ("Secretaría de Innovación de Medellín", "CO")
SUPPLIER = ("Ciudad Datos SAS", "CO")
MEMBERS = [
    ("officer@demo.govtech.example", "Olga Oficial", PUBLIC_BODY, Membership.Role.OFFICER, "es"),
    ("approver@demo.govtech.example", "Álvaro Aprobador", PUBLIC_BODY, Membership.Role.APPROVER, "es"),
    ("evaluator@demo.govtech.example", "Eva Evaluadora", PUBLIC_BODY, Membership.Role.EVALUATOR, "es"),
    ("startup@demo.govtech.example", "Sofía Startup", SUPPLIER, Membership.Role.OWNER, "es"),
    ("member@demo.govtech.example", "Marcos Membro", SUPPLIER, Membership.Role.MEMBER, "pt-br"),
]
DEMO_ACCOUNTS = [(email, name) for email, name, *_ in STAFF] + [(m[0], m[1]) for m in MEMBERS]


def demo_user(email: str, full_name: str, *, language: str = "es", **extra: object) -> User:

    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, language=language, **extra)
        # as at sign-up: the person accepted the terms and the privacy notice in force
        legal_texts_accept(user=user, texts=list(current_legal_texts().values()))
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def demo_organisation(name: str, country: str, kind: str) -> Organisation:
    org = Organisation.objects.filter(name=name, kind=kind).first()
    return org or Organisation.objects.create(
        name=name, country=country, kind=kind, slug=Organisation.unique_slug(name)
    )


def load(stdout: IO[str]) -> None:
    for email, name, roles, superuser in STAFF:
        demo_user(email, name, site_roles=roles, is_staff=True, is_superuser=superuser)
    body = demo_organisation(*PUBLIC_BODY, kind=Organisation.Kind.PUBLIC_BODY)
    supplier = demo_organisation(*SUPPLIER, kind=Organisation.Kind.SUPPLIER)
    orgs = {PUBLIC_BODY: body, SUPPLIER: supplier}
    for email, name, org_key, role, language in MEMBERS:
        user = demo_user(email, name, language=language)
        Membership.objects.get_or_create(user=user, organisation=orgs[org_key], role=role)
    stdout.write(f"accounts: {len(DEMO_ACCOUNTS)} demo accounts")
