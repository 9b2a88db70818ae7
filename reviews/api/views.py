"""The reviews API: the calendar, recommendations, voluntary reviews and indicators.

Every queryset is a selector scoped to what the caller may see (another State's
draft is a 404, not a 403); every write is a service call.
"""

from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.converters import TEXT_LOOKUP_REGEX
from core.etags import VersionedWritesMixin, tag_response
from core.viewsets import FiltersOnListsMixin
from reviews import indicators, selectors, services
from reviews.filters import (
    EventFilter,
    IndicatorFilter,
    IndicatorValueFilter,
    RecommendationFilter,
    ReviewFilter,
)

from .permissions import IsStaffOrReadOnly
from .serializers import (
    AssessmentSerializer,
    AssessmentWriteSerializer,
    CommitmentProgressSerializer,
    CommitmentProgressWriteSerializer,
    CycleSerializer,
    EventSerializer,
    IndicatorSerializer,
    IndicatorValueSerializer,
    IndicatorValueWriteSerializer,
    RecommendationProgressSerializer,
    RecommendationProgressWriteSerializer,
    RecommendationSerializer,
    ReturnSerializer,
    ReviewCreateSerializer,
    ReviewSerializer,
    ReviewUpdateSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="Review cycles (four years each, ending with an IMRF)"),
    retrieve=extend_schema(summary="One review cycle"),
)
class CycleViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CycleSerializer
    lookup_field = "id"
    lookup_value_regex = r"\d+"
    ordering_fields = ["start_date", "name"]

    def get_queryset(self):
        return selectors.cycle_list()


@extend_schema_view(
    list=extend_schema(
        summary="The review calendar",
        description="Regional reviews, IMRFs, Secretary-General reports and General "
        "Assembly plenaries. An IMRF lists its round tables and the objectives each "
        "covered; every event lists the codes of the pledges announced there that the "
        "caller may read (published ones; a focal point's own too; all for staff).",
    ),
    retrieve=extend_schema(summary="One event of the calendar"),
)
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EventSerializer
    lookup_field = "id"
    lookup_value_regex = r"\d+"
    filterset_class = EventFilter
    ordering_fields = ["start_date", "kind"]

    def get_queryset(self):
        return selectors.event_list(self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Recommendations on missing migrants (2024 SG report, annex)",
        description="Lettered recommendations in five areas, with the objectives each serves.",
    ),
    retrieve=extend_schema(summary="One recommendation on missing migrants"),
)
class RecommendationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RecommendationSerializer
    lookup_field = "id"
    lookup_value_regex = r"\d+"
    filterset_class = RecommendationFilter
    ordering_fields = ["area_order", "letter"]

    def get_queryset(self):
        return selectors.recommendation_list()


@extend_schema_view(
    list=extend_schema(
        summary="Voluntary national reviews",
        description="Published reviews for everyone; a State's focal points also see its "
        "drafts; staff see all. `completeness` counts the objectives assessed.",
    ),
    retrieve=extend_schema(summary="One voluntary national review"),
    create=extend_schema(
        summary="Start a State's review for a cycle (its focal points)",
        request=ReviewCreateSerializer,
        responses={201: ReviewSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit a draft or returned review (the event it feeds, the national plan)",
        request=ReviewUpdateSerializer,
        responses={200: ReviewSerializer},
    ),
)
class ReviewViewSet(
    FiltersOnListsMixin,
    VersionedWritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    lookup_field = "id"
    lookup_value_regex = r"\d+"
    ordering_fields = ["state__name", "cycle__start_date", "status", "updated_at"]
    # Edits are partial; status changes are the named actions below.
    http_method_names = ["get", "post", "patch", "head", "options"]
    tagged_actions = (*VersionedWritesMixin.tagged_actions, "submit", "publish", "return_review")

    def get_queryset(self):
        return selectors.review_list(self.request.user)

    def _respond(self, review, status_code=status.HTTP_200_OK) -> Response:
        # Re-read through the selector for the annotations (completeness, due date).
        review = self.get_queryset().get(pk=review.pk)
        context = self.get_serializer_context()
        data = ReviewSerializer(review, context=context).data
        return tag_response(Response(data, status=status_code), review)

    def create(self, request, *args, **kwargs):
        data = _valid(ReviewCreateSerializer, request.data)
        review = services.review_create(user=request.user, **data)
        return self._respond(review, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        data = _valid(ReviewUpdateSerializer, request.data)
        with transaction.atomic():
            review = services.review_update(
                review=self.locked_for_write(), user=request.user, **data
            )
        return self._respond(review)

    @extend_schema(summary="Submit the review to staff (locks it)", request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, **kwargs):
        return self._respond(services.review_submit(review=self.get_object(), user=request.user))

    @extend_schema(summary="Publish a submitted review (staff)", request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request, **kwargs):
        return self._respond(services.review_publish(review=self.get_object(), user=request.user))

    @extend_schema(summary="Return a submitted review with a reason (staff)")
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        url_name="return",
        serializer_class=ReturnSerializer,
    )
    def return_review(self, request, **kwargs):
        data = _valid(ReturnSerializer, request.data)
        review = services.review_return(
            review=self.get_object(), user=request.user, reason=data["reason"]
        )
        return self._respond(review)

    @extend_schema(
        summary="Recall a submitted review to draft (its State's focal points, before staff act)",
        request=None,
    )
    @action(detail=True, methods=["post"])
    def recall(self, request, **kwargs):
        return self._respond(services.review_recall(review=self.get_object(), user=request.user))

    @extend_schema(summary="Reopen a submitted or published review with a reason (staff)")
    @action(detail=True, methods=["post"], serializer_class=ReturnSerializer)
    def reopen(self, request, **kwargs):
        data = _valid(ReturnSerializer, request.data)
        review = services.review_reopen(
            review=self.get_object(), user=request.user, reason=data["reason"]
        )
        return self._respond(review)

    @extend_schema(
        methods=["GET"],
        summary="The review's assessments, by objective",
        description="Each lists the pledges it cites that the caller may read.",
        responses=AssessmentSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Assess an objective (again: replaces the earlier assessment)",
        request=AssessmentWriteSerializer,
        responses={
            201: AssessmentSerializer,
            200: OpenApiResponse(AssessmentSerializer, description="Updated."),
        },
    )
    # At most one row per objective (23): one list, neither paginated nor filtered.
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=AssessmentSerializer,
        pagination_class=None,
        filter_backends=[],
    )
    def assessments(self, request, **kwargs):
        review = self.get_object()
        if request.method == "POST":
            data = _valid(AssessmentWriteSerializer, request.data)
            assessment, created = services.assessment_upsert(
                review=review, user=request.user, **data
            )
            assessment = selectors.review_assessments(review, request.user).get(pk=assessment.pk)
            code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
            return Response(AssessmentSerializer(assessment).data, status=code)
        rows = selectors.review_assessments(review, request.user)
        return Response(AssessmentSerializer(rows, many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="The review's progress on the recommendations on missing migrants",
        responses=RecommendationProgressSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Report progress on a recommendation (again: replaces it)",
        request=RecommendationProgressWriteSerializer,
        responses={201: RecommendationProgressSerializer, 200: RecommendationProgressSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="recommendations",
        url_name="recommendations",
        serializer_class=RecommendationProgressSerializer,
        pagination_class=None,
        filter_backends=[],
    )
    def recommendation_progress(self, request, **kwargs):
        review = self.get_object()
        if request.method == "POST":
            data = _valid(RecommendationProgressWriteSerializer, request.data)
            progress, created = services.recommendation_progress_upsert(
                review=review, user=request.user, **data
            )
            code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
            return Response(RecommendationProgressSerializer(progress).data, status=code)
        rows = selectors.review_recommendation_progress(review)
        return Response(RecommendationProgressSerializer(rows, many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="The review's progress on the Progress Declaration commitments",
        responses=CommitmentProgressSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Report progress on a declaration commitment (again: replaces it)",
        description="The State's focal points while the review is a draft or returned; "
        "staff. Public once the review is published.",
        request=CommitmentProgressWriteSerializer,
        responses={201: CommitmentProgressSerializer, 200: CommitmentProgressSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="commitments",
        url_name="commitments",
        serializer_class=CommitmentProgressSerializer,
        pagination_class=None,
        filter_backends=[],
    )
    def commitment_progress(self, request, **kwargs):
        review = self.get_object()
        if request.method == "POST":
            data = _valid(CommitmentProgressWriteSerializer, request.data)
            progress, created = services.commitment_progress_upsert(
                review=review, user=request.user, **data
            )
            code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
            return Response(CommitmentProgressSerializer(progress).data, status=code)
        rows = selectors.review_commitment_progress(review)
        return Response(CommitmentProgressSerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="The GCM indicator framework",
        description="Curated by Network staff in the admin (and imported from CSV there).",
    ),
    retrieve=extend_schema(summary="One indicator"),
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    lookup_field = "code"
    lookup_value_regex = TEXT_LOOKUP_REGEX
    ordering_fields = ["code", "objective__number"]

    def get_queryset(self):
        return selectors.indicator_list()


@extend_schema_view(
    list=extend_schema(summary="Indicator values per State and year"),
    retrieve=extend_schema(summary="One indicator value"),
    create=extend_schema(
        summary=(
            "Record a value (staff); the same indicator, State, year and source kind replaces it"
        ),
        request=IndicatorValueWriteSerializer,
        responses={201: IndicatorValueSerializer, 200: IndicatorValueSerializer},
    ),
)
class IndicatorValueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = IndicatorValueSerializer
    lookup_field = "id"
    lookup_value_regex = r"\d+"
    filterset_class = IndicatorValueFilter
    permission_classes = [IsStaffOrReadOnly]
    ordering_fields = ["year", "value"]

    def get_queryset(self):
        return selectors.indicator_value_list()

    def create(self, request, *args, **kwargs):
        data = _valid(IndicatorValueWriteSerializer, request.data)
        row, created = indicators.indicator_value_upsert(user=request.user, **data)
        row = self.get_queryset().get(pk=row.pk)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(IndicatorValueSerializer(row).data, status=code)


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
