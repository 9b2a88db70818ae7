from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GcmTrackerConfig(AppConfig):
    name = "gcm_tracker"
    verbose_name = _("GCM Tracker")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from core.two_factor import mark_second_factor

        # Whether a sign-in must be followed by a second factor (core/two_factor.py).
        user_logged_in.connect(mark_second_factor, dispatch_uid="core.two_factor")
