from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import audited


class Profile(models.Model):
    """What a person sets for themselves: for now, the language of their pages and mails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    # "" follows the browser (Accept-Language) on pages, and the site's language in mails.
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["user_id"]

    def __str__(self) -> str:
        return str(self.user)
