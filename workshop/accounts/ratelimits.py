"""Attempt limits kept in Django's cache (Redis when REDIS_URL is set), shared by every process.

The client address is REMOTE_ADDR. Behind a reverse proxy, run uvicorn with ``--proxy-headers
--forwarded-allow-ips=<proxy address>`` so that REMOTE_ADDR is the client's, not the proxy's; the app
itself never reads X-Forwarded-For, which a client can forge.
"""

import ipaddress

from django_ratelimit.core import get_usage

# Rates in django-ratelimit's notation: "count/period", e.g. "5/15m" is five per fifteen minutes.
LOGIN_PER_IP = "10/m"
LOGIN_FAILURES_PER_ACCOUNT = "5/15m"
SIGNUP_PER_IP = "20/h"
RESET_REQUESTS_PER_IP = "10/h"


def client_ip(request) -> str:
    """The client's address; IPv6 is grouped by /64, the block one subscriber usually holds."""
    address = request.META.get("REMOTE_ADDR", "")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def _usage(request, group: str, key: str, rate: str, *, count: bool):
    return get_usage(
        request, group=group, key=lambda _group, _request: key, rate=rate, increment=count
    )


def limit(request, group: str, key: str, rate: str) -> bool:
    """Counts this attempt under (group, key); True when it goes over `rate`.

    `key` is the value being limited (an address, a lower-cased e-mail); it is hashed before it is
    stored. A cache that cannot count answers True (fail closed).
    """
    usage = _usage(request, group, key, rate, count=True)
    return usage is not None and usage["should_limit"]


def exhausted(request, group: str, key: str, rate: str) -> bool:
    """True when the attempts already counted fill `rate`, so one more would be over; counts nothing.

    For limits on failures: check before trying, count with `limit` only when the try fails.
    """
    usage = _usage(request, group, key, rate, count=False)
    return usage is not None and (usage["should_limit"] or usage["count"] >= usage["limit"])
