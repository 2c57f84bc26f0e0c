"""factory_boy factories shared by every test module."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from govtech.accounts.models import Membership, Organisation, User

PASSWORD = "correct-horse-battery-staple-42"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="es_ES")
    language = "es"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        """Mark the e-mail as verified for allauth (pass ``verified=False`` to skip)."""
        obj.save()
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.update_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.SUPPLIER
    name = factory.Faker("company", locale="es_ES")
    slug = factory.Sequence(lambda n: f"org-{n}")
    country = "CO"


class SupplierOrganisationFactory(OrganisationFactory):
    kind = Organisation.Kind.SUPPLIER


class PublicBodyOrganisationFactory(OrganisationFactory):
    kind = Organisation.Kind.PUBLIC_BODY
    name = factory.Sequence(lambda n: f"Ministerio de Innovación {n}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.OWNER
    status = Membership.Status.ACTIVE
