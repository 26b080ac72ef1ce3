"""ASGI entry point: the app is served by uvicorn so Server-Sent Events stream."""

import gc
import os

from django.core.asgi import get_asgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")

application = get_asgi_application()

# Import every view now, not during the first request (WeasyPrint alone takes about a second), then
# move these long-lived objects out of the collector's way: a full collection walks all of them
# (about 70 ms, every request in the process waiting) every few hundred requests.
_ = get_resolver().url_patterns
gc.freeze()
