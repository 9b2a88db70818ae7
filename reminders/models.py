"""What reminders were sent: the claim that makes each go once (services.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .registry import kind_choices


class SentReminder(models.Model):
    """A reminder claimed for one recipient, about one object, on one occasion.

    The unique constraint is what makes a reminder go out once however often the
    daily job runs or retries: a run inserts the row first and sends only if the
    insert succeeded (a failed send deletes it again, for the next run to retry).
    """

    # The kinds are the apps' (registry.py): a callable, so that a new kind needs no
    # migration.
    kind = models.CharField(_("kind"), max_length=20, choices=kind_choices)
    # The review's or the pledge's id, by `kind`: a generic key would cost a
    # content-types join for nothing.
    object_id = models.PositiveBigIntegerField(_("object id"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sent_reminders",
        verbose_name=_("recipient"),
    )
    occasion = models.CharField(
        _("occasion"),
        max_length=40,
        help_text=_("Which reminder of the series: “2026-05-18/7d”, “2024-03-01/24m”."),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "recipient", "occasion"],
                name="sentreminder_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_id} → {self.recipient} ({self.occasion})"
