"""Staff can see the exports people asked for; the rows are written by the background
work only."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Export


@admin.register(Export)
class ExportAdmin(ReadOnlyAdmin):
    list_display = ["pk", "requester", "kind", "format", "status", "row_count", "created_at"]
    list_filter = ["status", "kind", "format"]
    list_select_related = ["requester"]
    search_fields = ["requester__username"]
