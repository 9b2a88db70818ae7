from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Pledges")

    def ready(self) -> None:
        # What pledges offer the feature apps, which import no app (ARCHITECTURE.md).
        from .exports import register_exporters
        from .reminders import register_reminders

        register_exporters()
        register_reminders()
