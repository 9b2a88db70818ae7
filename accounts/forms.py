from django import forms
from django.utils.translation import gettext_lazy as _

from .languages import NATIVE_NAMES


class LanguageSelect(forms.Select):
    """A <select> whose options say their language (lang), for screen readers."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["lang"] = value
        return option


class ProfileForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        required=False,
        widget=LanguageSelect,
        # Each language named in itself: whoever cannot read the page's language can
        # still find their own.
        choices=[("", _("The language of my browser")), *NATIVE_NAMES.items()],
        help_text=_(
            "Your pages and the e-mails GCM Tracker sends you are in this language. "
            "Choosing a language at the top of any page changes it too."
        ),
    )
