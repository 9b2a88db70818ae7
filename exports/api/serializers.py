from typing import cast

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exports import registry
from exports.models import Export


class ExportSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Export
        fields = [
            "id",
            "kind",
            "format",
            "filters",
            "status",
            "progress",
            "row_count",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "download_url",
            "page_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, export: Export) -> str | None:
        if export.status != Export.Status.DONE:
            return None
        url = reverse("export-download", kwargs={"id": export.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    @extend_schema_field(serializers.CharField())
    def get_page_url(self, export: Export) -> str:
        return reverse("exports:detail", kwargs={"pk": export.pk})


class ExportCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[])
    format = serializers.ChoiceField(choices=Export.Format.choices)
    filters = serializers.DictField(
        required=False,
        default=dict,
        help_text='The list\'s own filters, e.g. {"objective": 5, "country": "KEN"} '
        'for pledges (see GET /api/v1/pledges/) or {"state": "KEN"} for reviews. '
        "`everything` takes none.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kinds the apps registered, read when used (the apps register in ready()).
        kind = cast(serializers.ChoiceField, self.fields["kind"])
        kind.choices = registry.kind_choices()
