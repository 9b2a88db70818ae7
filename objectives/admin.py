from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, CompactSource, GuidingPrinciple, Objective, Paragraph


class ActionInline(admin.StackedInline):
    model = Action
    extra = 0
    fields = ["letter", "text"]
    readonly_fields = ["letter"]
    ordering = ["order"]
    # Actions come from the compact's text: staff correct them, the loader adds them.
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "paragraph", "action_count"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "commitment", "actions__text"]
    readonly_fields = ["number", "paragraph", "source"]
    fields = ["number", "title", "commitment", "paragraph", "source"]
    inlines = [ActionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(action_count=Count("actions"))

    @admin.display(description=_("actions"), ordering="action_count")
    def action_count(self, obj):
        return obj.action_count

    def get_search_results(self, request, queryset, search_term):
        queryset, _ = super().get_search_results(request, queryset, search_term)
        # Searching through actions joins rows: show each objective once.
        return queryset.distinct(), False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["label", "short_text"]
    list_filter = ["objective"]
    search_fields = ["text"]
    list_select_related = ["objective"]
    readonly_fields = ["objective", "letter", "order", "source"]
    fields = ["objective", "letter", "text", "order", "source"]
    ordering = ["objective__number", "order"]

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 120 else obj.text[:119] + "…"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GuidingPrinciple)
class GuidingPrincipleAdmin(SimpleHistoryAdmin):
    list_display = ["order", "name", "slug"]
    list_display_links = ["name"]
    search_fields = ["name", "description"]
    readonly_fields = ["slug", "order", "paragraph", "source"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CompactSource)
class CompactSourceAdmin(admin.ModelAdmin):
    list_display = ["document", "edition", "file_name", "loaded_at"]
    readonly_fields = ["document", "edition", "file_name", "sha256", "loaded_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    # The whole text as the loader read it: read-only, corrected by loading the text.
    list_display = ["number", "item", "section", "short_text", "source"]
    list_filter = ["section", "source"]
    search_fields = ["text"]
    list_select_related = ["source"]
    ordering = ["source", "order"]

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 120 else obj.text[:119] + "…"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


from . import admin_sdg  # noqa: E402, F401  SDG links: objectives/admin_sdg.py
