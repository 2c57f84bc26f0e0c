"""Computing and storing red flags (issue 25): each process when its record changes, each country's fences.

The indicators (``procurement.ocds.redflags``) are pure Python; this module feeds them the portal's records
and stores what comes out:

* ``red_flags_process(ocid)`` reads one process's record (the releases the portal published, or an imported
  process's compiled release), stores its summary (``RedFlagProcess.facts``) and its flags. The indicators
  that compare a process with its country (``AGGREGATE_CODES``) need the country's fences: until the
  country's next pass has read the new summary, they are stored as not computable with the reason
  ``awaiting_country_fences`` (never a stale "no flag"), and a pass of that country is requested.
* ``red_flags_country(country)`` runs the engine over every stored summary of the country: the fences
  (``RedFlagFence``), then every flag of every process of the country.
* ``red_flags_recompute(country=None)`` summarises any process not yet summarised (or summarised with an older
  ``facts.FACTS_VERSION``), then runs every country (``manage.py recompute_red_flags`` after a threshold change
  or a new version of the summaries; the periodic task for stale countries).

Every write is idempotent: computing twice from the same record and thresholds changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from govtech.core import pagecache
from govtech.core.enqueue import enqueue_now
from procurement.ocds.merging import merger
from procurement.ocds.models import (
    ImportedProcess,
    RedFlagFence,
    RedFlagProcess,
    RedFlagResult,
    RedFlagThreshold,
    Release,
)
from procurement.ocds.redflags.aggregates import CountryContext, market_of
from procurement.ocds.redflags.engine import (
    METHODOLOGY_VERSION,
    NOT_COMPUTABLE,
    Engine,
    Outcome,
    ProcessResult,
    Report,
    evaluate,
)
from procurement.ocds.redflags.facts import FACTS_VERSION, ProcessFacts, summarise
from procurement.ocds.redflags.fields import ident, text
from procurement.ocds.redflags.thresholds import INDICATOR_CODES, Layer, ThresholdError, Thresholds

logger = logging.getLogger(__name__)

# The indicators that compare a process with the others of its country (fences, organisations, windows).
AGGREGATE_CODES = frozenset({"R024", "R025", "R038", "R058", "GT01", "GT04"})
AWAITING = "awaiting_country_fences"
GLOBAL_EXCLUSIONS = frozenset({"cancelled", "method_details_excluded"})  # aggregates.excluded_everywhere
# A country's pass is requested at most once in this many seconds (the periodic task catches up the rest).
COUNTRY_DEBOUNCE_SECONDS = 300
WRITE_BATCH = 2000


def table_layers() -> list[Layer]:
    """The admin-edited rows (``RedFlagThreshold``), one layer per place and indicator."""
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    rows = RedFlagThreshold.objects.order_by("pk").values_list("country", "method", "indicator", "parameter", "value")
    for country, method, code, parameter, value in rows:
        grouped.setdefault((country, method, code), {})[parameter] = value
    layers = []
    for (country, method, code), values in grouped.items():
        layer = Layer(country, method, code, values)
        try:
            Thresholds([layer])
        except ThresholdError:  # checked when written; a later methodology may drop a parameter: never stop the runs
            logger.exception("Red-flag threshold rows of %s [%s][%s] ignored", code, country or "*", method or "*")
            continue
        layers.append(layer)
    return layers


def thresholds() -> Thresholds:
    """The thresholds in use: ``settings.RED_FLAGS``, then the admin-edited rows on top (at the same place a row
    wins; a more specific place still wins over a more general one). The small table is read on every call, that
    is once per computation, so a change is seen by the next one whichever process runs it."""
    base = Thresholds.from_settings(getattr(settings, "RED_FLAGS", None))
    return Thresholds([*base.layers, *table_layers()])


@dataclass
class Record:
    """What the indicators read of one process, and where it comes from."""

    ocid: str
    compiled: dict[str, Any]
    releases: list[dict[str, Any]] | None = None
    call_id: int | None = None
    imported: ImportedProcess | None = None


def record_of(ocid: str) -> Record | None:
    """The process's record: the portal's releases (compiled here), else the imported compiled release."""
    releases = list(Release.objects.of_ocid(ocid).values_list("data", "call_id"))
    if releases:
        data = [row[0] for row in releases]
        return Record(ocid, merger().create_compiled_release(data), data, call_id=releases[0][1])
    imported = ImportedProcess.objects.filter(ocid=ocid).first()
    if imported is not None and isinstance(imported.compiled, dict):
        return Record(
            ocid, imported.compiled, release_stubs(imported.release_dates), call_id=imported.call_id, imported=imported
        )
    return None


def release_stubs(dates: Any) -> list[dict[str, Any]] | None:
    """An imported process's releases as far as the summary reads them (their date and deadline), from the dates
    the import kept (``ImportedProcess.release_dates``); ``None`` when the publisher gave no releases."""
    if not isinstance(dates, list) or not dates:
        return None
    stubs: list[dict[str, Any]] = []
    for row in dates:
        if isinstance(row, list) and len(row) == 2:
            date, end = (value if isinstance(value, str) else "" for value in row)
            stubs.append({"date": date, "tender": {"tenderPeriod": {"endDate": end}} if end else {}})
    return stubs or None


def buyer_name(compiled: dict[str, Any], buyer_id: str) -> str:
    name = text((compiled.get("buyer") or {}).get("name")) if isinstance(compiled.get("buyer"), dict) else ""
    if name:
        return name[:500]
    for party in compiled.get("parties") or []:
        if isinstance(party, dict) and buyer_id and text(party.get("id")) == buyer_id:
            return text(party.get("name"))[:500]
    return ""


def _checksum(facts: dict[str, Any], name: str) -> str:
    payload = json.dumps([facts, name], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _cpv_division(facts: ProcessFacts) -> str:
    found = market_of(facts, {"CPV": 2})
    return found[1] if found else ""


def _result_rows(process: RedFlagProcess, result: ProcessResult, fingerprint: str, now: Any) -> list[RedFlagResult]:
    return [
        RedFlagResult(
            process=process,
            ocid=process.ocid,
            call_id=process.call_id,
            imported_id=process.imported_id,
            buyer_id=process.buyer_id,
            buyer_name=process.buyer_name,
            country=process.country,
            cpv_division=process.cpv_division,
            indicator=outcome.code,
            outcome=outcome.status,
            reason=outcome.reason[:64],
            evidence=outcome.evidence,
            methodology_version=METHODOLOGY_VERSION,
            thresholds_fingerprint=fingerprint,
            computed_at=now,
        )
        for outcome in result.outcomes
    ]


UPDATED_FIELDS = [
    "ocid",
    "call",
    "imported",
    "buyer_id",
    "buyer_name",
    "country",
    "cpv_division",
    "outcome",
    "reason",
    "evidence",
    "methodology_version",
    "thresholds_fingerprint",
    "computed_at",
]


def _write(rows: list[RedFlagResult]) -> None:
    for start in range(0, len(rows), WRITE_BATCH):
        RedFlagResult.objects.bulk_create(
            rows[start : start + WRITE_BATCH],
            update_conflicts=True,
            unique_fields=["process", "indicator"],
            update_fields=UPDATED_FIELDS,
        )


def _request_country(country: str) -> None:
    """Ask for a pass over the country soon (once per ``COUNTRY_DEBOUNCE_SECONDS``; the periodic task catches up)."""
    if cache.add(f"red-flags:country:{country or '-'}", 1, timeout=COUNTRY_DEBOUNCE_SECONDS):
        transaction.on_commit(lambda: enqueue_now("ocds.red_flags_country", country))


def red_flags_process(ocid: str) -> str:
    """Summarise one process and store its flags; ``computed``, ``unchanged`` or ``missing`` (no record)."""
    record = record_of(ocid)
    if record is None:
        return "missing"
    rules = thresholds()
    fingerprint = rules.fingerprint()
    facts = summarise(record.compiled, releases=record.releases, release_count=len(record.releases or ()))
    facts.ocid = ocid
    stored_facts = json.loads(json.dumps(facts.to_dict(), default=str))
    name = buyer_name(record.compiled, facts.buyer or ident(record.compiled.get("buyer")))
    checksum = _checksum(stored_facts, name)
    with transaction.atomic():
        process = RedFlagProcess.objects.select_for_update().filter(ocid=ocid).first()
        current = (
            process is not None
            and process.record_checksum == checksum
            and process.call_id == record.call_id
            and not process.flags.exclude(
                methodology_version=METHODOLOGY_VERSION, thresholds_fingerprint=fingerprint
            ).exists()
            and process.flags.count() == len(INDICATOR_CODES)
        )
        if current:
            return "unchanged"
        if process is None:
            process = RedFlagProcess(ocid=ocid)
        process.call_id = record.call_id
        process.imported = record.imported
        process.country = facts.country[:2]
        process.buyer_id = facts.buyer[:255]
        process.buyer_name = name
        process.cpv_division = _cpv_division(facts)
        process.facts = stored_facts
        process.record_checksum = checksum
        process.fenced = False
        process.save()
        result = evaluate(facts, rules, CountryContext(facts.country))
        # Without the country's pass, these indicators' outcomes (and reasons such as too_few_values) would
        # come from an empty context: they wait for it, unless an exclusion of every indicator applies.
        result.outcomes = [
            Outcome(o.code, NOT_COMPUTABLE, reason=AWAITING)
            if o.code in AGGREGATE_CODES and o.reason not in GLOBAL_EXCLUSIONS
            else o
            for o in result.outcomes
        ]
        _write(_result_rows(process, result, fingerprint, timezone.now()))
        pagecache.retire()  # bulk writes send no signal: the cached public pages showing flags are retired here
        _request_country(process.country)
    return "computed"


@dataclass
class CountryRun:
    country: str
    report: Report
    fences: int = 0
    processes: list[str] = field(default_factory=list)


def _fence_rows(
    country: str, context: CountryContext, processes: int, fingerprint: str, now: Any
) -> list[RedFlagFence]:
    rows = []
    common = {
        "country": country,
        "processes": processes,
        "methodology_version": METHODOLOGY_VERSION,
        "thresholds_fingerprint": fingerprint,
        "computed_at": now,
    }

    def row(code: str, role: str, fence: Any, extra: dict[str, Any] | None = None) -> RedFlagFence:
        return RedFlagFence(
            indicator=code,
            role=role,
            n=fence.n,
            q1=fence.q1,
            q3=fence.q3,
            fence=fence.value,
            fixed=fence.fixed,
            extra={**(extra or {}), **({"reason": fence.reason} if fence.reason else {})},
            **common,
        )

    for code, fence in sorted(context.gap_fences.items()):
        rows.append(row(code, "", fence))
    rows.append(row("R025", "", context.r025_fence, {"top_tenderer_bids": context.r025_top}))
    for role, fence in sorted(context.r038_fences.items()):
        rows.append(row("R038", role, fence))
    return rows


def red_flags_country(country: str) -> CountryRun:
    """Run the engine over every stored summary of ``country``: its fences, then every flag of its processes."""
    cache.delete(f"red-flags:country:{country or '-'}")  # changes from now on ask for another pass
    rules = thresholds()
    fingerprint = rules.fingerprint()
    engine = Engine(rules)
    processes: dict[str, RedFlagProcess] = {}
    checksums: dict[str, str] = {}
    for process in RedFlagProcess.objects.filter(country=country).order_by("ocid").iterator(chunk_size=2000):
        engine.add_facts(ProcessFacts.from_dict(process.facts))
        process.facts = {}  # held once, in the engine
        processes[process.ocid] = process
        checksums[process.ocid] = process.record_checksum
    now = timezone.now()
    rows: list[RedFlagResult] = []

    def keep(result: ProcessResult) -> None:
        rows.extend(_result_rows(processes[result.ocid], result, fingerprint, now))
        if len(rows) >= WRITE_BATCH:
            _write(rows)
            rows.clear()

    with transaction.atomic():
        report = engine.finish(keep)
        _write(rows)
        context = report.contexts.get(country) or CountryContext(country)
        fences = _fence_rows(country, context, len(processes), fingerprint, now)
        RedFlagFence.objects.filter(country=country).delete()
        RedFlagFence.objects.bulk_create(fences)
        # Only the summaries this pass read are fenced (one rewritten meanwhile waits for the next pass).
        for ocid, checksum in checksums.items():
            RedFlagProcess.objects.filter(ocid=ocid, record_checksum=checksum).update(fenced=True)
        pagecache.retire()  # bulk_create and update() send no signal
    return CountryRun(country, report, len(fences), sorted(processes))


def unsummarised_ocids() -> list[str]:
    """Processes with a record but no summary yet (published before red flags, or missed by a worker), or with a
    summary of an older ``FACTS_VERSION`` (it lacks what the indicators now read: it is summarised again)."""
    known = set(RedFlagProcess.objects.filter(facts__version=FACTS_VERSION).values_list("ocid", flat=True))
    ours = set(Release.objects.values_list("ocid", flat=True).distinct())
    imported = set(ImportedProcess.objects.filter(compiled__isnull=False).values_list("ocid", flat=True))
    return sorted((ours | imported) - known)


def countries(*, stale_only: bool = False) -> list[str]:
    """The countries with stored summaries (with ``stale_only``: those with a summary their fences have not read,
    or fences of another methodology or thresholds)."""
    if not stale_only:
        return sorted(set(RedFlagProcess.objects.values_list("country", flat=True).distinct()))
    fingerprint = thresholds().fingerprint()
    stale = set(RedFlagProcess.objects.filter(fenced=False).values_list("country", flat=True).distinct())
    stale |= set(
        RedFlagFence.objects.exclude(methodology_version=METHODOLOGY_VERSION, thresholds_fingerprint=fingerprint)
        .values_list("country", flat=True)
        .distinct()
    )
    stale |= set(RedFlagProcess.objects.values_list("country", flat=True).distinct()) - set(
        RedFlagFence.objects.values_list("country", flat=True).distinct()
    )
    return sorted(stale)


def red_flags_recompute(country: str | None = None, *, stale_only: bool = False) -> list[CountryRun]:
    """Summarise the processes not yet summarised, then run each country (or one); see the module docstring."""
    for ocid in unsummarised_ocids():
        try:
            red_flags_process(ocid)
        except Exception:  # one unreadable record must not stop the others
            logger.exception("Red flags of %s not computed", ocid)
    wanted = [country.upper()] if country is not None else countries(stale_only=stale_only)
    return [red_flags_country(code) for code in wanted]


def red_flags_on_commit(ocid: str) -> None:
    """Ask a worker for one process's flags once the current transaction commits (task by name)."""
    transaction.on_commit(lambda: enqueue_now("ocds.red_flags_process", ocid))
