"""PUT|DELETE /api/v1/pledges/{code}/support/: what support a pledge seeks (issue 14).

A singleton under its pledge, so a view of its own rather than an action of the pledge
viewset (whose PUT would otherwise become a second PATCH of the pledge). The pledge is
read through `pledges_visible_to` (an unknown code and one the caller may not read are
the same 404); the services decide who may say what (the lead's focal points, not on a
withdrawn pledge) and check the meaning (an objective of the pledge, the amount and its
ISO 4217 currency). Reads are the pledge's `support_sought`.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.parsers import JSONParser
from pledges import selectors, services

from .serializers import PledgeSerializer, SupportRequestWriteSerializer

CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="The pledge's code.")


class PledgeSupportView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]
    serializer_class = SupportRequestWriteSerializer
    # The pledge, by its code (an OPTIONS request's metadata looks it up too).
    lookup_field = "code"

    def get_queryset(self):
        return selectors.pledges_visible_to(self.request.user)

    @extend_schema(
        summary="Say what support a pledge seeks (the lead's focal points)",
        description="Sets or replaces the pledge's `support_sought`: `type` (a pledge "
        "type), `objective` (one of the pledge's objectives), a short `description`, and "
        "for financial support an `amount` with its ISO 4217 `currency`. By a focal "
        "point of the lead actor only (not staff, not partners); a withdrawn pledge is a "
        "400 on `status`. Published, the pledge is listed as seeking support.",
        parameters=[CODE],
        request=SupportRequestWriteSerializer,
        responses=PledgeSerializer,
    )
    def put(self, request, code: str):
        pledge = self.get_object()
        serializer = SupportRequestWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.support_request_set(
            pledge=pledge,
            user=request.user,
            support_type=values["support_type"],
            objective=values["objective"],
            description=values["description"],
            amount=values.get("amount"),
            currency=values.get("currency", ""),
        )
        pledge = selectors.pledge_list(request.user).get(pk=pledge.pk)
        context = self.get_serializer_context()
        return Response(PledgeSerializer(pledge, context=context).data)

    @extend_schema(
        summary="Say a pledge seeks no support any more (the lead's focal points)",
        description="Met, or given up: the pledge leaves the seeking-support list. "
        "Whether or not it sought any, 204.",
        parameters=[CODE],
        request=None,
        responses={204: None},
    )
    def delete(self, request, code: str):
        services.support_request_clear(pledge=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
