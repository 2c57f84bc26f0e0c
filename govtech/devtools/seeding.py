"""Realistic data at a national portal's scale, written in bulk (``manage.py seed_scale``).

Texts come from the CPV labels shipped in the repo (Spanish, Portuguese, English), so search and matching see
real procurement vocabulary; legal identifiers carry valid check digits (python-stdnum); sizes, states and dates
vary. Rows are written with ``bulk_create`` in batches and the stored search vectors with one UPDATE per batch,
so 100,000 suppliers take minutes, not hours. Every run adds a new batch (names, slugs and identifiers carry the
run's number), so it can run on top of the demo data or of an earlier run.

This is test data: nothing here goes through the services (no audit events, no notifications, no e-mail).
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from stdnum.ar import cuit as ar_cuit
from stdnum.br import cnpj as br_cnpj
from stdnum.cl import rut as cl_rut
from stdnum.co import nit as co_nit
from stdnum.pe import ruc as pe_ruc

from govtech.accounts.models import Membership, Organisation, User
from govtech.core import fragments
from govtech.core.text import fold
from govtech.devtools.synthetic import SyntheticCorpus
from procurement.applications.models import Application, CallOpening
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from procurement.evaluation.models import Declaration, Panel, PanelMember, Score
from procurement.search import CONFIGS, challenge_reindex
from startups.models import PublicReference, Sector, Solution, Supplier, Technology
from startups.models.supplier import size_class_for

M = TypeVar("M", bound=Model)
BATCH = 2000

# country, language, currency, share of suppliers, time zone, subdivisions
COUNTRIES = [
    ("CO", "es", "COP", 0.30, "America/Bogota", ["CO-DC", "CO-ANT", "CO-VAC", "CO-ATL", "CO-SAN"]),
    ("BR", "pt", "BRL", 0.25, "America/Sao_Paulo", ["BR-SP", "BR-RJ", "BR-MG", "BR-PE", "BR-RS"]),
    ("MX", "es", "MXN", 0.12, "America/Mexico_City", ["MX-CMX", "MX-JAL", "MX-NLE"]),
    ("CL", "es", "CLP", 0.10, "America/Santiago", ["CL-RM", "CL-VS", "CL-BI"]),
    ("AR", "es", "ARS", 0.10, "America/Argentina/Buenos_Aires", ["AR-C", "AR-B", "AR-X"]),
    ("PE", "es", "PEN", 0.08, "America/Lima", ["PE-LIM", "PE-ARE"]),
    ("US", "en", "USD", 0.05, "America/New_York", ["US-NY", "US-CA"]),
]
CORP = {"es": ["S.A.S.", "S.A.", "Ltda."], "pt": ["Ltda.", "S.A.", "ME"], "en": ["LLC", "Inc."]}
ROOTS = ["Datos", "Cívica", "Innova", "Ciudad", "Nube", "Red", "Gestión", "Tec", "Gov", "Pública", "Digital", "Smart"]
BODY_KINDS = [
    (PublicBody.BodyKind.MINISTRY, PublicBody.Level.NATIONAL, "Ministerio de", "Ministério de"),
    (PublicBody.BodyKind.AGENCY, PublicBody.Level.NATIONAL, "Agencia de", "Agência de"),
    (PublicBody.BodyKind.REGIONAL_GOVERNMENT, PublicBody.Level.REGIONAL, "Gobierno regional de", "Governo de"),
    (PublicBody.BodyKind.MUNICIPALITY, PublicBody.Level.LOCAL, "Alcaldía de", "Prefeitura de"),
    (PublicBody.BodyKind.MUNICIPALITY, PublicBody.Level.LOCAL, "Municipalidad de", "Prefeitura de"),
    (PublicBody.BodyKind.STATE_COMPANY, PublicBody.Level.NATIONAL, "Empresa pública de", "Companhia de"),
]
CRITERIA = [
    [{"name": "innovation", "weight": 60}, {"name": "price", "weight": 40}],
    [{"name": "impact", "weight": 50}, {"name": "team", "weight": 20}, {"name": "price", "weight": 30}],
]
# The state of a call and how its dates sit around today: (status, share, days from now to the deadline)
CALL_STATES = [
    (Call.Status.PUBLISHED, 0.30, (3, 60)),
    (Call.Status.CLOSED, 0.10, (-20, -1)),
    (Call.Status.IN_EVALUATION, 0.10, (-40, -5)),
    (Call.Status.AWARDED, 0.35, (-700, -30)),
    (Call.Status.UNSUCCESSFUL, 0.05, (-700, -30)),
    (Call.Status.CANCELLED, 0.05, (-400, -10)),
    (Call.Status.DRAFT, 0.05, (20, 90)),
]


def _check_digit_id(country: str, n: int) -> tuple[str, str]:
    """A valid (scheme, compact identifier) for ``country``, unique for ``n``."""
    if country == "CO":
        base = str(800000000 + n % 100000000)
        return "CO-RUE", base + co_nit.calc_check_digit(base)
    if country == "BR":
        base = f"{10000000 + n % 90000000:08d}0001"
        return "BR-CNPJ", base + br_cnpj.calc_check_digits(base)
    if country == "CL":
        base = str(70000000 + n % 20000000)
        return "CL-RUT", base + cl_rut.calc_check_digit(base)
    if country == "AR":
        base = f"30{n % 100000000:08d}"
        return "AR-CUIT", base + ar_cuit.calc_check_digit(base)
    if country == "PE":
        base = f"20{n % 100000000:08d}"
        return "PE-RUC", base + pe_ruc.calc_check_digit(base)
    return "XX-LOCAL", f"{country}SC{n:010d}"


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, n: int, seconds: float) -> None:
        self.counts[name] = self.counts.get(name, 0) + n
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds


def _batched(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class ScaleSeeder:
    def __init__(self, *, seed: int = 0, say: Callable[[str], None] = lambda s: None) -> None:
        self.rng = random.Random(seed)
        self.corpus = SyntheticCorpus(seed)
        self.say = say
        self.report = Report()
        self.now = timezone.now()
        # A run number makes names, slugs and identifiers unique across runs.
        self.run = (Organisation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        self.password = make_password(None)  # unusable: seeded people cannot log in with a password
        self.sectors = list(Sector.objects.values_list("pk", "slug"))
        self.technologies = list(Technology.objects.values_list("pk", "slug"))
        self.big_call_id: int | None = None

    # --- helpers --------------------------------------------------------------------------------------------
    def _timed(self, name: str, fn: Callable[[], int]) -> int:
        started = time.perf_counter()
        n = fn()
        self.report.add(name, n, time.perf_counter() - started)
        self.say(f"{name}: {n} in {time.perf_counter() - started:.1f} s")
        return n

    def _country(self) -> tuple[str, str, str, float, str, list[str]]:
        x, acc = self.rng.random(), 0.0
        for row in COUNTRIES:
            acc += row[3]
            if x < acc:
                return row
        return COUNTRIES[0]

    def _corpus_lang(self, lang: str) -> str:
        return lang if lang in self.corpus.words else "es"

    def _text(self, lang: str, code_ix: int, words: int) -> str:
        return self.corpus._text(self._corpus_lang(lang), code_ix, words)

    def _code_ix(self) -> int:
        return self.rng.randrange(len(self.corpus.codes))

    def _date(self, days_from_now: float) -> datetime.datetime:
        return self.now + datetime.timedelta(days=days_from_now)

    @staticmethod
    def _insert(model: type[M], rows: Sequence[M]) -> list[M]:
        return model._default_manager.bulk_create(rows, batch_size=BATCH)

    # --- public bodies ----------------------------------------------------------------------------------------
    def bodies(self, n: int) -> list[tuple[int, int, str, str, str]]:
        """Create ``n`` verified public bodies, each with an officer. Returns (org id, officer id, country,
        language, currency, tz) rows."""
        made: list[tuple[int, int, str, str, str]] = []

        def create() -> int:
            for chunk in _batched(range(n)):
                orgs, infos = [], []
                for i in chunk:
                    country, lang, currency, _share, tz, subdivisions = self._country()
                    kind, level, es_prefix, pt_prefix = self.rng.choice(BODY_KINDS)
                    place = self.corpus.labels[self._corpus_lang(lang)][self._code_ix()].split()[0].title()
                    prefix = pt_prefix if lang == "pt" else es_prefix
                    name = f"{prefix} {place} {self.run}-{i}"
                    orgs.append(
                        Organisation(
                            kind=Organisation.Kind.PUBLIC_BODY, name=name, slug=f"b{self.run}-{i}", country=country
                        )
                    )
                    infos.append((country, lang, currency, tz, subdivisions, kind, level))
                orgs = self._insert(Organisation, orgs)
                users = self._insert(
                    User,
                    [
                        User(
                            email=f"officer-{o.slug}@scale.invalid",
                            full_name=f"Officer {o.slug}",
                            password=self.password,
                            language=info[1] if info[1] != "pt" else "pt-br",
                        )
                        for o, info in zip(orgs, infos, strict=True)
                    ],
                )
                self._insert(
                    Membership,
                    [
                        Membership(user=u, organisation=o, role=role, status=Membership.Status.ACTIVE)
                        for u, o in zip(users, orgs, strict=True)
                        for role in (Membership.Role.OFFICER, Membership.Role.APPROVER)
                    ],
                )
                self._insert(
                    PublicBody,
                    [
                        PublicBody(
                            organisation=o,
                            kind=info[5],
                            level=info[6],
                            country=info[0],
                            subdivision=self.rng.choice(info[4]),
                            timezone=info[3],
                            identifier_scheme="XI-SCALE",
                            identifier=o.slug,
                            email_domains=[f"{o.slug}.gov.invalid"],
                            verified_domains=[f"{o.slug}.gov.invalid"],
                            verification_status=PublicBody.Verification.VERIFIED,
                            verified_at=self.now,
                        )
                        for o, info in zip(orgs, infos, strict=True)
                    ],
                )
                made.extend(
                    (o.pk, u.pk, info[0], info[1], info[2]) for o, u, info in zip(orgs, users, infos, strict=True)
                )
            return n

        self._timed("bodies", create)
        return made

    # --- suppliers --------------------------------------------------------------------------------------------
    def suppliers(self, n: int) -> list[tuple[int, int, str, str]]:
        """Create ``n`` suppliers with an owner, classification, solutions and public references.
        Returns (organisation id, owner user id, size class, country) rows."""
        made: list[tuple[int, int, str, str]] = []
        cpv_tables = Supplier.cpv_codes.through, Supplier.sectors.through, Supplier.technologies.through
        offset = self.run * 1_000_003

        def create() -> int:
            for chunk in _batched(range(n)):
                orgs, profiles = [], []
                for i in chunk:
                    country, lang, currency, _share, _tz, subdivisions = self._country()
                    words = self.corpus.words[self._corpus_lang(lang)]
                    name = f"{self.rng.choice(ROOTS)} {self.rng.choice(words).title()} {self.run}-{i}"
                    orgs.append(
                        Organisation(
                            kind=Organisation.Kind.SUPPLIER, name=name, slug=f"s{self.run}-{i}", country=country
                        )
                    )
                    code_ix = self._code_ix()
                    employees = int(self.rng.paretovariate(1.2) * 3)
                    revenue = self.rng.choice(Supplier.RevenueBand.values)
                    founded = self.rng.randint(1990, self.now.year)
                    scheme, identifier = _check_digit_id(country, offset + i)
                    profile = Supplier(
                        legal_name=f"{name} {self.rng.choice(CORP[lang])}",
                        trade_name=name,
                        country=country,
                        identifier_scheme=scheme,
                        identifier=identifier,
                        year_founded=founded,
                        employees=employees,
                        revenue_band=revenue,
                        size_class=size_class_for(employees, revenue),
                        stage=self.rng.choice(Supplier.Stage.values),
                        innovative=self.rng.random() < 0.6,
                        regions_served=self.rng.sample(subdivisions, k=self.rng.randint(1, len(subdivisions))),
                        languages=[lang if lang != "pt" else "pt"],
                        verification_status=self.rng.choices(
                            [
                                Supplier.Verification.VERIFIED,
                                Supplier.Verification.PENDING,
                                Supplier.Verification.REJECTED,
                            ],
                            weights=[70, 25, 5],
                        )[0],
                        contact_email=f"contact@s{self.run}-{i}.invalid",
                    )
                    setattr(profile, f"pitch_{lang}", self.corpus.labels[self._corpus_lang(lang)][code_ix][:280])
                    setattr(profile, f"description_{lang}", self._text(lang, code_ix, self.rng.randint(20, 90)))
                    profile._scale = (code_ix, lang, currency)  # type: ignore[attr-defined]
                    profiles.append(profile)
                orgs = self._insert(Organisation, orgs)
                owners = self._insert(
                    User,
                    [
                        User(email=f"owner-{o.slug}@scale.invalid", full_name=f"Owner {o.slug}", password=self.password)
                        for o in orgs
                    ],
                )
                self._insert(
                    Membership,
                    [
                        Membership(user=u, organisation=o, role=Membership.Role.OWNER, status=Membership.Status.ACTIVE)
                        for u, o in zip(owners, orgs, strict=True)
                    ],
                )
                for profile, org in zip(profiles, orgs, strict=True):
                    profile.organisation = org
                profiles = self._insert(Supplier, profiles)
                self._classify(profiles, cpv_tables)
                self._offer(profiles)
                self._index(profiles)
                made.extend(
                    (o.pk, u.pk, p.size_class, p.country) for o, u, p in zip(orgs, owners, profiles, strict=True)
                )
                if len(made) % 20000 < BATCH:
                    self.say(f"  suppliers: {len(made)}")
            return n

        self._timed("suppliers", create)
        return made

    def _classify(self, profiles: list[Supplier], tables: tuple[Any, Any, Any]) -> None:
        cpv_through, sector_through, tech_through = tables
        cpv, sectors, techs = [], [], []
        for p in profiles:
            code_ix = p._scale[0]  # type: ignore[attr-defined]
            codes = {
                self.corpus.codes[min(len(self.corpus.codes) - 1, code_ix + d)] for d in (0, self.rng.randint(1, 9))
            }
            cpv += [cpv_through(supplier_id=p.pk, cpvcode_id=c) for c in codes]
            if self.sectors:
                sectors += [sector_through(supplier_id=p.pk, sector_id=s) for s, _ in self.rng.sample(self.sectors, 2)]
            if self.technologies:
                techs += [
                    tech_through(supplier_id=p.pk, technology_id=t) for t, _ in self.rng.sample(self.technologies, 2)
                ]
        cpv_through.objects.bulk_create(cpv, batch_size=BATCH)
        sector_through.objects.bulk_create(sectors, batch_size=BATCH)
        tech_through.objects.bulk_create(techs, batch_size=BATCH)

    def _offer(self, profiles: list[Supplier]) -> None:
        solutions, references = [], []
        for p in profiles:
            code_ix, lang, currency = p._scale  # type: ignore[attr-defined]
            label = self.corpus.labels[self._corpus_lang(lang)][code_ix]
            for _ in range(self.rng.choice((1, 1, 2))):
                solutions.append(
                    Solution(
                        supplier=p,
                        name=label[:200],
                        description=self._text(lang, code_ix, self.rng.randint(10, 40)),
                        trl=self.rng.randint(3, 9),
                        pricing_model=self.rng.choice(Solution.Pricing.values),
                        deployments=self.rng.randint(0, 30),
                    )
                )
            for _ in range(self.rng.choice((0, 1, 1, 2, 3))):
                references.append(
                    PublicReference(
                        supplier=p,
                        public_body_name=self.corpus.buyers[min(int(self.rng.paretovariate(1.0)) - 1, 2999)].title(),
                        country=p.country,
                        year=self.rng.randint(2015, self.now.year),
                        value_amount=Decimal(self.rng.randint(5, 900) * 1000),
                        value_currency=currency,
                        description=self._text(lang, code_ix, self.rng.randint(5, 30)),
                    )
                )
        self._insert(Solution, solutions)
        self._insert(PublicReference, references)

    def _index(self, profiles: list[Supplier]) -> None:
        """The three stored search vectors of a batch in one UPDATE (texts folded here, as the services do)."""
        ids, names, pitches, descriptions = [], [], [], []
        for p in profiles:
            ids.append(p.pk)
            names.append(fold(f"{p.legal_name} {p.trade_name}"))
            pitches.append(fold(" ".join([p.pitch_es, p.pitch_pt, p.pitch_en])))
            descriptions.append(fold(" ".join([p.description_es, p.description_pt, p.description_en])))
        sets = ", ".join(
            f"{column} = setweight(to_tsvector('{config}', v.n), 'A') || setweight(to_tsvector('{config}', v.p), 'B')"
            f" || setweight(to_tsvector('{config}', v.d), 'C')"
            for column, config in (("search_es", "spanish"), ("search_pt", "portuguese"), ("search_en", "english"))
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE startups_supplier s SET {sets} "  # noqa: S608 - fixed column and configuration names
                "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS v(id, n, p, d) WHERE s.id = v.id",
                [ids, names, pitches, descriptions],
            )

    # --- challenges and calls ---------------------------------------------------------------------------------
    def calls(self, n: int, bodies: list[tuple[int, int, str, str, str]]) -> list[tuple[int, str, datetime.datetime]]:
        """Create ``n`` calls (a third with a challenge) in every state. Returns (call id, status, deadline)."""
        made: list[tuple[int, str, datetime.datetime]] = []
        states = [s for s, _, _ in CALL_STATES]
        weights = [w for _, w, _ in CALL_STATES]
        windows = {s: w for s, _, w in CALL_STATES}

        def create() -> int:
            for chunk in _batched(range(n)):
                challenges, calls = [], []
                for i in chunk:
                    body_id, _officer_id, country, lang, currency = self.rng.choice(bodies)
                    status = self.rng.choices(states, weights)[0]
                    deadline = self._date(self.rng.uniform(*windows[status]))
                    published = deadline - datetime.timedelta(days=self.rng.randint(20, 90))
                    code_ix = self._code_ix()
                    label = self.corpus.labels[self._corpus_lang(lang)][code_ix]
                    budget = Decimal(self.rng.randint(20, 2000) * 1000)
                    sectors = [s for _, s in self.rng.sample(self.sectors, 1)] if self.sectors else []
                    techs = [t for _, t in self.rng.sample(self.technologies, 1)] if self.technologies else []
                    challenge = None
                    if i % 3 == 0:
                        challenge = Challenge(
                            body_id=body_id,
                            title=label[:200],
                            problem=self._text(lang, code_ix, self.rng.randint(40, 120)),
                            sectors=sectors,
                            cpv_codes=[self.corpus.codes[code_ix]],
                            technologies=techs,
                            budget=budget,
                            currency=currency,
                            language=lang if lang != "pt" else "pt",
                            status=Challenge.Status.PUBLISHED
                            if status != Call.Status.DRAFT
                            else Challenge.Status.DRAFT,
                            published_at=published if status != Call.Status.DRAFT else None,
                        )
                        challenges.append(challenge)
                    done = status in {Call.Status.AWARDED, Call.Status.UNSUCCESSFUL}
                    calls.append(
                        Call(
                            body_id=body_id,
                            challenge=challenge,
                            title=f"{label[:170]} ({self.run}-{i})",
                            summary=self._text(lang, code_ix, self.rng.randint(30, 100)),
                            instrument=self.rng.choice(Call.Instrument.values),
                            sectors=sectors,
                            cpv_codes=[self.corpus.codes[code_ix]],
                            technologies=techs,
                            budget=budget,
                            currency=currency,
                            duration_months=self.rng.choice((3, 6, 12)),
                            smes_only=self.rng.random() < 0.3,
                            startups_only=self.rng.random() < 0.1,
                            eligible_countries=[country] if self.rng.random() < 0.5 else [],
                            verified_suppliers_only=self.rng.random() < 0.3,
                            criteria=self.rng.choice(CRITERIA),
                            language=lang,
                            status=status,
                            publication_date=published if status != Call.Status.DRAFT else None,
                            published_at=published if status != Call.Status.DRAFT else None,
                            questions_deadline=deadline - datetime.timedelta(days=7),
                            submission_deadline=deadline,
                            closed_at=deadline if deadline < self.now and status != Call.Status.DRAFT else None,
                            decided_at=deadline + datetime.timedelta(days=self.rng.randint(10, 60)) if done else None,
                            cancelled_at=deadline if status == Call.Status.CANCELLED else None,
                        )
                    )
                self._insert(Challenge, challenges)
                for call in calls:
                    if call.challenge is not None:
                        call.challenge_id = call.challenge.pk
                calls = self._insert(Call, calls)
                self._index_calls(calls)
                made.extend((c.pk, c.status, c.submission_deadline) for c in calls)
            self._index_challenges()
            return n

        self._timed("calls", create)
        return made

    def _index_calls(self, calls: list[Call]) -> None:

        by_config: dict[str, tuple[list[int], list[str], list[str]]] = {}
        for c in calls:
            ids, titles, bodies = by_config.setdefault(CONFIGS.get(c.language, "spanish"), ([], [], []))
            ids.append(c.pk)
            titles.append(fold(c.title))
            bodies.append(fold(f"{c.summary} {' '.join(c.sectors)} {' '.join(c.technologies)}"))
        with connection.cursor() as cursor:
            for config, (ids, titles, bodies) in by_config.items():
                cursor.execute(
                    f"UPDATE procurement_call c SET search_vector = setweight(to_tsvector('{config}', v.t), 'A') || "  # noqa: S608
                    f"setweight(to_tsvector('{config}', v.b), 'B') "
                    "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, t, b) WHERE c.id = v.id",
                    [ids, titles, bodies],
                )

    def _index_challenges(self) -> None:

        missing = list(Challenge.objects.filter(search_vector__isnull=True).values_list("pk", flat=True))
        challenge_reindex(missing)

    # --- applications -----------------------------------------------------------------------------------------
    def applications(
        self,
        n: int,
        calls: list[tuple[int, str, datetime.datetime]],
        suppliers: list[tuple[int, int, str, str]],
        bodies: list[tuple[int, int, str, str, str]],
    ) -> int:
        """``n`` applications spread over the non-draft calls (more on older ones), one per supplier and call;
        calls past their deadline are opened. Applications to open calls are drafts or sealed submissions."""
        eligible = [c for c in calls if c[1] != Call.Status.DRAFT]
        if not eligible or not suppliers:
            return 0
        statuses = {
            Call.Status.PUBLISHED: [Application.Status.DRAFT, Application.Status.SUBMITTED],
            Call.Status.CLOSED: [Application.Status.SUBMITTED, Application.Status.WITHDRAWN],
            Call.Status.IN_EVALUATION: [Application.Status.SUBMITTED, Application.Status.SHORTLISTED],
            Call.Status.AWARDED: [Application.Status.UNSUCCESSFUL] * 4 + [Application.Status.AWARDED],
            Call.Status.UNSUCCESSFUL: [Application.Status.UNSUCCESSFUL],
            Call.Status.CANCELLED: [Application.Status.SUBMITTED, Application.Status.WITHDRAWN],
        }
        officer_of = {}
        for body_id, officer_id, *_ in bodies:
            officer_of[body_id] = officer_id
        call_bodies = dict(Call.objects.filter(pk__in=[c[0] for c in eligible]).values_list("pk", "body_id"))

        def pairs() -> Iterator[tuple[tuple[int, str, datetime.datetime], tuple[int, int, str, str]]]:
            seen: set[tuple[int, int]] = set()
            made = 0
            while made < n:
                call = self.rng.choice(eligible)
                supplier = suppliers[min(int(self.rng.paretovariate(0.7)) - 1, len(suppliers) - 1)]
                supplier = self.rng.choice(suppliers) if self.rng.random() < 0.7 else supplier
                if (call[0], supplier[0]) in seen:
                    continue
                seen.add((call[0], supplier[0]))
                made += 1
                yield call, supplier

        def create() -> int:
            count = 0
            for chunk in _batched(pairs()):
                rows = []
                for (call_id, call_status, deadline), (org_id, owner_id, _size, _country) in chunk:
                    status = self.rng.choice(statuses[call_status])
                    submitted = status != Application.Status.DRAFT
                    when = deadline - datetime.timedelta(hours=self.rng.randint(1, 400))
                    rows.append(
                        Application(
                            call_id=call_id,
                            supplier_id=org_id,
                            created_by_id=owner_id,
                            status=status,
                            title=f"Propuesta {org_id}-{call_id}",
                            solution=self._text("es", self._code_ix(), self.rng.randint(30, 80)),
                            team="Equipo técnico de cinco personas",
                            plan="Diseño, piloto y despliegue en seis meses",
                            price=Decimal(self.rng.randint(10, 900) * 1000),
                            submission_number=1 if submitted else 0,
                            submitted_at=when if submitted else None,
                            withdrawn_at=when if status == Application.Status.WITHDRAWN else None,
                        )
                    )
                self._insert(Application, rows)
                count += len(rows)
            openings = [
                CallOpening(
                    call_id=call_id,
                    opened_by_id=officer_of[call_bodies[call_id]],
                    opened_at=deadline + datetime.timedelta(hours=2),
                )
                for call_id, status, deadline in eligible
                if deadline < self.now
                and status != Call.Status.CANCELLED
                and call_bodies[call_id] in officer_of
                and not CallOpening.objects.filter(call_id=call_id).exists()
            ]
            self._insert(CallOpening, openings)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE applications_callopening o SET submitted_count = x.n FROM ("
                    "  SELECT call_id, count(*) AS n FROM applications_application"
                    "  WHERE status <> 'draft' AND status <> 'withdrawn' GROUP BY call_id) x"
                    " WHERE o.call_id = x.call_id AND o.id >= %s",
                    [openings[0].pk if openings else 0],
                )
            return count

        return self._timed("applications", create)

    def big_call(
        self,
        applications: int,
        panel: int,
        suppliers: list[tuple[int, int, str, str]],
        bodies: list[tuple[int, int, str, str, str]],
    ) -> int | None:
        """One call in evaluation with ``applications`` opened applications and a panel of ``panel`` evaluators who
        have declared and scored every one: the officer's received list, the evaluation board and the ranking of
        a large call are measured on it (``bench_web``). Returns the call's id."""
        if not applications or not bodies or len(suppliers) < applications:
            return None
        body_id, officer_id, _country, lang, currency = bodies[0]
        names = ("impact", "team", "price")
        criteria: list[dict[str, object]] = [{"name": n, "weight": w} for n, w in zip(names, (50, 20, 30), strict=True)]

        def create() -> int:
            deadline = self.now - datetime.timedelta(days=3)
            code_ix = self._code_ix()
            call = Call.objects.create(
                body_id=body_id,
                title=f"{self.corpus.labels[self._corpus_lang(lang)][code_ix][:150]} (gran convocatoria {self.run})",
                summary=self._text(lang, code_ix, 60),
                instrument=Call.Instrument.PILOT,
                cpv_codes=[self.corpus.codes[code_ix]],
                budget=Decimal(900_000_000),
                currency=currency,
                criteria=criteria,
                language=lang,
                status=Call.Status.IN_EVALUATION,
                publication_date=deadline - datetime.timedelta(days=45),
                published_at=deadline - datetime.timedelta(days=45),
                questions_deadline=deadline - datetime.timedelta(days=7),
                submission_deadline=deadline,
                closed_at=deadline,
                evaluation_started_at=deadline + datetime.timedelta(hours=3),
            )
            self._index_calls([call])
            rows = self._insert(
                Application,
                [
                    Application(
                        call=call,
                        supplier_id=org_id,
                        created_by_id=owner_id,
                        status=Application.Status.SUBMITTED,
                        title=f"Propuesta {org_id}-{call.pk}",
                        solution=self._text("es", self._code_ix(), self.rng.randint(30, 80)),
                        team="Equipo técnico de cinco personas",
                        plan="Diseño, piloto y despliegue en seis meses",
                        criteria_responses=dict.fromkeys(names, "Respuesta al criterio"),
                        price=Decimal(self.rng.randint(100, 900) * 1000),
                        currency=currency,
                        submission_number=1,
                        submitted_at=deadline - datetime.timedelta(hours=self.rng.randint(1, 400)),
                    )
                    for org_id, owner_id, _size, _country in suppliers[:applications]
                ],
            )
            CallOpening.objects.create(
                call=call,
                opened_by_id=officer_id,
                opened_at=deadline + datetime.timedelta(hours=2),
                submitted_count=len(rows),
            )
            evaluators = self._insert(
                User,
                [
                    User(
                        email=f"evaluator-{call.pk}-{i}@scale.invalid",
                        full_name=f"Evaluator {i}",
                        password=self.password,
                        language="es",
                    )
                    for i in range(panel)
                ],
            )
            self._insert(
                Membership,
                [
                    Membership(
                        user=u, organisation_id=body_id, role=Membership.Role.EVALUATOR, status=Membership.Status.ACTIVE
                    )
                    for u in evaluators
                ],
            )
            board = Panel.objects.create(call=call, scale_max=10, disagreement_threshold=Decimal(3))
            seats = self._insert(
                PanelMember, [PanelMember(panel=board, user=u, named_by_id=officer_id) for u in evaluators]
            )
            for seat in seats:
                self._insert(
                    Declaration,
                    [Declaration(member=seat, application=a, conflict=False, signed_at=self.now) for a in rows],
                )
                self._insert(
                    Score,
                    [
                        Score(
                            member=seat,
                            application=a,
                            criterion=name,
                            score=Decimal(self.rng.randint(3, 10)),
                            justification="Cumple el criterio con evidencia suficiente.",
                        )
                        for a in rows
                        for name in names
                    ],
                )
            PanelMember.objects.filter(pk__in=[seat.pk for seat in seats]).update(submitted_at=self.now)
            self.big_call_id = call.pk
            return len(rows)

        self._timed("big_call_applications", create)
        return self.big_call_id

    def analyse(self) -> None:
        """Planner statistics, and after a bulk load the visibility map too (``VACUUM``), as autovacuum would
        set it later: without it counts and deep pages read every heap page instead of the index alone.
        ``VACUUM`` cannot run inside a transaction (the tests' own), so there only ``ANALYZE`` runs."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")


def seed(
    *,
    suppliers: int,
    bodies: int,
    calls: int,
    applications: int,
    seed: int = 0,
    big_call: int = 0,
    panel: int = 5,
    say: Callable[[str], None] = lambda s: None,
) -> Report:
    seeder = ScaleSeeder(seed=seed, say=say)
    made_bodies = seeder.bodies(bodies)
    made_suppliers = seeder.suppliers(suppliers)
    made_calls = seeder.calls(calls, made_bodies) if made_bodies else []
    seeder.applications(applications, made_calls, made_suppliers, made_bodies)
    seeder.big_call(big_call, panel, made_suppliers, made_bodies)
    seeder.analyse()
    # bulk_create sends no signal: retire the cached public fragments the new rows change

    for name in ("public_bodies", "registry", "calls"):
        fragments.bump(name)
    return seeder.report
