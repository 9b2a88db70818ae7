"""The review texts as data in the API: the Progress Declaration's commitments and its
targets (GET /api/v1/declaration-commitments/, /api/v1/targets/)."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from core.converters import TEXT_LOOKUP_REGEX
from reviews.models import CommitmentObjective, DeclarationCommitment, Target, TargetValue
from reviews.texts import commitment_list, target_list


class CommitmentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DeclarationCommitment.Kind.choices)
    objective = django_filters.NumberFilter(
        field_name="objective_links__objective__number", label="Objective number (1–23)."
    )

    class Meta:
        model = DeclarationCommitment
        fields = ["kind", "objective"]


class CommitmentObjectiveSerializer(serializers.ModelSerializer):
    objective = serializers.IntegerField(source="objective.number", read_only=True)

    class Meta:
        model = CommitmentObjective
        fields = ["objective", "from_text", "curated_at"]


class CommitmentSerializer(serializers.ModelSerializer):
    objectives = CommitmentObjectiveSerializer(source="objective_links", many=True, read_only=True)
    pledges = serializers.SerializerMethodField(
        help_text="Codes of the pledges citing the commitment that the caller may read "
        "(published ones; a focal point's own too; all for staff)."
    )

    class Meta:
        model = DeclarationCommitment
        fields = ["number", "kind", "text", "source_line", "objectives", "pledges"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_pledges(self, commitment) -> list[str]:
        return [link.pledge.code for link in commitment.visible_citations]


class TargetValueSerializer(serializers.ModelSerializer):
    state = serializers.CharField(
        source="state.code", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = TargetValue
        fields = ["state", "year", "period", "value", "source_kind", "source", "source_url"]


class TargetSerializer(serializers.ModelSerializer):
    paragraph = serializers.IntegerField(source="commitment.number", read_only=True)
    objective = serializers.IntegerField(
        source="objective.number", read_only=True, allow_null=True, default=None
    )
    values = TargetValueSerializer(many=True, read_only=True)

    class Meta:
        model = Target
        fields = [
            "slug",
            "title",
            "unit",
            "paragraph",
            "objective",
            "sdg_indicator",
            "baseline_value",
            "baseline_period",
            "baseline_source",
            "goal_comparison",
            "goal_value",
            "goal_year",
            "sentence",
            "values",
        ]


@extend_schema_view(
    list=extend_schema(
        summary="Progress Declaration commitments (IMRF 2022, paras 51–76)",
        description="Each recommended action with its kind (its opening verb: commit, will, "
        "aim, request, invite, take note, welcome) and the objectives it serves, read from "
        "the text (`from_text`) or curated by Network staff, and the pledges citing it.",
    ),
)
class DeclarationCommitmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilter

    def get_queryset(self):
        return commitment_list(self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Numeric targets the texts set, with their values",
        description="Baseline, goal, the SDG indicator measuring it, the paragraph that set "
        "it, and the values recorded for States (`state`) or the world (`state` null).",
    ),
)
class TargetViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = TargetSerializer
    lookup_field = "slug"
    lookup_value_regex = TEXT_LOOKUP_REGEX

    def get_queryset(self):
        return target_list()
