"""Staff can read the change log; only the services write it, and nobody edits it."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import ChangeEvent


@admin.register(ChangeEvent)
class ChangeEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "at", "object_kind", "code", "kind"]
    list_filter = ["object_kind", "kind"]
    search_fields = ["code"]
    date_hierarchy = "at"

    # A deleted row would be a change a syncing client never hears of.
    def has_delete_permission(self, request, obj=None):
        return False
