from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .languages import remember_preferred_language

        # The preferred language is read once, at sign-in, and kept in the session.
        user_logged_in.connect(remember_preferred_language, dispatch_uid="accounts.language")
