"""The follow-up and review of the compact: its calendar, States' voluntary reviews,
the indicator framework and the recommendations on missing migrants.

Dependencies point one way (reviews → pledges → objectives): the link between a
pledge and the event where it was announced lives here (`PledgeAnnouncement`),
not on the pledge. Reference rows (objectives, States, pledges, cycles, events)
are PROTECTed; only a review's own assessments CASCADE with it.

Rules of meaning (who may do what, which transitions are allowed) live in
services.py; the invariants that must hold whoever writes live here.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.history import audited
from objectives.models import Objective
from pledges.models import Actor, Pledge


class ReviewCycle(models.Model):
    """Four years of review ending with an IMRF: 2019–2022, 2023–2026, 2027–2030…"""

    name = models.CharField(_("name"), max_length=20, unique=True, help_text=_("“2023–2026”."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(fields=["start_date"], name="reviewcycle_unique_start"),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="reviewcycle_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewEvent(models.Model):
    """A dated step of the calendar: a regional review, an IMRF, a report, a plenary."""

    class Kind(models.TextChoices):
        REGIONAL_REVIEW = "regional_review", _("Regional review")
        IMRF = "imrf", _("International Migration Review Forum")
        SG_REPORT = "sg_report", _("Report of the Secretary-General")
        GA_PLENARY = "ga_plenary", _("General Assembly plenary")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    # Null only for what precedes the first cycle (the adoption in 2018).
    cycle = models.ForeignKey(
        ReviewCycle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("cycle"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    dates_provisional = models.BooleanField(
        _("dates provisional"),
        default=False,
        help_text=_("The texts give a period, not the dates: the dates stand for that period."),
    )
    place = models.CharField(_("place"), max_length=120, blank=True, default="")
    region = models.CharField(
        _("region"),
        max_length=60,
        blank=True,
        default="",
        help_text=_("For a regional review: the UN regional commission (ECA…) or the region."),
    )
    symbol = models.CharField(
        _("document symbol"), max_length=40, blank=True, default="", help_text=_("A/76/642.")
    )
    outcome_title = models.CharField(_("outcome document"), max_length=300, blank=True, default="")
    outcome_url = models.URLField(_("outcome document URL"), blank=True, default="")
    reviews_due_date = models.DateField(
        _("reviews due"),
        null=True,
        blank=True,
        help_text=_("When voluntary reviews feeding this event are due; the start date if empty."),
    )
    source_file = models.CharField(_("evidence: file"), max_length=120, blank=True, default="")
    source_line = models.PositiveIntegerField(_("evidence: line"), null=True, blank=True)
    # What the text says of the date, where it gives only a period ("2024–2025, second
    # round"), and the words of its line that say so.
    as_stated = models.CharField(_("as the text states it"), max_length=200, blank=True, default="")
    source_quote = models.TextField(_("evidence: quote"), blank=True, default="")
    # `?updated_since=` of the events API; the calendar loader sets it on each change.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        ordering = ["start_date", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="reviewevent_end_after_start"
            ),
        ]
        indexes = [
            # GET /api/v1/events/?kind=imrf&year=2026, and a cycle's IMRF for a new review.
            models.Index(fields=["kind", "start_date"], name="reviewevent_kind_start_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def due_date(self):
        return self.reviews_due_date or self.start_date


class PledgeAnnouncement(models.Model):
    """The event at which a pledge was announced (a pledge is announced once).

    Kept on the reviews side so that pledges never depend on reviews.
    """

    pledge = models.OneToOneField(
        Pledge, on_delete=models.CASCADE, related_name="announcement", verbose_name=_("pledge")
    )
    event = models.ForeignKey(
        ReviewEvent,
        on_delete=models.PROTECT,
        related_name="announcements",
        verbose_name=_("event"),
    )

    history = audited()

    class Meta:
        verbose_name = _("pledge announcement")
        verbose_name_plural = _("pledge announcements")
        ordering = ["event__start_date", "pledge__code"]

    def __str__(self) -> str:
        return f"{self.pledge_id} at {self.event_id}"


class RoundTable(models.Model):
    """A round table of an IMRF and the objectives it covered (from the outcome text)."""

    event = models.ForeignKey(
        ReviewEvent, on_delete=models.CASCADE, related_name="round_tables", verbose_name=_("event")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300, blank=True, default="")
    objectives = models.ManyToManyField(
        Objective,
        through="RoundTableObjective",
        related_name="round_tables",
        verbose_name=_("objectives"),
    )
    source_line = models.PositiveIntegerField(_("line of the heading"), null=True, blank=True)

    class Meta:
        verbose_name = _("round table")
        verbose_name_plural = _("round tables")
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="roundtable_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="roundtable_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Round table {self.number}"


class RoundTableObjective(models.Model):
    # An explicit link table so that the objective side can PROTECT: a compact reload
    # that would drop an objective a round table covered is refused, not silently
    # thinned (a plain M2M would cascade the link away).
    round_table = models.ForeignKey(
        RoundTable, on_delete=models.CASCADE, related_name="objective_links"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="round_table_links"
    )

    class Meta:
        verbose_name = _("round-table objective")
        verbose_name_plural = _("round-table objectives")
        ordering = ["round_table", "objective__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["round_table", "objective"], name="roundtableobjective_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_table_id} → objective {self.objective_id}"


class MissingMigrantsRecommendation(models.Model):
    """A lettered recommendation of the 2024 SG report's annex on missing migrants."""

    class Area(models.TextChoices):
        # The slugs the parser gives (reviews.source_texts.RECOMMENDATION_AREAS).
        PREVENTION = "prevention", _("Prevention")
        SEARCH = "search-and-identification", _("Search and identification")
        FAMILIES = "support-to-families", _("Support to families")
        JUSTICE = "justice-and-accountability", _("Justice and accountability")
        DATA = "data-and-foresight", _("Data and foresight")

    area = models.CharField(_("area"), max_length=40, choices=Area.choices)
    area_title = models.CharField(_("area heading"), max_length=300)
    area_order = models.PositiveSmallIntegerField(_("area order"))
    letter = models.CharField(_("letter"), max_length=2)
    text = models.TextField(_("text"))
    objectives = models.ManyToManyField(
        Objective,
        through="RecommendationObjective",
        related_name="missing_migrants_recommendations",
        verbose_name=_("objectives"),
    )
    source_line = models.PositiveIntegerField(_("line in the report"), null=True, blank=True)

    class Meta:
        verbose_name = _("recommendation on missing migrants")
        verbose_name_plural = _("recommendations on missing migrants")
        ordering = ["area_order", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["area", "letter"], name="recommendation_unique_letter"),
            # Letters run a…z then UN-style aa, bb…: lower case only.
            models.CheckConstraint(
                condition=Q(letter__gte="a", letter__lte="zz"), name="recommendation_letter_lower"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()} ({self.letter})"


class RecommendationObjective(models.Model):
    # Explicit link table: PROTECT the objective, as for round tables.
    recommendation = models.ForeignKey(
        MissingMigrantsRecommendation, on_delete=models.CASCADE, related_name="objective_links"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="recommendation_links"
    )

    class Meta:
        verbose_name = _("recommendation objective")
        verbose_name_plural = _("recommendation objectives")
        ordering = ["recommendation", "objective__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "objective"], name="recommendationobjective_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id} → objective {self.objective_id}"


class VoluntaryReview(models.Model):
    """A State's voluntary national review of its implementation, for one cycle."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned")

    class Plan(models.TextChoices):
        NONE = "none", _("None")
        IN_PREPARATION = "in_preparation", _("In preparation")
        ADOPTED = "adopted", _("Adopted")

    state = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Actor.Kind.STATE},
        related_name="voluntary_reviews",
        verbose_name=_("Member State"),
    )
    cycle = models.ForeignKey(
        ReviewCycle,
        on_delete=models.PROTECT,
        related_name="voluntary_reviews",
        verbose_name=_("cycle"),
    )
    event = models.ForeignKey(
        ReviewEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voluntary_reviews",
        verbose_name=_("event it feeds"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    return_reason = models.TextField(_("reason for return"), blank=True, default="")
    plan = models.CharField(
        _("national implementation plan"),
        max_length=16,
        choices=Plan.choices,
        default=Plan.NONE,
    )
    plan_url = models.URLField(_("plan: link"), blank=True, default="")
    plan_document = models.FileField(
        _("plan: document"), upload_to="reviews/plans/%Y/", blank=True, default=""
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="voluntary_reviews_created",
        verbose_name=_("created by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("voluntary national review")
        verbose_name_plural = _("voluntary national reviews")
        ordering = ["cycle__start_date", "state__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["state", "cycle"], name="review_unique_state_cycle"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="review_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["submitted", "published"]) | Q(submitted_at__isnull=False),
                name="review_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="review_published_has_date",
            ),
        ]
        indexes = [
            # The public list (status=published) within a cycle.
            models.Index(fields=["status", "cycle"], name="review_status_cycle_idx"),
        ]

    # Drafts and returned reviews: their State's focal points edit and submit them.
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    def __str__(self) -> str:
        return f"{self.state} — {self.cycle}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def due_date(self):
        # No query when event_id is None: Django returns None without looking.
        event = self.event
        return event.due_date if event is not None else None


class ObjectiveAssessment(models.Model):
    """How far a State has got with one objective, in one review."""

    class Level(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        PLANNING = "planning", _("Planning")
        IN_PROGRESS = "in_progress", _("In progress")
        ADVANCED = "advanced", _("Advanced")
        ACHIEVED = "achieved", _("Achieved")

    review = models.ForeignKey(
        VoluntaryReview,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("review"),
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.PROTECT,
        related_name="review_assessments",
        verbose_name=_("objective"),
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    narrative = models.TextField(_("narrative"), blank=True, default="")
    challenges = models.TextField(_("challenges"), blank=True, default="")
    # The language the text is written in (one of the six), whatever the page's: set by
    # the service, from the writer's language unless they say otherwise.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Only the State's own pledges (checked by the service); a deleted pledge
    # simply stops being cited.
    pledges = models.ManyToManyField(
        Pledge, blank=True, related_name="review_assessments", verbose_name=_("pledges")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("objective assessment")
        verbose_name_plural = _("objective assessments")
        ordering = ["review", "objective__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "objective"], name="assessment_unique_objective"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} — objective {self.objective_id}: {self.get_level_display()}"


class RecommendationProgress(models.Model):
    """A State's progress on one recommendation on missing migrants, in one review."""

    review = models.ForeignKey(
        VoluntaryReview,
        on_delete=models.CASCADE,
        related_name="recommendation_progress",
        verbose_name=_("review"),
    )
    recommendation = models.ForeignKey(
        MissingMigrantsRecommendation,
        on_delete=models.PROTECT,
        related_name="progress",
        verbose_name=_("recommendation"),
    )
    level = models.CharField(_("level"), max_length=12, choices=ObjectiveAssessment.Level.choices)
    narrative = models.TextField(_("narrative"), blank=True, default="")
    challenges = models.TextField(_("challenges"), blank=True, default="")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("progress on a recommendation")
        verbose_name_plural = _("progress on recommendations")
        ordering = ["review", "recommendation__area_order", "recommendation__letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "recommendation"], name="recommendationprogress_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} — {self.recommendation}: {self.get_level_display()}"


class Indicator(models.Model):
    """An indicator of the GCM framework, curated by staff (never invented by the loader)."""

    class Tier(models.TextChoices):
        CORE = "core", _("Core")
        ADDITIONAL = "additional", _("Additional")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=500)
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("objective")
    )
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    sdg_indicator = models.CharField(
        _("SDG indicator"), max_length=20, blank=True, default="", help_text=_("“10.7.2”.")
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True, default="")
    # Three booleans rather than an array: portable to SQLite and easy to filter.
    by_sex = models.BooleanField(_("by sex"), default=False)
    by_age = models.BooleanField(_("by age"), default=False)
    by_migratory_status = models.BooleanField(_("by migratory status"), default=False)

    history = audited()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["objective__number", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def disaggregations(self) -> list[str]:
        flags = {
            "sex": self.by_sex,
            "age": self.by_age,
            "migratory_status": self.by_migratory_status,
        }
        return [name for name, on in flags.items() if on]


class IndicatorValue(models.Model):
    """One State's value of an indicator for one year, from one kind of source: the
    State's own figure and an international source's for the same year sit side by
    side, never merged (issue 19)."""

    class SourceKind(models.TextChoices):
        NATIONAL = "national", _("Self-reported by the State")
        INTERNATIONAL = "international", _("International source")
        CIVIL_SOCIETY = "civil-society", _("Civil society")
        NETWORK = "network", _("Network estimate")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    state = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Actor.Kind.STATE},
        related_name="indicator_values",
        verbose_name=_("Member State"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    source_kind = models.CharField(
        _("source kind"), max_length=16, choices=SourceKind.choices, default=SourceKind.NATIONAL
    )
    source = models.CharField(_("source"), max_length=300, blank=True, default="")
    source_url = models.URLField(_("source URL"), blank=True, default="")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator__code", "state__code", "year", "source_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "state", "year", "source_kind"],
                name="indicatorvalue_unique_year_source",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1950, year__lte=2100), name="indicatorvalue_year_range"
            ),
        ]
        indexes = [
            # GET /api/v1/indicator-values/?state=KEN&year=2024 (indicator-first is the unique).
            models.Index(fields=["state", "year"], name="indicatorvalue_state_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.state_id} {self.year}: {self.value}"


class DeclarationCommitment(models.Model):
    """A recommended action of the IMRF 2022 Progress Declaration (paras 51–76), as
    `seed` reads it from the text: its number, words and kind (its opening verb)."""

    class Kind(models.TextChoices):
        COMMIT = "commit", _("We commit")
        WILL = "will", _("We will")
        AIM = "aim", _("We aim")
        REQUEST = "request", _("We request")
        INVITE = "invite", _("We invite")
        ENCOURAGE = "encourage", _("We encourage")
        WELCOME = "welcome", _("We welcome")
        TAKE_NOTE = "take-note", _("We take note")

    number = models.PositiveSmallIntegerField(_("paragraph"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("text"))
    source_line = models.PositiveIntegerField(_("line in the declaration"))
    objectives = models.ManyToManyField(
        Objective,
        through="CommitmentObjective",
        related_name="declaration_commitments",
        verbose_name=_("objectives"),
    )

    # Not a field: the declaration page (reviews.text_views) sets the commitment's
    # targets here, read in one query for every commitment.
    target_rows: "list[Target]"

    class Meta:
        verbose_name = _("Progress Declaration commitment")
        verbose_name_plural = _("Progress Declaration commitments")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class CommitmentObjective(models.Model):
    """A commitment serves an objective: read from the text ("objective 20") or curated
    by Network staff, who are recorded with the time."""

    commitment = models.ForeignKey(
        DeclarationCommitment,
        on_delete=models.CASCADE,
        related_name="objective_links",
        verbose_name=_("commitment"),
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.PROTECT,
        related_name="commitment_links",
        verbose_name=_("objective"),
    )
    from_text = models.BooleanField(
        _("stated in the text"), default=False, help_text=_("False: curated by staff.")
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

    history = audited()

    class Meta:
        verbose_name = _("commitment objective")
        verbose_name_plural = _("commitment objectives")
        ordering = ["commitment__number", "objective__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "objective"], name="commitmentobjective_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} → {self.objective_id}"


class Target(models.Model):
    """A numeric target a text sets: a baseline, a goal, the indicator measuring it and
    the paragraph that set it (para 67: remittance costs from 6.3 % to under 3 %)."""

    class Comparison(models.TextChoices):
        BELOW = "below", _("less than")
        AT_MOST = "at-most", _("at most")
        AT_LEAST = "at-least", _("at least")
        ABOVE = "above", _("more than")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True, default="")
    objective = models.ForeignKey(
        Objective,
        on_delete=models.PROTECT,
        related_name="targets",
        null=True,
        blank=True,
        verbose_name=_("objective"),
    )
    commitment = models.ForeignKey(
        DeclarationCommitment,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("set by"),
    )
    baseline_value = models.DecimalField(_("baseline"), max_digits=12, decimal_places=4)
    baseline_period = models.CharField(_("baseline period"), max_length=80)
    baseline_source = models.CharField(_("baseline source"), max_length=300, blank=True, default="")
    goal_value = models.DecimalField(_("goal"), max_digits=12, decimal_places=4)
    goal_comparison = models.CharField(
        _("goal comparison"), max_length=10, choices=Comparison.choices
    )
    goal_year = models.PositiveSmallIntegerField(_("goal year"))
    sdg_indicator = models.CharField(
        _("SDG indicator"), max_length=20, blank=True, default="", help_text=_("“10.c.1”.")
    )
    sentence = models.TextField(_("sentence that sets it"))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


class TargetValue(models.Model):
    """A measured value of a target, for one State or the world, at a year or period."""

    class SourceKind(models.TextChoices):
        SELF_REPORTED = "self-reported", _("Self-reported")
        INTERNATIONAL = "international", _("International source")

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="values", verbose_name=_("target")
    )
    state = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": Actor.Kind.STATE},
        related_name="target_values",
        verbose_name=_("Member State"),
        help_text=_("Empty for the global value."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(
        _("period"), max_length=40, blank=True, default="", help_text=_("“Q3 2021”.")
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=4)
    source_kind = models.CharField(_("source kind"), max_length=16, choices=SourceKind.choices)
    source = models.CharField(_("source"), max_length=300, blank=True, default="")
    source_url = models.URLField(_("source link"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("target value")
        verbose_name_plural = _("target values")
        ordering = ["target", "state__code", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "state", "year", "period"],
                nulls_distinct=False,
                name="targetvalue_unique_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_id} {self.state_id or 'world'} {self.year}: {self.value}"


class Report(models.Model):
    """A report of the Secretary-General on the compact, as shipped in fixtures/reviews/
    (listed in reports.json): its paragraphs, the States they name and the facts they
    state are read from the text by reviews.mentions."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    symbol = models.CharField(
        _("document symbol"), max_length=40, blank=True, default="", help_text=_("A/76/642.")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    session = models.PositiveSmallIntegerField(_("General Assembly session"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)

    class Meta:
        verbose_name = _("Secretary-General report")
        verbose_name_plural = _("Secretary-General reports")
        ordering = ["year", "slug"]

    def __str__(self) -> str:
        return f"{self.title} ({self.symbol or self.year})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reviews:report", kwargs={"slug": self.slug})


class ReportParagraph(models.Model):
    """A block of a report in the text's order: the summary, a numbered paragraph, a box,
    an annex paragraph. `key` is its anchor on the report's page ("24", "box-2",
    "annex-3")."""

    class Kind(models.TextChoices):
        SUMMARY = "summary", _("Summary")
        PARAGRAPH = "paragraph", _("Paragraph")
        BOX = "box", _("Box")
        ANNEX = "annex", _("Annex paragraph")

    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,  # a report's paragraphs are its text
        related_name="paragraphs",
        verbose_name=_("report"),
    )
    key = models.CharField(_("key"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))
    section = models.CharField(_("section"), max_length=300, blank=True, default="")
    heading = models.CharField(_("heading"), max_length=300, blank=True, default="")
    subheading = models.CharField(_("sub-heading"), max_length=300, blank=True, default="")
    text = models.TextField(_("text"))
    line = models.PositiveIntegerField(_("line in the source"))

    class Meta:
        verbose_name = _("report paragraph")
        verbose_name_plural = _("report paragraphs")
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="reportparagraph_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.key}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return f"{reverse('reviews:report', kwargs={'slug': self.report.slug})}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"para-{self.key}"

    @property
    def where(self) -> str:
        """The heading a reader looks for: "D. Ensuring fair …", or the section's."""
        return self.subheading or self.heading or self.section


class PledgeCommitment(models.Model):
    """A pledge cites a Progress Declaration commitment it helps to carry out.

    Kept on the reviews side so that pledges never depend on reviews; set by
    `reviews.services.pledge_commitment_set`, read through `reviews.selectors`."""

    pledge = models.ForeignKey(
        Pledge,
        on_delete=models.CASCADE,
        related_name="commitment_links",
        verbose_name=_("pledge"),
    )
    commitment = models.ForeignKey(
        DeclarationCommitment,
        on_delete=models.CASCADE,
        related_name="pledge_links",
        verbose_name=_("Progress Declaration commitment"),
    )

    history = audited()

    class Meta:
        verbose_name = _("commitment a pledge cites")
        verbose_name_plural = _("commitments pledges cite")
        constraints = [
            models.UniqueConstraint(fields=["pledge", "commitment"], name="pledgecommitment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id} → {self.commitment_id}"


class CommitmentProgress(models.Model):
    """A State's progress on one Progress Declaration commitment, in one review."""

    review = models.ForeignKey(
        VoluntaryReview,
        on_delete=models.CASCADE,
        related_name="commitment_progress",
        verbose_name=_("review"),
    )
    commitment = models.ForeignKey(
        DeclarationCommitment,
        on_delete=models.PROTECT,
        related_name="progress",
        verbose_name=_("Progress Declaration commitment"),
    )
    level = models.CharField(_("level"), max_length=12, choices=ObjectiveAssessment.Level.choices)
    narrative = models.TextField(_("narrative"), blank=True, default="")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("progress on a declaration commitment")
        verbose_name_plural = _("progress on declaration commitments")
        ordering = ["review", "commitment__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "commitment"], name="commitmentprogress_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} — {self.commitment_id}: {self.get_level_display()}"


class StateAlias(models.Model):
    """A name the texts give a Member State that neither the stored name nor ISO 3166
    gives ("Türkiye", "the Sudan"): the report mention matcher finds the State by it.

    Staff keep the list in the admin; the matcher reads it when the reports are loaded
    again (`manage.py seed`)."""

    state_code = models.CharField(
        _("State (ISO 3166 alpha-3)"),
        max_length=3,
        help_text=_("The three-letter code of the Member State, e.g. TUR."),
    )
    name = models.CharField(
        _("name as the texts give it"),
        max_length=120,
        unique=True,
        help_text=_('A leading "the" is optional: "the Sudan" also finds "Sudan".'),
    )

    history = audited()

    class Meta:
        verbose_name = _("State alias")
        verbose_name_plural = _("State aliases")
        ordering = ["state_code", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.state_code})"

    def clean(self) -> None:
        import pycountry

        self.state_code = self.state_code.strip().upper()
        self.name = " ".join(self.name.split())
        if pycountry.countries.get(alpha_3=self.state_code) is None:
            raise ValidationError({"state_code": _("Not an ISO 3166 alpha-3 code of a country.")})


class Mention(models.Model):
    """A sentence of a report that names a Member State, as the loader finds it."""

    paragraph = models.ForeignKey(
        ReportParagraph,
        on_delete=models.CASCADE,
        related_name="mentions",
        verbose_name=_("paragraph"),
    )
    state = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Actor.Kind.STATE},
        related_name="report_mentions",
        verbose_name=_("Member State"),
    )
    sentence_index = models.PositiveSmallIntegerField(_("sentence in the paragraph"))
    sentence = models.TextField(_("sentence"))
    name_as_written = models.CharField(_("name as written"), max_length=120)

    class Meta:
        verbose_name = _("mention in a report")
        verbose_name_plural = _("mentions in reports")
        ordering = ["paragraph__report__year", "paragraph__order", "sentence_index", "state__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "state", "sentence_index"], name="mention_unique_sentence"
            ),
        ]
        indexes = [
            # A country page and /api/v1/mentions/?state=KEN: one State's mentions.
            models.Index(fields=["state", "paragraph"], name="mention_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.state_id} in {self.paragraph}"


class StatedFact(models.Model):
    """A fact a report states outright, with its sentence: a State's national
    implementation plan, the number of champion countries in a year."""

    class Kind(models.TextChoices):
        NATIONAL_PLAN = "national-plan", _("National implementation plan")
        CHAMPION_COUNTRIES = "champion-countries", _("Number of champion countries")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    paragraph = models.ForeignKey(
        ReportParagraph,
        on_delete=models.CASCADE,
        related_name="facts",
        verbose_name=_("paragraph"),
    )
    state = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": Actor.Kind.STATE},
        related_name="stated_facts",
        verbose_name=_("Member State"),
    )
    value = models.PositiveIntegerField(_("value"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sentence = models.TextField(_("sentence"))

    class Meta:
        verbose_name = _("stated fact")
        verbose_name_plural = _("stated facts")
        ordering = ["kind", "year", "state__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "kind", "state"],
                nulls_distinct=False,
                name="statedfact_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.state_id or ''} {self.year}: {self.value or ''}".strip()


class SnapshotAltered(Exception):
    """A snapshot's stored content no longer matches its checksum."""


class SnapshotQuerySet(models.QuerySet):
    """No bulk path around the model's refusal: a snapshot is written once, never
    updated nor deleted."""

    def update(self, **kwargs):
        raise SnapshotAltered("A snapshot is immutable.")

    def delete(self):
        raise SnapshotAltered("A snapshot is immutable.")


class Snapshot(models.Model):
    """The public record frozen at a review event (or on staff demand): canonical JSON
    with its SHA-256. Built by reviews.snapshots, taken by reviews.services.snapshot_take.
    Not audited: it never changes once written."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=250)
    event = models.ForeignKey(
        ReviewEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="snapshots",
        verbose_name=_("event"),
    )
    as_of = models.DateTimeField(_("as of"))
    reconstructed = models.BooleanField(
        _("reconstructed"),
        default=False,
        help_text=_("Built afterwards from the history tables, not taken on the day."),
    )
    content = models.TextField(_("content"), editable=False)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, editable=False)
    pledge_count = models.PositiveIntegerField(_("pledges"), default=0, editable=False)
    note = models.TextField(
        _("note"),
        blank=True,
        default="",
        help_text=_("Why staff took it, when not for an event."),
    )
    created_at = models.DateTimeField(_("taken at"), auto_now_add=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        ordering = ["-as_of", "slug"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise SnapshotAltered("A snapshot is immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SnapshotAltered("A snapshot is immutable.")

    def is_intact(self) -> bool:
        import hashlib

        return hashlib.sha256(self.content.encode()).hexdigest() == self.checksum

    def data(self) -> dict:
        """The frozen record, checked against its checksum first (SnapshotAltered)."""
        import json

        if not self.is_intact():
            raise SnapshotAltered(f"Snapshot {self.slug} does not match its checksum.")
        return json.loads(self.content)


class SnapshotBuild(models.Model):
    """One building of a snapshot in the background (issue 19), and how far it got: the
    staff's page shows "Building… 40 %" and, once done, the snapshot. Written by
    reviews.services (`snapshot_build_start`, `snapshot_build_run`); a job's record,
    not the public record, so not audited."""

    class Stage(models.TextChoices):
        QUEUED = "queued", _("Queued")
        READING = "reading", _("Reading the record")
        ASSEMBLING = "assembling", _("Assembling the pledges")
        STORING = "storing", _("Storing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(
        ReviewEvent,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="snapshot_builds",
        verbose_name=_("event"),
    )
    label = models.CharField(_("label"), max_length=250, blank=True, default="")
    note = models.TextField(
        _("note"), blank=True, default="", help_text=_("Why it is taken (the snapshot keeps it).")
    )
    as_of = models.DateTimeField(
        _("as of"),
        null=True,
        blank=True,
        help_text=_("A past moment to reconstruct from the history tables; empty: now."),
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.QUEUED)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    snapshot = models.ForeignKey(
        Snapshot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="builds",
        verbose_name=_("snapshot"),
    )
    error = models.TextField(_("error"), blank=True, default="")
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("snapshot build")
        verbose_name_plural = _("snapshot builds")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_done__lte=F("rows_total")), name="snapshotbuild_rows_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.label or (self.event.title if self.event else f"snapshot build {self.pk}")

    @property
    def percent(self) -> int:
        """How far it got: reading is the first tenth, assembling up to 90 %, storing
        the rest."""
        if self.stage == self.Stage.DONE:
            return 100
        if self.stage in (self.Stage.QUEUED, self.Stage.FAILED):
            return 0
        if self.stage == self.Stage.READING:
            return 5
        if self.stage == self.Stage.STORING:
            return 95
        share = self.rows_done / self.rows_total if self.rows_total else 1
        return 10 + int(80 * share)

    @property
    def is_running(self) -> bool:
        return self.stage not in (self.Stage.DONE, self.Stage.FAILED)
