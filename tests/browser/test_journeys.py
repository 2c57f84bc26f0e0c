"""Browser journeys: a startup signs up and reaches the directory; an admin verifies it; a recommendation is published;
a verified startup finds a call, asks a question, applies and reads its receipt; an officer posts a challenge and a call,
answers the question and, after the deadline, opens, has the panel score and awards in public; a supplier asks and
starts an application with the keyboard only, each focused control visibly so.

The procurement journeys follow the current rules: the review step and the receipt page (reference, PDF), an
approver other than the call's author, the deadline moved with ``pass_deadline``, the evaluator's conflict
declaration, and a decision only after the panel's completed evaluation.

Each journey runs in Spanish and in one other language, checks every page it visits with
axe-core and saves screenshots under ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from procurement.applications import services as applications
from procurement.applications.models import Application
from procurement.calls.models import Call, Question
from procurement.calls.services import question_ask
from procurement.challenges.models import Challenge
from procurement.search import call_reindex
from recommendations.services.loader import catalogue_load
from startups.models import Supplier
from tests.browser.axe import assert_accessible
from tests.procurement.applications.applications_helpers import PDF, complete_draft, eligible, pdf
from tests.procurement.calls.officer_helpers import local
from tests.procurement.factories import make_indexed_call, pass_deadline, published_call, verified_body
from tests.startups.identifiers import valid_identifier

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _submit(page: Any) -> None:
    with page.expect_navigation():
        page.locator("main button[type=submit].govuk-button").first.click()


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_it_takes_a_startup_from_sign_up_to_a_verified_listing(
    language: str, page: Any, live_server: Any, smtp_server: Any, login_as: Any, admin: Any, settings: Any
) -> None:
    settings.SITE_URL = live_server.url  # the e-mail's links are on SITE_URL
    base = f"{live_server.url}/{language}"
    email = f"fundadora-{language}@datos-abiertos.example"
    page.goto(f"{base}/accounts/signup/")
    assert_accessible(page)
    page.fill("#id_email", email)
    page.fill("#id_password1", "Una-clave-larga-2026")
    page.fill("#id_password2", "Una-clave-larga-2026")
    page.fill("#id_full_name", "Fundadora Prueba")
    page.check("#id_accept_terms")
    page.check("#id_consent_privacy")
    _submit(page)
    assert_accessible(page)
    _shot(page, f"journey-signup-sent-{language}")

    body = smtp_server.wait_for(1)[-1].get_payload(decode=False)
    text = body if isinstance(body, str) else "".join(str(p.get_payload(decode=True), "utf-8") for p in body)
    link = LINK.search(text.replace("=\n", "").replace("=3D", "="))
    assert link, text
    page.goto(link.group(0))
    assert_accessible(page)
    _submit(page)  # confirm, which signs the user in

    page.goto(f"{base}/suppliers/register/")
    assert_accessible(page)
    page.fill("#id_legal_name", f"Datos Abiertos {language.upper()} SAS")
    page.select_option("#id_country", "CO")
    page.fill("#id_identifier", valid_identifier("CO", 77 if language == "es" else 78))
    _submit(page)
    assert "/edit/" in page.url
    assert_accessible(page)
    page.fill("#id_pitch_es", "Datos abiertos para alcaldías")
    _submit(page)
    assert_accessible(page)
    _shot(page, f"journey-profile-{language}")
    supplier = Supplier.objects.get(legal_name=f"Datos Abiertos {language.upper()} SAS")

    login_as(page, admin)
    page.goto(f"{base}/suppliers/{supplier.slug}/moderation/")
    assert_accessible(page)
    page.check(f"input[name=status][value={Supplier.Verification.VERIFIED}]")
    _submit(page)
    supplier.refresh_from_db()
    assert supplier.verification_status == Supplier.Verification.VERIFIED

    page.context.clear_cookies()
    page.goto(f"{base}/suppliers/?q=Datos+Abiertos")
    assert_accessible(page)
    assert supplier.legal_name in page.locator("main").inner_text()
    _shot(page, f"journey-directory-{language}")


@pytest.mark.parametrize("language", ["es", "en"])
def test_it_lets_an_editor_propose_and_a_publisher_publish_a_recommendation(
    language: str, page: Any, live_server: Any, login_as: Any, editor: Any, publisher: Any
) -> None:
    catalogue_load()
    slug = "open-data-apis-and-sandboxes"
    title = {
        "es": "Datos abiertos, APIs y entornos de prueba para pymes",
        "en": "Open data, APIs and sandboxes for all",
    }[language]
    base = f"{live_server.url}/{language}/recommendations"
    login_as(page, editor)
    page.goto(f"{base}/curation/{slug}/edit/?lang={language}")
    assert_accessible(page)
    page.fill("#id_title", title)
    page.fill("#id_note", "Título revisado")
    _submit(page)
    assert not page.locator(".govuk-error-summary").count(), page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.locator("form[action$='/status/'] button").first.click()
    page.wait_for_load_state()

    login_as(page, publisher)
    page.goto(f"{base}/curation/{slug}/")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("form[action$='/status/'] button").first.click()
    _shot(page, f"journey-publish-{language}")

    page.context.clear_cookies()
    page.goto(f"{base}/{slug}/")
    assert_accessible(page)
    assert page.locator("h1").inner_text().startswith(title)


# --- the procurement journeys: the startup finds, asks and applies; the officer posts, answers, opens and awards ---


def _check(page: Any) -> None:
    """axe finds nothing serious or critical, and the page fits a 360 px wide phone without sideways scrolling."""
    assert_accessible(page)
    viewport = page.viewport_size
    page.set_viewport_size({"width": 360, "height": 740})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide = page.evaluate(
                "() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 361)"
                ".slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
            )
            raise AssertionError(f"{page.url} scrolls sideways at 360 px ({width} px): {wide}")
    finally:
        page.set_viewport_size(viewport)


def _press(page: Any, label: str) -> None:
    """Click the main area's button named ``label`` (in the page's language) and wait for the next page."""
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=label, exact=True).click()
    assert not page.locator(".govuk-error-summary").count(), page.locator(".govuk-error-summary").inner_text()


def _follow(page: Any, label: str, scope: str = "main") -> None:
    with page.expect_navigation():
        page.locator(scope).get_by_role("link", name=label, exact=True).first.click()


def _in(language: str, message: str) -> str:
    with translation.override(language):
        return str(gettext(message))


@pytest.fixture
def pdf_file(tmp_path: Path) -> Path:
    path = tmp_path / "propuesta-tecnica.pdf"
    path.write_bytes(PDF)
    return path


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_it_takes_a_verified_startup_from_a_search_to_its_receipt(
    language: str,
    page: Any,
    live_server: Any,
    login_as: Any,
    public_body: Any,
    supplier_org: Any,
    supplier_owner: Any,
    pdf_file: Path,
) -> None:
    # Set-up (not the point): a verified startup and a published call of a verified body, indexed for search.
    eligible(supplier_org)
    call = published_call(
        public_body,
        title="Semáforos que aprenden del tráfico",
        instrument=Call.Instrument.PILOT,
        phases=[],
        summary="Un piloto de semáforos adaptativos en el centro de la ciudad",
    )
    call_reindex([call.pk])
    make_indexed_call(
        public_body, title="Alumbrado público con telegestión", phases=[], instrument=Call.Instrument.PILOT
    )
    base = f"{live_server.url}/{language}"
    login_as(page, supplier_owner)

    page.goto(f"{base}/")
    _check(page)
    my_applications = page.locator("header").get_by_role("link", name=_in(language, "My applications"), exact=True)
    assert my_applications.count() == 1
    _follow(page, _in(language, "Opportunities"), scope="header")
    _check(page)
    page.fill("#id_q", "semáforos")  # the one search box, first on the page; the filters stay folded
    _press(page, _in(language, "Search"))
    results = page.locator("main .portal-card")
    assert results.count() == 1, page.locator("main").inner_text()
    assert "Semáforos que aprenden del tráfico" in results.inner_text()
    _check(page)
    _shot(page, f"journey-startup-search-{language}")
    _follow(page, "Semáforos que aprenden del tráfico")
    _check(page)

    # A clarification question: it waits for the body's answer, without the supplier's name in public.
    page.fill("#id_text", "¿Pueden participar consorcios con una universidad?")
    _press(page, _in(language, "Send the question"))
    _check(page)
    waiting = page.locator("main").inner_text()
    assert _in(language, "Your team's questions waiting for an answer") in waiting
    assert "¿Pueden participar consorcios con una universidad?" in waiting
    question = Question.objects.get(call=call)
    assert (question.asked_by, question.status) == (supplier_owner, Question.Status.PENDING)
    _shot(page, f"journey-startup-question-{language}")

    # Apply: the call page's "Apply" (near its top) starts the draft of the startup's one organisation; fill the
    # form, attach a file, review everything with the deadline, submit, read the receipt.
    with page.expect_navigation():
        page.locator("#apply-top").click()
    assert "/edit/" in page.url
    _check(page)
    page.fill("#id_title", "Semáforos que aprenden")
    page.fill("#id_solution", "Sensores en los cruces y un modelo que predice el tráfico cada cinco minutos.")
    page.fill("#id_criterion_0", "Aprendizaje en línea, no reglas fijas.")
    page.fill("#id_criterion_1", "Un precio por cruce, menor que el de los semáforos actuales.")
    page.fill("#id_team", "Tres ingenieras de datos y un ingeniero de tránsito")
    page.fill("#id_price", "90000")
    page.fill("#id_milestone_name_0", "Piloto en diez cruces")
    page.fill("#id_milestone_month_0", "3")
    _press(page, _in(language, "Save the draft"))
    _check(page)
    page.set_input_files("#id_file", str(pdf_file))
    _press(page, _in(language, "Attach the file"))
    assert "propuesta-tecnica.pdf" in page.locator("main").inner_text()
    _check(page)
    # the files come before the way to submit, which leads to a review of everything and the deadline
    _follow(page, _in(language, "Review and submit"))
    _check(page)
    assert _in(language, "Review and submit") in page.locator("h1").inner_text()
    assert "Semáforos que aprenden" in page.locator("main").inner_text()
    _press(page, _in(language, "Submit the application"))
    _check(page)
    receipt = page.locator("main .govuk-panel--confirmation")
    assert receipt.count() == 1
    application = Application.objects.get(call=call, supplier=supplier_org)
    assert application.status == Application.Status.SUBMITTED
    assert application.reference in receipt.inner_text()
    digest = application.receipts.get().digest
    assert digest in page.locator("main").inner_text()
    assert page.locator(f"main a[href$='/applications/{application.pk}/receipts/1/pdf/']").count() == 1
    _shot(page, f"journey-startup-receipt-{language}")

    # The header's "My applications" lists it.
    _follow(page, _in(language, "My applications"), scope="header")
    _check(page)
    assert "Semáforos que aprenden del tráfico" in page.locator("main").inner_text()
    # ... and so does the home page, with the deadline.
    _follow(page, settings.PORTAL_NAME, scope="header")
    _check(page)
    assert "Semáforos que aprenden del tráfico" in page.locator("main").inner_text()
    assert _in(language, "Your applications in progress") in page.locator("main").inner_text()


@pytest.mark.parametrize("language", ["es", "en"])
def test_it_takes_an_officer_from_a_challenge_to_a_public_award(
    language: str,
    page: Any,
    live_server: Any,
    login_as: Any,
    public_body: Any,
    officer: Any,
    approver: Any,
    evaluator: Any,
    supplier_org: Any,
    supplier_owner: Any,
) -> None:
    verified_body(public_body)
    eligible(supplier_org)
    base = f"{live_server.url}/{language}"

    # The officer posts a challenge and publishes it.
    login_as(page, officer)
    page.goto(f"{base}/")
    _check(page)
    _follow(page, _in(language, "Workspace"), scope="header")
    _check(page)
    _follow(page, _in(language, "New challenge"))
    _check(page)
    page.fill("#id_title", "Congestión en el centro")
    page.fill("#id_problem", "Los semáforos no se adaptan al tráfico y la congestión crece en el centro.")
    page.fill("#id_expected_outcomes", "Reducir 20 % el tiempo de viaje")
    page.locator("main form button[name=action][value=save]").click()
    page.wait_for_url("**/manage/challenges/*/")
    _check(page)
    _press(page, str(_in(language, "Publish")))
    challenge = Challenge.objects.get(body=public_body)
    assert challenge.status == Challenge.Status.PUBLISHED
    _check(page)

    # ... then a call answering it, saved as a draft and submitted for approval.
    _follow(page, _in(language, "Workspace"), scope="header")
    _follow(page, _in(language, "New call"))
    _check(page)
    now = timezone.now()
    page.fill("#id_title", "Semáforos inteligentes para el centro")
    page.select_option("#id_instrument", Call.Instrument.PILOT)
    page.select_option("#id_challenge", str(challenge.pk))
    page.fill("#id_summary", "Un piloto pagado de semáforos adaptativos en diez cruces.")
    page.fill("#id_budget", "600000")
    page.fill("#id_currency", "COP")
    page.fill("#id_questions_deadline", local(now + datetime.timedelta(days=10)))
    page.fill("#id_submission_deadline", local(now + datetime.timedelta(days=20)))
    page.fill("#id_criteria-0-name", "Innovación")
    page.fill("#id_criteria-0-weight", "60")
    page.fill("#id_criteria-1-name", "Precio")
    page.fill("#id_criteria-1-weight", "40")
    _press(page, _in(language, "Save as draft"))
    _check(page)
    call = Call.objects.get(body=public_body)
    assert (call.challenge, call.status) == (challenge, Call.Status.DRAFT)
    _press(page, _in(language, "Submit for approval"))
    # four eyes: whoever drafted and sent it cannot approve it
    assert not page.locator("main").get_by_role("button", name=_in(language, "Approve and publish")).count()
    _shot(page, f"journey-officer-call-{language}")

    # The approver publishes it.
    login_as(page, approver)
    page.goto(f"{base}/opportunities/manage/")
    assert _in(language, "Waiting for your approval:") in page.locator("main").inner_text()
    _follow(page, "Semáforos inteligentes para el centro")
    _check(page)
    _press(page, _in(language, "Approve and publish"))
    call.refresh_from_db()
    assert call.status == Call.Status.PUBLISHED

    # Set-up (the startup's journey, tested above): a question and a submitted application.
    question = question_ask(call=call, actor=supplier_owner, text="¿Se aceptan consorcios?")
    draft = complete_draft(call, supplier_owner, supplier_org, phase_prices=[])
    applications.application_file_add(application=draft, actor=supplier_owner, upload=pdf())
    applications.application_submit(application=draft, actor=supplier_owner)

    # The officer answers the question in public.
    login_as(page, officer)
    page.goto(f"{base}/opportunities/manage/")
    _check(page)
    _follow(page, "Semáforos inteligentes para el centro")
    page.fill(f"#answer-{question.pk}", "Sí, con hasta tres miembros.")
    _press(page, _in(language, "Answer publicly"))
    _check(page)
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    page.context.clear_cookies()
    page.goto(f"{base}/opportunities/calls/{call.pk}/")
    _check(page)
    assert "Sí, con hasta tres miembros." in page.locator("#questions ~ .govuk-inset-text").first.inner_text()

    # Set-up: the deadline passes (the beat task closes the call).
    call = pass_deadline(call)

    # The officer opens the sealed applications.
    login_as(page, officer)
    page.goto(f"{base}/opportunities/manage/")
    _follow(page, _in(language, "Applications received"))
    _check(page)
    page.check("#id_declaration")  # the opener's conflict-of-interest declaration (issue 21)
    _press(page, _in(language, "Open the applications"))
    _check(page)
    assert supplier_org.name in page.locator("main").inner_text()
    _shot(page, f"journey-officer-opened-{language}")

    # The approver names the evaluator on the panel.
    login_as(page, approver)
    page.goto(f"{base}/opportunities/manage/calls/{call.pk}/")
    _follow(page, _in(language, "Evaluation board and panel"))
    _check(page)
    page.select_option("#id_user", str(evaluator.pk))
    _press(page, _in(language, "Add to the panel"))
    _check(page)

    # The evaluator declares no conflict, scores each criterion and submits.
    login_as(page, evaluator)
    page.goto(f"{base}/")
    _follow(page, _in(language, "My assignments"), scope="header")
    _check(page)
    _follow(page, "Semáforos inteligentes para el centro")
    _check(page)
    page.check(f"input[name='a{draft.pk}-decision'][value=no_conflict]")
    _press(page, _in(language, "Sign my declaration"))
    _check(page)
    _follow(page, supplier_org.name)
    _check(page)
    page.fill("#id_score_0", "9")
    page.fill("#id_justification_0", "Aprende del tráfico real")
    page.fill("#id_score_1", "7")
    page.fill("#id_justification_1", "Precio razonable")
    _press(page, _in(language, "Save my scores"))
    _check(page)
    page.goto(f"{base}/evaluation/calls/{call.pk}/")
    _press(page, _in(language, "Submit my evaluation"))
    _check(page)
    _shot(page, f"journey-evaluator-submitted-{language}")

    # The approver reads the ranking and awards on the decision page.
    login_as(page, approver)
    page.goto(f"{base}/evaluation/calls/{call.pk}/board/")
    _check(page)
    assert re.search(r"\b82[.,]00\b", page.locator("main table").first.inner_text())  # 60 * 9/10 + 40 * 7/10
    assert page.locator("main svg[role=img]").count() == 1  # the same totals as bars
    page.goto(f"{base}/opportunities/manage/calls/{call.pk}/")
    _follow(page, _in(language, "Decision, award and complaints"))
    _check(page)
    page.check("input[name=outcome][value=awarded]")
    page.check(f"#id_award_{draft.pk}")
    page.fill(f"#id_amount_{draft.pk}", "85000")
    page.fill("#id_justification", "La mejor puntuación ponderada")
    if page.locator("#id_declaration").count():  # the decider's declaration, unless already signed
        page.check("#id_declaration")
    _press(page, _in(language, "Record the decision"))
    _check(page)
    call.refresh_from_db()
    assert call.status == Call.Status.AWARDED
    _shot(page, f"journey-officer-decision-{language}")

    # The public awards page shows who won what.
    page.context.clear_cookies()
    page.goto(f"{base}/awards/")
    _check(page)
    public = page.locator("main").inner_text()
    assert supplier_org.name in public
    assert "Semáforos inteligentes para el centro" in public
    _shot(page, f"journey-public-award-{language}")


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_supplier_asks_and_starts_an_application_with_the_keyboard_only(
    language: str,
    page: Any,
    live_server: Any,
    login_as: Any,
    public_body: Any,
    supplier_org: Any,
    supplier_owner: Any,
) -> None:
    eligible(supplier_org)
    call = published_call(public_body, title="Alumbrado inteligente", instrument=Call.Instrument.PILOT, phases=[])
    login_as(page, supplier_owner)
    page.goto(f"{live_server.url}/{language}/opportunities/calls/{call.pk}/")

    def tab_to(selector: str) -> None:
        """Tab until ``selector`` has the focus, which must then be visible (GOV.UK's yellow focus state)."""
        for _ in range(120):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
                focused, blurred = page.evaluate(
                    "() => { const e = document.activeElement;"
                    " const look = () => { const s = getComputedStyle(e);"
                    " return [s.outlineColor, s.outlineStyle, s.boxShadow, s.backgroundColor].join('|'); };"
                    " const focused = look(); e.blur(); const blurred = look(); e.focus(); return [focused, blurred]; }"
                )
                assert focused != blurred, f"{selector}: no visible focus ({focused})"
                return
        raise AssertionError(f"{selector} cannot be reached with Tab")

    tab_to("#id_text")
    page.keyboard.type("¿Hay datos abiertos de tráfico?")
    tab_to("form[action$='/questions/'] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Question.objects.filter(call=call, text="¿Hay datos abiertos de tráfico?").exists()
    tab_to(f"form[action$='/applications/calls/{call.pk}/apply/'] button[type=submit]")  # the one supplier's draft
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/edit/" in page.url
    assert Application.objects.filter(call=call, supplier=supplier_org, status=Application.Status.DRAFT).exists()
    tab_to("#id_title")
    _check(page)
