"""Read serializers show a pledge; write serializers check the shape of input only.
Meaning (does objective 24 exist? is 5(a) under a chosen objective?) is the services'."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pledges.columns import (
    PLEDGE_COLUMN_NAMES,
    action_labels,
    objective_numbers,
    principle_slugs,
)
from pledges.models import (
    Actor,
    Evidence,
    Partnership,
    Pledge,
    PledgeMatch,
    ProgressUpdate,
    SupportRequest,
)


def _absolute(serializer: serializers.Serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class ActorSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Actor
        fields = [
            "code",
            "kind",
            "name",
            "country",
            "category",
            "region",
            "subregion",
            "is_un_member",
        ]


class ActorSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["code", "kind", "name"]


class PartnershipSerializer(serializers.ModelSerializer):
    """A partner of a pledge and its answer: only `accepted` partners pledge."""

    actor = ActorSummarySerializer(read_only=True)
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, allow_null=True
    )

    class Meta:
        model = Partnership
        fields = [
            "actor",
            "status",
            "share",
            "amount",
            "currency",
            "reason",
            "invited_at",
            "answered_at",
            "left_at",
        ]
        read_only_fields = fields


class PartnershipAcceptSerializer(serializers.Serializer):
    share = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="What the partner contributes."
    )
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="For a financial share: the amount, with its currency.",
    )
    currency = serializers.CharField(
        required=False, allow_blank=True, max_length=3, help_text="ISO 4217 code, e.g. USD."
    )


class PartnershipReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class SupportRequestSerializer(serializers.ModelSerializer):
    """What a pledge seeks: `type` (a pledge type), an objective number, a short
    description, and for financial support an amount in an ISO 4217 currency."""

    type = serializers.CharField(source="support_type", read_only=True)
    objective = serializers.IntegerField(source="objective.number", read_only=True)
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, allow_null=True
    )

    class Meta:
        model = SupportRequest
        fields = ["type", "objective", "description", "amount", "currency", "updated_at"]
        read_only_fields = fields


class SupportRequestWriteSerializer(serializers.Serializer):
    type = serializers.ChoiceField(source="support_type", choices=Pledge.Type.choices)
    objective = serializers.IntegerField(help_text="One of the pledge's objectives.")
    description = serializers.CharField(max_length=500)
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(
        required=False, allow_blank=True, max_length=3, help_text="ISO 4217 code, e.g. USD."
    )


class PledgeRefSerializer(serializers.ModelSerializer):
    lead = ActorSummarySerializer(read_only=True)

    class Meta:
        model = Pledge
        fields = ["code", "title", "lead"]
        read_only_fields = fields


class MatchSerializer(serializers.ModelSerializer):
    """A matching pledge's offer to another pledge and its stage."""

    offer = PledgeRefSerializer(read_only=True, help_text="The matching pledge.")
    matched = PledgeRefSerializer(read_only=True, help_text="The pledge it offers to match.")

    class Meta:
        model = PledgeMatch
        fields = [
            "id",
            "offer",
            "matched",
            "status",
            "reason",
            "resources",
            "resourced_on",
            "offered_at",
            "answered_at",
            "delivered_at",
            "updated_at",
        ]
        read_only_fields = fields


class MatchOfferSerializer(serializers.Serializer):
    offer = serializers.CharField(
        max_length=20, help_text="Code of the matching pledge, one the caller's actor leads."
    )
    matched = serializers.CharField(
        max_length=20, help_text="Code of the published pledge it offers to match."
    )


class MatchReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True, required=False)


class MatchDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class MatchResourceSerializer(serializers.Serializer):
    resources = serializers.CharField(max_length=2000, help_text="What was committed.")
    resourced_on = serializers.DateField(
        required=False, allow_null=True, help_text="When; today if not given."
    )


class PledgeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="pledge-detail", lookup_field="code")
    type = serializers.CharField(source="pledge_type", read_only=True)
    lead = ActorSummarySerializer(read_only=True)
    partners = PartnershipSerializer(
        many=True,
        read_only=True,
        source="visible_partnerships",
        help_text="Every partner the caller may see, with its answer: only `accepted` "
        "partners pledge; `invited` ones have not answered yet.",
    )
    objectives = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    principles = serializers.SerializerMethodField()
    matches: "serializers.SlugRelatedField[Pledge]" = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="Code of the published pledge a matching pledge answers; null otherwise.",
    )
    document = serializers.SerializerMethodField(
        help_text="Download link of the supporting document (served to whoever may see "
        "the pledge), or null."
    )
    overdue = serializers.BooleanField(
        read_only=True,
        help_text="Published, and no progress update for 12 months (or since publication) "
        "or past its target date without being fulfilled.",
    )
    support_sought = SupportRequestSerializer(
        source="support_request",
        read_only=True,
        allow_null=True,
        help_text="What support the pledge seeks (matching pledges offer to it); null "
        "if none. Set by its lead's focal points: PUT /api/v1/pledges/{code}/support/.",
    )
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="A financial contribution's amount, a decimal string in `currency` "
        "(never converted); null otherwise.",
    )
    currency = serializers.CharField(
        read_only=True, help_text="ISO 4217 code of `amount` (e.g. USD); empty without one."
    )
    latest_completion = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="The latest reported completion (0 to 100): the percent of the lead "
        "actor's own latest progress update, whatever its partners report (their own "
        "updates carry their `actor`); null if the lead has reported no percentage.",
    )

    class Meta:
        model = Pledge
        # The table's columns (columns.py), nested where JSON can (the lead's name is
        # in `lead`, lists are lists), and what only the API shows.
        fields = [
            *(name for name in PLEDGE_COLUMN_NAMES if name != "lead_name"),
            "url",
            "document",
            "return_reason",
            "created_at",
            "overdue",
            "support_sought",
        ]
        read_only_fields = fields

    # Read from the prefetched relations (pledge_list): no query per pledge.
    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_objectives(self, pledge: Pledge) -> list[int]:
        return objective_numbers(pledge)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, pledge: Pledge) -> list[str]:
        return action_labels(pledge)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_principles(self, pledge: Pledge) -> list[str]:
        return principle_slugs(pledge)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_document(self, pledge: Pledge) -> str | None:
        if not pledge.document:
            return None
        return _absolute(self, reverse("pledges:document", args=[pledge.code]))


class PledgeWriteSerializer(serializers.Serializer):
    """The shape of a pledge's fields. PATCH sends any subset."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(trim_whitespace=True)
    lead = serializers.CharField(max_length=64, help_text="Actor code: KEN, or a slug.")
    partners = serializers.ListField(
        child=serializers.CharField(max_length=64), required=False, help_text="Actor codes."
    )
    mode = serializers.ChoiceField(choices=Pledge.Mode.choices)
    type = serializers.ChoiceField(choices=Pledge.Type.choices, source="pledge_type")
    objectives = serializers.ListField(
        child=serializers.IntegerField(min_value=1), help_text="Objective numbers, at least one."
    )
    actions = serializers.ListField(
        child=serializers.CharField(max_length=8),
        required=False,
        help_text='Action labels such as "5(a)", each under a chosen objective.',
    )
    principles = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="Guiding principle slugs."
    )
    scope = serializers.ChoiceField(choices=Pledge.Scope.choices)
    start_date = serializers.DateField()
    target_date = serializers.DateField()
    matches = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Code of the published pledge a matching pledge answers.",
    )
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="For a financial contribution: the amount, more than 0 with at most 2 "
        'decimals, as a string ("250000.00"), with its `currency`. What the lead pledges; '
        "each partner states its own share when it accepts.",
    )
    currency = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=3,
        help_text="ISO 4217 code of the amount, e.g. USD.",
    )
    document = serializers.FileField(
        required=False,
        allow_null=True,
        help_text="One supporting document (txt, rtf, pdf, doc(x), odt, ppt(x), odp, "
        "xls(x), ods), at most 25 MB; send as multipart.",
    )


class PledgeReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the pledge goes back to its focal points.")


class PledgeGoneSerializer(serializers.Serializer):
    """What a 410 Gone says of a pledge withdrawn after it was public."""

    detail = serializers.CharField()
    code = serializers.CharField(help_text="The withdrawn pledge's code.")
    status = serializers.CharField(help_text='Always "withdrawn".')
    withdrawn_at = serializers.DateTimeField(help_text="When it was withdrawn.")


class EvidenceSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField(
        help_text="Download link, served to whoever may see the pledge."
    )

    class Meta:
        model = Evidence
        fields = ["name", "size", "file"]

    @extend_schema_field(serializers.URLField())
    def get_file(self, evidence: Evidence) -> str:
        # evidence.update.pledge is the pledge the updates were read through: no query.
        path = reverse("pledges:evidence", args=[evidence.update.pledge.code, evidence.pk])
        return _absolute(self, path)


class VerificationSerializer(serializers.Serializer):
    """Self-reported unless the Network verified or disputed it: when, what was checked
    or why it is disputed (never which staff member). The public's view: a dispute is
    shown to the pledge's focal points first, and reads here as self-reported until
    staff make it public."""

    status = serializers.ChoiceField(
        source="public_verification",
        choices=ProgressUpdate.Verification.choices,
        read_only=True,
        help_text='"self-reported" by the pledging actors unless Network staff marked it '
        '"verified" or "disputed". A dispute is shown to the focal points first: it reads '
        '"disputed" here only once staff make it public, which they may do after the '
        "focal points replied or, without a reply, after the response window "
        "(PROGRESS_DISPUTE_RESPONSE_DAYS, 14 days by default).",
    )
    verified_at = serializers.DateTimeField(read_only=True, allow_null=True)
    note = serializers.CharField(
        source="verification_note", read_only=True, help_text="What the Network checked."
    )
    disputed_at = serializers.DateTimeField(
        source="dispute_public_at",
        read_only=True,
        allow_null=True,
        help_text="When the dispute was made public; null unless the status is disputed.",
    )
    dispute_reason = serializers.CharField(
        source="public_dispute_reason",
        read_only=True,
        help_text='Why the Network disputes the update; empty unless "disputed".',
    )
    dispute_reply = serializers.CharField(
        source="public_dispute_reply",
        read_only=True,
        help_text='The focal points\' reply to the dispute; empty unless "disputed".',
    )


class ProgressUpdateSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)
    verification = VerificationSerializer(source="*", read_only=True)
    actor = ActorSummarySerializer(
        read_only=True,
        allow_null=True,
        help_text="Who reports: the lead or an accepted partner, each for its own progress.",
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "actor",
            "date",
            "implementation",
            "percent",
            "narrative",
            "links",
            "evidence",
            "verification",
            "created_at",
        ]
        read_only_fields = fields


class ProgressUpdateWriteSerializer(serializers.Serializer):
    actor = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Actor.objects.all(),
        required=False,
        help_text="The code of the actor reporting: the lead or an accepted partner whose "
        "focal point you are. Left out: the lead if you speak for it, else your one partner.",
    )
    date = serializers.DateField()
    implementation = serializers.ChoiceField(choices=Pledge.Implementation.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    narrative = serializers.CharField()
    links = serializers.ListField(child=serializers.URLField(), required=False)
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Evidence files, as multipart; the types and size of a pledge's document.",
    )


class PledgeFacetsSerializer(serializers.Serializer):
    """How many pledges each filter value would show, given the other filters."""

    facets = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField(min_value=0)),
        help_text="{facet: {value: pledges}} for objective, country, region, type, mode, "
        "status and implementation; a value is what the filter takes (objective `5`, "
        "country `KEN`). Type, mode, status and implementation list every choice; "
        "objective, country and region only values with pledges.",
    )
