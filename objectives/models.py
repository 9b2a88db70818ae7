"""The compact's text as data: guiding principles, objectives and their actions.

This app knows nothing of pledges or reviews; they point into it.
Rows are keyed by the compact's own natural keys (objective number, action
letter, principle slug) so that loading another edition updates them in place.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CompactSource(models.Model):
    """One edition of the compact's text, as loaded by `load_compact`."""

    document = models.CharField(
        _("document"),
        max_length=200,
        default="Global Compact for Safe, Orderly and Regular Migration",
    )
    edition = models.CharField(_("edition"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=255, blank=True, default="")
    sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("compact source")
        verbose_name_plural = _("compact sources")
        ordering = ["-loaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sha256"], name="compactsource_unique_sha256"),
        ]

    def __str__(self) -> str:
        return f"{self.document} — {self.edition}" if self.edition else self.document


class GuidingPrinciple(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"))
    order = models.PositiveSmallIntegerField(_("order"))
    paragraph = models.PositiveSmallIntegerField(_("paragraph"))
    source = models.ForeignKey(
        CompactSource, on_delete=models.PROTECT, related_name="principles", verbose_name=_("source")
    )

    # Staff corrections are audited: who changed which words, when.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name


class Objective(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    commitment = models.TextField(_("commitment"))
    paragraph = models.PositiveSmallIntegerField(
        _("paragraph"), help_text=_("Number of the commitment paragraph in the source edition.")
    )
    source = models.ForeignKey(
        CompactSource, on_delete=models.PROTECT, related_name="objectives", verbose_name=_("source")
    )

    # Staff corrections are audited: who changed which words, when.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="objective_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("objectives:detail", kwargs={"number": self.number})


class Action(models.Model):
    """A lettered action under an objective: "13(a)"."""

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="actions", verbose_name=_("objective")
    )
    letter = models.CharField(_("letter"), max_length=2)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"))
    source = models.ForeignKey(
        CompactSource, on_delete=models.PROTECT, related_name="actions", verbose_name=_("source")
    )

    # Staff corrections are audited: who changed which words, when.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["objective__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "letter"], name="action_unique_letter"),
            models.UniqueConstraint(fields=["objective", "order"], name="action_unique_order"),
            models.CheckConstraint(
                condition=Q(letter__gte="a", letter__lte="zz"), name="action_letter_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return f"{self.objective.get_absolute_url()}#{self.letter}"

    @property
    def label(self) -> str:
        # objective_id is the pk, not the number; selectors select_related("objective").
        return f"{self.objective.number}({self.letter})"
