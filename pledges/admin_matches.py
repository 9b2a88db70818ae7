"""Staff's read-only view of matches and of the support pledges seek (issue 14).

Every move of a match is a side's own (the services refuse staff), and what a pledge
seeks is its lead's: the admin lists, filters and searches them, and shows each row's
history in words (HistoryAdmin), but writes nothing.
"""

from __future__ import annotations

from django.contrib import admin

from core.admin import HistoryAdmin, ViewOnlyMixin

from .models import PledgeMatch, SupportRequest


class ReadOnlyAdmin(ViewOnlyMixin, HistoryAdmin):
    """No add, change or delete: a change page shows the row, its history the moves."""


@admin.register(PledgeMatch)
class PledgeMatchAdmin(ReadOnlyAdmin):
    list_display = ["offer", "matched", "status", "offered_at", "answered_at", "delivered_at"]
    list_select_related = ["offer", "matched"]
    list_filter = ["status"]
    search_fields = ["offer__code", "matched__code", "offer__lead__code", "matched__lead__code"]
    date_hierarchy = "offered_at"
    fields = readonly_fields = (
        "offer",
        "matched",
        "status",
        "reason",
        "resources",
        "resourced_on",
        "offered_at",
        "answered_at",
        "delivered_at",
        "updated_at",
    )


@admin.register(SupportRequest)
class SupportRequestAdmin(ReadOnlyAdmin):
    list_display = ["pledge", "support_type", "objective", "amount", "currency", "updated_at"]
    list_select_related = ["pledge", "objective"]
    list_filter = ["support_type", "objective"]
    search_fields = ["pledge__code", "pledge__lead__code", "description"]
    fields = readonly_fields = (
        "pledge",
        "support_type",
        "objective",
        "description",
        "amount",
        "currency",
        "created_at",
        "updated_at",
    )
