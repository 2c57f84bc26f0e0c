from __future__ import annotations

import json
import logging

import pytest

from govtech.celery import _carry_request_id
from govtech.core.requestid import get_request_id, reset_request_id, set_request_id


@pytest.mark.django_db
def test_each_response_carries_a_request_id_and_a_sane_incoming_one_is_kept(client):
    first = client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-abc-12345")
    assert kept["X-Request-ID"] == "proxy-abc-12345"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="bad id with spaces\n")
    assert replaced["X-Request-ID"] != "bad id with spaces\n"


def test_the_request_id_travels_into_celery_task_headers():
    token = set_request_id("req-1234abcd")
    try:
        headers: dict = {}
        _carry_request_id(headers=headers)
        assert headers["request_id"] == "req-1234abcd"
    finally:
        reset_request_id(token)
    assert get_request_id() == "-"


def test_production_logs_are_json_with_the_request_id(capsys):
    from pythonjsonlogger.json import JsonFormatter

    from govtech.core.logging import RequestIdFilter

    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"))
    logger = logging.getLogger("tests.json")
    logger.addHandler(handler)
    token = set_request_id("req-json-0001")
    try:
        logger.warning("hello")
    finally:
        reset_request_id(token)
        logger.removeHandler(handler)
    line = capsys.readouterr().err.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["message"] == "hello"
    assert record["request_id"] == "req-json-0001"
