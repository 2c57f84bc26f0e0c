"""Cross-language query expansion for search in Spanish, Portuguese and English.

A query typed in any of the three languages is matched against a shared vocabulary of *concepts*, each named in the
three languages, and every matched phrase is expanded into its names in each language: "ciberseguridad" becomes
"cybersecurity" for English texts and "cibersegurança" for Portuguese ones. The vocabulary is built from what ships
in the repo, in this order of precedence:

1. the curated govtech glossary, ``startups/search_vocabulary/glossary.json``;
2. the portal's sectors and technologies with their three names (``startups.reference_data``);
3. short CPV 2008 labels (at most three content words in every language) as whole phrases;
4. single words aligned across the CPV 2008 labels (``startups/search_vocabulary/cpv_words.json``, built by
   ``manage.py build_search_vocabulary`` from ``startups/data/cpv_2008.csv``).

Words are folded (``govtech.core.text.fold``) and stemmed with Snowball, so "firma electronica", "firmas
electrónicas" and "Firma Electrónica" match the same entry. The expansion of a query is bounded (``MAX_WORDS`` query
words, ``MAX_ALTERNATIVES`` names per phrase and language) and cached in-process (``expand`` is an LRU cache), and the
vocabulary is loaded once per process. No network, no database, no PostgreSQL extension: the searches turn an
``Expansion`` into one raw ``tsquery`` per language (``Expansion.tsquery``).
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

from govtech.core.text import fold, portuguese_singular, search_text
from startups.reference_data import CPV_CSV, SECTORS, TECHNOLOGIES

LANGUAGES = ("es", "pt", "en")
CONFIGS = {"es": "spanish", "pt": "portuguese", "en": "english"}
HERE = Path(__file__).resolve().parent / "search_vocabulary"
GLOSSARY = HERE / "glossary.json"
CPV_WORDS = HERE / "cpv_words.json"

MAX_WORDS = 8  # query words considered for expansion
MAX_ALTERNATIVES = 6  # names of one phrase in one language
MAX_PHRASE = 5  # longest vocabulary phrase, in content words

_WORD = re.compile(r"[a-z0-9]+")
# Function words of the three languages (folded): never part of a vocabulary key.
_STOP = """a al algo ante as at an and are be by com como con contra da das de del do dos e el em en entre for from in
    into is it la las lo los na nas no nos o of on or os para pela pelo por que se sem sin so su sus than that the
    their this to um uma un una uno unos with y"""
STOP_WORDS = frozenset(_STOP.split())
_STEMMERS = {lang: snowballstemmer.stemmer(config) for lang, config in CONFIGS.items()}


@lru_cache(maxsize=50_000)
def stem(word: str, language: str) -> str:
    """The Snowball stem of a folded word (Portuguese endings' accents put back first, then folded again)."""
    if language == "pt":
        return fold(_STEMMERS["pt"].stemWord(portuguese_singular(word)))
    return str(_STEMMERS[language].stemWord(word))


def words(text: str) -> list[str]:
    """Folded content words of ``text`` (hyphens split words: "e-signature" -> "e", "signature")."""
    return [w for w in _WORD.findall(fold(text)) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


def key(text: str, language: str) -> tuple[str, ...]:
    return tuple(stem(w, language) for w in words(text))


@dataclass(frozen=True)
class Concept:
    """One idea named in each language (most natural name first)."""

    names: dict[str, tuple[str, ...]]
    source: str  # glossary, taxonomy, cpv, cpv-words


@dataclass
class Vocabulary:
    concepts: list[Concept] = field(default_factory=list)
    # language -> stem key -> concept indexes (in order of precedence)
    index: dict[str, dict[tuple[str, ...], list[int]]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, names: dict[str, Iterable[str]], source: str) -> None:
        cleaned = {lang: _unique(n.strip() for n in names.get(lang, ()) if words(n)) for lang in LANGUAGES}
        if sum(1 for lang in LANGUAGES if cleaned[lang]) < 2:
            return
        number = len(self.concepts)
        self.concepts.append(Concept(names=cleaned, source=source))
        for lang in LANGUAGES:
            for name in cleaned[lang]:
                k = key(name, lang)
                if k and len(k) <= MAX_PHRASE:
                    entries = self.index[lang].setdefault(k, [])
                    if number not in entries:
                        entries.append(number)

    def lookup(self, stems: dict[str, tuple[str, ...]]) -> list[tuple[str, int]]:
        """(language, concept) whose name has exactly these stems in that language."""
        found = []
        for lang in LANGUAGES:
            for number in self.index[lang].get(stems[lang], ()):
                found.append((lang, number))
        return found


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` without repeats that differ only in case or accents (the first spelling kept)."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(fold(name), name)
    return tuple(seen.values())


def _split_taxonomy_name(name: str) -> list[str]:
    """ "Geospatial (GIS)" -> ["Geospatial (GIS)", "Geospatial", "GIS"]."""
    parts = [name]
    match = re.match(r"^(.*?)\s*\((.+)\)\s*$", name)
    if match:
        parts += [match.group(1), match.group(2)]
    return parts


def cpv_rows(path: Path = CPV_CSV) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


@cache
def vocabulary() -> Vocabulary:
    """The shared vocabulary, built once per process from the files in the repo."""
    vocab = Vocabulary()
    glossary = json.loads(GLOSSARY.read_text(encoding="utf-8"))
    for entry in glossary["entries"]:
        vocab.add(entry, "glossary")
    for _slug, en, es, pt in [*SECTORS, *TECHNOLOGIES]:
        vocab.add(
            {"en": _split_taxonomy_name(en), "es": _split_taxonomy_name(es), "pt": _split_taxonomy_name(pt)}, "taxonomy"
        )
    for row in cpv_rows():
        labels = {lang: row[lang] for lang in LANGUAGES}
        if all("," not in label and 0 < len(words(label)) <= 3 for label in labels.values()):
            vocab.add({lang: [label] for lang, label in labels.items()}, "cpv")
    if CPV_WORDS.exists():
        for entry in json.loads(CPV_WORDS.read_text(encoding="utf-8"))["words"]:
            vocab.add({lang: [entry[lang]] for lang in LANGUAGES if entry.get(lang)}, "cpv-words")
    return vocab


@dataclass(frozen=True)
class Segment:
    """A run of query words and, when the vocabulary knows it, its names per language."""

    text: str  # the query's own words, folded
    names: dict[str, tuple[str, ...]]  # language -> names (empty when untranslated)

    @property
    def translated(self) -> bool:
        return any(self.names.values())


def _term_words(name: str) -> list[str]:
    return words(name)


def _tsword(word: str, config: str) -> str:
    forms = dict.fromkeys([search_text(word, config), word])
    quoted = [f"'{f}'" for f in forms if f and "'" not in f and "\\" not in f]
    return quoted[0] if len(quoted) == 1 else "(" + " | ".join(quoted) + ")"


def _tsterm(name: str, config: str) -> str:
    parts = [_tsword(w, config) for w in _term_words(name)]
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"


@dataclass(frozen=True)
class Expansion:
    query: str
    segments: tuple[Segment, ...]
    typed: tuple[str, ...] = ()  # each segment's words as the person typed them

    @property
    def translated(self) -> bool:
        return any(s.translated for s in self.segments)

    def alternatives(self, segment: Segment, language: str) -> tuple[str, ...]:
        """Names of ``segment`` in ``language``, the query's own words included, at most ``MAX_ALTERNATIVES``."""
        return _unique([*segment.names.get(language, ()), segment.text])[: MAX_ALTERNATIVES + 1]

    def tsquery(self, language: str) -> tuple[str, str] | None:
        """(match, rank) raw tsqueries for texts in ``language``, or None when nothing was translated.

        The match query requires every translated phrase (any of its names); untranslated words (place names,
        codes, words the vocabulary lacks) are left out of it but count in the rank query."""
        if not self.translated:
            return None
        config = CONFIGS[language]
        required, optional = [], []
        for segment in self.segments:
            if segment.translated:
                terms = [_tsterm(n, config) for n in self.alternatives(segment, language) if _term_words(n)]
                if terms:
                    required.append(terms[0] if len(terms) == 1 else "(" + " | ".join(terms) + ")")
            elif _term_words(segment.text):
                optional.append(_tsterm(segment.text, config))
        if not required:
            return None
        match = " & ".join(required)
        rank = " | ".join([*required, *optional])
        return match, rank

    def explain(self, text: str, language: str) -> list[tuple[str, str]]:
        """(name found, query words) for the phrases a text in ``language`` matched only through another name:
        ``[("cybersecurity", "ciberseguridad")]``."""
        return self.explain_words(words(text), language) if self.translated else []

    def explain_words(self, text_words: list[str], language: str) -> list[tuple[str, str]]:
        """``explain`` for a text already split into ``words`` (a result card asks in three languages)."""
        if not self.translated:
            return []
        own = set(text_words)
        stems = {stem(w, language) for w in own}
        found = []
        for number, segment in enumerate(self.segments):
            if not segment.translated:
                continue
            query_words = words(segment.text)
            if all(w in own or stem(w, language) in stems for w in query_words):
                continue  # the text has the query's own words
            for name in self.alternatives(segment, language):
                if name != segment.text and all(stem(w, language) in stems for w in words(name)):
                    shown = self.typed[number] if number < len(self.typed) else segment.text
                    found.append((name, shown))
                    break
        return found


def _segments(query_words: list[str], vocab: Vocabulary) -> Iterator[Segment]:
    i = 0
    while i < len(query_words):
        for n in range(min(MAX_PHRASE, len(query_words) - i), 0, -1):
            chunk = query_words[i : i + n]
            hits = vocab.lookup({lang: tuple(stem(w, lang) for w in chunk) for lang in LANGUAGES})
            if hits:
                break
        else:
            yield Segment(text=query_words[i], names={})
            i += 1
            continue
        names: dict[str, list[str]] = defaultdict(list)
        for _lang, number in hits:  # glossary first, then taxonomy, CPV phrases, CPV words
            for lang, lang_names in vocab.concepts[number].names.items():
                names[lang] += lang_names
        text = " ".join(chunk)
        yield Segment(text=text, names={lang: _unique(names[lang])[:MAX_ALTERNATIVES] for lang in LANGUAGES})
        i += n


def _query_words(query: str) -> list[tuple[str, str]]:
    """(folded content word, the word as typed) of ``query``: "Firma electrónica" -> [("firma", "Firma"), ...]."""
    found = []
    for typed in re.findall(r"\w+", query or ""):
        parts = [w for w in _WORD.findall(fold(typed)) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]
        found += [(w, typed if len(parts) == 1 else w) for w in parts]
    return found


@lru_cache(maxsize=4096)
def expand(query: str) -> Expansion:
    """The expansion of ``query`` (any of the three languages) into all three; cached per process."""
    pairs = _query_words(query)[:MAX_WORDS]
    segments = tuple(_segments([w for w, _ in pairs], vocabulary()))
    typed = iter(t for _, t in pairs)
    shown = tuple(" ".join(next(typed) for _ in segment.text.split()) for segment in segments)
    return Expansion(query=query, segments=segments, typed=shown)


def build_cpv_words(min_count: int = 3, min_dice: float = 0.5) -> list[dict[str, str]]:
    """Words aligned across the three languages of the CPV labels (mutual best Dice coefficient of co-occurrence).

    Slow (seconds): run by ``manage.py build_search_vocabulary``, which writes ``cpv_words.json``."""
    df: dict[str, Counter[str]] = {lang: Counter() for lang in LANGUAGES}
    surface: dict[str, dict[str, Counter[str]]] = {lang: defaultdict(Counter) for lang in LANGUAGES}
    pairs = (("en", "es"), ("en", "pt"), ("es", "pt"))
    co: dict[tuple[str, str], Counter[tuple[str, str]]] = {p: Counter() for p in pairs}
    for row in cpv_rows():
        stems: dict[str, set[str]] = {}
        for lang in LANGUAGES:
            ws = [w for w in words(row[lang]) if len(w) > 2 and not w.isdigit()]
            stems[lang] = {stem(w, lang) for w in ws}
            for w in ws:
                surface[lang][stem(w, lang)][w] += 1
            df[lang].update(stems[lang])
        for a, b in pairs:
            co[a, b].update((x, y) for x in stems[a] for y in stems[b])
    links: dict[tuple[str, str], dict[str, str]] = {}
    for a, b in pairs:
        best_a: dict[str, tuple[float, str]] = {}
        best_b: dict[str, tuple[float, str]] = {}
        for (x, y), count in co[a, b].items():
            if count < min_count:
                continue
            dice = 2 * count / (df[a][x] + df[b][y])
            if dice > best_a.get(x, (0.0, ""))[0]:
                best_a[x] = (dice, y)
            if dice > best_b.get(y, (0.0, ""))[0]:
                best_b[y] = (dice, x)
        links[a, b] = {x: y for x, (d, y) in best_a.items() if d >= min_dice and best_b[y][1] == x}
    entries = []
    seen: set[tuple[str, str]] = set()
    for x, y in sorted(links["en", "es"].items()):
        z = links["en", "pt"].get(x) or links["es", "pt"].get(y)
        entry = {"en": x, "es": y, **({"pt": z} if z else {})}
        entries.append(entry)
        seen |= {("en", x), ("es", y)} | ({("pt", z)} if z else set())
    for a, b in (("en", "pt"), ("es", "pt")):
        for x, y in sorted(links[a, b].items()):
            if (a, x) not in seen and (b, y) not in seen:
                entries.append({a: x, b: y})
                seen |= {(a, x), (b, y)}

    def word(lang: str, s: str) -> str:
        return surface[lang][s].most_common(1)[0][0]

    result = []
    for entry in entries:
        named = {lang: word(lang, s) for lang, s in entry.items()}
        if len(set(named.values())) > 1:  # identical in every language: nothing to expand
            result.append(dict(sorted(named.items())))
    return result
