import pytest


@pytest.mark.django_db
def test_the_home_page_answers_in_spanish_by_default(client):
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/es/"
    assert "Dónde".lower() in response.content.decode().lower() or response.context["request"].LANGUAGE_CODE == "es"


def test_healthz_says_the_process_is_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
