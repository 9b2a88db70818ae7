from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Export
from .registry import kind_choices


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to export"), choices=kind_choices)
    format = forms.ChoiceField(
        label=_("File format"),
        choices=Export.Format.choices,
        initial=Export.Format.CSV,
        widget=forms.RadioSelect,
    )
