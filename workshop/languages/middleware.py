from django.utils import translation
from django.utils.cache import patch_vary_headers

from workshop.languages import choice


class LanguageMiddleware:
    """Activates the request's language (choice.py) for the view, templates and forms.

    Replaces Django's LocaleMiddleware, which knows the cookie and the browser but not a
    participant's workshop or a facilitator's profile.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = choice.for_request(request)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", code)
        return response
