"""Live indicators fed by the stored red flags (issue 25), where a flag measures what the indicator measures.

- ``single_bid_share``: of the competitive processes (open or selective) whose number of tenderers is known,
  the share (%) that received a single bid, per country: indicator R018 over the public flags (decided calls
  of the portal and imported processes), so it covers other publishers' processes as well as ours. Processes for
  which R018 is not computable are left out, never counted as competitive. The year is the process's reference
  date (its last active award, else its last contract, else its date), as of the end of the chosen year.

Time to contract and the SME shares (``awards.py``) read the same stored summaries (``RedFlagProcess.facts``)
for imported processes, beside the portal's own awards.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.db.models.fields.json import KeyTextTransform

from procurement.ocds.models import RedFlagResult
from recommendations.indicators.registry import Indicator, IndicatorQuery, IndicatorValue, register


def single_bid_share(query: IndicatorQuery) -> list[IndicatorValue]:
    qs = (
        RedFlagResult.objects.visible_to(AnonymousUser())
        .filter(indicator="R018")
        .exclude(outcome=RedFlagResult.Outcome.NOT_COMPUTABLE)
    )
    if query.country:
        qs = qs.filter(country=query.country.upper())
    if query.end_date:
        qs = qs.annotate(reference=KeyTextTransform("date", "process__facts")).filter(
            reference__gt="", reference__lte=f"{query.end_date.isoformat()}T23:59:59.999999Z"
        )
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for country, outcome in qs.values_list("country", "outcome"):
        entry = totals[country or "—"]
        entry[0] += 1
        entry[1] += 1 if outcome == RedFlagResult.Outcome.FLAGGED else 0
    return [
        IndicatorValue(country=country, period=query.period, value=round(100 * flagged / total, 1))
        for country, (total, flagged) in sorted(totals.items())
    ]


def register_indicators() -> None:
    register(
        Indicator(
            code="single_bid_share",
            recommendation="consult-the-market-early",
            unit="%",
            provider="procurement",
            title={
                "es": "Procesos competitivos con una sola oferta (%)",
                "pt-br": "Processos competitivos com uma única proposta (%)",
                "en": "Competitive processes with a single bid (%)",
            },
            description={
                "es": "Procesos abiertos o selectivos decididos que recibieron una sola oferta (% de aquellos cuyo "
                "número de oferentes se conoce; señal de alerta R018, incluye procesos importados).",
                "pt-br": "Processos abertos ou seletivos decididos que receberam uma única proposta (% daqueles "
                "cujo número de licitantes é conhecido; sinal de alerta R018, inclui processos importados).",
                "en": "Decided open or selective processes that received a single bid (% of those whose number of "
                "tenderers is known; red flag R018, imported processes included).",
            },
            compute=single_bid_share,
            additive=False,
        )
    )
