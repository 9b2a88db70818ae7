"""/api/v1/snapshots/: the public record frozen at review events (issue 19). The list
says what each snapshot is; the detail adds the record itself, checked against its
SHA-256 first (409 if the stored row was altered)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from reviews.filters import SnapshotFilter
from reviews.models import Snapshot, SnapshotAltered


class SnapshotSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the review event; null for a snapshot taken on demand.",
    )

    class Meta:
        model = Snapshot
        fields = ["slug", "title", "event", "as_of", "reconstructed", "checksum", "pledge_count"]
        read_only_fields = fields


class SnapshotDetailSerializer(SnapshotSerializer):
    record = serializers.SerializerMethodField(
        help_text="The frozen record: pledges (with lead, accepted partners, objectives and "
        "latest progress), published reviews with their assessments, and the figures."
    )

    class Meta(SnapshotSerializer.Meta):
        fields = [*SnapshotSerializer.Meta.fields, "record"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_record(self, snapshot: Snapshot) -> dict:
        return snapshot.data()


@extend_schema_view(
    list=extend_schema(
        summary="Snapshots of the public record",
        description="Newest first; `reconstructed` marks those rebuilt from the history "
        "tables after the event. The checksum is the SHA-256 of the stored JSON, which "
        "/snapshots/{slug}/download.json serves byte for byte.",
    ),
    retrieve=extend_schema(
        summary="One snapshot with its record",
        responses={
            200: SnapshotDetailSerializer,
            409: OpenApiResponse(description="The stored record no longer matches its checksum."),
        },
    ),
)
class SnapshotViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = SnapshotFilter
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    ordering_fields = ["as_of"]

    def get_queryset(self):
        queryset = Snapshot.objects.select_related("event")
        return queryset if self.action == "retrieve" else queryset.defer("content")

    def get_serializer_class(self):
        return SnapshotDetailSerializer if self.action == "retrieve" else SnapshotSerializer

    def retrieve(self, request, *args, **kwargs):
        snapshot = self.get_object()
        try:
            return Response(self.get_serializer(snapshot).data)
        except SnapshotAltered:
            return Response(
                {"detail": "The stored snapshot no longer matches its checksum."},
                status=status.HTTP_409_CONFLICT,
            )
