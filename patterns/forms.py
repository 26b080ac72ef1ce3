"""Forms of the pattern library: search and filter, and the staff upload of pattern files."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 1024 * 1024
MAX_UPLOAD_FILES = 50


class LibrarySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title, alias, keyword…")}
        ),
    )
    domain = forms.ChoiceField(label=_("Domain"), required=False)

    def __init__(self, *args, domains=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [("", _("All domains"))] + [(d, d) for d in domains]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".md,text/markdown"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class PatternUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Pattern files"),
        help_text=_(
            "One or several Markdown (.md) files with YAML frontmatter, each at most 1 MB."
        ),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_UPLOAD_FILES:
            raise forms.ValidationError(
                _("Upload at most %(count)d files at once."), params={"count": MAX_UPLOAD_FILES}
            )
        problems = []
        for file in files:
            if not file.name.lower().endswith(".md"):
                problems.append(_("%(name)s is not a .md file.") % {"name": file.name})
            elif file.size > MAX_UPLOAD_BYTES:
                problems.append(_("%(name)s is larger than 1 MB.") % {"name": file.name})
        if problems:
            raise forms.ValidationError(problems)
        return files
