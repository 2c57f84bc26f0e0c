"""A small typed client for the Govtech Portal API (standard library only).

GOVTECH_URL=https://portal.example.org GOVTECH_TOKEN=gtp_... python docs/examples/api_client.py
"""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OpenCall:
    id: int
    title: str
    instrument: str
    submission_deadline: str
    budget: str | None
    currency: str


class PortalClient:
    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token

    def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        headers = {"Accept": "application/json", "Accept-Language": "en"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base_url + path, data=data, headers=headers, method=method)  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the portal's own URL
            return json.load(response)

    def open_calls(self, search: str = "") -> list[OpenCall]:
        """Every published call, following the pagination."""
        calls: list[OpenCall] = []
        path: str | None = "/api/v1/calls/?page_size=100" + (f"&q={urllib.parse.quote(search)}" if search else "")
        while path:
            page = self._request("GET", path)
            calls += [
                OpenCall(c["id"], c["title"], c["instrument"], c["submission_deadline"], c["budget"], c["currency"])
                for c in page["results"]
                if c["status"] == "published"
            ]
            path = page["next"].removeprefix(self.base_url) if page["next"] else None
        return calls

    def supplier(self, supplier_id: int | str) -> dict[str, Any]:
        return self._request("GET", f"/api/v1/suppliers/{supplier_id}/")

    def subscribe_webhook(self, target_url: str, kinds: list[str]) -> dict[str, Any]:
        """Needs a read-write token. The answer carries the signing secret, shown only once."""
        return self._request("POST", "/api/v1/notifications/webhooks/", {"target_url": target_url, "kinds": kinds})


if __name__ == "__main__":
    client = PortalClient(os.environ.get("GOVTECH_URL", "http://127.0.0.1:8000"), os.environ.get("GOVTECH_TOKEN"))
    for call in client.open_calls():
        print(f"{call.submission_deadline}  {call.instrument:24} {call.title}")
