from django.apps import AppConfig


class GcmTrackerConfig(AppConfig):
    name = "gcm_tracker"
    verbose_name = "GCM Tracker"
