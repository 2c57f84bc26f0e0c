"""Preferences per kind and channel: immediate, daily or weekly digest, or off."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from govtech.audit.models import AuditEvent
from govtech.core.errors import ApplicationError
from govtech.notifications.kinds import PREFERENCE_KINDS, Kind
from govtech.notifications.models import Preference
from govtech.notifications.services import preferences_update
from tests.conftest import PERSONAS

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


def form_data(**changes: str) -> dict[str, str]:
    data = {f"{kind}__email": "immediate" for kind in PREFERENCE_KINDS}
    data.update({f"{kind}__inbox": "immediate" for kind in PREFERENCE_KINDS})
    data.update(changes)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("name", SIGNED_IN)
def test_every_signed_in_persona_can_open_their_preferences(name: str, persona: Any, client_for: Any) -> None:
    response = client_for(persona(name)).get(reverse("notifications:preferences"))
    assert response.status_code == 200
    assert 'name="new_call__email"' in response.content.decode()


@pytest.mark.django_db
def test_it_saves_a_digest_and_an_off_choice(supplier_owner: Any, client_for: Any) -> None:
    response = client_for(supplier_owner).post(
        reverse("notifications:preferences"), form_data(new_match__email="weekly", new_call__inbox="off")
    )
    assert response.status_code == 302
    stored = set(Preference.objects.filter(user=supplier_owner).values_list("kind", "channel", "frequency"))
    assert stored == {("new_match", "email", "weekly"), ("new_call", "inbox", "off")}
    assert AuditEvent.objects.filter(verb="notification.preferences", actor_id=supplier_owner.pk).exists()


@pytest.mark.django_db
def test_it_refuses_a_digest_for_the_inbox_with_a_field_error(supplier_owner: Any, client_for: Any) -> None:
    response = client_for(supplier_owner).post(reverse("notifications:preferences"), form_data(new_call__inbox="daily"))
    assert response.status_code == 200
    assert response.context["form"].errors["new_call__inbox"]
    assert not Preference.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_unknown_frequency(supplier_owner: Any, client_for: Any) -> None:
    response = client_for(supplier_owner).post(
        reverse("notifications:preferences"), form_data(new_call__email="hourly")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_call__email"]


@pytest.mark.django_db
def test_the_service_refuses_bad_choices(supplier_owner: Any) -> None:
    with pytest.raises(ApplicationError):
        preferences_update(actor=supplier_owner, choices={(Kind.NEW_CALL, "inbox"): "weekly"})
    with pytest.raises(ApplicationError):
        preferences_update(actor=supplier_owner, choices={("nonsense", "email"): "off"})


@pytest.mark.django_db
def test_saving_the_same_choices_changes_nothing(supplier_owner: Any) -> None:
    assert preferences_update(actor=supplier_owner, choices={(Kind.NEW_CALL, "email"): "immediate"}) == 0
    assert not AuditEvent.objects.filter(verb="notification.preferences").exists()
