from __future__ import annotations

from celery import shared_task

from procurement.ocds import redflag_services, services


@shared_task(name="ocds.bulk_regenerate")
def ocds_bulk_regenerate() -> str:
    """Rewrite the bulk release package (idempotent: it is rebuilt from the releases table every time)."""

    return services.ocds_bulk_regenerate()


@shared_task(name="ocds.red_flags_process")
def ocds_red_flags_process(ocid: str) -> str:
    """One process's summary and flags, after its record changed (idempotent: an unchanged record writes nothing)."""
    return redflag_services.red_flags_process(ocid)


@shared_task(name="ocds.red_flags_country")
def ocds_red_flags_country(country: str) -> str:
    """One country's fences and every flag of its processes (idempotent: recomputed from the stored summaries)."""
    run = redflag_services.red_flags_country(country)
    return f"country={run.country or '-'} processes={run.report.processes} fences={run.fences}"


@shared_task(name="ocds.red_flags_fences")
def ocds_red_flags_fences() -> str:
    """Periodic: summarise what was missed, then recompute the countries whose fences are stale."""
    runs = redflag_services.red_flags_recompute(stale_only=True)
    return f"countries={len(runs)} processes={sum(run.report.processes for run in runs)}"
