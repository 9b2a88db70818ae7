"""The compact's whole text in the API: GET /api/v1/paragraphs/."""

import django_filters
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from objectives.document import paragraph_list
from objectives.models import Paragraph


class ParagraphFilter(django_filters.FilterSet):
    section = django_filters.ChoiceFilter(choices=Paragraph.Section.choices)
    number = django_filters.NumberFilter(label="Paragraph number (0 for the opening).")

    class Meta:
        model = Paragraph
        fields = ["section", "number"]


class ParagraphSerializer(serializers.ModelSerializer):
    edition = serializers.CharField(source="source.edition", read_only=True)
    marker = serializers.CharField(read_only=True)
    objective = serializers.IntegerField(
        source="objective_number",
        read_only=True,
        allow_null=True,
        help_text="The objective whose commitment (or action) this is; null elsewhere.",
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Paragraph
        fields = [
            "edition",
            "section",
            "number",
            "item",
            "label",
            "marker",
            "text",
            "section_heading",
            "heading",
            "intro",
            "objective",
            "line",
            "url",
        ]

    def get_url(self, paragraph: Paragraph) -> str:
        request = self.context.get("request")
        path = paragraph.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


@extend_schema_view(
    list=extend_schema(
        summary="The whole text of the compact",
        description="Every numbered paragraph of the current edition and its sub-items "
        "(lettered items `a`, roman sub-items `a.i`, the guiding principles by slug), in "
        "the text's order: the unnumbered opening (number 0), preamble, vision, guiding "
        "principles, objectives, implementation, follow-up and review.",
        examples=[
            OpenApiExample(
                "Paragraph 42(a)(i)",
                value={
                    "edition": "Draft Rev 2, 28 May 2018",
                    "section": "implementation",
                    "number": 42,
                    "item": "a.i",
                    "label": "i",
                    "marker": "(a)(i)",
                    "text": "advising on, assessing and processing country requests for the "
                    "development of solutions",
                    "section_heading": "IMPLEMENTATION",
                    "heading": "",
                    "intro": "",
                    "objective": None,
                    "line": 567,
                    "url": "https://gcm-tracker.example.org/compact/#para-42-a-i",
                },
                response_only=True,
            )
        ],
    ),
)
class ParagraphViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ParagraphSerializer
    filterset_class = ParagraphFilter

    def get_queryset(self):
        return paragraph_list()
