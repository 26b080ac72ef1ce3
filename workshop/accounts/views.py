"""Facilitator sign-up, log-in and log-out; password change and reset are Django's views, styled."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from workshop.accounts import ratelimits
from workshop.accounts.facilitators import normalise_email
from workshop.accounts.forms import LoginForm, SignupForm
from workshop.accounts.ratelimits import client_ip
from workshop.policies import public, signed_in

TOO_MANY = 429


def safe_next_url(request) -> str:
    """The `next` page to return to, or "" when it is missing or points off this site."""
    url = request.POST.get("next", request.GET.get("next", ""))
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _refused(request, template, context, message, retry_after: int):
    """The page again with the limit's message, answered 429; the form is not checked at all."""
    response = render(request, template, {**context, "limit_message": message}, status=TOO_MANY)
    response["Retry-After"] = str(retry_after)
    return response


@public
@sensitive_post_parameters("password")
@never_cache
def login(request):
    next_url = safe_next_url(request)
    if request.method != "POST":
        if request.user.is_authenticated:
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        form = LoginForm(request)
        return render(request, "accounts/login.html", {"form": form, "next": next_url})

    email = normalise_email(request.POST.get("email", ""))
    refused_context = {"form": LoginForm(request, initial={"email": email}), "next": next_url}
    # Every attempt counts against the address; only failures count against the account, so a
    # stranger guessing cannot lock the owner out for longer than the window.
    if ratelimits.limit(request, "accounts.login.ip", client_ip(request), ratelimits.LOGIN_PER_IP):
        message = _("Too many log-in attempts from your network. Wait a minute, then try again.")
        return _refused(request, "accounts/login.html", refused_context, message, 60)
    account_rate = ratelimits.LOGIN_FAILURES_PER_ACCOUNT
    if email and ratelimits.exhausted(request, "accounts.login.account", email, account_rate):
        message = _(
            "Too many failed log-ins for this account. Wait 15 minutes, or reset your password."
        )
        return _refused(request, "accounts/login.html", refused_context, message, 15 * 60)

    form = LoginForm(request, data=request.POST)
    if form.is_valid():
        auth_login(request, form.user)
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    if email and form.has_error(NON_FIELD_ERRORS, "invalid_login"):
        ratelimits.limit(request, "accounts.login.account", email, account_rate)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@public
@sensitive_post_parameters("password1", "password2")
@never_cache
def signup(request):
    next_url = safe_next_url(request)
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    if request.method != "POST":
        return render(request, "accounts/signup.html", {"form": SignupForm(), "next": next_url})

    if ratelimits.limit(
        request, "accounts.signup.ip", client_ip(request), ratelimits.SIGNUP_PER_IP
    ):
        typed = {key: request.POST.get(key, "") for key in ("first_name", "email")}
        context = {"form": SignupForm(initial=typed), "next": next_url}
        message = _("Too many sign-ups from your network. Wait an hour, then try again.")
        return _refused(request, "accounts/signup.html", context, message, 60 * 60)

    form = SignupForm(request.POST)
    if form.is_valid():
        user = form.save()
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Welcome, %(name)s. Your account is ready.") % {"name": user.first_name}
        )
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@public
@require_POST
def logout(request):
    # POST only, so a link or an image on another site cannot sign anyone out.
    auth_logout(request)
    messages.info(request, _("You are logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


password_change = signed_in(
    auth_views.PasswordChangeView.as_view(template_name="accounts/password_change_form.html")
)
password_change_done = signed_in(
    auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
)

_password_reset_request = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/email/password_reset_body.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
)


@public
def password_reset(request):
    """Django's reset request, limited per address so nobody can flood an inbox from here."""
    if request.method == "POST" and ratelimits.limit(
        request, "accounts.password_reset.ip", client_ip(request), ratelimits.RESET_REQUESTS_PER_IP
    ):
        form = PasswordResetForm(initial={"email": request.POST.get("email", "")})
        message = _("Too many reset requests from your network. Wait an hour, then try again.")
        return _refused(request, "accounts/password_reset_form.html", {"form": form}, message, 3600)
    return _password_reset_request(request)


password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html"
    )
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)
