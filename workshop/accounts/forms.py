"""Sign-up and log-in forms; password change and reset use Django's own forms unchanged."""

from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import BaseUserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from workshop.accounts.facilitators import EMAIL_MAX_LENGTH, email_taken, normalise_email


class SignupForm(BaseUserCreationForm):
    """Name, e-mail address and the password twice; the e-mail becomes the username."""

    first_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("Shown to participants in the workshops you run."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("You log in with this address; password reset links are sent to it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta:
        model = get_user_model()
        fields = ("first_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("Password")
        self.fields["password2"].label = _("Password again")

    def clean_first_name(self):
        name = self.cleaned_data["first_name"].strip()
        if not name:
            raise ValidationError(_("Enter your name."), code="required")
        return name

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if email_taken(email):
            raise ValidationError(
                _("An account with this e-mail address already exists. Log in instead."),
                code="taken",
            )
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        user.username = user.email
        if commit:
            user.save()
        return user


class LoginForm(forms.Form):
    """E-mail address and password; a valid form carries the authenticated user."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        email = self.cleaned_data.get("email")
        password = self.cleaned_data.get("password")
        if email and password:
            # ModelBackend refuses inactive users, so they get the same answer as a wrong password.
            self.user = authenticate(self.request, username=email, password=password)
            if self.user is None:
                raise ValidationError(
                    _("That e-mail address and password do not match an account."),
                    code="invalid_login",
                )
        return self.cleaned_data
