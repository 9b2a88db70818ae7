"""What the Secretary-General's reports say about each State: GET /api/v1/mentions/."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from reviews.models import Mention
from reviews.texts import mention_list


class MentionFilter(django_filters.FilterSet):
    state = django_filters.CharFilter(
        field_name="state__code", lookup_expr="iexact", label="ISO 3166 alpha-3 code (KEN)."
    )
    report = django_filters.CharFilter(
        field_name="paragraph__report__slug", label="The report: sg-report-2021, sg-report-2024."
    )

    class Meta:
        model = Mention
        fields = ["state", "report"]


class MentionSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="state.code", read_only=True)
    state_name = serializers.CharField(source="state.name", read_only=True)
    report = serializers.CharField(source="paragraph.report.slug", read_only=True)
    report_symbol = serializers.CharField(source="paragraph.report.symbol", read_only=True)
    paragraph = serializers.CharField(source="paragraph.key", read_only=True)
    section = serializers.CharField(source="paragraph.where", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Mention
        fields = [
            "state",
            "state_name",
            "report",
            "report_symbol",
            "paragraph",
            "section",
            "sentence",
            "name_as_written",
            "url",
        ]

    def get_url(self, mention: Mention) -> str:
        request = self.context.get("request")
        path = mention.paragraph.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


@extend_schema_view(
    list=extend_schema(
        summary="Sentences of the Secretary-General's reports that name a Member State",
        description="One row per sentence and State, with the report, the paragraph "
        "(its number, or `box-2`, `annex-3`, `summary`), the heading it sits under and "
        "the name as the text writes it.",
    ),
)
class MentionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = MentionSerializer
    filterset_class = MentionFilter

    def get_queryset(self):
        return mention_list()
