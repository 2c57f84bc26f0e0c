"""The Prometheus endpoint: off without a token, refuses a wrong one, exports requests, queues and the outbox."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_metrics_are_off_without_a_token(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = ""
    response = client.get("/metrics")
    assert response.status_code == 404
    assert "METRICS_TOKEN" in response.json()["detail"]


@pytest.mark.parametrize("header", ["", "Bearer wrong", "Basic c2VjcmV0", "Bearer "])
def test_metrics_refuse_a_missing_or_wrong_token(client: Client, settings: Any, header: str) -> None:
    settings.METRICS_TOKEN = "s3cret-token"
    response = client.get("/metrics", HTTP_AUTHORIZATION=header) if header else client.get("/metrics")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_metrics_export_requests_queues_and_outbox(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/healthz").status_code == 200
    assert client.get("/es/opportunities/").status_code == 200
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert 'govtech_http_requests_total{method="GET",route="healthz",status="2xx"}' in body
    assert 'govtech_http_request_duration_seconds_bucket{le="0.15",method="GET",route="healthz"}' in body
    assert 'govtech_http_requests_total{method="GET",route="procurement:opportunities",status="2xx"}' in body
    assert 'govtech_celery_queue_depth{queue="celery"}' in body
    assert 'govtech_outbox_rows{outbox="notification",status="failed"} 0.0' in body
    assert 'govtech_outbox_rows{outbox="webhook",status="pending"}' in body


def test_an_app_can_register_a_gauge(client: Client, settings: Any) -> None:
    from govtech.core import metrics

    settings.METRICS_TOKEN = "t0ken"
    metrics.register_gauge("govtech_test_gauge", "A test gauge", lambda: [({"kind": "a"}, 3.0)])
    try:
        body = client.get("/metrics", HTTP_AUTHORIZATION="Bearer t0ken").content.decode()
    finally:
        metrics._GAUGES.pop("govtech_test_gauge")
    assert 'govtech_test_gauge{kind="a"} 3.0' in body


def test_matching_runs_are_on_the_metrics(client: Client, settings: Any, public_body: Any, supplier_org: Any) -> None:
    from procurement.matching import services as matching_services
    from procurement.matching.scoring import ALGORITHM_VERSION
    from tests.procurement.matching.wiring import published_call, traffic_supplier

    settings.METRICS_TOKEN = "t0ken"
    traffic_supplier(supplier_org)
    matching_services.match_target_rank(target=published_call(public_body))
    body = client.get("/metrics", HTTP_AUTHORIZATION="Bearer t0ken").content.decode()
    assert f'govtech_matching_targets_ranked{{algorithm="{ALGORITHM_VERSION}",kind="call"}} 1.0' in body
    assert "govtech_matching_results 1.0" in body
    assert 'govtech_matching_last_run_age_seconds{run="rank"}' in body
