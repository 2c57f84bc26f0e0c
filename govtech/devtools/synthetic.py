"""A seeded synthetic supplier corpus for benchmarks, built from the CPV labels shipped in the repo."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

from procurement.matching.corpus import MatchQuery, ReferenceDoc, SupplierDocument

CPV_FILE = Path(__file__).resolve().parents[2] / "startups" / "data" / "cpv_2008.csv"
_LANGS = (("es", "es", "CO", 0.6), ("en", "en", "US", 0.3), ("pt", "pt", "BR", 0.1))
_SUFFIX = {"es": "SAS", "en": "LLC", "pt": "Ltda"}


class SyntheticCorpus:
    """Suppliers and challenges whose words come from real CPV labels (en/es/pt), with Zipf-like reuse."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        with CPV_FILE.open(encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh) if r["level"] in {"class", "category", "subcategory"}]
        self.codes = [r["code"] for r in rows]
        self.labels = {lang: [r[lang] for r in rows] for lang, _, _, _ in _LANGS}
        self.words = {
            lang: sorted({w for label in labels for w in label.split() if len(w) > 3})
            for lang, labels in self.labels.items()
        }
        self.buyers = [f"entidad publica {i}" for i in range(3000)]

    def _language(self) -> tuple[str, str]:
        x, acc = self.rng.random(), 0.0
        for _lang, stem_lang, country, share in _LANGS:
            acc += share
            if x < acc:
                return stem_lang, country
        return "es", "CO"

    def _text(self, lang: str, code_ix: int, n_words: int) -> str:
        words = self.words[lang]
        filler = [words[min(int(self.rng.paretovariate(0.8)) - 1, len(words) - 1)] for _ in range(n_words)]
        near = self.labels[lang][max(0, code_ix + self.rng.randint(-3, 3)) % len(self.codes)]
        return f"{self.labels[lang][code_ix]} {near} {' '.join(filler)}"

    def suppliers(self, n: int) -> Iterator[SupplierDocument]:
        rng = self.rng
        for i in range(n):
            lang, country = self._language()
            base = rng.randrange(len(self.codes))
            code_ixs = [min(len(self.codes) - 1, base + rng.randint(0, 20)) for _ in range(rng.randint(1, 4))]
            refs = tuple(
                ReferenceDoc(
                    text=self._text(lang, rng.choice(code_ixs), rng.randint(5, 40)),
                    buyer_name=self.buyers[min(int(rng.paretovariate(1.0)) - 1, len(self.buyers) - 1)],
                )
                for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 6)))
            )
            yield SupplierDocument(
                id=f"syn-{i}",
                name=f"{rng.choice(self.words[lang])} {rng.choice(self.words[lang])} {_SUFFIX[lang]}",
                profile_text=self._text(lang, base, rng.randint(0, 20)),
                references=refs,
                codes=tuple(self.codes[c] for c in code_ixs),
                country=country,
                buyer_names=tuple(r.buyer_name for r in refs),
                language=lang,
            )

    def challenges(self, n: int) -> Iterator[MatchQuery]:
        rng = self.rng
        for _ in range(n):
            lang, _country = self._language()
            ix = rng.randrange(len(self.codes))
            yield MatchQuery(
                title=self.labels[lang][ix],
                description=self._text(lang, ix, rng.randint(20, 150)),
                language=lang,
                codes=(self.codes[ix],),
                buyer_name=self.buyers[min(int(rng.paretovariate(1.0)) - 1, len(self.buyers) - 1)],
            )
