"""GET|POST /api/v1/matches/ and the lifecycle's named actions (issue 14).

Reads start from `selectors.match_list` (both pledges visible to the caller: an
unknown id and a match the caller may not read are the same 404); each action is
one service, which checks who may move the match and from which stage.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from core.parsers import JSONParser
from pledges import selectors, services
from pledges.filters import MatchFilter
from pledges.models import PledgeMatch

from .serializers import (
    MatchDeclineSerializer,
    MatchOfferSerializer,
    MatchReasonSerializer,
    MatchResourceSerializer,
    MatchSerializer,
)


@extend_schema_view(
    list=extend_schema(
        summary="Matches: offers of matching pledges and their stage",
        description="Offers between two published pledges for everyone; a focal point "
        "also those whose both pledges they may read; staff all. Stages: `offered` → "
        "`accepted` or `declined` → `resourced` → `delivered`; `withdrawn` by the "
        "offering side before delivery.",
    ),
    retrieve=extend_schema(summary="One match, by id"),
    create=extend_schema(
        summary="Offer a matching pledge to a published pledge",
        description="By a focal point of the matching (`offer`) pledge's lead. The matched "
        "pledge's lead's focal points are mailed.",
        request=MatchOfferSerializer,
        responses={201: MatchSerializer},
    ),
)
class MatchViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MatchSerializer
    filterset_class = MatchFilter
    ordering_fields = ["offered_at", "updated_at"]
    ordering = ["-offered_at", "pk"]
    permission_classes = [IsAuthenticatedOrReadOnly]
    parser_classes = [JSONParser]
    lookup_field = "id"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.match_list(self.request.user)

    def get_serializer_class(self):
        return {
            "create": MatchOfferSerializer,
            "decline": MatchDeclineSerializer,
            "withdraw": MatchReasonSerializer,
            "resource": MatchResourceSerializer,
        }.get(self.action, MatchSerializer)

    def _show(self, match: PledgeMatch, status_code=status.HTTP_200_OK) -> Response:
        match = selectors.match_list(self.request.user).get(pk=match.pk)
        return Response(MatchSerializer(match).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = MatchOfferSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        code = serializer.validated_data["offer"].strip().upper()
        offer = selectors.pledges_visible_to(request.user).filter(code=code).first()
        if offer is None:
            message = _("No pledge you may read has the code %(code)s.") % {"code": code}
            raise ValidationError({"offer": [message]})
        match = services.match_offer(
            offer=offer, user=request.user, matched=serializer.validated_data["matched"]
        )
        return self._show(match, status.HTTP_201_CREATED)

    def _move(self, service, serializer_class=None) -> Response:
        match = get_object_or_404(self.get_queryset(), pk=self.kwargs["id"])
        values = {}
        if serializer_class is not None:
            serializer = serializer_class(data=self.request.data)
            serializer.is_valid(raise_exception=True)
            values = serializer.validated_data
        return self._show(service(match=match, user=self.request.user, **values))

    @extend_schema(
        summary="Accept an offer (the matched pledge's lead)",
        description="By a focal point of the matched pledge's lead; only an `offered` match.",
        request=None,
        responses=MatchSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, id=None):
        return self._move(services.match_accept)

    @extend_schema(
        summary="Decline an offer, with a reason (the matched pledge's lead)",
        request=MatchDeclineSerializer,
        responses=MatchSerializer,
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, id=None):
        return self._move(services.match_decline, MatchDeclineSerializer)

    @extend_schema(
        summary="Record what was committed (the matching pledge's lead)",
        description="Only an `accepted` match: `resources` (what) and `resourced_on`.",
        request=MatchResourceSerializer,
        responses=MatchSerializer,
    )
    @action(detail=True, methods=["post"])
    def resource(self, request, id=None):
        return self._move(services.match_resource, MatchResourceSerializer)

    @extend_schema(
        summary="Confirm delivery (the matched pledge's lead)",
        description="Only a `resourced` match.",
        request=None,
        responses=MatchSerializer,
    )
    @action(detail=True, methods=["post"])
    def deliver(self, request, id=None):
        return self._move(services.match_deliver)

    @extend_schema(
        summary="Withdraw an offer (the matching pledge's lead)",
        description="Until delivered, declined or withdrawn; an optional `reason`.",
        request=MatchReasonSerializer,
        responses=MatchSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, id=None):
        return self._move(services.match_withdraw, MatchReasonSerializer)
