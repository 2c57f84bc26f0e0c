"""Red-flag thresholds edited in the admin (issue 25): rows on top of the settings, changed only by site
administrators through the service (checked, audited, published on the methodology page, recomputed on commit);
and flag writes in bulk retire the visitors' cached pages at once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from govtech.audit.models import AuditEvent
from govtech.core import pagecache
from govtech.core.errors import ApplicationError, NotAllowed
from procurement.applications.models import Application
from procurement.applications.services import applications_open
from procurement.awards.models import Award, Decision
from procurement.calls.models import Call
from procurement.ocds import build, redflag_services, tasks, threshold_services
from procurement.ocds import services as ocds
from procurement.ocds.models import RedFlagFence, RedFlagResult, RedFlagThreshold, RedFlagThresholdChange
from tests.procurement.factories import make_application, pass_deadline, published_call

pytestmark = pytest.mark.django_db

ADD = "admin:ocds_redflagthreshold_add"
CHANGELIST = "admin:ocds_redflagthreshold_changelist"


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...]]]:
    """The tasks enqueued by name, by either service (nothing reaches a broker)."""
    sent: list[tuple[str, tuple[Any, ...]]] = []

    def enqueue(name: str, *args: Any) -> bool:
        sent.append((name, args))
        return True

    monkeypatch.setattr(redflag_services, "enqueue_now", enqueue)
    monkeypatch.setattr(threshold_services, "enqueue_now", enqueue)
    return sent


@pytest.fixture
def awarded(
    public_body: Any,
    supplier_org: Any,
    supplier_owner: Any,
    other_supplier_org: Any,
    outsider: Any,
    officer: Any,
    approver: Any,
    queued: Any,
) -> str:
    """An awarded call of a Colombian body, its bids opened: the other bid is disqualified, so R035 (all bids but
    the winner's disqualified, threshold 1) flags it. Its ocid, summarised once."""
    call = published_call(public_body, criteria=[{"name": "price", "weight": 100}])
    application = make_application(call, supplier_org, by=supplier_owner, price=90000)
    make_application(call, other_supplier_org, by=outsider, price=120000, status=Application.Status.DISQUALIFIED)
    pass_deadline(call)
    applications_open(call=call, actor=officer, declare=True)
    decision = Decision.objects.create(
        call=call,
        outcome=Decision.Outcome.AWARDED,
        justification="Best",
        decided_by=approver,
        decided_at=timezone.now(),
    )
    Award.objects.create(decision=decision, application=application, amount=90000, currency="COP")
    Application.objects.filter(pk=application.pk).update(status=Application.Status.AWARDED)
    Call.objects.filter(pk=call.pk).update(status=Call.Status.AWARDED, decided_at=timezone.now())
    ocds.ocds_award_released(decision_id=decision.pk)
    ocid = build.ocid_for(call.pk)
    assert redflag_services.red_flags_process(ocid) == "computed"
    return ocid


def _outcome(ocid: str, code: str) -> str:
    return RedFlagResult.objects.get(ocid=ocid, indicator=code).outcome


def _set(actor: Any, **kwargs: Any) -> RedFlagThreshold:
    values = {"country": "CO", "method": "", "indicator": "R035", "parameter": "threshold", "value": 2}
    values.update(kwargs)
    values.setdefault("reason", "Ley 80: dos descalificaciones como mínimo")
    return threshold_services.red_flag_threshold_set(actor=actor, **values)


# --- rows on top of the settings ----------------------------------------------------------------------------------


@override_settings(RED_FLAGS={"countries": {"CO": {"indicators": {"R035": {"threshold": 1}}}}})
def test_a_row_overrides_the_settings_and_changes_the_flag_after_the_recompute(
    awarded: str, admin: Any, queued: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    tasks.ocds_red_flags_country("CO")
    assert _outcome(awarded, "R035") == "flagged"
    before = redflag_services.thresholds().fingerprint()
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _set(admin)
    assert queued == [("ocds.red_flags_country", ("CO",))]  # enqueued once committed
    assert redflag_services.thresholds().params("R035", country="CO")["threshold"] == 2
    after = redflag_services.thresholds().fingerprint()
    assert after != before
    tasks.ocds_red_flags_country("CO")  # what the worker does with the task
    assert _outcome(awarded, "R035") == "not_flagged"
    assert set(RedFlagResult.objects.filter(ocid=awarded).values_list("thresholds_fingerprint", flat=True)) == {after}


def test_a_more_specific_setting_still_wins_over_a_general_row(admin: Any) -> None:
    with override_settings(RED_FLAGS={"countries": {"CO": {"indicators": {"R003": {"threshold": 20}}}}}):
        _set(admin, country="", indicator="R003", value=10)
        rules = redflag_services.thresholds()
        assert rules.params("R003", country="CO")["threshold"] == 20
        assert rules.params("R003", country="PY")["threshold"] == 10


def test_the_recompute_of_every_country_is_enqueued_for_a_row_of_every_country(
    admin: Any, queued: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _set(admin, country="", method="direct", indicator="GT01", parameter="threshold", value=50000)
    assert queued == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert ("ocds.red_flags_fences", ()) in queued


def test_a_removed_row_is_a_published_change_and_the_settings_apply_again(
    admin: Any, queued: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    row = _set(admin, value=3)
    with django_capture_on_commit_callbacks(execute=True):
        threshold_services.red_flag_threshold_remove(actor=admin, threshold=row, reason="Criterio revisado")
    assert not RedFlagThreshold.objects.exists()
    removed = RedFlagThresholdChange.objects.first()
    assert removed is not None
    assert (removed.action, removed.old_value, removed.new_value) == ("removed", 3, 1)
    assert AuditEvent.objects.filter(verb="red_flag_threshold.removed").get().before["value"] == 3
    assert ("ocds.red_flags_country", ("CO",)) in queued


# --- checked: unknown indicator or parameter, wrong type, no reason -------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"indicator": "R999"}, "indicator", "R999 is not an indicator"),
        ({"parameter": "days"}, "parameter", "R035 has no parameter days"),
        ({"value": "15"}, "value", "R035 threshold must be a whole number"),
        ({"value": -1}, "value", "R035 threshold must be a whole number"),
        ({"country": "Atlantis"}, "country", "is not an ISO 3166-1 alpha-2 country code"),
        ({"method": "auction"}, "method", "auction is not a procurement method"),
        ({"reason": "  "}, "reason", "Give the reason"),
    ],
)
def test_the_service_refuses_what_the_engine_cannot_use(admin: Any, change: Any, field: str, words: str) -> None:
    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        _set(admin, **change)
    assert refused.value.field == field
    assert words in refused.value.message
    assert not RedFlagThreshold.objects.exists()
    assert not RedFlagThresholdChange.objects.exists()


def test_a_wrong_value_is_a_form_error_in_the_admin(admin: Any, client_for: Any) -> None:
    client = client_for(admin)
    form = {"country": "CO", "method": "", "indicator": "R035", "parameter": "threshold", "reason": "Ajuste"}
    wrong = client.post(reverse(ADD), {**form, "value": '"quince"'})
    assert wrong.status_code == 200
    assert (
        "R035 threshold debe ser un número entero igual o mayor que 0, no &quot;quince&quot;" in wrong.content.decode()
    )
    unknown = client.post(reverse(ADD), {**form, "parameter": "days", "value": "15"})
    assert "R035 no tiene el parámetro days" in unknown.content.decode()
    not_json = client.post(reverse(ADD), {**form, "value": "{"})
    assert not_json.status_code == 200
    no_reason = client.post(reverse(ADD), {**form, "reason": "", "value": "2"})
    assert no_reason.status_code == 200
    assert not RedFlagThreshold.objects.exists()


def test_the_admin_writes_through_the_service(
    admin: Any, client_for: Any, queued: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(admin)
    form = {"country": "co", "method": "", "indicator": "R035", "parameter": "threshold", "reason": "Ajuste"}
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(reverse(ADD), {**form, "value": "2"})
    assert added.status_code == 302, added.content.decode()[:3000]
    row = RedFlagThreshold.objects.get()
    assert (row.country, row.value, row.changed_by) == ("CO", 2, admin)
    assert ("ocds.red_flags_country", ("CO",)) in queued
    change = reverse("admin:ocds_redflagthreshold_change", args=[row.pk])
    assert client.get(change).status_code == 200
    client.post(change, {"value": "4", "reason": "Segundo ajuste"})
    row.refresh_from_db()
    assert (row.value, row.reason) == (4, "Segundo ajuste")
    removed = client.post(change, {"value": "4", "reason": "Ya no aplica", "remove": "on"})
    assert removed.status_code == 302
    assert not RedFlagThreshold.objects.exists()
    assert list(RedFlagThresholdChange.objects.order_by("pk").values_list("action", "old_value", "new_value")) == [
        ("set", 1, 2),
        ("changed", 2, 4),
        ("removed", 4, 1),
    ]
    assert AuditEvent.objects.filter(verb__startswith="red_flag_threshold.").count() == 3
    # Django's delete page and bulk actions do not exist for these rows
    again = _set(admin)
    assert (
        client.post(reverse("admin:ocds_redflagthreshold_delete", args=[again.pk]), {"post": "yes"}).status_code == 403
    )
    assert RedFlagThreshold.objects.filter(pk=again.pk).exists()


# --- only site administrators ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "approver", "auditor", "editor", "publisher", "outsider"])
def test_nobody_but_a_site_administrator_changes_a_threshold(
    persona: Any, who: str, admin: Any, client_for: Any
) -> None:
    user = persona(who)
    with pytest.raises(NotAllowed):
        _set(user)
    row = _set(admin)
    with pytest.raises(NotAllowed):
        threshold_services.red_flag_threshold_remove(actor=user, threshold=row, reason="Para ocultar una señal")
    client = client_for(user)
    form = {"country": "CO", "indicator": "R035", "parameter": "threshold", "value": "9", "reason": "Más laxo"}
    assert client.post(reverse(ADD), form).status_code in (302, 403)
    change = reverse("admin:ocds_redflagthreshold_change", args=[row.pk])
    assert client.post(change, {"value": "9", "reason": "Más laxo"}).status_code in (302, 403)
    assert client.post(change, {"value": "9", "reason": "x", "remove": "on"}).status_code in (302, 403)
    row.refresh_from_db()
    assert row.value == 2
    assert RedFlagThresholdChange.objects.count() == 1


def test_the_anonymous_cannot_change_a_threshold(anonymous: Any) -> None:
    with pytest.raises(NotAllowed):
        _set(anonymous)


# --- audited and published -----------------------------------------------------------------------------------------


def test_a_change_is_audited_with_the_old_and_new_value_and_the_reason(admin: Any) -> None:
    row = _set(admin)
    event = AuditEvent.objects.get(verb="red_flag_threshold.set")
    assert event.actor_id == admin.pk
    assert event.target_id == str(row.pk)
    assert (event.before["value"], event.after["value"]) == (1, 2)
    assert event.after["reason"] == "Ley 80: dos descalificaciones como mínimo"
    assert (event.after["country"], event.after["indicator"], event.after["parameter"]) == ("CO", "R035", "threshold")


def _text(html: str) -> str:
    body = html.split("<main", 1)[-1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("es", ["Cambios en los umbrales", "Colombia", "Administrador del sitio", "Modificado: 2 → 5"]),
        ("pt-br", ["Alterações nos limites", "Colômbia", "Administrador do site", "Alterado: 2 → 5"]),
        ("en", ["Changes to thresholds", "Colombia", "Site administrator", "Changed: 2 → 5"]),
    ],
)
def test_every_change_is_listed_on_the_methodology_page(admin: Any, client: Any, language: str, words: Any) -> None:
    row = _set(admin)
    _set(admin, value=5, reason="Segunda revisión")
    threshold_services.red_flag_threshold_remove(actor=admin, threshold=row, reason="Vuelve al valor general")
    text = _text(client.get(f"/{language}/open-data/red-flags/methodology/").content.decode())
    for word in words:
        assert word in text, word
    for reason in ("Ley 80: dos descalificaciones como mínimo", "Segunda revisión", "Vuelve al valor general"):
        assert reason in text
    assert "Admin" not in text.replace("Administrador", "").replace("Administrator", "")  # a role, never a name
    assert admin.email not in text


# --- flag writes retire the visitors' cached pages ------------------------------------------------------------------


def test_a_cached_call_page_shows_the_flags_of_a_country_pass_at_once(awarded: str, client: Any) -> None:
    """The country's pass writes with bulk_create and update(), which send no signal: it retires the pages itself."""
    call_id = RedFlagResult.objects.filter(ocid=awarded).values_list("call_id", flat=True).first()
    url = f"/en/opportunities/calls/{call_id}/"
    first = client.get(url)
    assert "too few values to compute the fence" not in first.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    redflag_services.red_flags_country("CO")  # the fences: not computable for want of values, with that reason
    fresh = client.get(url)
    assert not fresh.has_header("X-Page-Cache")
    assert "too few values to compute the fence" in fresh.content.decode()


def test_a_cached_call_page_shows_a_threshold_change_at_once(awarded: str, admin: Any, client: Any) -> None:
    redflag_services.red_flags_country("CO")
    call_id = RedFlagResult.objects.filter(ocid=awarded).values_list("call_id", flat=True).first()
    url = f"/en/opportunities/calls/{call_id}/"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    _set(admin)
    assert not client.get(url).has_header("X-Page-Cache")


def test_red_flag_rows_and_thresholds_are_what_public_pages_are_made_of() -> None:
    for model in (RedFlagResult, RedFlagFence, RedFlagThreshold, RedFlagThresholdChange):
        assert pagecache.is_public_model(model), model
