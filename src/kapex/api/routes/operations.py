"""``GET /metrics``: Prometheus text for the operator's scraper (``docs/operations.md``).

Who may read it: with ``KAPEX_METRICS_TOKEN`` set, any client sending
``Authorization: Bearer <token>``; without it, only clients on this machine (loopback, after
trusted-proxy resolution, so a request relayed by a local proxy from outside is refused).
Metrics carry no keys, ids or content, but request rates per route are still the operator's
business only.
"""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import APIRouter, Request, Response

from kapex import metrics
from kapex.api.deps import ServicesDep
from kapex.errors import Forbidden, Unauthorized

router = APIRouter()


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return address == "testclient"  # the ASGI test client has no address


@router.get("/metrics", include_in_schema=False)
def scrape(request: Request, services: ServicesDep) -> Response:
    token = services.settings.metrics_token
    if token:
        presented = request.headers.get("authorization", "")
        if not hmac.compare_digest(presented.encode(), f"Bearer {token}".encode()):
            raise Unauthorized(
                "Metrics need the header Authorization: Bearer <KAPEX_METRICS_TOKEN>."
            )
    elif not _loopback(request.state.client_address):
        raise Forbidden(
            "Metrics are served to this machine only. To scrape them from elsewhere set "
            "KAPEX_METRICS_TOKEN and send Authorization: Bearer <token>."
        )
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)
