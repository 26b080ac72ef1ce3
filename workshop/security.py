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


class ContentSecurityPolicyMiddleware(MiddlewareMixin):
    def process_response(self, request, response):
        response.headers.setdefault("Content-Security-Policy", POLICY)
        if settings.HTTPS:
            response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
