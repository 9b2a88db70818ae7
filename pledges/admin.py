"""Curation for Network staff: actors and focal points, pledges and their progress.

Publishing and returning call the same services as the API. A pledge's content is
read here and edited by its focal points (or staff) through the API, where the
services check it; the admin would otherwise be a second, unchecked way in.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .admin_imports import PledgeImportAdminMixin
from .models import Actor, Evidence, FocalPoint, Pledge, ProgressUpdate


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "created_at"]
    readonly_fields = ["created_at"]


class UserFocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 1
    autocomplete_fields = ["actor"]
    fields = ["actor", "created_at"]
    readonly_fields = ["created_at"]
    verbose_name_plural = _("focal point for")


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "category", "region", "subregion", "is_un_member"]
    list_filter = ["kind", "category", "region", "is_un_member"]
    search_fields = ["name", "code"]
    inlines = [FocalPointInline]

    def get_readonly_fields(self, request, obj=None):
        # Member States come from the reference-data step; staff add stakeholders.
        if obj is not None and obj.kind == Actor.Kind.STATE:
            return ["kind", "code", "name", "country", "region", "subregion", "is_un_member"]
        return []


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ["user", "actor", "created_at"]
    list_select_related = ["user", "actor"]
    search_fields = ["user__username", "user__email", "actor__name", "actor__code"]
    autocomplete_fields = ["user", "actor"]
    list_filter = ["actor__kind"]


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class FocalPointUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, UserFocalPointInline]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["name", "file", "size"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ProgressUpdateInline(admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    fields = ["date", "implementation", "percent", "narrative", "links", "created_by"]
    readonly_fields = fields
    ordering = ["-date", "-created_at"]
    show_change_link = True
    # Updates are append-only: a correction is a new update.
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ObjectiveListFilter(admin.SimpleListFilter):
    title = _("objective")
    parameter_name = "objective"

    def lookups(self, request, model_admin):
        from objectives.models import Objective

        return [(o.number, f"{o.number}. {o.title[:60]}") for o in Objective.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(objective_links__objective__number=self.value())
        return queryset


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent back to the focal points"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )


@admin.register(Pledge)
class PledgeAdmin(PledgeImportAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "title", "lead", "status", "pledge_type", "mode", "implementation"]
    list_display_links = ["code", "title"]
    list_filter = [
        "status",
        "pledge_type",
        "mode",
        "implementation",
        ObjectiveListFilter,
        "lead__region",
    ]
    list_select_related = ["lead"]
    search_fields = ["code", "title", "description", "lead__name", "lead__code"]
    date_hierarchy = "created_at"
    actions = ["publish_selected", "return_selected"]
    inlines = [ProgressUpdateInline]
    readonly_fields = [
        "code",
        "title",
        "description",
        "lead",
        "partner_list",
        "mode",
        "pledge_type",
        "link_list",
        "scope",
        "start_date",
        "target_date",
        "matches",
        "document",
        "status",
        "return_reason",
        "implementation",
        "created_by",
        "created_at",
        "updated_at",
        "published_at",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("partners", "objectives", "actions__objective", "principles")
        )

    @admin.display(description=_("partners"))
    def partner_list(self, obj):
        return ", ".join(str(p) for p in obj.partners.all()) or "—"

    @admin.display(description=_("objectives, actions, principles"))
    def link_list(self, obj):
        parts = [
            ", ".join(str(o.number) for o in obj.objectives.all()),
            ", ".join(a.label for a in obj.actions.all()),
            ", ".join(p.name for p in obj.principles.all()),
        ]
        return " · ".join(p or "—" for p in parts)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Codes are public and never reused; withdraw instead of deleting.
        return False

    def _run(self, request, queryset, service, done: str, **kwargs) -> None:
        succeeded = 0
        for pledge in queryset:
            try:
                service(pledge=pledge, user=request.user, **kwargs)
            except (ValidationError, PermissionDenied) as exc:
                message = "; ".join(getattr(exc, "messages", None) or [str(exc)])
                self.message_user(request, f"{pledge.code}: {message}", messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(
                request,
                ngettext("%(n)d pledge %(done)s.", "%(n)d pledges %(done)s.", succeeded)
                % {"n": succeeded, "done": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Publish the selected submitted pledges"))
    def publish_selected(self, request, queryset):
        self._run(request, queryset, services.pledge_publish, "published")

    @admin.action(description=_("Return the selected submitted pledges, with a reason"))
    def return_selected(self, request, queryset):
        # An intermediate page asks for the reason; its form posts back to this action.
        form = ReturnForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            self._run(
                request,
                queryset,
                services.pledge_return,
                "returned",
                reason=form.cleaned_data["reason"],
            )
            return None
        return render(
            request,
            "admin/pledges/pledge/return_reason.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Return pledges to their focal points"),
                "opts": self.model._meta,
                "pledges": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["pledge", "date", "implementation", "percent", "created_by"]
    list_select_related = ["pledge", "created_by"]
    list_filter = ["implementation"]
    search_fields = ["pledge__code", "pledge__title", "narrative"]
    fields = ["pledge", "date", "implementation", "percent", "narrative", "links", "created_by"]
    readonly_fields = fields
    inlines = [EvidenceInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
