"""An id in a path that is not a number is a 404 (found by the API fuzz as a 500)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pid", ["null,null", "mw", "1.5"])
def test_responding_to_a_partner_request_of_a_malformed_id_is_a_404(client: Any, supplier_owner: Any, pid: str) -> None:
    client.force_login(supplier_owner)
    response = client.post(
        f"/api/v1/application-partner-requests/{pid}/respond/", {"accept": True}, content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404
