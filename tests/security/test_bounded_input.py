"""Bounded input: archives are judged by their declared sizes before anything is inflated."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from startups.importing import read_table
from startups.uploads import PROCUREMENT_TYPES, ArchiveRefused, check_upload
from tests.procurement.applications_helpers import eligible, open_call

ROOT = Path(__file__).resolve().parents[2]
ODT = "application/vnd.oasis.opendocument.text"
MB = 1024 * 1024


def _odt(mimetype_padding: int = 0) -> bytes:
    """An ODT package; with padding, its ``mimetype`` entry inflates to ``padding`` more bytes of spaces
    (the old inspection read it whole, then stripped the spaces: the bomb was even accepted as an ODT)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        if mimetype_padding:
            info = zipfile.ZipInfo("mimetype")
            info.compress_type = zipfile.ZIP_DEFLATED
            with package.open(info, "w", force_zip64=True) as entry:
                entry.write(ODT.encode())
                left = mimetype_padding
                while left:
                    entry.write(b" " * min(MB, left))
                    left -= min(MB, left)
        else:
            package.writestr("mimetype", ODT, zipfile.ZIP_STORED)
        package.writestr("content.xml", b"<office:document-content/>", zipfile.ZIP_DEFLATED)
        package.writestr("META-INF/manifest.xml", b"<manifest:manifest/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def odt_bomb(tmp_path_factory) -> Path:
    """The issue's zip bomb: an ODT of about 300 KB whose ``mimetype`` inflates to 300 MB."""
    path = tmp_path_factory.mktemp("bomb") / "propuesta.odt"
    path.write_bytes(_odt(300 * MB))
    return path


@pytest.fixture
def inflated(monkeypatch) -> list[int]:
    """Counts the bytes zipfile inflates (every entry read goes through ZipExtFile._read1)."""
    counted: list[int] = []
    real = zipfile.ZipExtFile._read1

    def counting(self, n):  # type: ignore[no-untyped-def]
        data = real(self, n)
        counted.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "_read1", counting)
    return counted


def _check(data: bytes, name: str = "propuesta.odt"):  # type: ignore[no-untyped-def]
    return check_upload(SimpleUploadedFile(name, data), allowed=PROCUREMENT_TYPES, max_bytes=50 * MB, field="file")


def test_the_zip_bomb_is_small_on_disk_and_declares_hundreds_of_megabytes(odt_bomb):
    assert odt_bomb.stat().st_size < 2 * MB
    with zipfile.ZipFile(odt_bomb) as package:
        assert package.getinfo("mimetype").file_size > 300 * MB


def test_a_zip_bomb_is_refused_from_its_declared_sizes_without_inflating_anything(odt_bomb, inflated):
    with pytest.raises(ArchiveRefused, match="MB once uncompressed") as refused:
        _check(odt_bomb.read_bytes())
    assert refused.value.field == "file"
    assert sum(inflated) == 0


def test_an_entry_compressed_implausibly_is_refused_even_under_the_total(inflated):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", b"<Types/>")
        package.writestr("word/document.xml", b"\0" * (20 * MB))
    with pytest.raises(ArchiveRefused, match="an entry compressed [0-9]+ times"):
        _check(buffer.getvalue(), "propuesta.docx")
    assert sum(inflated) == 0


def test_an_odf_mimetype_entry_longer_than_a_mime_type_is_refused(inflated):
    with pytest.raises(ArchiveRefused, match="'mimetype' entry of"):
        _check(_odt(64 * 1024))
    assert sum(inflated) == 0


def test_an_archive_declaring_thousands_of_entries_is_refused_before_its_directory_is_parsed(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", b"<Types/>")
        for number in range(6000):
            package.writestr(f"word/{number}.xml", b"")
    parsed: list[int] = []
    real = zipfile.ZipFile._RealGetContents  # type: ignore[attr-defined]
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", lambda self: parsed.append(1) or real(self))
    with pytest.raises(ArchiveRefused, match="6001 entries"):
        _check(buffer.getvalue(), "propuesta.docx")
    assert parsed == []


def test_a_real_odt_is_still_accepted_reading_a_few_bytes_of_it(inflated):
    checked = _check(_odt())
    assert (checked.extension, checked.content_type) == ("odt", ODT)
    assert sum(inflated) <= 4096


def test_an_xlsx_bomb_given_to_the_supplier_import_is_refused_before_openpyxl_reads_it(inflated):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", b"<Types/>")
        package.writestr("xl/sharedStrings.xml", b"<sst>" + b" " * (80 * MB) + b"</sst>")
    with pytest.raises(ArchiveRefused):
        read_table(buffer.getvalue(), "xlsx")
    assert sum(inflated) == 0


@pytest.mark.django_db
def test_uploading_the_zip_bomb_to_a_draft_gives_a_400_naming_the_problem(
    odt_bomb, public_body, supplier_org, supplier_owner, client_for, inflated
):
    eligible(supplier_org)
    call = open_call(public_body)
    client = client_for(supplier_owner)
    draft = client.post("/api/v1/applications/", {"call": call.pk}, content_type="application/json").json()
    started = time.perf_counter()
    upload = SimpleUploadedFile("propuesta.odt", odt_bomb.read_bytes(), content_type=ODT)
    response = client.post(f"/api/v1/applications/{draft['id']}/files/", {"file": upload})
    elapsed = time.perf_counter() - started
    assert response.status_code == 400
    error = response.json()["error"]
    assert "file" in error["fields"]
    assert "MB once uncompressed" in json.dumps(error)
    assert sum(inflated) == 0
    assert elapsed < 5, elapsed
    page = client.post(
        f"/en/applications/{draft['id']}/files/", {"file": SimpleUploadedFile("b.odt", odt_bomb.read_bytes())}
    )
    assert page.status_code in (200, 400)
    assert "MB once uncompressed" in page.content.decode()


MEASURE = """
import os, resource, sys, time
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from govtech.core.errors import ApplicationError
from startups.uploads import PROCUREMENT_TYPES, check_upload
upload = SimpleUploadedFile("propuesta.odt", open(sys.argv[1], "rb").read())
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    check_upload(upload, allowed=PROCUREMENT_TYPES, max_bytes=50 * 1024 * 1024, field="file")
    outcome = "accepted"
except ApplicationError:
    outcome = "refused"
print(outcome, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024, time.perf_counter() - started)
"""


def test_inspecting_the_zip_bomb_in_a_fresh_process_takes_less_than_50_mb_more(odt_bomb, worker_env):
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(odt_bomb)],
        cwd=ROOT,
        env=worker_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    outcome, extra_mb, seconds = result.stdout.split()
    assert outcome == "refused"
    assert int(extra_mb) < 50, result.stdout
    assert float(seconds) < 1, result.stdout


# --- The client address for rate limits: X-Forwarded-For only through NUM_PROXIES trusted proxies ---


@pytest.fixture
def anon_limit(settings):  # type: ignore[no-untyped-def]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "3/min"},
    }
    return settings


def _statuses(client, forwarded: list[str]) -> list[int]:  # type: ignore[no-untyped-def]
    return [client.get("/api/v1/sectors/", HTTP_X_FORWARDED_FOR=value).status_code for value in forwarded]


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_bypass_the_anonymous_api_rate_limit(anon_limit, client):
    statuses = _statuses(client, [f"198.51.100.{n}" for n in range(1, 7)])
    assert statuses == [200, 200, 200, 429, 429, 429]
    refused = client.get("/api/v1/sectors/", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"


@pytest.mark.django_db
def test_behind_one_proxy_only_the_address_it_appended_counts(anon_limit, client):
    anon_limit.REST_FRAMEWORK = {**anon_limit.REST_FRAMEWORK, "NUM_PROXIES": 1}
    anon_limit.NUM_PROXIES = 1
    spoofed = [f"10.0.0.{n}, 203.0.113.7" for n in range(1, 6)]  # the client writes the left part
    assert _statuses(client, spoofed) == [200, 200, 200, 429, 429]
    assert _statuses(client, ["203.0.113.8"]) == [200]  # another client behind the same proxy


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_bypass_the_log_in_rate_limit(fresh_client):
    """allauth counts failed log-ins per address (10 a minute in the tests' settings) through the same reading."""
    client = fresh_client()
    for n in range(10):
        client.post(
            "/en/accounts/login/",
            {"login": f"spray-{n}@example.org", "password": "Password1!"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    refused = client.post(
        "/en/accounts/login/",
        {"login": "spray-10@example.org", "password": "Password1!"},
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert "Too many failed login attempts" in refused.content.decode()
