"""The texts' links to the 2030 Agenda in the API: GET /api/v1/sdg-links/."""

import django_filters
from django.db.models import Q
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from objectives.models import SdgLink
from objectives.sdg import sdg_link_list


class SdgLinkFilter(django_filters.FilterSet):
    objective = django_filters.NumberFilter(
        field_name="objective__number", label="Objective number (1–23)."
    )
    sdg_target = django_filters.CharFilter(
        method="filter_sdg_target",
        label="An SDG target (“10.7”: its links and its indicators') or indicator (“10.7.1”).",
    )
    document = django_filters.CharFilter(label="The text: compact, sg-report-2021, …")
    kind = django_filters.ChoiceFilter(choices=SdgLink.Kind.choices)
    curated = django_filters.BooleanFilter()

    class Meta:
        model = SdgLink
        fields = ["objective", "sdg_target", "document", "kind", "curated"]

    def filter_sdg_target(self, queryset, name, value):
        return queryset.filter(Q(sdg_target=value) | Q(code=value))


class SdgLinkSerializer(serializers.ModelSerializer):
    objective = serializers.IntegerField(
        source="objective.number", read_only=True, allow_null=True, default=None
    )
    action = serializers.CharField(
        source="action.label", read_only=True, allow_null=True, default=None
    )
    curated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = SdgLink
        fields = [
            "document",
            "document_title",
            "paragraph",
            "url",
            "code",
            "kind",
            "goal",
            "sdg_target",
            "sentence",
            "objective",
            "action",
            "curated",
            "curated_at",
        ]


@extend_schema_view(
    list=extend_schema(
        summary="Where the texts name an SDG target or indicator",
        description="Every place the compact, the Progress Declaration or a "
        "Secretary-General report names a 2030 Agenda target or indicator by number, with "
        "the sentence, its paragraph and the objective and action it concerns where the "
        "text makes that clear; `curated` marks the links Network staff added.",
        examples=[
            OpenApiExample(
                "Action 20(a)",
                value={
                    "document": "compact",
                    "document_title": "Global Compact for Safe, Orderly and Regular "
                    "Migration — Draft Rev 2, 28 May 2018",
                    "paragraph": "35(a)",
                    "url": "/compact/#para-35-a",
                    "code": "10.c",
                    "kind": "target",
                    "goal": 10,
                    "sdg_target": "10.c",
                    "sentence": "Develop a roadmap to reduce the transaction costs of migrant "
                    "remittances to less than 3 per cent … in line with target 10.c of the "
                    "2030 Agenda for Sustainable Development",
                    "objective": 20,
                    "action": "20(a)",
                    "curated": False,
                    "curated_at": None,
                },
                response_only=True,
            )
        ],
    ),
)
class SdgLinkViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = SdgLinkSerializer
    filterset_class = SdgLinkFilter

    def get_queryset(self):
        return sdg_link_list()
