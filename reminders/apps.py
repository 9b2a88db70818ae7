from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """Reminders of any app's deadlines. The apps register their kinds (registry.py)
    from their own ready(); this app imports none of them."""

    name = "reminders"
    verbose_name = _("Reminders")
