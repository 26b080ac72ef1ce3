"""ASGI entry point: the app is served by uvicorn so Server-Sent Events stream."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")

application = get_asgi_application()
