"""Similar challenges: TF-IDF cosine plus shared codes, other bodies' published challenges only."""

from __future__ import annotations

from typing import Any

import pytest

from procurement.challenges.models import Challenge
from procurement.challenges.similar import ChallengeText, rank_similar, similar_challenges
from tests.accounts.factories import PublicBodyOrganisationFactory

TRAFFIC = ChallengeText(
    id=1,
    title="Semáforos inteligentes para la congestión",
    text="La congestión vehicular en el centro crece; los semáforos no se adaptan al tráfico.",
    sectors=("mobility",),
    cpv_codes=("34996000",),
)
TRAFFIC_PT = ChallengeText(
    id=2,
    title="Semáforos inteligentes contra congestionamento",
    text="O tráfego no centro cresce e os semáforos não se adaptam à congestão.",
    language="pt",
    sectors=("mobility",),
    cpv_codes=("34996100",),
)
HEALTH = ChallengeText(
    id=3,
    title="Citas médicas en hospitales",
    text="Los pacientes esperan meses por una cita con el especialista.",
    sectors=("health",),
    cpv_codes=("85100000",),
)
TAX = ChallengeText(
    id=4,
    title="Declaración de impuestos simplificada",
    text="Los contribuyentes no entienden el formulario de impuestos.",
    sectors=("tax",),
)


def test_a_close_match_ranks_above_an_unrelated_one_and_says_why() -> None:
    target = ChallengeText(
        id=99,
        title="Congestión y semáforos",
        text="El tráfico del centro y los semáforos.",
        sectors=("mobility",),
        cpv_codes=("34996000",),
    )
    ranked = rank_similar(target, [HEALTH, TAX, TRAFFIC, TRAFFIC_PT], limit=5)
    assert [r.id for r in ranked][:2] == [1, 2]
    assert 3 not in [r.id for r in ranked]
    assert 4 not in [r.id for r in ranked]
    best = ranked[0]
    assert 0 < best.score <= 1
    assert "semaforos" in best.shared_terms
    assert "congestion" in best.shared_terms
    assert best.shared_sectors == ["mobility"]
    assert best.shared_cpv == ["34996000"]
    assert ranked[1].shared_cpv == ["34996100"]  # same CPV group


def test_the_limit_and_the_target_itself() -> None:
    ranked = rank_similar(TRAFFIC, [TRAFFIC, TRAFFIC_PT, HEALTH], limit=1)
    assert [r.id for r in ranked] == [2]


def test_nothing_alike_gives_nothing() -> None:
    assert rank_similar(ChallengeText(id=9, title="xyz", text="qwerty"), [HEALTH, TAX]) == []
    assert rank_similar(TRAFFIC, []) == []


def _challenge(body: Any, title: str, problem: str, status: str = Challenge.Status.PUBLISHED, **kw: Any) -> Challenge:
    return Challenge.objects.create(body=body, title=title, problem=problem, status=status, **kw)


@pytest.fixture
def other_body(db: Any) -> Any:
    return PublicBodyOrganisationFactory(name="Prefeitura de Curitiba")


def test_only_other_bodies_published_challenges_are_shown(public_body: Any, other_body: Any) -> None:
    mine = _challenge(public_body, "Semáforos y congestión", "Tráfico en el centro", status=Challenge.Status.DRAFT)
    own_published = _challenge(public_body, "Semáforos inteligentes", "Congestión del tráfico")
    theirs = _challenge(other_body, "Semáforos adaptativos", "Congestión del tráfico urbano")
    theirs_draft = _challenge(
        other_body, "Semáforos en borrador", "Congestión del tráfico", status=Challenge.Status.DRAFT
    )
    unrelated = _challenge(other_body, "Citas médicas", "Pacientes esperan meses")
    ids = [c.pk for c, _match in similar_challenges(mine)]
    assert theirs.pk in ids
    assert own_published.pk not in ids
    assert theirs_draft.pk not in ids
    assert unrelated.pk not in ids


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("officer", 200),
        ("approver", 200),
        ("admin", 403),  # site roles hold no body's powers
        ("evaluator", 403),
        ("supplier_owner", 403),
        ("outsider", 403),
        ("anonymous", 403),
    ],
)
def test_the_api_gives_similar_challenges_to_the_bodys_officers(
    name: str, status: int, persona: Any, client_for: Any, public_body: Any, other_body: Any
) -> None:
    mine = _challenge(public_body, "Semáforos y congestión", "Tráfico en el centro")
    theirs = _challenge(other_body, "Semáforos adaptativos", "Congestión del tráfico urbano")
    response = client_for(persona(name)).get(f"/api/v1/challenges/{mine.pk}/similar/", HTTP_ACCEPT="application/json")
    assert response.status_code in ({status} if name != "anonymous" else {401, 403})
    if status == 200:
        rows = response.json()["results"]
        assert rows[0]["id"] == theirs.pk
        assert rows[0]["body"] == "Prefeitura de Curitiba"
        assert rows[0]["score"] > 0
        assert "semaforos" in rows[0]["shared_terms"]


def test_the_api_hides_other_bodies_drafts(client_for: Any, officer: Any, other_body: Any) -> None:
    draft = _challenge(other_body, "Borrador", "Secreto", status=Challenge.Status.DRAFT)
    assert client_for(officer).get(f"/api/v1/challenges/{draft.pk}/similar/").status_code == 404


def test_the_form_shows_similar_challenges_before_saving(
    public_body: Any, other_body: Any, officer: Any, client_for: Any
) -> None:
    from tests.procurement.calls.officer_helpers import challenge_post

    _challenge(other_body, "Semáforos adaptativos", "Congestión del tráfico urbano en el centro")
    response = client_for(officer).post(
        f"/en/opportunities/manage/bodies/{public_body.pk}/challenges/new/", challenge_post(action="similar")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Semáforos adaptativos" in html
    assert "Prefeitura de Curitiba" in html
    assert "shared terms" in html
    assert not Challenge.objects.filter(body=public_body).exists()  # looking writes nothing
