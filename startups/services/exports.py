"""The directory's CSV export as a job: a signed-in user asks, a worker writes the file in chunks."""

from __future__ import annotations

import logging
import tempfile

from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govtech.accounts.roles import Actor, signed_in
from govtech.core.csv_export import csv_lines
from govtech.core.enqueue import enqueue_now
from govtech.core.errors import ApplicationError, NotAllowed
from startups import csv_export, selectors
from startups.filters import SupplierExportFilter, SupplierFilter
from startups.models import ExportJob

logger = logging.getLogger(__name__)

CHUNK_ROWS = 500  # rows written (and progress saved) per chunk

BROKER_DOWN_MESSAGE = gettext_lazy(
    "The background worker could not be reached, so the export did not start. Try again in a few minutes."
)
FILTERS_MESSAGE = gettext_lazy("The filters of this export are no longer valid: %(errors)s")
UNEXPECTED_MESSAGE = gettext_lazy(
    "The export stopped because of an unexpected error. It has been logged; try again, and contact the "
    "portal team if it happens again."
)

EXPORT_TASK = "startups.tasks.export_csv_task"  # queued by name (startups/tasks.py)


def export_filterset(*, user: Actor, query: str) -> SupplierFilter:
    """The directory's filters read from ``query``, over the suppliers ``user`` may see."""
    return SupplierExportFilter(QueryDict(query), queryset=selectors.supplier_list(user=user))


def _clean_query(query: str) -> str:
    params = QueryDict(query, mutable=True)
    params.pop("page", None)
    return params.urlencode()


@transaction.atomic
def export_request(*, actor: Actor, query: str) -> ExportJob:
    """Queue an export of the directory with ``query``'s filters; the worker starts after the commit."""
    if not signed_in(actor):
        raise NotAllowed(_("Sign in to export the directory."))
    query = _clean_query(query)
    filterset = export_filterset(user=actor, query=query)
    if not filterset.is_valid():
        raise ApplicationError(_("Correct the filters before exporting."))
    job = ExportJob.objects.create(requested_by=actor, query=query, status=ExportJob.Status.QUEUED)
    job_id = job.pk
    transaction.on_commit(lambda: _export_enqueue(job_id))
    return job


def _export_enqueue(job_id: int) -> None:
    """Publish the task; if the broker is down, the job fails and says why (no sweeper retries it)."""

    if not enqueue_now(EXPORT_TASK, job_id):
        ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.FAILED, error=str(BROKER_DOWN_MESSAGE), finished_at=timezone.now()
        )


def _fail(job_id: int, message: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.FAILED, error=message, finished_at=timezone.now()
    )


def export_run(*, job_id: int) -> ExportJob | None:
    """Write a queued export's CSV to the default storage, saving the progress after every chunk.

    Claiming the job (QUEUED → RUNNING) is a conditional update, so a task delivered twice
    writes the file once. The rows are those the requester may see now, with the stored filters.
    """
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING
    )
    if not claimed:
        return None
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    try:
        filterset = export_filterset(user=job.requested_by, query=job.query)
        if not filterset.is_valid():
            errors = "; ".join(str(e) for errs in filterset.errors.values() for e in errs)
            _fail(job.pk, str(FILTERS_MESSAGE) % {"errors": errors})
            return ExportJob.objects.get(pk=job.pk)
        qs = filterset.qs
        total = qs.count()
        ExportJob.objects.filter(pk=job.pk).update(total_rows=total, processed_rows=0)
        with tempfile.TemporaryFile(mode="w+b") as out:
            done = 0
            chunk: list[str] = []
            lines = csv_lines(csv_export.HEADER, csv_export.rows(qs.iterator(chunk_size=CHUNK_ROWS)))
            out.write(next(lines).encode() + next(lines).encode())  # the BOM and the header
            for line in lines:
                chunk.append(line)
                if len(chunk) == CHUNK_ROWS:
                    done += len(chunk)
                    out.write("".join(chunk).encode())
                    chunk = []
                    ExportJob.objects.filter(pk=job.pk).update(processed_rows=done)
            done += len(chunk)
            out.write("".join(chunk).encode())
            out.seek(0)
            stamp = timezone.localdate().isoformat()
            job.file.save(f"suppliers-{stamp}-{job.pk}.csv", File(out), save=False)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.DONE,
            file=job.file.name,
            total_rows=done,
            processed_rows=done,
            finished_at=timezone.now(),
        )
    except Exception:
        logger.exception("Export %s failed", job.pk)
        _fail(job.pk, str(UNEXPECTED_MESSAGE))
    return ExportJob.objects.get(pk=job.pk)
