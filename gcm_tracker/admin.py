"""Staff can see what reminders went out and the exports people asked for; the rows
are written by the background work only."""

from django.contrib import admin

from .models import Export, SentReminder


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdmin):
    list_display = ["kind", "object_id", "recipient", "occasion", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username", "recipient__email", "occasion"]
    date_hierarchy = "sent_at"
    # Deleting a row lets the reminder go again on the next run: a way to resend one.


@admin.register(Export)
class ExportAdmin(ReadOnlyAdmin):
    list_display = ["pk", "requester", "kind", "format", "status", "row_count", "created_at"]
    list_filter = ["status", "kind", "format"]
    list_select_related = ["requester"]
    search_fields = ["requester__username"]
