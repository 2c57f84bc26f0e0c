"""Bounded input: archives are judged by their declared sizes before anything is inflated."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from govtech.core.uploads import PROCUREMENT_TYPES, ArchiveRefused, check_upload
from startups.importing import read_table
from tests.procurement.applications.applications_helpers import eligible, open_call

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
    with translation.override("en"):
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
    with pytest.raises(ArchiveRefused, match=r"an entry compressed [0-9]+ times"):
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
    response = client.post(f"/api/v1/applications/{draft['id']}/files/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    elapsed = time.perf_counter() - started
    assert response.status_code == 400
    error = response.json()["error"]
    assert "file" in error["fields"]
    assert "300 MB" in json.dumps(error)  # in the supplier's language
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
from django.utils import translation
from govtech.core.errors import ApplicationError
from govtech.core.uploads import PROCUREMENT_TYPES, check_upload
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


# --- Webhook targets: IPv6 forms that embed IPv4 refused; the connection goes to the address checked ---

EMBEDDING = [
    "http://[64:ff9b::7f00:1]/hook",  # NAT64 of 127.0.0.1
    "http://[2002:7f00:1::]/hook",  # 6to4 of 127.0.0.1
    "http://[::7f00:1]/hook",  # IPv4-compatible 127.0.0.1
    "http://[::ffff:127.0.0.1]/hook",  # IPv4-mapped 127.0.0.1
    "http://[::ffff:a9fe:a9fe]/latest",  # IPv4-mapped 169.254.169.254 (cloud metadata)
    "http://[64:ff9b::a00:5]/hook",  # NAT64 of 10.0.0.5
    "http://[64:ff9b:1::808:808]/hook",  # local-use NAT64
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook",  # Teredo
]


@pytest.mark.parametrize("url", EMBEDDING)
def test_the_webhook_guard_refuses_ipv6_forms_that_embed_ipv4(url, settings):
    from govtech.notifications.webhooks import TargetRefused, check_target

    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    with translation.override("en"), pytest.raises(TargetRefused, match="private or local network"):
        check_target(url)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8: what a DNS64 resolver answers on an IPv6-only network
        ("::ffff:8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("8.8.8.8", True),
        ("64:ff9b::7f00:1", False),
        ("::ffff:10.1.2.3", False),
        ("2002:808:808::1", False),  # 6to4, whatever it embeds
        ("::808:808", False),
        ("fc00::1", False),
        ("ff02::1", False),
    ],
)
def test_an_address_is_public_only_if_what_it_reaches_is_global(address, public):
    import ipaddress

    from govtech.notifications.webhooks import address_is_public

    assert address_is_public(ipaddress.ip_address(address)) is public


@pytest.mark.django_db
@pytest.mark.parametrize("url", EMBEDDING[:4])
def test_subscribing_a_webhook_to_an_embedded_loopback_is_a_400_naming_the_field(
    url, supplier_owner, client_for, settings
):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    response = client_for(supplier_owner).post(
        "/api/v1/notifications/webhooks/", {"target_url": url, "kinds": ["new_call"]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "target_url" in response.json()["error"]["fields"]


class Resolver:
    """socket.getaddrinfo answering ``answers`` in turn (the last one again and again) for
    ``hooks.example.test``, a rebinding DNS; other names (Redis, the database) resolve as usual."""

    HOST = "hooks.example.test"

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []
        self.real = socket.getaddrinfo

    def __call__(self, host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host != self.HOST:
            return self.real(host, port, *args, **kwargs)
        self.asked.append(host)
        address = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]


@pytest.fixture
def one_delivery(db):  # type: ignore[no-untyped-def]
    """A pending delivery to ``https://hooks.example.test/govtech`` (the test changes the URL as it needs)."""
    from govtech.notifications.kinds import Kind
    from govtech.notifications.models import WebhookDelivery
    from tests.notifications.factories import WebhookSubscriptionFactory

    subscription = WebhookSubscriptionFactory(target_url="https://hooks.example.test/govtech")
    return WebhookDelivery.objects.create(
        subscription=subscription, kind=Kind.NEW_CALL, event_key="call:1:published", payload={"kind": "new_call"}
    )


def test_a_rebinding_resolver_cannot_redirect_the_connection(one_delivery, settings, monkeypatch):
    """The resolver answers a public address first and 127.0.0.1 afterwards: the connection goes to the first
    (and is stopped there: nothing is ever sent off this machine)."""
    from govtech.notifications import delivery

    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    resolver = Resolver("8.8.8.8", "127.0.0.1")
    connected: list[tuple[str, int]] = []

    real_connect = socket.create_connection

    def refuse(address, *args, **kwargs):  # type: ignore[no-untyped-def]
        if address[0] in ("127.0.0.1", "localhost"):  # Redis, on loopback
            return real_connect(address, *args, **kwargs)
        connected.append(address)
        raise ConnectionRefusedError("stopped by the test")

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    monkeypatch.setattr(socket, "create_connection", refuse)
    result = delivery.deliver("webhook", [one_delivery.pk])
    assert connected == [("8.8.8.8", 443)]
    assert resolver.asked == ["hooks.example.test"]  # resolved once, for the check and the connection
    assert result.sent == 0
    one_delivery.refresh_from_db()
    assert "stopped by the test" in one_delivery.last_error


def test_the_pinned_connection_keeps_the_host_name_in_the_host_header(one_delivery, settings, monkeypatch):
    """A real send on loopback: the name resolves to 127.0.0.1 once, then to a private address nobody
    listens on; the request reaches 127.0.0.1 with ``Host: hooks.example.test:<port>``."""
    from govtech.notifications import delivery
    from tests.notifications.conftest import HookSink

    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    sink = HookSink()
    sink.thread.start()
    try:
        port = sink.server.server_address[1]
        one_delivery.subscription.target_url = f"http://hooks.example.test:{port}/hooks/govtech?x=1"
        one_delivery.subscription.save()
        resolver = Resolver("127.0.0.1", "10.255.255.1")
        monkeypatch.setattr(socket, "getaddrinfo", resolver)
        assert delivery.deliver("webhook", [one_delivery.pk]).sent == 1
    finally:
        sink.server.shutdown()
        sink.server.server_close()
    assert resolver.asked == ["hooks.example.test"]
    request = sink.requests[0]
    assert request["headers"]["Host"] == f"hooks.example.test:{port}"
    assert request["path"] == "/hooks/govtech?x=1"


def _certificate_authority(tmp_path: Path, name: str) -> tuple[Path, Path, Path]:
    """A throw-away CA and a server certificate for ``name``: (ca.pem, cert.pem, key.pem)."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = (tmp_path / "ca.pem", tmp_path / "cert.pem", tmp_path / "key.pem")
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return paths


@pytest.mark.parametrize(
    ("certificate_for", "delivered"), [("hooks.example.test", True), ("other.example.test", False)]
)
def test_tls_to_the_pinned_address_checks_the_certificate_against_the_host_name(
    one_delivery, settings, monkeypatch, tmp_path, certificate_for, delivered
):
    """HTTPS on loopback with a certificate for ``certificate_for``: the SNI the server sees and the name
    the certificate is checked against are the URL's host name, not the address connected to."""
    import ssl
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from govtech.notifications import delivery
    from govtech.notifications.channels import webhook as channel

    ca, cert, key = _certificate_authority(tmp_path, certificate_for)
    seen: dict[str, object] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen["host"] = self.headers["Host"]
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    server_context.sni_callback = lambda sock, name, ctx: seen.setdefault("sni", name) and None
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
        port = server.server_address[1]
        one_delivery.subscription.target_url = f"https://hooks.example.test:{port}/govtech"
        one_delivery.subscription.save()
        monkeypatch.setattr(socket, "getaddrinfo", Resolver("127.0.0.1"))
        monkeypatch.setattr(channel, "tls_context", lambda: ssl.create_default_context(cafile=str(ca)))
        result = delivery.deliver("webhook", [one_delivery.pk])
    finally:
        server.shutdown()
        server.server_close()
    assert seen.get("sni") == "hooks.example.test"
    assert (result.sent == 1) is delivered
    if delivered:
        assert seen["host"] == f"hooks.example.test:{port}"
    else:
        one_delivery.refresh_from_db()
        assert "CERTIFICATE_VERIFY_FAILED" in one_delivery.last_error or "match" in one_delivery.last_error


# --- Line breaks never reach a mail header ---


@pytest.mark.django_db
def test_a_call_title_with_line_breaks_still_gives_a_delivered_email_with_a_one_line_subject(smtp_server, public_body):
    from govtech.notifications import delivery
    from govtech.notifications.kinds import Kind
    from govtech.notifications.models import Notification
    from tests.notifications.factories import EmailNotificationFactory

    call = open_call(public_body, title="Reto de movilidad\r\nBcc: intruso@example.org\u2028fin\n")
    row = EmailNotificationFactory(
        kind=Kind.NEW_CALL,
        recipient__email="ana@ciudaddatos.co",
        recipient__language="en",
        context={"title": call.title, "buyer": public_body.name, "deadline": "2030-01-31"},
    )
    assert delivery.deliver("email", [row.pk]).sent == 1
    [message] = smtp_server.parsed()
    assert message["Subject"] == "New call: Reto de movilidad Bcc: intruso@example.org fin"
    assert message["Bcc"] is None
    assert [envelope.rcpt_tos for envelope in smtp_server.messages] == [["ana@ciudaddatos.co"]]
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT


def test_allauth_e_mails_get_one_line_subjects_and_sender(settings):
    from govtech.accounts.adapter import AccountAdapter
    from govtech.core.mailheaders import header_text

    settings.ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Govtech\nPortal] "
    subject = AccountAdapter().format_email_subject("Confirme\r\nsu correo\u2028ya")
    assert subject == "[Govtech Portal] Confirme su correo ya"
    assert header_text("Portal\x85<no-reply@x.org>\r\n") == "Portal <no-reply@x.org>"
