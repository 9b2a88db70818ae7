from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    """Exports of any app's rows. The apps register their kinds (registry.py) from
    their own ready(); this app imports none of them."""

    name = "exports"
    verbose_name = _("Exports")
