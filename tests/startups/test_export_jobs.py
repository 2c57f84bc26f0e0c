"""The directory's CSV export as a job: queued by a signed-in user, written by a worker, downloaded by them only."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

import pytest
from django.test import Client

from govtech.accounts.models import User
from startups import services
from startups.models import ExportJob, Supplier
from startups.services import exports
from tests.startups.english import en_url
from tests.startups.factories import SupplierFactory

pytestmark = pytest.mark.django_db


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ask(user: User, query: str = "") -> Any:
    return client_of(user).post(en_url("startups:export_create") + (f"?{query}" if query else ""))


def job_of(response: Any) -> ExportJob:
    assert response.status_code == 302, response.content[:500]
    return ExportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))


def csv_rows(job: ExportJob) -> list[list[str]]:
    with job.file.open("rb") as handle:
        return list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))


def test_the_job_runs_end_to_end_with_the_filters_and_runs_once(supplier_owner: User) -> None:
    SupplierFactory(legal_name='=HYPERLINK("http://evil")', pitch_es="+cmd|' /C calc'!A0", country="CO")
    SupplierFactory(legal_name="Fuera", country="PE", identifier_scheme="PE-RUC", identifier="20100070970")
    job = job_of(ask(supplier_owner, "country=CO&page=3"))
    assert job.status == ExportJob.Status.QUEUED
    assert job.requested_by == supplier_owner
    assert job.query == "country=CO"  # the page number is not a filter
    client = client_of(supplier_owner)
    queued = client.get(en_url("startups:export_detail", job.pk)).content.decode()
    assert "Waiting for a worker" in queued
    assert 'hx-get="' in queued
    assert "Refresh</a>" in queued
    assert 'http-equiv="refresh"' not in queued

    from startups.tasks import export_csv_task

    export_csv_task(job.pk)  # the task function, as the worker calls it
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    assert (job.total_rows, job.processed_rows) == (1, 1)
    assert job.file.name.startswith("private/startups/exports/")
    rows = csv_rows(job)
    assert rows[0][0] == "name"
    assert len(rows) == 2
    assert rows[1][0].startswith("'=HYPERLINK")  # formula injection still neutralised
    assert rows[1][-1].startswith("'+cmd")

    name = job.file.name
    assert services.export_run(job_id=job.pk) is None  # delivered twice: nothing more happens
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.file.name == name

    page = client.get(en_url("startups:export_detail", job.pk)).content.decode()
    assert "Download the CSV file</a>" in page
    assert "Suppliers in the file: 1" in page
    assert 'value="100"' in page
    assert "hx-get" not in page  # nothing left to poll
    download = client.get(en_url("startups:export_download", job.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).decode("utf-8-sig").splitlines()[0].startswith("name,")


def test_progress_is_saved_after_every_chunk(admin: User, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        SupplierFactory(legal_name=f"Empresa {i}")
    monkeypatch.setattr(exports, "CHUNK_ROWS", 2)
    seen: list[tuple[int, int]] = []
    update = exports.ExportJob.objects.filter  # spy on the progress writes

    class Spy:
        def __init__(self, qs: Any) -> None:
            self.qs = qs

        def update(self, **fields: Any) -> int:
            if "processed_rows" in fields and "status" not in fields:
                seen.append((fields["processed_rows"], fields.get("total_rows", -1)))
            return self.qs.update(**fields)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.qs, name)

    monkeypatch.setattr(exports.ExportJob.objects, "filter", lambda *a, **k: Spy(update(*a, **k)))
    job = services.export_request(actor=admin, query="")
    result = services.export_run(job_id=job.pk)
    assert result is not None
    assert result.status == ExportJob.Status.DONE
    assert [done for done, _total in seen] == [0, 2, 4]  # the start, then every chunk of two
    assert (result.processed_rows, result.total_rows, result.progress_percent) == (5, 5, 100)


def test_the_progress_bar_has_a_text_equivalent(admin: User) -> None:
    SupplierFactory()
    job = services.export_request(actor=admin, query="")
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, total_rows=4, processed_rows=1)
    fragment = client_of(admin).get(en_url("startups:export_status", job.pk)).content.decode()
    assert '<label class="govuk-label" for="export-progress-bar">1 of 4 suppliers written</label>' in fragment
    assert '<progress id="export-progress-bar" class="portal-progress" max="100" value="25">25%</progress>' in fragment
    assert "<script" not in fragment


def test_the_rows_are_those_the_requester_may_see(supplier_owner: User, outsider: User, supplier: Supplier) -> None:
    Supplier.objects.filter(pk=supplier.pk).update(verification_status=Supplier.Verification.PENDING)
    SupplierFactory(legal_name="Pública")
    mine = services.export_request(actor=supplier_owner, query="")
    theirs = services.export_request(actor=outsider, query="")
    services.export_run(job_id=mine.pk)
    services.export_run(job_id=theirs.pk)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert "Datos Abiertos SAS" in {row[1] for row in csv_rows(mine)}  # one's own unverified profile
    assert "Datos Abiertos SAS" not in {row[1] for row in csv_rows(theirs)}


def test_another_user_gets_404_on_the_job_and_its_file(supplier_owner: User, outsider: User) -> None:
    job = services.export_request(actor=supplier_owner, query="")
    services.export_run(job_id=job.pk)
    other = client_of(outsider)
    for name in ("startups:export_detail", "startups:export_status", "startups:export_download"):
        assert other.get(en_url(name, job.pk)).status_code == 404, name
    anonymous = Client().get(en_url("startups:export_download", job.pk))
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


def test_the_file_cannot_be_downloaded_before_it_is_written(supplier_owner: User) -> None:
    job = services.export_request(actor=supplier_owner, query="")
    assert client_of(supplier_owner).get(en_url("startups:export_download", job.pk)).status_code == 404


def test_a_failed_job_shows_its_reason(supplier_owner: User, monkeypatch: pytest.MonkeyPatch) -> None:
    SupplierFactory()
    job = services.export_request(actor=supplier_owner, query="")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports.csv_export, "rows", broken)
    result = services.export_run(job_id=job.pk)
    assert result is not None
    assert result.status == ExportJob.Status.FAILED
    page = client_of(supplier_owner).get(en_url("startups:export_detail", job.pk)).content.decode()
    assert "The export failed" in page
    assert "stopped because of an unexpected error" in page
    assert "disk full" not in page  # the details are logged, not shown
    assert "Back to the directory" in page
    assert "hx-get" not in page


def test_stored_filters_that_became_invalid_fail_with_the_reason(supplier_owner: User) -> None:
    job = ExportJob.objects.create(requested_by=supplier_owner, query="cpv=abc")
    result = services.export_run(job_id=job.pk)
    assert result is not None
    assert result.status == ExportJob.Status.FAILED
    assert "Enter an 8-digit CPV code" in result.error


def test_bad_filter_input_is_a_form_error_not_a_500(supplier_owner: User) -> None:
    response = ask(supplier_owner, "cpv=abc&sector=no-such-sector")
    assert response.status_code == 400
    assert "Enter an 8-digit CPV code" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_anonymous_visitors_keep_the_streaming_export_and_cannot_queue_jobs() -> None:
    SupplierFactory(legal_name="Pública")
    page = Client().get(en_url("startups:directory")).content.decode()
    assert "Download this list (CSV)" in page
    assert "Export CSV" not in page
    refused = Client().post(en_url("startups:export_create") + "?country=CO")
    assert refused.status_code == 302
    assert "/accounts/login/" in refused["Location"]
    assert not ExportJob.objects.exists()


def test_signed_in_users_see_the_export_button_with_their_filters(supplier_owner: User) -> None:
    page = client_of(supplier_owner).get(en_url("startups:directory"), {"country": "CO"}).content.decode()
    assert "Export CSV" in page
    assert 'action="/en/suppliers/exports/?country=CO"' in page


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_fails_the_job_with_its_reason(admin: User, monkeypatch: pytest.MonkeyPatch) -> None:
    from celery import current_app
    from kombu.exceptions import OperationalError

    from govtech.core import enqueue

    def broker_down(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("Connection refused.")

    monkeypatch.setattr(current_app, "send_task", broker_down)
    monkeypatch.setattr(enqueue, "broker_breaker", enqueue.CircuitBreaker(cool_down=10))
    response = client_of(admin).post(en_url("startups:export_create"), follow=True)
    assert response.status_code == 200
    assert "The background worker could not be reached" in response.content.decode()
    assert ExportJob.objects.get().status == ExportJob.Status.FAILED


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_export_runs_in_a_real_worker(celery_worker_process: Any, supplier_owner: User) -> None:
    for i in range(3):
        SupplierFactory(legal_name=f"Empresa {i}")
    celery_worker_process(queues="celery")
    job = job_of(ask(supplier_owner))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
            break
        time.sleep(0.5)
    assert job.status == ExportJob.Status.DONE, job.error
    assert (job.processed_rows, job.total_rows) == (3, 3)
    page = client_of(supplier_owner).get(en_url("startups:export_detail", job.pk)).content.decode()
    assert "Download the CSV file</a>" in page  # the file itself is in the worker's in-memory test storage
