"""Staff can see what reminders went out; the rows are written by the daily job only."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import SentReminder


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdmin):
    list_display = ["kind", "object_id", "recipient", "occasion", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username", "recipient__email", "occasion"]
    date_hierarchy = "sent_at"
    # Deleting a row lets the reminder go again on the next run: a way to resend one.
