"""POST /api/v1/exports/ to ask for a file; GET to follow it and download it.

Exports need a signed-in caller. The list shows one's own exports; an export and its
file are visible to its requester and to staff, and a 404 to anyone else.
"""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from exports import selectors, services
from exports.models import Export

from .serializers import ExportCreateSerializer, ExportSerializer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@extend_schema_view(
    list=extend_schema(summary="Your exports, newest first"),
    retrieve=extend_schema(
        summary="An export: its status, progress and, when done, download_url",
        description="The requester's own, or any for staff; a 404 otherwise.",
    ),
    create=extend_schema(
        summary="Ask for an export",
        description="Answers 202 with the export; a worker builds the file. Follow "
        "`status` (pending, running, done, failed) and `progress` (0–100); when done, "
        "`download_url` serves the file to the requester and staff only. The rows are "
        "those the caller may see.",
        request=ExportCreateSerializer,
        responses={202: ExportSerializer},
    ),
)
class ExportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ExportSerializer
    lookup_url_kwarg = "id"
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        if self.action == "list":
            return selectors.export_list(self.request.user)
        return selectors.exports_visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = ExportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        export = services.export_create(user=request.user, **serializer.validated_data)
        # On the embedded default the build ran inline: show how it ended.
        export.refresh_from_db()
        data = ExportSerializer(export, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Download an export's file (the requester and staff)",
        description="The file in the export's format: CSV for one table, a zip of CSV "
        "files for several, an Excel workbook, or JSON.",
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/zip"): OpenApiTypes.BINARY,
            (200, XLSX): OpenApiTypes.BINARY,
            (200, "application/json"): OpenApiTypes.BINARY,
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request, id=None):
        export = self.get_object()
        if export.status != Export.Status.DONE or not export.file:
            raise Http404("This export has no file (yet).")
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=export.file.name.rsplit("/", 1)[-1],
        )
