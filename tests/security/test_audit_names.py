"""Audit rows store ids; every view of the trail names the records when it is read, as their app allows."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType

from govtech.accounts.models import Organisation
from govtech.audit import names
from govtech.audit.services import audit_record
from tests.audit.factories import AuditEventFactory

pytestmark = pytest.mark.django_db


def _everything_the_reader_gets(client, event) -> str:
    """Page, detail, CSV export, API list and detail, Django admin list and change page, as one text
    (without the filters' drop-down lists, which offer every organisation by name)."""
    parts = [
        re.sub(r"<select.*?</select>", "", client.get("/en/audit/").content.decode(), flags=re.S),
        client.get(f"/en/audit/{event.pk}/").content.decode(),
        b"".join(client.get("/en/audit/export.csv").streaming_content).decode("utf-8-sig"),
        json.dumps(client.get("/api/v1/audit-events/").json(), ensure_ascii=False),
        json.dumps(client.get(f"/api/v1/audit-events/{event.pk}/").json(), ensure_ascii=False),
    ]
    for url in ("/en/admin/audit/auditevent/", f"/en/admin/audit/auditevent/{event.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
        parts.append(response.content.decode())
    return "\n".join(parts)


def test_a_new_row_stores_the_targets_type_and_id_never_its_name(admin, supplier_org):
    event = audit_record(actor=admin, verb="organisation.touch", target=supplier_org)
    assert event.target_repr == f"accounts.organisation #{supplier_org.pk}"
    assert supplier_org.name not in json.dumps([event.target_repr, event.before, event.after])


def test_every_view_of_the_trail_names_the_target_as_it_is_when_read(admin, client_for, supplier_org):
    event = audit_record(actor=admin, verb="organisation.touch", target=supplier_org)
    Organisation.objects.filter(pk=supplier_org.pk).update(name="Movilidad Limpia SAS")
    text = _everything_the_reader_gets(client_for(admin), event)
    assert text.count("Movilidad Limpia SAS") >= 7
    assert "Datos Abiertos SAS" not in text
    api = client_for(admin).get(f"/api/v1/audit-events/{event.pk}/").json()
    assert api["target_repr"] == "Movilidad Limpia SAS"
    rows = list(csv.DictReader(io.StringIO(b"".join(client_for(admin).get("/en/audit/export.csv").streaming_content)
                                           .decode("utf-8-sig"))))  # fmt: skip
    exported = next(row for row in rows if row["id"] == str(event.pk))
    assert exported["target"] == "Movilidad Limpia SAS"
    assert (exported["seq"], exported["hash"]) == (str(event.seq), event.hash)


def test_a_resolver_that_refuses_to_name_leaves_the_neutral_label_everywhere(admin, client_for, supplier_org):
    """What procurement does for applications until the call's applications are opened."""
    asked: list[tuple[list[str], object]] = []

    def sealed(ids, viewer):  # type: ignore[no-untyped-def]
        asked.append((list(ids), viewer))
        return dict.fromkeys(ids)  # None: may not be named for this reader

    previous = names.resolver_for(Organisation)
    names.register(Organisation, sealed)
    try:
        event = audit_record(actor=admin, verb="application.submit", target=supplier_org)
        text = _everything_the_reader_gets(client_for(admin), event)
    finally:
        names.register(Organisation, previous) if previous else names.unregister(Organisation)
    assert supplier_org.name not in text
    assert f"accounts.organisation #{supplier_org.pk}" in text
    assert asked
    assert all(viewer == admin for _ids, viewer in asked)


def test_a_name_stored_by_an_older_row_is_never_shown_nor_searchable(admin, client_for, supplier_org):
    """Rows written before ids-only kept the target's name in target_repr; the views resolve instead."""
    event = AuditEventFactory(
        actor=admin,
        verb="application.submit",
        target_type=ContentType.objects.get_for_model(Organisation),
        target_id=str(supplier_org.pk),
        target_repr="Acme Sealed Bidder",
    )
    client = client_for(admin)
    assert "Acme Sealed Bidder" not in _everything_the_reader_gets(client, event)
    found = client.get("/en/admin/audit/auditevent/?q=Acme+Sealed").content.decode()
    assert f"/audit/auditevent/{event.pk}/" not in found


def test_a_type_that_no_app_registered_is_shown_by_type_and_id(admin, client_for, officer):
    event = audit_record(actor=admin, verb="user.role_change", target=officer)
    text = _everything_the_reader_gets(client_for(admin), event)
    assert f"accounts.user #{officer.pk}" in text
    assert officer.full_name not in text.replace(admin.full_name, "")


def test_the_api_list_names_a_page_with_one_query_per_type(admin, client_for, django_assert_max_num_queries):
    organisations = [Organisation.objects.create(kind="supplier", name=f"Org {i}", slug=f"org-{i}") for i in range(8)]
    for organisation in organisations:
        audit_record(actor=admin, verb="organisation.touch", target=organisation)
    client = client_for(admin)
    client.get("/api/v1/audit-events/")
    with django_assert_max_num_queries(12):
        body = client.get("/api/v1/audit-events/").json()
    assert {row["target_repr"] for row in body["results"]} >= {f"Org {i}" for i in range(8)}
