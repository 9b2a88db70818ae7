from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        # What reviews offer the feature apps, which import no app (ARCHITECTURE.md).
        from .exports import register_exporters
        from .objective_panels import register_panels
        from .reminders import register_reminders
        from .stats import register_stats

        register_exporters()
        register_panels()
        register_reminders()
        register_stats()
