"""Bulk import: preview with row/column errors, then an all-or-nothing commit in a worker."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from govtech.accounts.models import User
from govtech.core.errors import ApplicationError, NotAllowed
from startups import services
from startups.models import ImportJob, Supplier
from tests.startups.english import en_url
from tests.startups.identifiers import valid_identifier

HEADER = "legal_name,country,identifier,year_founded,stage,sectors,cpv_codes,innovative,pitch_es\n"


def csv_file(rows: list[str], name: str = "registro.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + "\n".join(rows) + "\n").encode(), content_type="text/csv")


def good_rows(count: int, start: int = 100) -> list[str]:
    return [
        f"Empresa {i},CO,{valid_identifier('CO', start + i)},2020,early,health;education,72000000,sí,Salud digital {i}"
        for i in range(count)
    ]


@pytest.mark.django_db
def test_the_preview_reports_every_bad_row_by_row_and_column(admin: User) -> None:
    rows = [
        *good_rows(1),
        "Mala,CO,900.123.456-0,2020,early,health,72000000,no,x",
        ",XX,123,dos mil,seed,cooking,99999999,quizas,x",
        f"Repetida,CO,{valid_identifier('CO', 100)},2020,early,,,no,x",
    ]
    job = services.import_preview(actor=admin, upload=csv_file(rows))
    assert job.status == ImportJob.Status.INVALID
    found = {(e["row"], e["column"]) for e in job.errors}
    assert (3, "identifier") in found
    assert {
        (4, "legal_name"),
        (4, "country"),
        (4, "year_founded"),
        (4, "stage"),
        (4, "sectors"),
        (4, "cpv_codes"),
        (4, "innovative"),
    } <= found
    assert (5, "identifier") in found  # the same identifier as row 2
    assert not Supplier.objects.exists()


@pytest.mark.django_db
def test_an_xlsx_file_is_read_too(admin: User) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["legal_name", "country", "identifier", "employees"])
    sheet.append(["Planilha Ltda", "BR", valid_identifier("BR", 5), 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = services.import_preview(actor=admin, upload=SimpleUploadedFile("registro.xlsx", buffer.getvalue()))
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.rows[0]["employees"] == 12


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"), [("x.exe", b"MZ\x90\x00"), ("x.xlsx", b"not a zip"), ("x.csv", b"\x00\x01\x02")]
)
def test_other_files_are_refused(admin: User, name: str, content: bytes) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.import_preview(actor=admin, upload=SimpleUploadedFile(name, content))
    assert caught.value.field == "file"


@pytest.mark.django_db
def test_only_admins_import(supplier_owner: User) -> None:
    with pytest.raises(NotAllowed):
        services.import_preview(actor=supplier_owner, upload=csv_file(good_rows(1)))


@pytest.mark.django_db
def test_the_commit_is_all_or_nothing(admin: User) -> None:
    job = services.import_preview(actor=admin, upload=csv_file(good_rows(3)))
    assert job.status == ImportJob.Status.READY
    # someone registers the third organisation between preview and commit
    services.supplier_register(
        actor=admin, legal_name="Llegó antes", country="CO", identifier=valid_identifier("CO", 102)
    )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    job = services.import_commit(job_id=job.pk)
    assert job is not None
    assert job.status == ImportJob.Status.FAILED
    assert job.errors == [
        {
            "row": 4,
            "column": "identifier",
            "message": "This organisation is already registered. You can ask to join it.",
        }
    ]
    assert Supplier.objects.count() == 1  # only the one registered by hand


@pytest.mark.django_db
def test_a_commit_runs_once_even_if_delivered_twice(admin: User) -> None:
    job = services.import_preview(actor=admin, upload=csv_file(good_rows(2)))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED, mark_verified=True)
    assert services.import_commit(job_id=job.pk).status == ImportJob.Status.DONE  # type: ignore[union-attr]
    assert services.import_commit(job_id=job.pk) is None
    assert Supplier.objects.filter(verification_status="verified").count() == 2
    imported = Supplier.objects.get(legal_name="Empresa 0")
    assert list(imported.sectors.values_list("slug", flat=True)) == ["health", "education"] or set(
        imported.sectors.values_list("slug", flat=True)
    ) == {"health", "education"}
    assert imported.innovative is True


@pytest.mark.slow
def test_the_commit_runs_in_a_real_worker_with_progress(celery_worker_process: Any, admin: User) -> None:
    job = services.import_preview(actor=admin, upload=csv_file(good_rows(30)))
    client = Client()
    client.force_login(admin)
    detail = en_url("startups:import_detail", job.pk)
    page = client.get(detail)
    assert "30 rows are ready to import" in page.content.decode()
    celery_worker_process(queues="celery")
    response = client.post(en_url("startups:import_start", job.pk))
    assert response.status_code == 302
    running = client.get(detail)
    assert 'http-equiv="refresh"' in running.content.decode() or "Imported" in running.content.decode()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
            break
        time.sleep(0.5)
    assert job.status == ImportJob.Status.DONE, job.errors
    assert Supplier.objects.count() == 30
    done = client.get(detail).content.decode()
    assert "30 suppliers imported" in done
    assert 'value="100"' in done


@pytest.mark.django_db
def test_the_import_pages_work_without_javascript(admin: User) -> None:
    client = Client()
    client.force_login(admin)
    response = client.post(en_url("startups:import_upload"), {"file": csv_file(["Sin NIT,CO,,2020,,,,no,"])})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "This value is required." in page
    assert "identifier" in page
    bad = client.post(en_url("startups:import_upload"), {})
    assert bad.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_gives_a_clear_message_not_a_500(admin: User, monkeypatch: pytest.MonkeyPatch) -> None:
    from celery import current_app
    from kombu.exceptions import OperationalError

    from govtech.core import enqueue

    def broker_down(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(current_app, "send_task", broker_down)
    monkeypatch.setattr(enqueue, "broker_breaker", enqueue.CircuitBreaker(cool_down=10))
    job = services.import_preview(actor=admin, upload=csv_file(good_rows(2)))
    client = Client()
    client.force_login(admin)
    response = client.post(en_url("startups:import_start", job.pk), follow=True)
    assert response.status_code == 200
    assert "The background worker cannot be reached just now" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY  # it can be started again once the broker is back
    assert Supplier.objects.count() == 0
