"""`manage.py evaluate_matching FILE.json`: recall@k and MRR per source, beside a BM25 baseline."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from procurement.matching.corpus import MatchQuery, ReferenceDoc, SupplierDocument
from procurement.matching.index import SparseBm25
from procurement.matching.scoring import MatchIndex, Weights, baseline_documents, baseline_rank

_BUYERS = re.compile(r"^(entidades contratantes frecuentes|frequent buyers|compradores)[^:]*:(.*)$", re.I)
_SBIR_AGENCY = re.compile(r"\(\d{4}, ([^)]+)\)")


def supplier_document(raw: dict[str, Any], language: str) -> SupplierDocument:
    """Turn one evaluation supplier into the product's SupplierDocument."""
    refs, buyers, profile = [], [], []
    for line in raw.get("description", "").splitlines():
        m = _BUYERS.match(line.strip())
        if m:
            buyers += [b.strip() for b in m.group(2).split(";") if b.strip()]
        elif line.startswith("- "):
            agency = _SBIR_AGENCY.search(line)
            refs.append(ReferenceDoc(text=line[2:], buyer_name=agency.group(1) if agency else ""))
        else:
            profile.append(line)
    return SupplierDocument(
        id=raw["id"],
        name=raw.get("name", ""),
        profile_text="\n".join(profile),
        references=tuple(refs),
        codes=tuple(raw.get("codes", ())),
        country=raw.get("country", ""),
        buyer_names=tuple(buyers + [r.buyer_name for r in refs if r.buyer_name]),
        language=language,
    )


class Command(BaseCommand):
    help = "Evaluate the matching engine on a labelled file against a plain BM25 baseline."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with open(options["file"], encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        country_language = {"US": "en", "GB": "en", "BR": "pt", "PT": "pt"}
        docs = [supplier_document(raw, country_language.get(raw.get("country", ""), "es")) for raw in data["suppliers"]]
        index = MatchIndex(docs, Weights.from_settings())
        baseline = SparseBm25(baseline_documents(docs, [raw.get("description", "") for raw in data["suppliers"]]))
        stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for ch in data["challenges"]:
            q = MatchQuery(
                title=ch.get("title", ""),
                description=ch.get("description", ""),
                language=ch.get("language", "es"),
                codes=tuple(ch.get("codes", ())),
                buyer_name=ch.get("buyer", ""),
            )
            expected = set(ch.get("expected_supplier_ids", ()))
            ours = index.rank_ids(q, limit=100)
            base = [docs[i].id for i in baseline_rank(baseline, q, limit=100)]
            for key in (ch.get("source", "all"), "__overall__"):
                st = stats[key]
                st["n"] += 1
                for name, ranking in (("", ours), ("baseline_", base)):
                    rank = next((k for k, sid in enumerate(ranking, 1) if sid in expected), None)
                    for k in (1, 5, 10):
                        st[f"{name}recall@{k}"] += 1 if rank and rank <= k else 0
                    st[f"{name}mrr"] += 1 / rank if rank else 0
        for key, st in sorted(stats.items()):
            n = st["n"]
            v = {k: st[k] / n for k in st}
            if key == "__overall__":
                continue
            self.stdout.write(
                f"source={key} challenges={int(n)} recall@1={v['recall@1']:.3f} recall@5={v['recall@5']:.3f} "
                f"recall@10={v['recall@10']:.3f} mrr={v['mrr']:.3f} baseline_recall@10={v['baseline_recall@10']:.3f} baseline_mrr={v['baseline_mrr']:.3f}"
            )
        st = stats["__overall__"]
        n = st["n"] or 1
        self.stdout.write(
            f"overall recall@10={st['recall@10'] / n:.3f} mrr={st['mrr'] / n:.3f} "
            f"baseline_recall@10={st['baseline_recall@10'] / n:.3f} baseline_mrr={st['baseline_mrr'] / n:.3f}"
        )
