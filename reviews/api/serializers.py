"""Shapes of the reviews API. Read serializers say what a client sees; write
serializers check the shape of input only: meaning (who, which pledges, which
transitions) is the services' job."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pledges.models import Actor
from reviews.columns import COMPLETENESS_COLUMNS, REVIEW_COLUMN_NAMES
from reviews.indicators import INDICATOR_FIELDS
from reviews.models import (
    CommitmentProgress,
    Indicator,
    IndicatorValue,
    MissingMigrantsRecommendation,
    ObjectiveAssessment,
    RecommendationProgress,
    ReviewCycle,
    ReviewEvent,
    VoluntaryReview,
)
from reviews.selectors import review_completeness


def _objective_numbers(objectives) -> list[int]:
    # Uses the prefetched rows (ordered by number in the selector): no query.
    return [objective.number for objective in objectives.all()]


class CycleSerializer(serializers.ModelSerializer):
    event_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ReviewCycle
        fields = ["id", "name", "start_date", "end_date", "event_count"]


class RoundTableSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    objectives = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_objectives(self, table) -> list[int]:
        return _objective_numbers(table.objectives)


class EventSerializer(serializers.ModelSerializer):
    cycle: "serializers.PrimaryKeyRelatedField[ReviewCycle]" = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="Id of the review cycle; null for an event outside the cycles.",
    )
    due_date = serializers.DateField(read_only=True)
    round_tables = RoundTableSerializer(many=True, read_only=True)
    announced_pledges = serializers.SerializerMethodField()
    as_stated = serializers.CharField(
        read_only=True,
        help_text="What the source text says of the date where it gives only a period "
        '(e.g. "2024-2025, second round"); empty when the text gives the dates. '
        "Read with `dates_provisional`: the dates then stand for that period.",
    )
    source_quote = serializers.CharField(
        read_only=True,
        help_text="The words of the source line that state the date or period; empty "
        "when not recorded.",
    )
    source_file = serializers.CharField(
        read_only=True, help_text="The text in the collection that evidences the event."
    )
    source_line = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The line of `source_file` quoted."
    )

    class Meta:
        model = ReviewEvent
        fields = [
            "id",
            "slug",
            "kind",
            "title",
            "cycle",
            "start_date",
            "end_date",
            "dates_provisional",
            "as_stated",
            "source_quote",
            "source_file",
            "source_line",
            "place",
            "region",
            "symbol",
            "outcome_title",
            "outcome_url",
            "due_date",
            "round_tables",
            "announced_pledges",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_announced_pledges(self, event) -> list[str]:
        return [announcement.pledge.code for announcement in event.announcements.all()]


class RecommendationSerializer(serializers.ModelSerializer):
    objectives = serializers.SerializerMethodField()

    class Meta:
        model = MissingMigrantsRecommendation
        fields = ["id", "area", "area_title", "letter", "text", "objectives"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_objectives(self, recommendation) -> list[int]:
        return _objective_numbers(recommendation.objectives)


class CompletenessSerializer(serializers.Serializer):
    assessed = serializers.IntegerField(help_text="Objectives assessed in the review.")
    total = serializers.IntegerField(help_text="Objectives of the compact.")


class ReviewSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="state.code", read_only=True)
    state_name = serializers.CharField(source="state.name", read_only=True)
    cycle: "serializers.PrimaryKeyRelatedField[ReviewCycle]" = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    event: "serializers.PrimaryKeyRelatedField[ReviewEvent]" = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="Id of the event the review feeds, or null."
    )
    due_date = serializers.SerializerMethodField()
    completeness = serializers.SerializerMethodField()

    class Meta:
        model = VoluntaryReview
        # The table's columns (columns.py), the cycle and event as ids rather than
        # names, completeness as one object; and what only the API shows.
        fields = [
            *(name for name in REVIEW_COLUMN_NAMES if name not in COMPLETENESS_COLUMNS),
            "completeness",
            "return_reason",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_due_date(self, review):
        # Annotated by selectors.review_list; the property serves a single review.
        due = getattr(review, "due_on", None) or review.due_date
        return due.isoformat() if due else None

    @extend_schema_field(CompletenessSerializer)
    def get_completeness(self, review) -> dict:
        assessed, total = review_completeness(review)
        return {"assessed": assessed, "total": total}


class ReviewCreateSerializer(serializers.Serializer):
    state = serializers.SlugRelatedField(
        slug_field="code", queryset=Actor.objects.all(), help_text="Alpha-3 code: KEN."
    )
    cycle = serializers.PrimaryKeyRelatedField(queryset=ReviewCycle.objects.all())
    event = serializers.PrimaryKeyRelatedField(
        queryset=ReviewEvent.objects.all(),
        required=False,
        allow_null=True,
        help_text="The event the review feeds; the cycle's IMRF if omitted.",
    )
    plan = serializers.ChoiceField(choices=VoluntaryReview.Plan.choices, required=False)
    plan_url = serializers.URLField(required=False, allow_blank=True)


class ReviewUpdateSerializer(serializers.Serializer):
    event = serializers.PrimaryKeyRelatedField(
        queryset=ReviewEvent.objects.all(), required=False, allow_null=True
    )
    plan = serializers.ChoiceField(choices=VoluntaryReview.Plan.choices, required=False)
    plan_url = serializers.URLField(required=False, allow_blank=True)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the review goes back to the focal points.")


class AssessmentSerializer(serializers.ModelSerializer):
    objective = serializers.IntegerField(source="objective.number", read_only=True)
    pledges = serializers.SerializerMethodField()

    class Meta:
        model = ObjectiveAssessment
        fields = ["objective", "level", "narrative", "challenges", "pledges", "updated_at"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_pledges(self, assessment) -> list[str]:
        return [pledge.code for pledge in assessment.pledges.all()]


class AssessmentWriteSerializer(serializers.Serializer):
    objective = serializers.IntegerField(min_value=1, help_text="Objective number (1–23).")
    level = serializers.ChoiceField(choices=ObjectiveAssessment.Level.choices)
    narrative = serializers.CharField(required=False, allow_blank=True, default="")
    challenges = serializers.CharField(required=False, allow_blank=True, default="")
    pledges = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text="Codes of the State's own pledges that contribute.",
    )


class RecommendationProgressSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="recommendation.area", read_only=True)
    letter = serializers.CharField(source="recommendation.letter", read_only=True)

    class Meta:
        model = RecommendationProgress
        fields = [
            "recommendation",
            "area",
            "letter",
            "level",
            "narrative",
            "challenges",
            "updated_at",
        ]
        read_only_fields = fields


class RecommendationProgressWriteSerializer(serializers.Serializer):
    recommendation = serializers.IntegerField(help_text="Id from /api/v1/recommendations/.")
    level = serializers.ChoiceField(choices=ObjectiveAssessment.Level.choices)
    narrative = serializers.CharField(required=False, allow_blank=True, default="")
    challenges = serializers.CharField(required=False, allow_blank=True, default="")


class CommitmentProgressSerializer(serializers.ModelSerializer):
    paragraph = serializers.IntegerField(
        source="commitment.number",
        read_only=True,
        help_text="The commitment's paragraph in the Progress Declaration (51–76).",
    )

    class Meta:
        model = CommitmentProgress
        fields = ["paragraph", "level", "narrative", "updated_at"]
        read_only_fields = fields


class CommitmentProgressWriteSerializer(serializers.Serializer):
    paragraph = serializers.IntegerField(
        help_text="Number of a commitment from /api/v1/declaration-commitments/."
    )
    level = serializers.ChoiceField(choices=ObjectiveAssessment.Level.choices)
    narrative = serializers.CharField(required=False, allow_blank=True, default="")


class IndicatorSerializer(serializers.ModelSerializer):
    objective = serializers.IntegerField(source="objective.number", read_only=True)
    disaggregations = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Indicator
        fields = [*INDICATOR_FIELDS, "disaggregations"]


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    state = serializers.CharField(source="state.code", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "state",
            "year",
            "value",
            "source_kind",
            "source",
            "source_url",
        ]
        read_only_fields = fields


class IndicatorValueWriteSerializer(serializers.Serializer):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    state = serializers.SlugRelatedField(slug_field="code", queryset=Actor.objects.all())
    year = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=20, decimal_places=4)
    source_kind = serializers.ChoiceField(
        choices=IndicatorValue.SourceKind.choices,
        required=False,
        default=IndicatorValue.SourceKind.NATIONAL,
    )
    # The field "source" hides Field.source (the attribute a field reads) in the stubs.
    source = serializers.CharField(required=False, allow_blank=True, default="")  # type: ignore[assignment]
    source_url = serializers.URLField(required=False, allow_blank=True, default="")
