"""The compact's text as data: guiding principles, objectives and their actions.

This app knows nothing of pledges or reviews; they point into it.
Rows are keyed by the compact's own natural keys (objective number, action
letter, principle slug) so that loading another edition updates them in place.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import audited


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
    # English for the edition the rows are read from; another of the six for a
    # translation of them (`compact_edition_load`).
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
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
    history = audited()

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
    adopted_title = models.CharField(
        _("adopted title"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("The title as adopted, where a text gives it (the Progress Declaration)."),
    )

    # Staff corrections are audited: who changed which words, when.
    history = audited()

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
    history = audited()

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


class Paragraph(models.Model):
    """A numbered paragraph of one edition of the compact, or one of its sub-items.

    The whole text in order, as `load_compact` reads it: the unnumbered opening
    (number 0), paragraphs 1 … n and their lettered items ("a") and roman sub-items
    ("a.i"); the principles paragraph's items are the principles (keyed by slug).
    Objectives, actions and principles find their place by natural key: their source,
    their paragraph number and their letter or slug.
    """

    class Section(models.TextChoices):
        OPENING = "opening", _("Opening")
        PREAMBLE = "preamble", _("Preamble")
        VISION = "vision", _("Vision")
        PRINCIPLES = "principles", _("Guiding principles")
        OBJECTIVES = "objectives", _("Objectives and commitments")
        IMPLEMENTATION = "implementation", _("Implementation")
        FOLLOW_UP = "follow-up", _("Follow-up and review")

    source = models.ForeignKey(
        CompactSource,
        on_delete=models.CASCADE,  # a source's paragraphs are its text
        related_name="paragraphs",
        verbose_name=_("source"),
    )
    order = models.PositiveSmallIntegerField(_("order"))
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("0 for the opening."))
    item = models.CharField(
        _("item"),
        max_length=80,
        blank=True,
        default="",
        help_text=_("“” for the paragraph, “a” for an item, “a.i” for a sub-item, a slug."),
    )
    label = models.CharField(_("label"), max_length=120, blank=True, default="")
    text = models.TextField(_("text"))
    section_heading = models.CharField(_("section heading"), max_length=200, blank=True, default="")
    heading = models.CharField(_("heading"), max_length=400, blank=True, default="")
    intro = models.CharField(
        _("list introduction"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("The line introducing the paragraph's list, where it stands apart."),
    )
    line = models.PositiveIntegerField(_("line in the source"))

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["source", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "number", "item"], name="paragraph_unique_number_item"
            ),
            # Deferred: a new reading of the same text may shift rows' order in place.
            models.UniqueConstraint(
                fields=["source", "order"],
                name="paragraph_unique_order",
                deferrable=models.Deferrable.DEFERRED,
            ),
        ]
        indexes = [
            # /api/v1/paragraphs/?section=…: the current source's rows of one section.
            models.Index(fields=["source", "section", "order"], name="paragraph_section_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number}{self.marker if self.item else ''}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return f"{reverse('objectives:compact')}#{self.anchor}"

    @property
    def depth(self) -> int:
        return 0 if not self.item else (2 if "." in self.item else 1)

    @property
    def marker(self) -> str:
        """How a reference names it: "42", "(a)", "(a)(i)", or a principle's name."""
        if not self.item:
            return str(self.number) if self.number else ""
        if self.section == self.Section.PRINCIPLES:
            return self.label
        return "".join(f"({part})" for part in self.item.split("."))

    @property
    def anchor(self) -> str:
        """The fragment of its place on /compact/: "para-42", "para-42-a-i"."""
        if self.number == 0:
            return "opening"
        return "-".join(["para", str(self.number), *self.item.split(".")]).rstrip("-")


def compact_anchor(paragraph: int, item: str = "") -> str:
    """The /compact/ fragment of a paragraph or item by its natural key."""
    return "-".join(["para", str(paragraph), *item.split(".")]) if item else f"para-{paragraph}"


class SdgLink(models.Model):
    """A place where a text names a 2030 Agenda target or indicator by number ("in line
    with target 10.c", "SDG indicator 10.7.1"), with the sentence that says so.

    Read from the texts by the loaders (the compact's by objectives.sdg, the reports' and
    the Progress Declaration's by reviews.sdg_links) or added by Network staff
    (`curated`, with who and when). `document` names the text ("compact",
    "sg-report-2021", …) so that this app needs to know nothing of the others.
    """

    class Kind(models.TextChoices):
        TARGET = "target", _("SDG target")
        INDICATOR = "indicator", _("SDG indicator")

    document = models.SlugField(
        _("text"), max_length=80, help_text=_("“compact”, “sg-report-2021”.")
    )
    document_title = models.CharField(_("text title"), max_length=300)
    paragraph = models.CharField(
        _("paragraph"), max_length=40, help_text=_("As the text numbers it: “35(a)”, “24”.")
    )
    url = models.CharField(
        _("link to the paragraph"), max_length=300, blank=True, default="", help_text=_("A path.")
    )
    sentence = models.TextField(_("sentence"))
    code = models.CharField(_("SDG code"), max_length=12, help_text=_("“10.c”, “10.7.1”."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    goal = models.PositiveSmallIntegerField(_("goal"))
    sdg_target = models.CharField(
        _("SDG target"), max_length=8, help_text=_("The target, or the indicator's target.")
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sdg_links",
        verbose_name=_("objective"),
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sdg_links",
        verbose_name=_("action"),
    )
    order = models.PositiveIntegerField(_("order in the text"), default=0)
    curated = models.BooleanField(
        _("curated by staff"), default=False, help_text=_("False: read from the text.")
    )
    curated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("curated by"),
    )
    curated_at = models.DateTimeField(_("curated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SDG link")
        verbose_name_plural = _("SDG links")
        ordering = ["document", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "paragraph", "code"], name="sdglink_unique_reference"
            ),
            models.CheckConstraint(
                condition=Q(goal__gte=1, goal__lte=17), name="sdglink_goal_range"
            ),
            models.CheckConstraint(
                condition=Q(curated=False) | Q(curated_by__isnull=False),
                name="sdglink_curated_has_curator",
            ),
        ]
        indexes = [
            # /api/v1/sdg-links/?sdg_target=10.7 (an objective's links use the FK index).
            models.Index(fields=["sdg_target", "code"], name="sdglink_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document} {self.paragraph} → {self.code}"


# --- The compact in the other UN languages ------------------------------------------------
# An edition in another language translates the rows of the English one, keyed by them;
# a page in that language shows the translation where there is one (selectors.py:
# `in_language`), and the English text, marked lang="en", where there is none.


class ObjectiveTranslation(models.Model):
    source = models.ForeignKey(
        CompactSource,
        on_delete=models.CASCADE,  # an edition's texts are its own
        related_name="objective_translations",
        verbose_name=_("source"),
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("objective"),
    )
    title = models.CharField(_("title"), max_length=300)
    commitment = models.TextField(_("commitment"), blank=True, default="")

    class Meta:
        verbose_name = _("objective translation")
        verbose_name_plural = _("objective translations")
        ordering = ["source", "objective__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "objective"], name="objectivetranslation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective.number} ({self.source.language})"


class ActionTranslation(models.Model):
    source = models.ForeignKey(
        CompactSource,
        on_delete=models.CASCADE,
        related_name="action_translations",
        verbose_name=_("source"),
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="translations", verbose_name=_("action")
    )
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("action translation")
        verbose_name_plural = _("action translations")
        ordering = ["source", "action__objective__number", "action__order"]
        constraints = [
            models.UniqueConstraint(fields=["source", "action"], name="actiontranslation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.action.label} ({self.source.language})"


class PrincipleTranslation(models.Model):
    source = models.ForeignKey(
        CompactSource,
        on_delete=models.CASCADE,
        related_name="principle_translations",
        verbose_name=_("source"),
    )
    principle = models.ForeignKey(
        GuidingPrinciple,
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("guiding principle"),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, default="")

    class Meta:
        verbose_name = _("guiding principle translation")
        verbose_name_plural = _("guiding principle translations")
        ordering = ["source", "principle__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "principle"], name="principletranslation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.principle.slug} ({self.source.language})"
