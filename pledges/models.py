"""Who pledges (actors and their focal points), what they pledged, and how far it has got.

Pledges point into the compact (objectives, actions, principles) through explicit
link tables whose foreign keys PROTECT the compact's rows: reloading the compact
can never silently drop a pledge's links (the loader refuses instead).

Rules of meaning (who may do what, which transitions are allowed, file types)
live in services.py; the invariants that must hold whoever writes live here as
named constraints.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.indexes import OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Lower, Upper
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from core.history import LinkHistory, audited
from core.indexes import PostgresGinIndex
from objectives.models import Action, GuidingPrinciple, Objective

DESCRIPTION_MIN_LENGTH = 300
DESCRIPTION_MAX_LENGTH = 3000


class Actor(models.Model):
    """A Member State or a stakeholder organisation that can make pledges."""

    class Kind(models.TextChoices):
        STATE = "state", _("Member State")
        STAKEHOLDER = "stakeholder", _("Stakeholder")

    class Category(models.TextChoices):
        # The compact's list of stakeholders (para 43 of Rev 2), plus UN entities,
        # which pledge too.
        MIGRANTS = "migrants", _("Migrants")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        MIGRANT_DIASPORA = "migrant_diaspora", _("Migrant and diaspora organisations")
        FAITH_BASED = "faith_based", _("Faith-based organisations")
        LOCAL_AUTHORITIES = "local_authorities", _("Local authorities and communities")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        TRADE_UNIONS = "trade_unions", _("Trade unions")
        PARLIAMENTARIANS = "parliamentarians", _("Parliamentarians")
        NHRI = "nhri", _("National human rights institutions")
        RED_CROSS = "red_cross", _("Red Cross and Red Crescent Movement")
        ACADEMIA = "academia", _("Academia")
        MEDIA = "media", _("Media")
        UN_ENTITY = "un_entity", _("UN entity")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("ISO 3166 alpha-3 code for a State (KEN), a lower-case slug otherwise."),
    )
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"), blank=True, default="")
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, blank=True, default=""
    )
    region = models.CharField(_("region (UN M49)"), max_length=40, blank=True, default="")
    subregion = models.CharField(_("sub-region (UN M49)"), max_length=60, blank=True, default="")
    is_un_member = models.BooleanField(_("UN Member State"), default=False)

    history = audited()

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["kind", "name", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind="state",
                    category="",
                    code=Upper("code"),
                )
                & Q(Exact(Length("code"), 3))
                & ~Q(country="")
                | Q(kind="stakeholder", code=Lower("code")) & ~Q(category=""),
                name="actor_kind_shape",
                violation_error_message=_(
                    "A Member State has a three-letter upper-case code and a country and no "
                    "category; a stakeholder has a lower-case code and a category."
                ),
            ),
        ]
        indexes = [
            # GET /api/v1/actors/?kind=state&region=Africa and the pledge filters on region.
            models.Index(fields=["kind", "region"], name="actor_kind_region_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class FocalPoint(models.Model):
    """A user who speaks for an actor: drafts its pledges and reports progress."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_points",
        verbose_name=_("user"),
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="focal_points", verbose_name=_("actor")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # A focal point grants access: who gave or took it is on record.
    history = audited()

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["actor__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "actor"], name="focalpoint_unique_user_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.actor}"


class Counter(models.Model):
    """A named counter, incremented under a row lock, for public numbers never reused.

    Unlike max(code) + 1, a counter does not hand out a deleted pledge's number again;
    unlike a PostgreSQL sequence it works the same on the embedded SQLite default.
    """

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    value = models.PositiveBigIntegerField(_("last value"), default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class Pledge(models.Model):
    class Mode(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        COMMON = "common", _("Common pledge")
        PARTNERSHIP = "partnership", _("Pledge in partnership")
        MATCHING = "matching", _("Matching pledge")

    class Type(models.TextChoices):
        FINANCIAL = "financial", _("Financial contribution")
        HUMAN_RESOURCES = "human_resources", _("Human-resource contribution")
        PROCESS = "process", _("Process-oriented")
        POLICY = "policy", _("Policy-oriented")

    class Scope(models.TextChoices):
        LOCAL = "local", _("Local")
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")
        GLOBAL = "global", _("Global")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Implementation(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        FULFILLED = "fulfilled", _("Fulfilled")
        DISCONTINUED = "discontinued", _("Discontinued")

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    # The language the text is written in (one of the six), whatever the page's: set by
    # the service, from the writer's language unless they say otherwise.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    lead = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="led_pledges", verbose_name=_("lead actor")
    )
    # Every actor ever invited, whatever it answered: `Partnership.status` says whether it
    # pledges (accepted). Counts and public lists read accepted partnerships only
    # (selectors.py).
    partners = models.ManyToManyField(
        Actor,
        through="Partnership",
        blank=True,
        related_name="partner_pledges",
        verbose_name=_("partners"),
    )
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices)
    pledge_type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    objectives = models.ManyToManyField(
        Objective,
        through="PledgeObjective",
        related_name="pledges",
        verbose_name=_("objectives"),
    )
    actions = models.ManyToManyField(
        Action,
        through="PledgeAction",
        blank=True,
        related_name="pledges",
        verbose_name=_("actions"),
    )
    principles = models.ManyToManyField(
        GuidingPrinciple,
        through="PledgePrinciple",
        blank=True,
        related_name="pledges",
        verbose_name=_("guiding principles"),
    )
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    start_date = models.DateField(_("start date"))
    target_date = models.DateField(_("target date"))
    matches = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matched_by",
        verbose_name=_("matches pledge"),
    )
    document = models.FileField(
        _("supporting document"), upload_to="pledges/documents/%Y/", blank=True, default=""
    )
    # A financial contribution's amount in its ISO 4217 currency (issue 14): both or
    # neither, on financial pledges only. Never converted: totals are per currency.
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, default="", help_text=_("ISO 4217 code.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    return_reason = models.TextField(_("reason for return"), blank=True, default="")
    implementation = models.CharField(
        _("implementation"),
        max_length=12,
        choices=Implementation.choices,
        default=Implementation.NOT_STARTED,
        help_text=_("Follows the latest progress update."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges_created",
        verbose_name=_("created by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # When it last went to staff: the curators' queue is worked oldest first.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Once published, a withdrawn pledge's URL answers 410 Gone with this date.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # Title, description and latest progress narrative as text search lexemes, in the
    # configuration of the pledge's language: kept by the services (pledges/search.py),
    # PostgreSQL only. Derived data: not in the history.
    search_vector = SearchVectorField(null=True, editable=False)

    # Each row also says what the save changed in the objectives, actions and
    # principles (core.history.LinkHistory); the partners are not recorded here.
    history = audited(bases=[LinkHistory], excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    GreaterThanOrEqual(Length("description"), DESCRIPTION_MIN_LENGTH),
                    LessThanOrEqual(Length("description"), DESCRIPTION_MAX_LENGTH),
                ),
                name="pledge_description_length",
            ),
            models.CheckConstraint(
                condition=Q(target_date__gte=F("start_date")), name="pledge_target_after_start"
            ),
            models.CheckConstraint(
                condition=Q(mode="matching", matches__isnull=False)
                | (~Q(mode="matching") & Q(matches__isnull=True)),
                name="pledge_matching_names_a_pledge",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="pledge_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="pledge_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="pledge_withdrawn_has_date",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True, currency="")
                | Q(amount__isnull=False, amount__gt=0, pledge_type="financial") & ~Q(currency=""),
                name="pledge_amount_financial_has_currency",
            ),
        ]
        indexes = [
            # The public list (status=published) and `updated_since` sync queries.
            models.Index(fields=["status", "-updated_at"], name="pledge_status_updated_idx"),
            # The directory's default order (/pledges/, an objective's and a State's
            # pledges: published, newest first, then code): the first page is read off
            # the index instead of a top-N sort of every published pledge.
            models.Index(
                fields=["status", "-published_at", "code"], name="pledge_status_published_idx"
            ),
            # Pledges counted per lead (/countries/, the dashboard) and the status of a
            # partner's pledges, from the index alone (an index-only scan).
            models.Index(fields=["status", "lead", "id"], name="pledge_status_lead_idx"),
            # ?search= (pledges/search.py): words through the stored vector; text in
            # Chinese characters through trigrams on what `icontains` compares, UPPER().
            PostgresGinIndex(fields=["search_vector"], name="pledge_search_idx"),
            PostgresGinIndex(
                OpClass(Upper("title"), name="gin_trgm_ops"), name="pledge_title_trgm_idx"
            ),
            PostgresGinIndex(
                OpClass(Upper("description"), name="gin_trgm_ops"),
                name="pledge_description_trgm_idx",
            ),
        ]

    # Drafts and returned pledges: their lead's focal points edit and submit them.
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
    WITHDRAWABLE_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED, Status.RETURNED)

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_gone(self) -> bool:
        """Withdrawn after it was public: its URL says 410 Gone, not 404 (a pledge
        never published stays a 404, its existence not revealed)."""
        return self.status == self.Status.WITHDRAWN and self.published_at is not None


class PledgeObjective(models.Model):
    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="objective_links", verbose_name=_("pledge")
    )
    # PROTECT: a compact reload that would drop a pledged objective is refused.
    objective = models.ForeignKey(
        Objective,
        on_delete=models.PROTECT,
        related_name="pledge_links",
        verbose_name=_("objective"),
    )
    # Rows of their own (core.lifecycle.apply_links writes them): a snapshot
    # reconstructed for a past moment reads the links as they stood (issue 19).
    history = audited()

    class Meta:
        verbose_name = _("pledge objective")
        verbose_name_plural = _("pledge objectives")
        ordering = ["objective__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "objective"], name="pledgeobjective_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id} → objective {self.objective_id}"


class PledgeAction(models.Model):
    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="action_links", verbose_name=_("pledge")
    )
    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, related_name="pledge_links", verbose_name=_("action")
    )
    # Rows of their own (core.lifecycle.apply_links writes them): a snapshot
    # reconstructed for a past moment reads the links as they stood (issue 19).
    history = audited()

    class Meta:
        verbose_name = _("pledge action")
        verbose_name_plural = _("pledge actions")
        ordering = ["action__objective__number", "action__order"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "action"], name="pledgeaction_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id} → action {self.action_id}"


class PledgePrinciple(models.Model):
    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="principle_links", verbose_name=_("pledge")
    )
    principle = models.ForeignKey(
        GuidingPrinciple,
        on_delete=models.PROTECT,
        related_name="pledge_links",
        verbose_name=_("guiding principle"),
    )
    # Rows of their own (core.lifecycle.apply_links writes them): a snapshot
    # reconstructed for a past moment reads the links as they stood (issue 19).
    history = audited()

    class Meta:
        verbose_name = _("pledge principle")
        verbose_name_plural = _("pledge principles")
        ordering = ["principle__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "principle"], name="pledgeprinciple_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id} → principle {self.principle_id}"


class Partnership(models.Model):
    """An actor invited to join a pledge, and its answer (issue 14).

    Listing a partner invites it; only its own focal points accept (saying what it
    contributes), decline (with a reason) or later leave. Until it accepts, it is not a
    pledging actor: the public sees "invited", counts ignore it.
    """

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        # pgettext: the partner left the pledge (not "left" as a direction).
        LEFT = "left", pgettext_lazy("partnership status", "Left")

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("pledge")
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("actor")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    reason = models.TextField(_("reason"), blank=True, default="")
    share = models.TextField(
        _("share"), blank=True, default="", help_text=_("What this partner contributes.")
    )
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, default="", help_text=_("ISO 4217 code.")
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["pledge", "actor__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "actor"], name="partnership_unique_pair"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(reason=""),
                name="partnership_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="invited") | Q(answered_at__isnull=False),
                name="partnership_answered_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="left") | Q(left_at__isnull=False),
                name="partnership_left_has_date",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True, currency="")
                | Q(amount__isnull=False, amount__gt=0) & ~Q(currency=""),
                name="partnership_amount_has_currency",
            ),
        ]
        indexes = [
            # Counts and public lists: a pledge's accepted partners, an actor's partnerships
            # by status (the workspace's invitations).
            models.Index(fields=["actor", "status"], name="partnership_actor_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id} → {self.actor_id} ({self.status})"


class ProgressUpdate(models.Model):
    """A dated report on a pledge. Append-only: a correction is a new update.

    Every update is self-reported by the pledging actors; Network staff may verify one
    (who, when, and what they checked) or dispute it (with a reason), and the public
    page and the API say which.

    A dispute is shown to the pledge's focal points first: the public reads it (as
    "Disputed by the Network", with the reason and the focal points' reply) only once
    staff make it public, which they may do when the focal points have replied or when
    `PROGRESS_DISPUTE_RESPONSE_DAYS` have passed without a reply. Until then the public
    reads the update as self-reported. Verifying it again settles the dispute (the
    history keeps it)."""

    class Verification(models.TextChoices):
        SELF_REPORTED = "self-reported", _("Self-reported")
        VERIFIED = "verified", _("Verified by the Network")
        DISPUTED = "disputed", _("Disputed by the Network")

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="updates", verbose_name=_("pledge")
    )
    # Which pledging actor reports it: the lead or an accepted partner (issue 14), so a
    # partner's figure never stands for the lead's. Null only for a row written before the
    # field (the migration back-filled those with the lead).
    actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        related_name="progress_updates",
        verbose_name=_("reporting actor"),
    )
    date = models.DateField(_("date"))
    implementation = models.CharField(
        _("implementation"), max_length=12, choices=Pledge.Implementation.choices
    )
    percent = models.PositiveSmallIntegerField(_("percent complete"), null=True, blank=True)
    narrative = models.TextField(_("narrative"))
    # The language the text is written in (one of the six), whatever the page's: set by
    # the service, from the writer's language unless they say otherwise.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    links = models.JSONField(
        _("evidence links"), default=list, blank=True, help_text=_("A list of URLs.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    verification = models.CharField(
        _("verification"),
        max_length=16,
        choices=Verification.choices,
        default=Verification.SELF_REPORTED,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verification_note = models.TextField(
        _("verification note"),
        blank=True,
        default="",
        help_text=_("What the Network checked: the source or evidence, and what it showed."),
    )
    disputed_at = models.DateTimeField(_("disputed at"), null=True, blank=True)
    dispute_reason = models.TextField(
        _("dispute reason"),
        blank=True,
        default="",
        help_text=_("Why the Network disputes the update: shown to the focal points first."),
    )
    # Null while the dispute is the focal points' alone to read.
    dispute_public_at = models.DateTimeField(_("dispute made public at"), null=True, blank=True)
    dispute_reply = models.TextField(_("focal points' reply"), blank=True, default="")
    dispute_replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100),
                name="progressupdate_percent_range",
            ),
            # A dispute always says when and why.
            models.CheckConstraint(
                condition=~Q(verification="disputed")
                | (Q(disputed_at__isnull=False) & ~Q(dispute_reason="")),
                name="progressupdate_dispute_has_reason",
            ),
        ]
        indexes = [
            # A pledge's updates newest first (GET …/updates/) and its latest one, which
            # sets the pledge's implementation.
            models.Index(
                fields=["pledge", "-date", "-created_at"], name="progressupdate_latest_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id} {self.date}: {self.get_implementation_display()}"

    # What the public reads of the verification (the page, the API, the exports): a
    # dispute not yet made public reads as self-reported.
    @property
    def dispute_is_public(self) -> bool:
        return (
            self.verification == self.Verification.DISPUTED and self.dispute_public_at is not None
        )

    @property
    def public_verification(self) -> str:
        if self.verification == self.Verification.DISPUTED and not self.dispute_is_public:
            return self.Verification.SELF_REPORTED
        return self.verification

    @property
    def public_verification_at(self) -> datetime.datetime | None:
        """When the public status was decided: verified, or the dispute made public."""
        if self.verification == self.Verification.VERIFIED:
            return self.verified_at
        return self.dispute_public_at if self.dispute_is_public else None

    @property
    def public_dispute_reason(self) -> str:
        return self.dispute_reason if self.dispute_is_public else ""

    @property
    def public_dispute_reply(self) -> str:
        return self.dispute_reply if self.dispute_is_public else ""

    @property
    def dispute_response_days(self) -> int:
        return settings.PROGRESS_DISPUTE_RESPONSE_DAYS

    @property
    def dispute_may_be_public_from(self) -> datetime.datetime | None:
        """When staff may make the dispute public without a reply (the response window)."""
        if self.disputed_at is None:
            return None
        return self.disputed_at + datetime.timedelta(days=settings.PROGRESS_DISPUTE_RESPONSE_DAYS)


class Evidence(models.Model):
    """A file attached to a progress update, checked like a pledge's document."""

    update = models.ForeignKey(
        ProgressUpdate,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("progress update"),
    )
    file = models.FileField(_("file"), upload_to="pledges/evidence/%Y/")
    name = models.CharField(_("original name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = audited()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["update", "pk"]

    def __str__(self) -> str:
        return self.name


class PledgeAwaitingVerification(Pledge):
    """The curators' queue in the admin: submitted pledges, the longest waiting first."""

    class Meta:
        proxy = True
        verbose_name = _("pledge waiting for verification")
        verbose_name_plural = _("pledges waiting for verification")


class SupportRequest(models.Model):
    """What a pledge seeks from others (issue 14): the public "seeking support" list, to
    which matching pledges offer themselves. One per pledge; cleared when met."""

    pledge = models.OneToOneField(
        Pledge,
        on_delete=models.CASCADE,
        related_name="support_request",
        verbose_name=_("pledge"),
    )
    support_type = models.CharField(
        _("type of support"), max_length=16, choices=Pledge.Type.choices
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.PROTECT,
        related_name="support_requests",
        verbose_name=_("objective"),
    )
    description = models.CharField(_("support sought"), max_length=500)
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, default="", help_text=_("ISO 4217 code.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("support sought")
        verbose_name_plural = _("support sought")
        ordering = ["pledge"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True, currency="")
                | Q(amount__isnull=False, amount__gt=0) & ~Q(currency=""),
                name="supportrequest_amount_has_currency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id}: {self.description}"


class PledgeMatch(models.Model):
    """A matching pledge's offer to a published pledge, and how far it got (issue 14).

    offered → accepted or declined (by the matched pledge's lead) → resourced (what the
    offering side committed, with its date) → delivered (confirmed by the matched side);
    the offering side may withdraw it until delivered. The moves and who makes them are
    in pledges/matching.py.
    """

    class Status(models.TextChoices):
        OFFERED = "offered", pgettext_lazy("match status", "Offered")
        ACCEPTED = "accepted", pgettext_lazy("match status", "Accepted")
        DECLINED = "declined", pgettext_lazy("match status", "Declined")
        RESOURCED = "resourced", pgettext_lazy("match status", "Resourced")
        DELIVERED = "delivered", pgettext_lazy("match status", "Delivered")
        WITHDRAWN = "withdrawn", pgettext_lazy("match status", "Withdrawn")

    offer = models.ForeignKey(
        Pledge,
        on_delete=models.CASCADE,
        related_name="match_offers",
        verbose_name=_("matching pledge"),
    )
    matched = models.ForeignKey(
        Pledge,
        on_delete=models.PROTECT,
        related_name="match_requests",
        verbose_name=_("matched pledge"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OFFERED
    )
    reason = models.TextField(_("reason"), blank=True, default="")
    resources = models.TextField(
        _("resources committed"), blank=True, default="", help_text=_("What was committed.")
    )
    resourced_on = models.DateField(_("resourced on"), null=True, blank=True)
    offered_at = models.DateTimeField(_("offered at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # What the offering side may still withdraw from.
    OPEN_STATUSES = (Status.OFFERED, Status.ACCEPTED, Status.RESOURCED)

    history = audited()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-offered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "matched"], name="pledgematch_unique_pair"),
            models.CheckConstraint(condition=~Q(offer=F("matched")), name="pledgematch_not_itself"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(reason=""),
                name="pledgematch_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["resourced", "delivered"])
                | Q(resourced_on__isnull=False) & ~Q(resources=""),
                name="pledgematch_resourced_says_what",
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_at__isnull=False),
                name="pledgematch_delivered_has_date",
            ),
        ]
        indexes = [
            # The workspace's incoming offers and GET /api/v1/matches/?status=: a pledge's
            # matches by stage.
            models.Index(fields=["matched", "status"], name="pledgematch_matched_idx"),
            # The dashboard's count of offers by stage.
            models.Index(fields=["status"], name="pledgematch_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} → {self.matched_id} ({self.status})"


class Follow(models.Model):
    """A signed-in person following a pledge, a country or an objective: the daily
    digest (pledges/follows.py) mails them the day's public changes of what they follow.

    Here, in pledges, not in `changes`: which pledges a country or an objective covers is
    pledges' knowledge, and a feature app may not import pledges (ARCHITECTURE.md). The
    followed thing is named by its public key (a pledge's code, a State's alpha-3, an
    objective's number), so a follow never reveals or depends on an unpublished row."""

    class Kind(models.TextChoices):
        PLEDGE = "pledge", _("pledge")
        COUNTRY = "country", _("country")
        OBJECTIVE = "objective", _("objective")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=20)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = audited()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["user", "kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="follow_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.kind} {self.key}"


class FollowDigest(models.Model):
    """The claim of one person's digest for one day: written before the mail, unique, so
    a repeated run of the beat task sends nothing twice (as reminders' SentReminder)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    day = models.DateField(_("day"))
    changes = models.PositiveIntegerField(_("changes"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        ordering = ["-day", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="followdigest_unique_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class ExchangeRate(models.Model):
    """A rate to US dollars recorded by Network staff, with its date and source (issue
    14): the dashboard's USD estimate converts a currency only with one of these, the
    latest on or before the day, and says which it used. Audited."""

    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217 code."))
    rate_to_usd = models.DecimalField(
        _("rate to USD"),
        max_digits=18,
        decimal_places=8,
        help_text=_("US dollars for one unit of the currency."),
    )
    rate_date = models.DateField(_("rate date"))
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("Where the rate comes from, e.g. UN operational rates of exchange."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_rates_recorded",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = audited()

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-rate_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "rate_date"], name="exchangerate_unique_currency_date"
            ),
            models.CheckConstraint(condition=Q(rate_to_usd__gt=0), name="exchangerate_positive"),
            models.CheckConstraint(
                condition=Q(currency=Upper("currency")) & ~Q(currency=""),
                name="exchangerate_currency_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.rate_to_usd} ({self.rate_date})"
