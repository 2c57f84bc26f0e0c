"""Bulk import by administrators: a checked preview first, then an all-or-nothing commit in a task."""

from __future__ import annotations

from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govtech.accounts.roles import Actor, is_admin, person
from govtech.audit.services import audit_record
from govtech.core.enqueue import enqueue_now
from govtech.core.errors import ApplicationError, InvalidTransition, NotAllowed
from govtech.core.uploads import detect_extension
from startups import conf
from startups.importing import parse, read_table
from startups.models import ImportJob
from startups.services.profile import supplier_register, supplier_set_classification
from startups.services.verification import supplier_verify

PROGRESS_EVERY = 25

IMPORT_TASK = "startups.tasks.import_commit_task"  # queued by name (startups/tasks.py)


def progress_key(job_id: int) -> str:
    return f"startups:import:{job_id}:processed"


def import_progress(job: ImportJob) -> int:
    """Rows done so far: live from the cache while running (the commit is one transaction)."""
    if job.status == ImportJob.Status.RUNNING:
        return int(cache.get(progress_key(job.pk)) or 0)
    return job.processed_rows


def _extension(upload: UploadedFile) -> str:

    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    name = (upload.name or "").lower()
    if head.startswith(b"PK\x03\x04") and name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith(".csv") and b"\x00" not in head and detect_extension(head) in ("", "csv", "txt"):
        return "csv"
    raise ApplicationError(_("This type of file is not accepted. Upload one of: CSV, XLSX."), field="file")


@transaction.atomic
def import_preview(*, actor: Actor, upload: UploadedFile) -> ImportJob:
    """Read and check the file; store the job with its clean rows and all its errors."""
    if not is_admin(actor):
        raise NotAllowed(_("Only portal administrators can import suppliers."))
    size = upload.size or 0
    if size == 0:
        raise ApplicationError(_("The file is empty."), field="file")
    if size > conf.get("STARTUPS_IMPORT_MAX_BYTES"):
        raise ApplicationError(
            _("The file is too big: the limit is %(mb).1f MB.")
            % {"mb": conf.get("STARTUPS_IMPORT_MAX_BYTES") / 1024 / 1024},
            field="file",
        )
    extension = _extension(upload)
    content = upload.read()
    upload.seek(0)
    parsed = parse(read_table(content, extension), max_rows=conf.get("STARTUPS_IMPORT_MAX_ROWS"))
    job = ImportJob(
        created_by=person(actor),
        original_name=(upload.name or "import")[:255],
        status=ImportJob.Status.INVALID if parsed.errors or not parsed.rows else ImportJob.Status.READY,
        total_rows=len(parsed.rows),
        errors=parsed.errors,
        rows=parsed.rows,
    )
    job.file.save(f"import.{extension}", upload, save=False)
    job.save()
    audit_record(
        actor=actor,
        verb="import.previewed",
        target=job,
        after={"rows": job.total_rows, "errors": len(job.errors)},
    )
    return job


@transaction.atomic
def import_queue(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Confirm a previewed import: the worker commits it once this transaction commits."""
    if not is_admin(actor):
        raise NotAllowed(_("Only portal administrators can import suppliers."))
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READY).update(status=ImportJob.Status.QUEUED)
    if not updated:
        raise InvalidTransition(_("This import cannot be started: it has errors or has already started."))
    job.refresh_from_db()
    audit_record(actor=actor, verb="import.queued", target=job, after={"rows": job.total_rows})
    job_id = job.pk
    transaction.on_commit(lambda: _import_enqueue(job_id))
    return job


BROKER_DOWN_MESSAGE = gettext_lazy(
    "The background worker cannot be reached just now, so the import has not started and nothing was imported. "
    "Try again in a few minutes."
)


def _import_enqueue(job_id: int) -> None:
    """Publish the commit task once the job is QUEUED; if the broker is down, put the job back to READY.

    Publishing goes through ``govtech.core.enqueue`` (short timeouts, never raises into the
    request). No sweeper picks up a queued import, so a job that could not be queued
    returns to READY: the administrator sees why and can start it again.
    """

    if not enqueue_now(IMPORT_TASK, job_id):
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(status=ImportJob.Status.READY)


def import_commit(*, job_id: int) -> ImportJob | None:
    """Create every supplier of a queued job in one transaction, or none of them.

    Claiming the job (QUEUED → RUNNING) is a conditional update, so a task delivered
    twice imports once. A row that became invalid since the preview (someone
    registered the same identifier meanwhile) fails the whole import with its row
    and column.
    """

    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    actor = job.created_by
    cache.set(progress_key(job.pk), 0, timeout=3600)
    created = 0
    try:
        with transaction.atomic():
            for done, row in enumerate(job.rows, start=1):
                current = row["_row"]
                column = "identifier"
                try:
                    profile = {
                        k: v
                        for k, v in row.items()
                        if k
                        not in {
                            "_row",
                            "country",
                            "identifier",
                            "legal_name",
                            "trade_name",
                            "sectors",
                            "technologies",
                            "cpv_codes",
                        }
                    }
                    supplier = supplier_register(
                        actor=actor,
                        legal_name=row["legal_name"],
                        trade_name=row.get("trade_name", ""),
                        country=row["country"],
                        identifier=row["identifier"],
                        with_owner=False,
                        **profile,
                    )
                    column = "sectors"
                    supplier_set_classification(
                        actor=actor,
                        supplier=supplier,
                        sectors=row.get("sectors", []),
                        technologies=row.get("technologies", []),
                        cpv_codes=row.get("cpv_codes", []),
                    )
                    column = "verification"
                    if job.mark_verified:
                        supplier_verify(actor=actor, supplier=supplier)
                except ApplicationError as exc:
                    raise _RowFailed(current, exc.field or column, exc.message) from exc
                created += 1
                if done % PROGRESS_EVERY == 0:
                    cache.set(progress_key(job.pk), done, timeout=3600)
    except _RowFailed as failure:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            processed_rows=0,
            finished_at=timezone.now(),
            errors=[{"row": failure.row, "column": failure.column, "message": failure.message}],
        )
        cache.delete(progress_key(job.pk))
        return ImportJob.objects.get(pk=job.pk)
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.DONE, processed_rows=created, created_count=created, finished_at=timezone.now()
        )
        audit_record(actor=actor, verb="import.committed", target=job, after={"created": created})
    cache.delete(progress_key(job.pk))
    return ImportJob.objects.get(pk=job.pk)


class _RowFailed(Exception):
    def __init__(self, row: int, column: str, message: str) -> None:
        super().__init__(message)
        self.row, self.column, self.message = row, column, message
