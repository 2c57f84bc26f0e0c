from __future__ import annotations

from celery import shared_task

from procurement.ocds import services


@shared_task(name="ocds.bulk_regenerate")
def ocds_bulk_regenerate() -> str:
    """Rewrite the bulk release package (idempotent: it is rebuilt from the releases table every time)."""

    return services.ocds_bulk_regenerate()
