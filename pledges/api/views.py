from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.converters import TEXT_LOOKUP_REGEX
from core.downloads import CSV_CHUNK_SIZE, csv_attachment
from core.etags import VersionedWritesMixin, tag_response
from core.pagination import PublicCountPagination
from core.parsers import JSONParser
from core.public_cache import cached_public_read
from core.viewsets import FiltersOnListsMixin
from pledges import selectors, services
from pledges.columns import PLEDGE_COLUMN_NAMES, pledge_row
from pledges.filters import ActorFilter, PledgeFilter, SearchOrderingFilter
from pledges.models import Pledge

from .permissions import CanEditPledge, IsNetworkStaff
from .renderers import CSVRenderer
from .serializers import (
    ActorSerializer,
    PartnershipAcceptSerializer,
    PartnershipReasonSerializer,
    PledgeFacetsSerializer,
    PledgeGoneSerializer,
    PledgeReturnSerializer,
    PledgeSerializer,
    PledgeWriteSerializer,
    ProgressUpdateSerializer,
    ProgressUpdateWriteSerializer,
)


@extend_schema_view(
    list=extend_schema(
        summary="Who pledges: Member States and stakeholders",
        description="The 193 UN Member States (alpha-3 codes such as `KEN`, UN M49 region "
        "and sub-region) and stakeholder organisations (slug codes, a category).",
    ),
    retrieve=extend_schema(summary="One actor, by code"),
)
class ActorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ActorSerializer
    filterset_class = ActorFilter
    lookup_field = "code"
    lookup_value_regex = TEXT_LOOKUP_REGEX
    ordering_fields = ["name", "code", "region"]
    ordering = ["kind", "name", "code"]

    def get_queryset(self):
        return selectors.actor_list()


@extend_schema_view(
    list=extend_schema(
        summary="Pledges",
        description="Published pledges for everyone; a focal point also sees every pledge "
        "of their actors, staff see all. `?format=csv` streams the whole filtered list "
        "(not a page) as CSV, with the columns of an export's pledges table.",
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"], required=False)
        ],
    ),
    retrieve=extend_schema(
        summary="One pledge, by code (GCM-P-00042)",
        description="A pledge withdrawn after it was published answers 410 Gone with its "
        "code and withdrawal date (a syncing client deletes its copy); one never published "
        "is a 404 to whoever may not see it.",
        responses={200: PledgeSerializer, 410: PledgeGoneSerializer},
    ),
    create=extend_schema(
        summary="Draft a pledge",
        description="As a focal point of the lead actor (or staff). JSON, or multipart "
        "with a `document`.",
        request=PledgeWriteSerializer,
        responses={201: PledgeSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit a draft or returned pledge",
        request=PledgeWriteSerializer,
        responses={200: PledgeSerializer},
    ),
)
class PledgeViewSet(
    FiltersOnListsMixin,
    VersionedWritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    # PUT would replace a pledge wholesale; edits are partial, and states change by action.
    http_method_names = ["get", "post", "patch", "head", "options"]
    tagged_actions = (
        *VersionedWritesMixin.tagged_actions,
        *("submit", "publish", "return_", "withdraw"),
    )
    lookup_field = "code"
    lookup_value_regex = TEXT_LOOKUP_REGEX
    filterset_class = PledgeFilter
    # A search without ?ordering= lists the best matches first.
    filter_backends = [DjangoFilterBackend, SearchOrderingFilter]
    ordering_fields = [
        "code",
        "title",
        "start_date",
        "target_date",
        "created_at",
        "updated_at",
        "published_at",
    ]
    ordering = ["code"]
    # Anonymous readers' counts come from the public cache (a COUNT(*) per filter and
    # data version, not per page).
    pagination_class = PublicCountPagination
    permission_classes = [IsAuthenticatedOrReadOnly, CanEditPledge]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if self.action in ("list", "retrieve"):
            return selectors.pledge_list(self.request.user)
        # Writes and progress only need the pledge itself; answers go through _show.
        return selectors.pledges_visible_to(self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "partial_update", "update"):
            return PledgeWriteSerializer
        if self.action in ("return_", "unpublish"):
            return PledgeReturnSerializer
        if self.action == "partner_accept":
            return PartnershipAcceptSerializer
        if self.action in ("partner_decline", "partner_leave"):
            return PartnershipReasonSerializer
        if self.action == "updates":
            if self.request.method == "POST":
                return ProgressUpdateWriteSerializer
            return ProgressUpdateSerializer
        return PledgeSerializer

    def get_permissions(self):
        if self.action in ("publish", "return_", "unpublish"):
            return [IsNetworkStaff()]
        return super().get_permissions()

    def get_renderers(self):
        renderers = super().get_renderers()
        # CSV is for the list; a single pledge or an action answers in JSON.
        return [*renderers, CSVRenderer()] if self.action == "list" else renderers

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # An error answers in JSON, as the document says, even to `?format=csv`: a CSV
        # of `{"field": [messages]}` reads as nonsense (found by schemathesis).
        if response.status_code >= 400 and response.accepted_renderer.format == "csv":
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response

    def _show(self, pledge: Pledge, status_code=status.HTTP_200_OK) -> Response:
        pledge = selectors.pledge_list(self.request.user).get(pk=pledge.pk)
        data = PledgeSerializer(pledge, context=self.get_serializer_context()).data
        return tag_response(Response(data, status=status_code), pledge)

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "csv":
            # Streamed in chunks, each with its prefetches: flat memory at any size.
            pledges = self.filter_queryset(self.get_queryset())
            rows = map(pledge_row, pledges.iterator(chunk_size=CSV_CHUNK_SIZE))
            return csv_attachment("pledges.csv", PLEDGE_COLUMN_NAMES, rows)
        return cached_public_read(
            request, kind="pledges", answer=lambda: super(PledgeViewSet, self).list(request)
        )

    def retrieve(self, request, *args, **kwargs):
        return cached_public_read(
            request, kind="pledge", answer=lambda: self._retrieve_or_gone(request, **kwargs)
        )

    def _retrieve_or_gone(self, request, **kwargs):
        # A once-public withdrawn pledge is 410 Gone (never cached: only 200s are).
        try:
            return super().retrieve(request, **kwargs)
        except Http404:
            gone = selectors.gone_pledge(kwargs["code"])
            if gone is None:
                raise
        data = {
            "detail": _("This pledge was withdrawn."),
            "code": gone.code,
            "status": gone.status,
            "withdrawn_at": gone.withdrawn_at,
        }
        return Response(PledgeGoneSerializer(data).data, status=status.HTTP_410_GONE)

    def create(self, request, *args, **kwargs):
        serializer = PledgeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pledge = services.pledge_create(user=request.user, **serializer.validated_data)
        return self._show(pledge, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        serializer = PledgeWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            pledge = services.pledge_update(
                pledge=self.locked_for_write(), user=request.user, **serializer.validated_data
            )
        return self._show(pledge)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        summary="Facet counts: pledges per filter value",
        description="The list's filters (the same query string); for each facet, how "
        "many of the pledges the caller may see each value would show, given the other "
        "filters.",
        filters=True,
        responses=PledgeFacetsSerializer,
    )
    @action(detail=False, methods=["get"])
    def facets(self, request):
        filterset = PledgeFilter(
            request.query_params,
            queryset=selectors.pledges_visible_to(request.user),
            request=request,
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return Response(PledgeFacetsSerializer({"facets": filterset.facet_counts()}).data)

    @extend_schema(
        summary="Submit a draft or returned pledge to Network staff",
        request=None,
        responses=PledgeSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, code=None):
        return self._show(services.pledge_submit(pledge=self.get_object(), user=request.user))

    @extend_schema(
        summary="Publish a submitted pledge (staff)", request=None, responses=PledgeSerializer
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, code=None):
        return self._show(services.pledge_publish(pledge=self.get_object(), user=request.user))

    @extend_schema(
        summary="Return a submitted pledge to its focal points, with a reason (staff)",
        request=PledgeReturnSerializer,
        responses=PledgeSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, code=None):
        return self._with_reason(request, services.pledge_return)

    @extend_schema(
        summary="Unpublish a published pledge, returning it to its focal points (staff)",
        description="The public no longer sees it; the change feed says `unpublished`.",
        request=PledgeReturnSerializer,
        responses=PledgeSerializer,
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request, code=None):
        return self._with_reason(request, services.pledge_unpublish)

    def _with_reason(self, request, service) -> Response:
        serializer = PledgeReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pledge = service(
            pledge=self.get_object(), user=request.user, reason=serializer.validated_data["reason"]
        )
        return self._show(pledge)

    @extend_schema(summary="Withdraw a pledge", request=None, responses=PledgeSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, code=None):
        return self._show(services.pledge_withdraw(pledge=self.get_object(), user=request.user))

    def _partnership(self, actor: str):
        # A pledge the caller may not see is a 404, as is an actor not (or no longer)
        # invited to it; whether the caller may answer is the service's.
        pledge = self.get_object()
        return get_object_or_404(pledge.partnerships.select_related("pledge"), actor__code=actor)

    def _answer(self, actor: str, serializer_class, service) -> Response:
        """A partner's answer: the serializer checks the shape, the service the meaning
        (who may, from which status); the pledge as it now is."""
        partnership = self._partnership(actor)
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        service(partnership=partnership, user=self.request.user, **serializer.validated_data)
        return self._show(partnership.pledge)

    @extend_schema(
        summary="Accept an invitation to partner a pledge",
        description="By a focal point of the invited actor only (consent is the actor's: "
        "not the lead, not staff). Optionally says what the partner contributes: "
        "`share`, and for a financial share `amount` with its ISO 4217 `currency`. "
        "An invitation already answered or withdrawn is a 400 on `status`.",
        parameters=[OpenApiParameter("actor", str, OpenApiParameter.PATH)],
        request=PartnershipAcceptSerializer,
        responses=PledgeSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"partners/(?P<actor>[^/]+)/accept",
        url_name="partner-accept",
    )
    def partner_accept(self, request, code=None, actor=None):
        return self._answer(actor, PartnershipAcceptSerializer, services.partnership_accept)

    @extend_schema(
        summary="Decline an invitation to partner a pledge, with a reason",
        description="By a focal point of the invited actor only. `reason` is required.",
        parameters=[OpenApiParameter("actor", str, OpenApiParameter.PATH)],
        request=PartnershipReasonSerializer,
        responses=PledgeSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"partners/(?P<actor>[^/]+)/decline",
        url_name="partner-decline",
    )
    def partner_decline(self, request, code=None, actor=None):
        return self._answer(actor, PartnershipReasonSerializer, services.partnership_decline)

    @extend_schema(
        summary="Leave a pledge one partners",
        description="By a focal point of an accepted partner only; dated, with an optional "
        "`reason`.",
        parameters=[OpenApiParameter("actor", str, OpenApiParameter.PATH)],
        request=PartnershipReasonSerializer,
        responses=PledgeSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"partners/(?P<actor>[^/]+)/leave",
        url_name="partner-leave",
    )
    def partner_leave(self, request, code=None, actor=None):
        return self._answer(actor, PartnershipReasonSerializer, services.partnership_leave)

    @extend_schema(
        methods=["GET"],
        summary="A pledge's progress updates, newest first",
        responses=ProgressUpdateSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Report progress on a published pledge",
        description="As a focal point of the lead or a partner (or staff). JSON, or "
        "multipart with `files`. Corrections are new updates.",
        request=ProgressUpdateWriteSerializer,
        responses={201: ProgressUpdateSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def updates(self, request, code=None):
        pledge = self.get_object()
        if request.method == "GET":
            updates = selectors.pledge_updates(pledge)
            page = self.paginate_queryset(updates)
            context = self.get_serializer_context()
            data = ProgressUpdateSerializer(page, many=True, context=context).data
            return self.get_paginated_response(data)
        serializer = ProgressUpdateWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        values["files"] = request.FILES.getlist("files") or values.get("files", [])
        update = services.progress_update_create(pledge=pledge, user=request.user, **values)
        update = selectors.pledge_updates(pledge).get(pk=update.pk)
        return Response(
            ProgressUpdateSerializer(update, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
