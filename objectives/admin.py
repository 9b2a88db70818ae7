"""Staff correct the compact's texts here; the loader adds and removes the rows.

Every write is a service call (objectives/services.py), so a correction follows the
loader's rules (not empty, whitespace collapsed, no footnote marks): objectives through
`objective_text_correct`, their actions (inline or on their own page) through
`action_text_correct`, principles through `principle_text_correct`. Sources and
paragraphs are read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin, ServiceAdmin, ServiceAdminForm

from . import services
from .models import Action, CompactSource, GuidingPrinciple, Objective, Paragraph


class TextCorrectionForm(ServiceAdminForm):
    """The form checks only the shape; whether a text may be empty is the service's
    rule (so an empty text is refused, beside its field, by the service)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class ObjectiveForm(TextCorrectionForm):
    class Meta:
        model = Objective
        fields = ["title", "commitment"]

    def call_service(self) -> Objective:
        data = self.cleaned_data
        return services.objective_text_correct(
            objective=self.current(),
            user=self.user,
            title=data["title"],
            commitment=data["commitment"],
        )


class ActionForm(TextCorrectionForm):
    class Meta:
        model = Action
        fields = ["text"]

    def call_service(self) -> Action:
        return services.action_text_correct(
            action=self.current(), user=self.user, text=self.cleaned_data["text"]
        )


class PrincipleForm(TextCorrectionForm):
    class Meta:
        model = GuidingPrinciple
        fields = ["name", "description"]

    def call_service(self) -> GuidingPrinciple:
        data = self.cleaned_data
        return services.principle_text_correct(
            principle=self.current(),
            user=self.user,
            name=data["name"],
            description=data["description"],
        )


class ActionInline(admin.StackedInline):
    model = Action
    form = ActionForm
    extra = 0
    fields = ["letter", "text"]
    readonly_fields = ["letter"]
    ordering = ["order"]
    # Actions come from the compact's text: staff correct them, the loader adds them.
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        # Each row's form checks its correction through the service (ServiceAdminForm).
        formset.form = type(formset.form.__name__, (formset.form,), {"user": request.user})
        return formset


@admin.register(Objective)
class ObjectiveAdmin(ServiceAdmin, HistoryAdmin):
    form = ObjectiveForm
    list_display = ["number", "title", "paragraph", "action_count"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "commitment", "actions__text"]
    readonly_fields = ["number", "paragraph", "source"]
    fields = ["number", "title", "commitment", "paragraph", "source"]
    inlines = [ActionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(action_count=Count("actions"))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # The actions inline: each changed row is a correction through the service
        # (`save(commit=False)` writes nothing; it lists the changes for the history).
        formset.save(commit=False)
        for action_form in formset.forms:
            if action_form.instance.pk is not None and action_form.has_changed():
                action_form.call_service()

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
class ActionAdmin(ServiceAdmin, HistoryAdmin):
    form = ActionForm
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
class GuidingPrincipleAdmin(ServiceAdmin, HistoryAdmin):
    form = PrincipleForm
    list_display = ["order", "name", "slug"]
    list_display_links = ["name"]
    search_fields = ["name", "description"]
    readonly_fields = ["slug", "order", "paragraph", "source"]
    fields = ["slug", "name", "description", "order", "paragraph", "source"]

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
