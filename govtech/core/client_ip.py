"""The client's address, for rate limits: ``X-Forwarded-For`` is believed only through trusted proxies.

``NUM_PROXIES`` (env, default 0) is how many reverse proxies of ours stand in front of the portal, each
appending the address it received the request from. With 0, ``X-Forwarded-For`` is ignored (anyone can
send one) and the connection's address is the client. With N, the client is the N-th address from the
right: whatever a client writes further left is its own invention. DRF's throttles (``NUM_PROXIES`` in
``REST_FRAMEWORK``) and allauth's rate limits (``AccountAdapter.get_client_ip``) both read it this way.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [part.strip() for part in str(forwarded).split(",")]
    candidate = addresses[-min(proxies, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate.removeprefix("[").split("]")[0]))
    except ValueError:
        return remote  # not an address: our proxy did not write it
