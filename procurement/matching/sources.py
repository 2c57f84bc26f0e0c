"""From the portal's rows to the engine's plain inputs, and the per-process index cache.

Suppliers are read through ``startups.selectors`` only. Building the index is expensive (about 40 s
for 100,000 suppliers, see docs/matching.md), so each worker process keeps **one** index and
rebuilds it only when the registry changed: the cache key is the number of candidate suppliers, their
latest ``updated_at`` (the registry moves it on every change to a profile, its solutions, references or
classification), the algorithm version and the weights. The old index is dropped *before* the new one
is built, so a process never holds two.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count, Max

from procurement.matching.corpus import MatchQuery, ReferenceDoc, SupplierDocument
from procurement.matching.scoring import ALGORITHM_VERSION, MatchIndex, Weights
from procurement.matching.text import _WORD, fold, tokens
from startups.selectors import suppliers_for_matching

logger = logging.getLogger(__name__)

# What an instrument needs in readiness (TRL of the supplier's best solution); overridable by setting.
DEFAULT_INSTRUMENT_MIN_TRL = {"pilot": 5, "ppi": 7, "cpsi": 4}
_LANGUAGE_BY_COUNTRY = {"BR": "pt", "PT": "pt", "AO": "pt", "MZ": "pt", "US": "en", "GB": "en", "JM": "en"}


# --- targets ---------------------------------------------------------------------------------


def query_for_call(call: Any) -> MatchQuery:
    """A call as the engine sees it (its challenge's problem statement included)."""
    parts = [call.summary, call.instrument_other]
    if call.challenge_id and call.challenge is not None:
        ch = call.challenge
        parts += [ch.title, ch.problem, ch.expected_outcomes]
    min_trl = dict(DEFAULT_INSTRUMENT_MIN_TRL, **getattr(settings, "MATCHING_INSTRUMENT_MIN_TRL", {})).get(
        call.instrument
    )
    return MatchQuery(
        title=call.title,
        description="\n".join(p for p in parts if p),
        language=call.language or "es",
        codes=tuple(call.cpv_codes or ()),
        sectors=tuple(call.sectors or ()),
        technologies=tuple(call.technologies or ()),
        require_verified=call.verified_suppliers_only,
        min_trl=min_trl,
        buyer_id=str(call.body_id),
        buyer_name=call.body.name,
    )


def query_for_challenge(challenge: Any) -> MatchQuery:
    parts = [
        challenge.problem,
        challenge.affected,
        challenge.current_situation,
        challenge.expected_outcomes,
        challenge.constraints,
    ]
    return MatchQuery(
        title=challenge.title,
        description="\n".join(p for p in parts if p),
        language=challenge.language or "es",
        codes=tuple(challenge.cpv_codes or ()),
        sectors=tuple(challenge.sectors or ()),
        technologies=tuple(challenge.technologies or ()),
        buyer_id=str(challenge.body_id),
        buyer_name=challenge.body.name,
    )


def surface_words(query: MatchQuery) -> dict[str, str]:
    """Each stem of the target's text → the first word that produced it (reasons show words, not stems)."""
    out: dict[str, str] = {}
    for raw in f"{query.title}\n{query.description}".split():
        word = raw.strip(".,;:!?¿¡()[]\"'«»“”").lower()
        for folded in _WORD.findall(fold(word)):
            stem = tokens(folded, query.language)
            if stem and stem[0] not in out:
                out[stem[0]] = word if fold(word) == folded else folded
    return out


# --- suppliers -------------------------------------------------------------------------------


def supplier_document(supplier: Any) -> SupplierDocument:
    """One ``startups.Supplier`` (with its relations prefetched) as a plain document."""
    descriptions = {code: getattr(supplier, f"description_{code}") or "" for code in ("es", "pt", "en")}
    language = max(descriptions, key=lambda code: len(descriptions[code]))
    if not descriptions[language]:
        language = _LANGUAGE_BY_COUNTRY.get(supplier.country, "es")
    solutions = list(supplier.solutions.all())
    references = list(supplier.references.all())
    return SupplierDocument(
        id=str(supplier.pk),
        name=supplier.display_name,
        profile_text="\n".join([supplier.pitch_es, supplier.pitch_pt, supplier.pitch_en, *descriptions.values()]),
        solution_texts=tuple(f"{s.name}. {s.description}" for s in solutions),
        references=tuple(
            ReferenceDoc(text=r.description, buyer_name=r.public_body_name, buyer_id=str(r.public_body_id or ""))
            for r in references
        ),
        codes=tuple(c.code for c in supplier.cpv_codes.all()),
        sectors=tuple(s.slug for s in supplier.sectors.all()),
        technologies=tuple(t.slug for t in supplier.technologies.all()),
        country=supplier.country,
        regions=tuple(supplier.regions_served or ()),
        size_class=supplier.size_class,
        is_startup=supplier.is_startup,
        verified=supplier.is_verified,
        trls=tuple(s.trl for s in solutions),
        buyer_names=tuple(r.public_body_name for r in references if r.public_body_name),
        language=language,
    )


def candidate_suppliers() -> Any:
    """Every supplier the public may see, relations prefetched (read through the registry's selector)."""

    return suppliers_for_matching()


def registry_version() -> tuple[Any, ...]:
    """Changes whenever a candidate supplier is added, removed or changed, or the algorithm changes."""
    agg = candidate_suppliers().order_by().aggregate(n=Count("pk"), latest=Max("updated_at"))
    weights = Weights.from_settings()
    return (agg["n"], agg["latest"], ALGORITHM_VERSION, repr(weights))


@dataclass
class Catalogue:
    """The index and, aligned with it, what the call eligibility rules need per supplier."""

    version: tuple[Any, ...]
    index: MatchIndex
    supplier_pks: np.ndarray
    large: np.ndarray
    startup: np.ndarray
    built_at: float

    def call_mask(self, call: Any) -> np.ndarray:
        """``procurement.calls.selectors.call_eligibility`` as a mask (verification is the query's own filter)."""
        mask = np.ones(len(self.supplier_pks), dtype=bool)
        if call.eligible_countries:
            mask &= np.isin(self.index.countries, list(call.eligible_countries))
        if call.smes_only:
            mask &= ~self.large
        if call.startups_only:
            mask &= self.startup
        return mask


def build_catalogue(version: tuple[Any, ...]) -> Catalogue:
    started = time.perf_counter()
    docs: list[SupplierDocument] = []
    for supplier in candidate_suppliers().iterator(chunk_size=2000):
        if getattr(supplier, "sanctions_in_force", None):
            continue  # debarred: may not apply, so not suggested
        docs.append(supplier_document(supplier))
    index = MatchIndex(docs, Weights.from_settings())
    catalogue = Catalogue(
        version=version,
        index=index,
        supplier_pks=np.fromiter((int(d.id) for d in docs), dtype=np.int64, count=len(docs)),
        large=np.fromiter((d.size_class == "large" for d in docs), dtype=bool, count=len(docs)),
        startup=np.fromiter((d.is_startup for d in docs), dtype=bool, count=len(docs)),
        built_at=time.time(),
    )
    logger.info("matching index built: %d suppliers in %.1fs", len(docs), time.perf_counter() - started)
    return catalogue


_lock = threading.Lock()
_current: Catalogue | None = None


def current_catalogue(*, force: bool = False) -> Catalogue:
    """This process's index, rebuilt when the registry changed (or when ``force``)."""
    global _current
    version = registry_version()
    with _lock:
        if _current is not None and _current.version == version and not force:
            return _current
        _current = None  # drop the old index before building the new one: one index per process
        gc.collect()
        _current = build_catalogue(version)
        return _current


def forget_catalogue() -> None:
    global _current
    with _lock:
        _current = None
