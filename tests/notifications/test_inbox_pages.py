"""The inbox: list, open, mark read, unread count in the header; only one's own entries."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from govtech.notifications.models import Notification
from tests.conftest import PERSONAS
from tests.notifications.factories import NotificationFactory

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", SIGNED_IN)
def test_it_shows_each_persona_only_their_own_entries(name: str, persona: Any, client_for: Any) -> None:
    user = persona(name)
    NotificationFactory(recipient=user, context={"title": "Mi convocatoria"})
    NotificationFactory(context={"title": "Convocatoria ajena"})
    response = client_for(user).get(reverse("notifications:inbox"))
    assert response.status_code == 200
    assert "Mi convocatoria" in response.content.decode()
    assert "Convocatoria ajena" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "method"),
    [("inbox", "get"), ("read_all", "post"), ("preferences", "get"), ("webhooks", "get"), ("saved_searches", "get")],
)
def test_it_sends_anonymous_visitors_to_sign_in(url_name: str, method: str, client: Any) -> None:
    response = getattr(client, method)(reverse(f"notifications:{url_name}"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_it_hides_someone_elses_entry(outsider: Any, supplier_owner: Any, client_for: Any) -> None:
    theirs = NotificationFactory(recipient=supplier_owner)
    client = client_for(outsider)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_it_does_not_list_email_rows_in_the_inbox(supplier_owner: Any, client_for: Any) -> None:
    NotificationFactory(recipient=supplier_owner, channel="email", context={"title": "Solo correo"})
    assert "Solo correo" not in client_for(supplier_owner).get(reverse("notifications:inbox")).content.decode()


@pytest.mark.django_db
def test_opening_an_entry_marks_it_read_and_follows_its_link(supplier_owner: Any, client_for: Any) -> None:
    entry = NotificationFactory(recipient=supplier_owner, url="/es/opportunities/7/")
    response = client_for(supplier_owner).get(reverse("notifications:open", args=[entry.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/es/opportunities/7/"
    entry.refresh_from_db()
    assert entry.read_at is not None


@pytest.mark.django_db
def test_opening_an_entry_never_redirects_off_site(supplier_owner: Any, client_for: Any) -> None:
    entry = NotificationFactory(recipient=supplier_owner, url="https://evil.example/phish")
    response = client_for(supplier_owner).get(reverse("notifications:open", args=[entry.pk]))
    assert response["Location"] == reverse("notifications:inbox")


@pytest.mark.django_db
def test_it_marks_one_and_then_all_as_read(supplier_owner: Any, client_for: Any) -> None:
    first, *_others = [NotificationFactory(recipient=supplier_owner) for _ in range(3)]
    client = client_for(supplier_owner)
    response = client.post(reverse("notifications:read", args=[first.pk]), {"page": "1"})
    assert response.status_code == 302
    assert Notification.objects.inbox_of(supplier_owner).unread().count() == 2
    client.post(reverse("notifications:read_all"))
    assert Notification.objects.inbox_of(supplier_owner).unread().count() == 0


@pytest.mark.django_db
def test_mark_as_read_refuses_get(supplier_owner: Any, client_for: Any) -> None:
    entry = NotificationFactory(recipient=supplier_owner)
    assert client_for(supplier_owner).get(reverse("notifications:read", args=[entry.pk])).status_code == 405


@pytest.mark.django_db
def test_the_header_shows_the_unread_count(supplier_owner: Any, client_for: Any) -> None:
    for _ in range(3):
        NotificationFactory(recipient=supplier_owner)
    NotificationFactory(recipient=supplier_owner, read_at="2026-01-01T00:00:00Z")
    html = client_for(supplier_owner).get(reverse("home")).content.decode()
    assert 'portal-unread-badge">3<' in html


@pytest.mark.django_db
def test_the_header_shows_no_count_when_all_is_read(supplier_owner: Any, client_for: Any) -> None:
    html = client_for(supplier_owner).get(reverse("home")).content.decode()
    assert "portal-unread-badge" not in html


@pytest.mark.django_db
def test_the_inbox_lists_in_pages_with_a_fixed_number_of_queries(
    supplier_owner: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(30):
        NotificationFactory(recipient=supplier_owner)
    client = client_for(supplier_owner)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:inbox"))
    assert response.context["page"].paginator.num_pages == 2


@pytest.mark.django_db
def test_the_home_page_lists_unread_entries_for_the_signed_in(
    supplier_owner: Any, client_for: Any, client: Any
) -> None:
    NotificationFactory(recipient=supplier_owner, context={"title": "Buses eléctricos"})
    assert "Buses eléctricos" in client_for(supplier_owner).get(reverse("home")).content.decode()
    assert "Buses eléctricos" not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_the_demo_data_loads_twice_without_duplicates() -> None:
    import io

    from govtech.devtools.demo import accounts as accounts_demo
    from govtech.devtools.demo import notifications as demo

    accounts_demo.load(io.StringIO())
    demo.load(io.StringIO())
    count = Notification.objects.count()
    out = io.StringIO()
    demo.load(out)
    assert count == 4  # no "new application" entry: the body learns nothing before the deadline
    assert Notification.objects.count() == count
    assert "0 new" in out.getvalue()
