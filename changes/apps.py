from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangesConfig(AppConfig):
    """The public change log of any app's records. The apps' services record their
    public changes here (services.change_record); this app imports none of them."""

    name = "changes"
    verbose_name = _("Changes")
