"""The RSS feed of open calls and the iCal file of a call's key dates (issue #9)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from procurement.calls.feeds import ical_escape, ical_fold
from procurement.calls.models import Call
from tests.accounts.factories import PublicBodyOrganisationFactory
from tests.procurement.factories import make_call, verified_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    org = PublicBodyOrganisationFactory(name="Alcaldía de Cali")
    verified_body(org)
    return org


def _feed_titles(client, query: str = "") -> list[str]:
    response = client.get(f"/es/opportunities/feed/{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == "rss"
    return [item.findtext("title") for item in root.iter("item")]


def test_the_feed_parses_and_lists_open_calls_only(client, body):
    now = timezone.now()
    make_call(body, Call.Status.PUBLISHED, title="Semáforos & <tráfico>", published_at=now)
    make_call(body, Call.Status.DRAFT, title="Borrador secreto")
    make_call(body, Call.Status.IN_APPROVAL, title="En aprobación")
    make_call(body, Call.Status.CLOSED, title="Ya cerrada", published_at=now - dt.timedelta(30))
    titles = _feed_titles(client)
    assert titles == ["Semáforos & <tráfico>"]
    root = ET.fromstring(client.get("/es/opportunities/feed/").content)  # noqa: S314
    link = root.find("channel/item/link")
    assert link is not None
    assert link.text.endswith(f"/es/opportunities/calls/{Call.objects.get(status='published').pk}/")


def test_the_feed_honours_the_page_filters(client, body):
    now = timezone.now()
    make_call(body, Call.Status.PUBLISHED, title="Piloto de riego", instrument=Call.Instrument.PILOT, published_at=now)
    make_call(body, Call.Status.PUBLISHED, title="Compra pública", instrument=Call.Instrument.PPI, published_at=now)
    assert _feed_titles(client, "?instrument=pilot") == ["Piloto de riego"]
    assert _feed_titles(client, "?q=riego") == ["Piloto de riego"]
    assert _feed_titles(client, "?country=CO") != []
    assert _feed_titles(client, "?country=BR") == []
    assert sorted(_feed_titles(client, "?instrument=nonsense")) == ["Compra pública", "Piloto de riego"]


def _unfold(text: str) -> list[str]:
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    return text.replace("\r\n ", "").split("\r\n")


def test_the_calendar_has_each_deadline_in_utc(client, body):
    bogota = dt.timezone(dt.timedelta(hours=-5))
    call = make_call(
        body,
        Call.Status.PUBLISHED,
        title="Reto; agua, saneamiento",
        published_at=timezone.now(),
        questions_deadline=dt.datetime(2030, 3, 10, 17, 0, tzinfo=bogota),
        submission_deadline=dt.datetime(2030, 3, 20, 23, 59, tzinfo=bogota),
        expected_decision=dt.datetime(2030, 5, 1, 9, 0, tzinfo=bogota),
    )
    response = client.get(f"/es/opportunities/calls/{call.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.endswith("\r\n")
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    starts = [line for line in lines if line.startswith("DTSTART")]
    assert starts == ["DTSTART:20300310T220000Z", "DTSTART:20300321T045900Z", "DTSTART:20300501T140000Z"]
    assert lines.count("BEGIN:VEVENT") == 3
    assert any(line.startswith("SUMMARY:") and "Reto\\; agua\\, saneamiento" in line for line in lines)
    assert all(line.endswith("Z") for line in lines if line.startswith("DTSTAMP:"))
    assert all(len(raw.encode()) <= 75 for raw in text.split("\r\n"))


def test_the_calendar_skips_a_missing_decision_date(client, body):
    call = make_call(body, Call.Status.PUBLISHED, published_at=timezone.now(), expected_decision=None)
    lines = _unfold(client.get(f"/es/opportunities/calls/{call.pk}/calendar.ics").content.decode())
    assert lines.count("BEGIN:VEVENT") == 2


@pytest.mark.parametrize("status", [Call.Status.DRAFT, Call.Status.IN_APPROVAL])
def test_drafts_have_no_calendar_even_for_their_officers(client_for, officer, public_body, status):
    call = make_call(public_body, status)
    assert client_for(officer).get(f"/es/opportunities/calls/{call.pk}/calendar.ics").status_code == 404
    assert client_for(None).get(f"/es/opportunities/calls/{call.pk}/calendar.ics").status_code == 404


def test_escaping_and_folding_follow_rfc_5545():
    assert ical_escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    folded = ical_fold("SUMMARY:" + "ñ" * 100)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "ñ" * 100


def test_the_feed_filters_by_sector_and_comes_as_atom_too(client, body):
    now = timezone.now()
    make_call(body, Call.Status.PUBLISHED, title="Buses eléctricos", sectors=["mobility"], published_at=now)
    make_call(body, Call.Status.PUBLISHED, title="Historia clínica", sectors=["health"], published_at=now)
    assert _feed_titles(client, "?sector=mobility") == ["Buses eléctricos"]
    assert _feed_titles(client, "?sector=nonexistent") == []
    assert _feed_titles(client, "?sector=" + "x" * 500) == []  # bad input: an empty feed, not an error
    response = client.get("/es/opportunities/feed/atom/?sector=health&country=co")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.tag == f"{atom}feed"
    assert [e.findtext(f"{atom}title") for e in root.iter(f"{atom}entry")] == ["Historia clínica"]
    self_link = [link.get("href") for link in root.iter(f"{atom}link") if link.get("rel") == "self"]
    assert self_link
    assert self_link[0].endswith("/es/opportunities/feed/atom/")


def test_the_opportunities_page_links_its_results_as_feeds(client, body):
    page = client.get("/en/opportunities/?sector=mobility&q=buses").content.decode()
    assert 'href="/en/opportunities/feed/?sector=mobility&amp;q=buses"' in page
    assert 'href="/en/opportunities/feed/atom/?sector=mobility&amp;q=buses"' in page


def test_a_follower_subscribes_to_the_calendar_of_the_calls_it_follows(client_for, supplier_owner, outsider, body):
    from procurement.calls.feeds import followed_calendar_token

    followed = make_call(body, Call.Status.PUBLISHED, title="Semáforos seguidos")
    make_call(body, Call.Status.PUBLISHED, title="Otra convocatoria")
    draft = make_call(body, Call.Status.DRAFT, title="Borrador seguido")
    client = client_for(supplier_owner)
    client.post(f"/es/opportunities/calls/{followed.pk}/follow/", {"action": "follow"})
    draft.follows.create(user=supplier_owner)  # a call back in draft is not shown
    page = client.get(f"/es/opportunities/calls/{followed.pk}/").content.decode()
    token = followed_calendar_token(supplier_owner)
    url = f"/es/opportunities/following/{token}/calendar.ics"
    assert f'href="{url}"' in page
    response = client_for(None).get(url)  # a calendar app does not sign in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = "\n".join(_unfold(response.content.decode()))
    assert "Semáforos seguidos" in text
    assert "Otra convocatoria" not in text
    assert "Borrador seguido" not in text
    assert text.count("BEGIN:VEVENT") == 3
    # someone else's token does not show these; a forged one or one revoked by a password change is a 404
    other = client_for(None).get(f"/es/opportunities/following/{followed_calendar_token(outsider)}/calendar.ics")
    assert "Semáforos seguidos" not in other.content.decode()
    assert client_for(None).get(url.replace(token, token[:-2] + "xx")).status_code == 404
    assert client_for(None).get("/es/opportunities/following/nonsense/calendar.ics").status_code == 404
    supplier_owner.set_password("otra-clave-larga-2026")
    supplier_owner.save()
    assert client_for(None).get(url).status_code == 404
