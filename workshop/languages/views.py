from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from workshop.languages import choice
from workshop.policies import public


@public
@require_POST
def set_language(request):
    """The language menu: keeps the choice (session, and the profile of a logged-in facilitator)
    and returns to the page it was made on."""
    code = choice.supported(request.POST.get("language"))
    if code:
        choice.remember(request, code)
    target = request.POST.get("return_to", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return HttpResponseRedirect(target)
