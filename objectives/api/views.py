from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from core.converters import TEXT_LOOKUP_REGEX
from objectives import selectors

from .filters import ActionFilter, GuidingPrincipleFilter, ObjectiveFilter
from .serializers import (
    ActionSerializer,
    GuidingPrincipleSerializer,
    ObjectiveDetailSerializer,
    ObjectiveSerializer,
)

OBJECTIVE_EXAMPLE = {
    "number": 1,
    "title": "Collect and utilize accurate and disaggregated data as a basis for "
    "evidence-based policies",
    "commitment": "We commit to strengthen the global evidence base on international "
    "migration by improving and investing in the collection, analysis and dissemination "
    "of accurate, reliable, comparable data, …",
    "paragraph": 16,
    "action_count": 11,
    "url": "https://gcm-tracker.example.org/api/v1/objectives/1/",
}
ACTION_EXAMPLE = {
    "letter": "a",
    "label": "1(a)",
    "text": "Elaborate and implement a comprehensive strategy for improving migration data "
    "at local, national, regional and global levels, …",
}


@extend_schema_view(
    list=extend_schema(
        summary="The compact's objectives",
        description="The 23 objectives in order, each with its commitment paragraph and "
        "the number of its actions.",
        examples=[OpenApiExample("Objective 1", value=OBJECTIVE_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="One objective with its actions",
        examples=[
            OpenApiExample(
                "Objective 1",
                value={**OBJECTIVE_EXAMPLE, "actions": [ACTION_EXAMPLE]},
                response_only=True,
            )
        ],
    ),
)
class ObjectiveViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = ObjectiveFilter
    lookup_field = "number"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.objective_detail_queryset()
        return selectors.objective_list()

    def get_serializer_class(self):
        return ObjectiveDetailSerializer if self.action == "retrieve" else ObjectiveSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Lettered actions",
        description="Every action of every objective, in the compact's order (or best "
        "match first with `search`).",
        examples=[
            OpenApiExample(
                "Action 1(a)",
                value={
                    "objective": 1,
                    **ACTION_EXAMPLE,
                    "url": "https://gcm-tracker.example.org/objectives/1/#a",
                },
                response_only=True,
            )
        ],
    ),
)
class ActionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    # Actions are read in lists (filtered by objective or searched); an objective's
    # detail carries its actions.
    serializer_class = ActionSerializer
    filterset_class = ActionFilter

    def get_queryset(self):
        return selectors.action_list()


@extend_schema_view(
    list=extend_schema(
        summary="The ten guiding principles",
        examples=[
            OpenApiExample(
                "People-centred",
                value={
                    "slug": "people-centred",
                    "name": "People-centred",
                    "description": "The Global Compact carries a strong human dimension …",
                },
                response_only=True,
            )
        ],
    ),
)
class GuidingPrincipleViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = GuidingPrincipleFilter
    serializer_class = GuidingPrincipleSerializer
    lookup_field = "slug"
    lookup_value_regex = TEXT_LOOKUP_REGEX

    def get_queryset(self):
        return selectors.principle_list()
