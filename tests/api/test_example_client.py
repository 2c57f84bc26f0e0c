"""The Python example of docs/api.md (docs/examples/api_client.py) works against a live portal."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from govtech.tokens.services import api_token_create
from startups.models import Supplier
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db(transaction=True)


def load_example():
    spec = importlib.util.spec_from_file_location("api_client", Path(ROOT) / "docs" / "examples" / "api_client.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["api_client"] = module  # dataclasses resolve string annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def test_the_example_lists_calls_reads_a_supplier_and_subscribes_a_webhook(live_server, supplier_owner, settings):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    example = load_example()
    anonymous = example.PortalClient(live_server.url)
    assert isinstance(anonymous.open_calls(), list)
    assert anonymous.open_calls(search="zzqxw-no-such-word") == []  # the search reaches the API's filter
    supplier = Supplier.objects.first()
    assert anonymous.supplier(supplier.pk)["slug"] == supplier.slug
    token = api_token_create(actor=supplier_owner, name="example", scope="write").secret
    created = example.PortalClient(live_server.url, token).subscribe_webhook(
        "https://hooks.example.org/govtech", ["new_call"]
    )
    assert created["secret"]
