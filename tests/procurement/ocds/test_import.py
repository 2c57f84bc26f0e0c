"""Importing real OCDS data: every sample loads, a second run changes nothing, awkward files are read, bad ones skipped."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from govtech.notifications.models import Notification
from procurement.awards.models import Award
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from procurement.ocds.models import ImportedProcess
from startups.models import PublicReference, Supplier

SAMPLES = Path(__file__).parent / "samples"
UK_2025 = SAMPLES / "england_contracts_finder_release_package_2025-01-23.json"
PY_RELEASES = sorted((SAMPLES / "paraguay" / "sample" / "releases").glob("*.json"))


def _run(*paths: Any) -> list[str]:
    out = io.StringIO()
    call_command("import_ocds", *[str(p) for p in paths], stdout=out)
    return out.getvalue().strip().splitlines()


def _counts(line: str) -> dict[str, int]:
    return {key: int(value) for key, value in (part.split("=") for part in line.split())}


@pytest.mark.django_db
def test_every_sample_imports_and_a_second_run_changes_nothing() -> None:
    files = sorted(SAMPLES.rglob("*.json"))
    first = _counts(_run(*files)[-1])
    assert first["imported"] > 100
    assert first["updated"] == 0
    assert ImportedProcess.objects.count() == first["imported"]
    second = _counts(_run(*files)[-1])
    assert second["imported"] == 0
    assert second["updated"] == 0
    assert second["unchanged"] == first["imported"]
    assert not Call.objects.open().exists(), "imported calls must never be open opportunities"
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_uk_package_gives_bodies_suppliers_references_and_awards(client: Any) -> None:
    counts = _counts(_run(UK_2025)[-1])
    assert counts["imported"] == 94
    assert counts["skipped"] == 0
    body = PublicBody.objects.get(organisation__name="London Borough of Merton")
    assert body.imported
    assert not body.claimed
    assert body.country == "GB"
    assert body.email_domains == ["merton.gov.uk"]
    supplier = Supplier.objects.get(legal_name="Marstons holdings plc")
    assert supplier.verification_status == Supplier.Verification.PENDING
    assert supplier.size_class == "large"
    reference = PublicReference.objects.get(supplier=supplier)
    assert reference.public_body_name == "London Borough of Merton"
    assert reference.year == 2024
    assert reference.value_currency == "GBP"
    award = Award.objects.get(application__supplier=supplier.organisation)
    call = award.decision.call
    assert call.status == Call.Status.AWARDED
    assert call.imported_process.ocid.startswith("ocds-b5fd17-")
    assert call.cpv_codes == ["63712400"]
    page = client.get(f"/en/opportunities/calls/{call.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Imported from another publisher" in page
    assert Supplier.objects.filter(identifier_scheme="GB-COH").exists()


@pytest.mark.django_db
def test_an_imported_body_can_be_claimed(client_for: Any, admin: Any) -> None:
    from procurement.bodies.services import body_claim, public_body_set_domains, public_body_verify_domains
    from tests.accounts.factories import UserFactory

    _run(UK_2025)
    body = PublicBody.objects.get(organisation__name="London Borough of Merton")
    # an imported body's domains count for joining once an administrator has verified them (#14)
    body = public_body_set_domains(actor=admin, body=body, domains=["merton.gov.uk"])
    public_body_verify_domains(actor=admin, body=body)
    body.refresh_from_db()
    person = UserFactory(email="head@merton.gov.uk")
    membership = body_claim(actor=person, body=body)
    assert membership.status == "requested"


@pytest.mark.django_db
def test_json_lines_concatenated_json_and_iso_8859_1_files_are_read(tmp_path: Path) -> None:
    releases = [json.loads(p.read_text(encoding="utf-8")) for p in PY_RELEASES[:6]]
    lines = tmp_path / "releases.jsonl"
    lines.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in releases), encoding="utf-8")
    concatenated = tmp_path / "concatenated.json"
    concatenated.write_text("".join(json.dumps(r, ensure_ascii=False, indent=1) for r in releases), encoding="utf-8")
    first = _counts(_run(lines)[-1])
    assert first["imported"] >= 1
    assert first["skipped"] == 0
    assert _counts(_run(concatenated)[-1]) == {
        "imported": 0,
        "updated": 0,
        "unchanged": first["imported"],
        "skipped": 0,
    }
    latin = tmp_path / "latin1.json"
    release = json.loads(
        (SAMPLES / "paraguay/sample/releases/284453-adquisicion-bateria-nivel-central-mspbs-2-tender.json").read_text(
            encoding="utf-8"
        )
    )
    text = json.dumps(release, ensure_ascii=False)
    assert any(ord(ch) > 127 for ch in text)
    latin.write_bytes(text.encode("latin-1", errors="replace"))
    assert _counts(_run(latin)[-1]) == {"imported": 1, "updated": 0, "unchanged": 0, "skipped": 0}
    call = ImportedProcess.objects.get(ocid=release["ocid"]).call
    assert call.title == release["tender"]["title"]


@pytest.mark.django_db
def test_a_changed_process_is_updated(tmp_path: Path) -> None:
    package = json.loads(UK_2025.read_text(encoding="utf-8"))
    package["releases"] = package["releases"][:1]
    path = tmp_path / "one.json"
    path.write_text(json.dumps(package), encoding="utf-8")
    assert _counts(_run(path)[-1])["imported"] == 1
    package["releases"][0]["tender"]["title"] = "A new title"
    path.write_text(json.dumps(package), encoding="utf-8")
    assert _counts(_run(path)[-1]) == {"imported": 0, "updated": 1, "unchanged": 0, "skipped": 0}
    assert Call.objects.get().title == "A new title"
    assert PublicReference.objects.count() == 1


@pytest.mark.django_db
def test_what_cannot_be_imported_is_reported_and_skipped(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    no_buyer = tmp_path / "no_buyer.json"
    no_buyer.write_text(
        json.dumps(
            {
                "ocid": "ocds-zzz-1",
                "id": "1",
                "date": "2020-01-01T00:00:00Z",
                "tag": ["tender"],
                "tender": {"id": "1", "title": "Orphan"},
            }
        ),
        encoding="utf-8",
    )
    good = json.loads(UK_2025.read_text(encoding="utf-8"))
    good["releases"] = good["releases"][:1]
    ok = tmp_path / "ok.json"
    ok.write_text(json.dumps(good), encoding="utf-8")
    lines = _run(broken, no_buyer, ok)
    assert _counts(lines[-1]) == {"imported": 1, "updated": 0, "unchanged": 0, "skipped": 2}
    assert any("broken.json" in line and "not readable" in line for line in lines)
    assert any("ocds-zzz-1" in line and "no buyer" in line for line in lines)
