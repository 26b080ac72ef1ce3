from django import forms
from django.utils.translation import gettext_lazy as _

from workshop.interchange.importer import MAX_BYTES, too_large


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workshop file (JSON)"),
        help_text=_("An epd-workshop/1 document exported from this app (at most 10 MB)."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )

    def clean_file(self):
        # The size the upload handler counted (uploads.CappedUpload keeps nothing beyond the cap).
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(too_large(upload.size))
        return upload
