"""A Content-Security-Policy header for every response (Django 5.2 has none built in)."""

from django.conf import settings
from django.utils.deprecation import MiddlewareMixin

# No inline scripts anywhere; styles may be inline because mermaid writes <style> into its SVGs.
POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class InlineHooks(MiddlewareMixin):
    """Hooks that only read the request and set headers, run inline under ASGI.

    Above ServeStatic (async only) Django runs middleware async, and MiddlewareMixin would hop to a
    thread and back for each hook of each request; these touch no database.
    """

    async def __acall__(self, request):
        response = None
        if hasattr(self, "process_request"):
            response = self.process_request(request)
        response = response or await self.get_response(request)
        if hasattr(self, "process_response"):
            response = self.process_response(request, response)
        return response


class ContentSecurityPolicyMiddleware(InlineHooks):
    def process_response(self, request, response):
        response.headers.setdefault("Content-Security-Policy", POLICY)
        if settings.HTTPS:
            response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
