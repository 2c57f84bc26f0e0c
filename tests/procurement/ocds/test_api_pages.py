"""The OCDS API (release packages, record packages), the bulk file, the open-data page and the call page's link."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from procurement.calls.models import Call
from procurement.calls.services import call_approve
from procurement.ocds import services as ocds
from procurement.ocds.models import Release
from procurement.ocds.validation import validate
from tests.procurement.factories import make_call, verified_body


@pytest.fixture
def published(public_body: Any, approver: Any, django_capture_on_commit_callbacks: Any) -> Call:
    verified_body(public_body)
    call = make_call(public_body, status=Call.Status.IN_APPROVAL, cpv_codes=["72000000"])
    with django_capture_on_commit_callbacks(execute=True):
        call_approve(call=call, actor=approver)
    return call


def test_the_release_package_lists_every_release_and_validates(client: Any, published: Call) -> None:
    got = client.get("/api/v1/ocds/releases/")
    assert got.status_code == 200
    package = got.json()
    assert validate(package, "release_package") == []
    assert [r["id"] for r in package["releases"]] == [f"ocds-govtch-{published.pk}-tender"]


def test_since_filters_by_date_and_a_bad_since_is_a_400(client: Any, published: Call) -> None:
    later = (timezone.now() + datetime.timedelta(days=1)).date().isoformat()
    assert client.get("/api/v1/ocds/releases/", {"since": later}).json()["releases"] == []
    assert len(client.get("/api/v1/ocds/releases/", {"since": "2020-01-01"}).json()["releases"]) == 1
    bad = client.get("/api/v1/ocds/releases/", {"since": "yesterday"})
    assert bad.status_code == 400


def test_pages_link_to_the_next_one(client: Any, published: Call) -> None:
    ocds.ocds_release_record(call_id=published.pk, tag="tenderAmendment", event="9")
    first = client.get("/api/v1/ocds/releases/", {"page_size": 1}).json()
    assert len(first["releases"]) == 1
    assert "next" in first["links"]
    assert validate(first, "release_package") == []


def test_the_record_package_compiles_the_releases(client: Any, published: Call) -> None:
    got = client.get(f"/api/v1/ocds/records/ocds-govtch-{published.pk}/")
    assert got.status_code == 200
    package = got.json()
    assert validate(package, "record_package") == []
    record = package["records"][0]
    assert record["compiledRelease"]["tender"]["status"] == "active"
    assert "versionedRelease" in record
    assert client.get("/api/v1/ocds/records/ocds-govtch-999999/").status_code == 404


def test_the_bulk_file_holds_every_release(client: Any, published: Call) -> None:
    if default_storage.exists(ocds.BULK_FILE):
        default_storage.delete(ocds.BULK_FILE)
    ocds.ocds_bulk_regenerate()
    got = client.get("/open-data/ocds/releases.json")
    assert got.status_code == 200
    package = json.loads(b"".join(got.streaming_content))
    assert validate(package, "release_package") == []
    assert len(package["releases"]) == Release.objects.count()


def test_the_extension_is_served(client: Any) -> None:
    got = client.get("/open-data/ocds/extension.json")
    assert json.loads(b"".join(got.streaming_content))["schemas"] == ["release-schema.json"]
    assert client.get("/open-data/ocds/secrets.py").status_code == 404


def test_the_open_data_page_explains_and_links(client: Any, published: Call) -> None:
    got = client.get("/en/open-data/", HTTP_ACCEPT_LANGUAGE="en")
    assert got.status_code == 200
    text = got.content.decode()
    assert "Open Contracting Data Standard" in text
    assert "/open-data/ocds/releases.json" in text
    assert "/api/v1/ocds/releases/" in text


def test_the_call_page_links_to_its_record(client: Any, published: Call) -> None:
    got = client.get(f"/en/opportunities/calls/{published.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert f"/api/v1/ocds/records/ocds-govtch-{published.pk}/" in got.content.decode()
