"""Cached fragments: the fast select caches its options, and cached pages and fragments follow the writes."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.db import transaction
from django.test import Client

from govtech.core import fragments, pagecache
from govtech.core.forms import GovukForm
from govtech.core.widgets import FastSelect


def test_govuk_forms_use_the_fast_select_for_plain_selects() -> None:
    class Form(GovukForm):
        kind = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")])

    form = Form(data={"kind": "y"})
    assert isinstance(form.fields["kind"].widget, FastSelect)
    assert 'class="govuk-select"' in str(form["kind"])
    assert '<option value="y" selected>Y</option>' in str(form["kind"])


def test_a_version_bump_retires_every_cached_copy() -> None:
    built: list[int] = []

    def build() -> str:
        built.append(1)
        return f"v{len(built)}"

    assert fragments.get_or_build("t", ("es",), build) == "v1"
    assert fragments.get_or_build("t", ("es",), build) == "v1"  # cached
    assert fragments.get_or_build("t", ("en",), build) == "v2"  # other parts, other copy
    fragments.bump("t")
    assert fragments.get_or_build("t", ("es",), build) == "v3"


@pytest.mark.django_db
def test_the_body_filter_is_cached_and_follows_the_bodies(client: Client) -> None:
    from procurement.bodies.models import PublicBody
    from tests.accounts.factories import PublicBodyOrganisationFactory, SupplierOrganisationFactory
    from tests.procurement.factories import verified_body

    first = PublicBodyOrganisationFactory(name="Alcaldía de Pasto")
    verified_body(first)
    page = client.get("/es/opportunities/").content.decode()
    assert "Alcaldía de Pasto" in page
    version = fragments.version("public_bodies")
    SupplierOrganisationFactory(name="Proveedor Cualquiera SAS")  # a supplier is not in the body filter
    assert fragments.version("public_bodies") == version

    # a selected body is marked in the cached options
    page = client.get(f"/es/opportunities/?body={first.pk}").content.decode()
    assert f'<option value="{first.pk}" selected>Alcaldía de Pasto</option>' in page

    # renaming, adding and un-verifying bodies show on the next page view
    first.name = "Alcaldía Municipal de Pasto"
    first.save()
    second = PublicBodyOrganisationFactory(name="Gobernación del Cauca")
    verified_body(second)
    page = client.get("/es/opportunities/").content.decode()
    assert "Alcaldía Municipal de Pasto" in page
    assert "Gobernación del Cauca" in page
    body = PublicBody.objects.get(organisation=second)
    body.verification_status = PublicBody.Verification.REJECTED
    body.save()
    assert "Gobernación del Cauca" not in client.get("/es/opportunities/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_bumps_again_when_it_commits() -> None:
    """A reader that rebuilt the fragment from old rows between the write and the commit is retired too."""
    from tests.accounts.factories import PublicBodyOrganisationFactory

    with transaction.atomic():
        PublicBodyOrganisationFactory(name="Ministerio TIC")
        inside = fragments.version("public_bodies")
    assert fragments.version("public_bodies") != inside


@pytest.mark.django_db
def test_the_home_page_count_follows_verification(admin: Any) -> None:
    """Verification writes with ``update()`` (no signal): the service bumps the count itself."""
    from startups.models import Supplier
    from startups.services.verification import supplier_verify
    from tests.startups.factories import SupplierFactory

    supplier = SupplierFactory(verification_status=Supplier.Verification.PENDING)
    from startups.home import verified_count

    assert verified_count() == 0
    supplier_verify(supplier=supplier, actor=admin)
    assert verified_count() == 1


@pytest.mark.django_db
def test_the_public_directory_is_cached_and_follows_the_registry(client: Client, admin: Any) -> None:
    from startups.models import Supplier
    from startups.services.verification import supplier_suspend, supplier_verify
    from tests.startups.factories import SupplierFactory

    SupplierFactory(legal_name="Datos Claros SAS")
    pending = SupplierFactory(legal_name="Datos Nuevos SAS", verification_status=Supplier.Verification.PENDING)

    def listed() -> list[str]:
        page = client.get("/en/suppliers/", {"q": "datos"}).context["page"]
        return sorted(s.legal_name for s in page.object_list)

    assert listed() == ["Datos Claros SAS"]
    supplier_verify(supplier=pending, actor=admin)  # an update() with an explicit bump
    assert listed() == ["Datos Claros SAS", "Datos Nuevos SAS"]
    assert "Datos Nuevos SAS" in client.get("/en/suppliers/", {"q": "datos"}).content.decode()  # cached cards
    supplier_suspend(supplier=pending, actor=admin, reason="Documentos vencidos")
    assert listed() == ["Datos Claros SAS"]
    assert "Datos Nuevos SAS" not in client.get("/en/suppliers/", {"q": "datos"}).content.decode()
    # a bad page number is the first page, as for everyone; nothing breaks
    assert client.get("/en/suppliers/", {"q": "datos", "page": "x' or 1=1"}).status_code == 200


@pytest.mark.django_db
def test_a_cached_page_never_shows_a_row_that_left_the_list(client: Client) -> None:
    """Even if the registry's invalidation is missed, ids are re-read through the visitor's queryset
    (here another public write retires the whole page, but not the registry's cached ids)."""
    from startups.models import Supplier
    from tests.startups.factories import SupplierFactory

    gone = SupplierFactory(legal_name="Datos Ocultos SAS")
    assert [s.legal_name for s in client.get("/en/suppliers/").context["page"]] == ["Datos Ocultos SAS"]
    Supplier.objects.filter(pk=gone.pk).update(verification_status=Supplier.Verification.SUSPENDED)  # no signal
    fragments.bump(pagecache.PUBLIC)
    page = client.get("/en/suppliers/").context["page"]
    assert list(page.object_list) == []


@pytest.mark.django_db
def test_the_visitors_opportunities_are_cached_and_follow_the_calls(client: Client, public_body: Any) -> None:
    from procurement.calls.models import Call
    from tests.procurement.factories import make_indexed_call, verified_body

    verified_body(public_body)
    make_indexed_call(public_body, title="Semáforos inteligentes")

    def titles() -> list[str]:
        return sorted(c.title for c in client.get("/es/opportunities/").context["page"].object_list)

    assert titles() == ["Semáforos inteligentes"]
    second = make_indexed_call(public_body, title="Alumbrado público")  # a new call is saved and indexed
    assert titles() == ["Alumbrado público", "Semáforos inteligentes"]
    assert "Alumbrado público" in client.get("/es/opportunities/").content.decode()  # the cards, cached too
    second.status = Call.Status.CANCELLED
    second.save()
    assert titles() == ["Semáforos inteligentes"]
    assert "Alumbrado público" not in client.get("/es/opportunities/").content.decode()
    searched = client.get("/es/opportunities/", {"q": "alumbrado"}).context["page"]
    assert list(searched.object_list) == []


def test_the_fast_select_writes_changed_choices_anew_and_in_the_current_language() -> None:
    """Its options' HTML is kept per process, keyed by the choices themselves: never an old list."""
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    first = FastSelect(choices=[("a", "Alpha"), ("b", "Beta")]).render("memo", "b")
    assert '<option value="b" selected>Beta</option>' in first
    changed = FastSelect(choices=[("a", "Alpha"), ("b", "Bravo")]).render("memo", "a")
    assert "Bravo" in changed
    assert "Beta" not in changed
    assert '<option value="a" selected>Alpha</option>' in changed
    assert '<option value="b">Bravo</option>' in changed  # the earlier selection does not stick
    lazy = [("", gettext_lazy("Any country"))]
    with translation.override("es"):
        spanish = FastSelect(choices=lazy).render("memo_lang", None)
    with translation.override("en"):
        english = FastSelect(choices=lazy).render("memo_lang", None)
    assert "Cualquier país" in spanish
    assert "Any country" in english


@pytest.mark.django_db
def test_cached_rows_renders_a_row_once_per_state_of_the_row() -> None:
    """Keyed by what the page's source reads of the row: a write elsewhere keeps it, a change to the row (even an
    ``update()`` that sends no signal and bumps nothing) shows at once; a page whose cards are all kept costs one
    query (the stamps), and a row that left the source is not shown."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.template import engines
    from django.test.utils import CaptureQueriesContext

    import govtech.core.fragments as module
    from startups.models import Supplier
    from startups.selectors import supplier_cards
    from tests.startups.factories import SupplierFactory

    one = SupplierFactory(legal_name="Uno SAS")
    two = SupplierFactory(legal_name="Dos SAS")
    SupplierFactory(legal_name="Tres SAS")
    template = engines["django"].from_string("<div>{{ row.legal_name }}{{ slot }}</div>")
    renders: list[int] = []

    def fake_render(name: str, context: dict[str, Any]) -> str:
        renders.append(context["row"].pk)
        return template.render(context)

    def cards() -> list[tuple[int, str, str, str]]:
        source = supplier_cards(user=AnonymousUser())
        page = fragments.ids_page(source.filter(pk__in=[one.pk, two.pk]).order_by("pk"), 1, 20, rows=source)
        found = fragments.cached_rows("test-cards", "card.html", page, text=lambda row: row.legal_name.upper())
        return [(card.pk, card.text, str(card.before), str(card.after)) for card in found]

    original = module.render_to_string
    module.render_to_string = fake_render  # type: ignore[assignment]
    try:
        assert cards() == [
            (one.pk, "UNO SAS", "<div>Uno SAS", "</div>"),
            (two.pk, "DOS SAS", "<div>Dos SAS", "</div>"),
        ]
        fragments.bump("registry")  # a write to another supplier: these cards stay
        source = supplier_cards(user=AnonymousUser())
        page = fragments.ids_page(source.filter(pk__in=[one.pk, two.pk]).order_by("pk"), 1, 20, rows=source)
        with CaptureQueriesContext(connection) as kept:
            fragments.cached_rows("test-cards", "card.html", page)
        assert len(kept) == 1  # the stamps: no row is read
        assert sorted(renders) == [one.pk, two.pk]
        Supplier.objects.filter(pk=two.pk).update(legal_name="Dos Renombrada SAS")  # no signal, no bump
        fresh = cards()
        assert fresh[1][1:3] == ("DOS RENOMBRADA SAS", "<div>Dos Renombrada SAS")
        assert renders[2:] == [two.pk]
        Supplier.objects.filter(pk=one.pk).update(verification_status=Supplier.Verification.SUSPENDED)
        assert [pk for pk, *_rest in cards()] == [two.pk]
    finally:
        module.render_to_string = original  # type: ignore[assignment]
    empty = fragments.ids_page(Supplier.objects.none(), 1, 20)
    assert fragments.cached_rows("test-cards", "card.html", empty) == []


@pytest.mark.django_db
def test_a_cards_stamp_covers_what_its_source_reads(supplier_org: Any) -> None:
    """The stamp follows the row, the rows joined with it and what each prefetch reads (sanctions in force only),
    not the columns the source leaves out (the search vectors)."""
    import datetime

    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    from govtech.accounts.models import Organisation
    from startups.models import Sector, Supplier
    from startups.selectors import supplier_cards
    from tests.startups.factories import SanctionFactory, SupplierFactory

    supplier = SupplierFactory(organisation=supplier_org)

    def stamp() -> str:
        source = supplier_cards(user=AnonymousUser())
        return str(source.filter(pk=supplier.pk).annotate(s=fragments.stamp_of(source)).values_list("s", flat=True)[0])

    before = stamp()
    assert stamp() == before
    Supplier.objects.filter(pk=supplier.pk).update(search_es="")  # deferred by the source: not on a card
    assert stamp() == before
    sector = Sector.objects.create(slug="agua-test", name_en="Water", name_es="Agua", name_pt="Água")
    supplier.sectors.add(sector)
    with_sector = stamp()
    assert with_sector != before
    Sector.objects.filter(pk=sector.pk).update(name_es="Aguas")  # what the card prints of a sector
    renamed = stamp()
    assert renamed != with_sector
    Organisation.objects.filter(pk=supplier_org.pk).update(name="Otra razón social")  # the joined organisation
    moved = stamp()
    assert moved != renamed
    today = timezone.localdate()
    ended = SanctionFactory(
        supplier=supplier, starts_on=today - datetime.timedelta(days=30), ends_on=today - datetime.timedelta(days=1)
    )
    assert stamp() == moved  # not in force: the card does not show it
    SanctionFactory(supplier=supplier, starts_on=today)
    assert stamp() != moved
    assert ended.pk


def test_a_cards_stamp_refuses_what_it_cannot_cover() -> None:
    from django.db.models import Prefetch

    from startups.models import Sanction, Supplier

    with pytest.raises(ValueError, match="select_related"):
        fragments.stamp_of(Supplier.objects.select_related())
    with pytest.raises(ValueError, match="only"):
        fragments.stamp_of(Supplier.objects.only("legal_name"))
    with pytest.raises(ValueError, match="one level"):
        fragments.stamp_of(Supplier.objects.prefetch_related("sectors__suppliers"))
    joined = Prefetch("sanctions", queryset=Sanction.objects.select_related("created_by"))
    with pytest.raises(ValueError, match="not the rows they join"):
        fragments.stamp_of(Supplier.objects.prefetch_related(joined))


@pytest.mark.django_db
def test_a_supplier_card_is_written_once_for_many_searches_and_follows_its_profile(
    client: Client, supplier_org: Any, supplier_owner: Any
) -> None:
    """Two different words finding the same supplier: its card is rendered once; a profile edit shows at once."""
    import govtech.core.fragments as module
    from startups.services.profile import supplier_update
    from tests.startups.factories import SupplierFactory

    supplier = SupplierFactory(organisation=supplier_org, legal_name="Aguas Claras Datos SAS")
    original = module.render_to_string
    cards: list[str] = []

    def counting(name: str, *args: Any, **kwargs: Any) -> str:
        cards.append(name)
        return original(name, *args, **kwargs)

    module.render_to_string = counting  # type: ignore[assignment]
    try:
        first = client.get("/en/suppliers/", {"q": "aguas"}).content.decode()
        second = client.get("/en/suppliers/", {"q": "datos"}).content.decode()
    finally:
        module.render_to_string = original  # type: ignore[assignment]
    assert "Aguas Claras Datos SAS" in first
    assert "Aguas Claras Datos SAS" in second
    assert cards.count("startups/includes/supplier_card.html") == 1
    supplier_update(actor=supplier_owner, supplier=supplier, legal_name="Aguas Turbias Datos SAS", trade_name="")
    renamed = client.get("/en/suppliers/", {"q": "datos"}).content.decode()
    assert "Aguas Turbias Datos SAS" in renamed
    assert "Aguas Claras" not in renamed


def _sector_select(form_class: Any, queryset: Any, language: str = "es") -> tuple[str, int, int]:
    """The filter's sector and technology selects, and the queries that read the sectors and the technologies."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    with translation.override(language), CaptureQueriesContext(connection) as ctx:
        form = form_class({}, queryset=queryset).form
        html = str(form["sector"]) + (str(form["technology"]) if "technology" in form.fields else "")
    sql = [q["sql"] for q in ctx.captured_queries]
    return html, sum('"startups_sector"' in q for q in sql), sum('"startups_technology"' in q for q in sql)


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["directory", "opportunities"])
def test_the_sector_options_cost_no_query_and_follow_the_taxonomy(which: str) -> None:
    """The sector and technology options are read once, then kept until a sector or a technology changes (#19)."""
    from procurement.calls.filters import CallFilter
    from procurement.calls.models import Call
    from startups.filters import SupplierFilter
    from startups.models import Sector, Supplier, Technology

    form_class, queryset = (
        (SupplierFilter, Supplier.objects.none()) if which == "directory" else (CallFilter, Call.objects.none())
    )
    first, sectors, _technologies = _sector_select(form_class, queryset)
    assert sectors == 1
    again, sectors, technologies = _sector_select(form_class, queryset)
    assert again == first
    assert (sectors, technologies) == (0, 0)  # kept: no query for the options

    Sector.objects.create(slug="agua-potable", name_es="Agua potable", name_en="Drinking water", name_pt="Água")
    Technology.objects.create(slug="lidar", name_es="LiDAR aéreo", name_en="Airborne LiDAR", name_pt="LiDAR")
    changed, _sectors, _technologies = _sector_select(form_class, queryset)
    assert '<option value="agua-potable">Agua potable</option>' in changed
    assert ("LiDAR aéreo" in changed) is (which == "directory")
    english, _sectors, _technologies = _sector_select(form_class, queryset, "en")
    assert "Drinking water" in english
    assert "Agua potable" not in english

    selected = form_class({"sector": "agua-potable"}, queryset=queryset).form
    assert '<option value="agua-potable" selected>Agua potable</option>' in str(selected["sector"])
    html = str(form_class({}, queryset=queryset).form["sector"])
    assert "selected>Agua" not in html  # the selection is not kept with the options


def test_a_static_select_keeps_its_options_per_language_and_marks_the_selection() -> None:
    from django.utils import translation

    from startups.filters import SupplierFilter
    from startups.models import Supplier

    with translation.override("es"):
        spanish = str(SupplierFilter({"country": "BR"}, queryset=Supplier.objects.none()).form["country"])
        plain = str(SupplierFilter({}, queryset=Supplier.objects.none()).form["country"])
    with translation.override("en"):
        english = str(SupplierFilter({"country": "DE"}, queryset=Supplier.objects.none()).form["country"])
    assert '<option value="BR" selected>Brasil</option>' in spanish
    assert '<option value="BR">Brasil</option>' in plain
    assert 'value="BR" selected' not in plain
    assert '<option value="DE" selected>Germany</option>' in english
    assert "Alemania" not in english


def test_versions_are_read_once_while_held_and_a_bump_is_seen() -> None:
    from unittest import mock

    from django.core.cache import cache

    fragments.bump("held")
    before = fragments.version("held")
    with fragments.versions_held():
        assert fragments.versions(["held"]) == [before]
        with (
            mock.patch.object(cache, "get", side_effect=AssertionError("read twice")),
            mock.patch.object(cache, "get_many", side_effect=AssertionError("read twice")),
        ):
            assert fragments.version("held") == before
            assert fragments.versions(["held"]) == [before]
            assert fragments.key("held", ["a"]) == fragments.key("held", ["a"])
        fragments.bump("held")
        assert fragments.version("held") != before  # this request's own write is seen at once
    fragments.bump("held")
    assert fragments.version("held") != before


def test_the_cache_keeps_one_redis_client_per_pool() -> None:
    import os

    from govtech.core.cache import TolerantRedisCache

    cache = TolerantRedisCache(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0", {"KEY_PREFIX": "t-pool"})
    client = cache._cache
    assert client.get_client(write=True) is client.get_client(write=True)
    cache.set("one-client", "x", 5)
    assert cache.get("one-client") == "x"
    assert cache.get_many(["one-client", "missing"]) == {"one-client": "x"}
    assert not cache.breaker.is_open()  # answered by Redis, not by the in-memory fallback
