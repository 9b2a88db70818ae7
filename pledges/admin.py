"""Curation for Network staff: actors and focal points, pledges and their progress.

Every write here is a service call, as from the API: stakeholders through
`actor_create_stakeholder` / `actor_update`, focal points through `focal_point_add` /
`focal_point_remove`, publishing and returning through `pledge_publish` /
`pledge_return`. A pledge's content is read here and edited by its focal points (or
staff) in the workspace or the API; Member States, progress updates and evidence are
read-only. `ServiceAdminForm` is how a change form calls a service and shows its
ValidationError beside the fields (it lives in core/admin.py; every app's admin uses it).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ServiceAdmin, ServiceAdminForm

from . import services
from .admin_imports import PledgeImportAdminMixin
from .models import Actor, Evidence, FocalPoint, Pledge, ProgressUpdate
from .selectors import pledge_partnerships


def save_focal_points(request: HttpRequest, formset: BaseInlineFormSet) -> None:
    """A focal-point inline's rows, written by focal_point_remove / focal_point_add
    (a changed row is the old pair removed and the new one added)."""
    formset.save(commit=False)
    for focal_point in formset.deleted_objects:
        services.focal_point_remove(user=focal_point.user, actor=focal_point.actor)
    for focal_point, _fields in formset.changed_objects:
        before = FocalPoint.objects.select_related("user", "actor").get(pk=focal_point.pk)
        services.focal_point_remove(user=before.user, actor=before.actor)
        services.focal_point_add(user=focal_point.user, actor=focal_point.actor)
    for focal_point in formset.new_objects:
        services.focal_point_add(user=focal_point.user, actor=focal_point.actor)


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


class StakeholderForm(ServiceAdminForm):
    class Meta:
        model = Actor
        fields = ["code", "name", "category", "country"]

    def call_service(self) -> Actor:
        data = self.cleaned_data
        values = {name: data[name] for name in ("code", "name", "category")}
        values["country"] = str(data["country"] or "")
        if self.instance.pk is None:
            return services.actor_create_stakeholder(**values)
        return services.actor_update(actor=self.current(), **values)


@admin.register(Actor)
class ActorAdmin(ServiceAdmin):
    """Member States come from the reference-data step and are read here (their focal
    points are managed); staff add and correct stakeholders through the services,
    which keep the code format and derive the region from the country."""

    list_display = ["name", "code", "kind", "category", "region", "subregion", "is_un_member"]
    list_filter = ["kind", "category", "region", "is_un_member"]
    search_fields = ["name", "code"]
    inlines = [FocalPointInline]
    form = StakeholderForm
    STATE_FIELDS = ["kind", "code", "name", "country", "region", "subregion", "is_un_member"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.kind == Actor.Kind.STATE:
            return self.STATE_FIELDS
        return ["code", "name", "category", "country", "region", "subregion"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.kind == Actor.Kind.STATE:
            return self.STATE_FIELDS
        return ["region", "subregion"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is not None and obj.kind == Actor.Kind.STATE:
            # Nothing of a State is edited here: a plain form with no field.
            kwargs["form"] = forms.ModelForm
            return admin.ModelAdmin.get_form(self, request, obj, change=change, **kwargs)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if isinstance(form, ServiceAdminForm):
            super().save_model(request, obj, form, change)
        # A State: no field of its own is editable; only its focal points (below).

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        save_focal_points(request, formset)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Pledges, reviews and values point at actors (PROTECT); States are reference data.
        return False


class FocalPointForm(ServiceAdminForm):
    class Meta:
        model = FocalPoint
        fields = ["user", "actor"]

    def call_service(self) -> FocalPoint:
        if self.instance.pk is not None:
            before = self.current()
            services.focal_point_remove(user=before.user, actor=before.actor)
        data = self.cleaned_data
        return services.focal_point_add(user=data["user"], actor=data["actor"])


@admin.register(FocalPoint)
class FocalPointAdmin(ServiceAdmin):
    list_display = ["user", "actor", "created_at"]
    list_select_related = ["user", "actor"]
    search_fields = ["user__username", "user__email", "actor__name", "actor__code"]
    autocomplete_fields = ["user", "actor"]
    list_filter = ["actor__kind"]
    form = FocalPointForm

    def delete_service(self, request: HttpRequest, obj: Any) -> None:
        services.focal_point_remove(user=obj.user, actor=obj.actor)


UserModel = get_user_model()
if admin.site.is_registered(UserModel):
    admin.site.unregister(UserModel)


@admin.register(UserModel)
class FocalPointUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, UserFocalPointInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is FocalPoint:
            save_focal_points(request, formset)
        else:
            super().save_formset(request, form, formset, change)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = readonly_fields = ("name", "file", "size")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


UPDATE_FIELDS = ("date", "implementation", "percent", "narrative", "links", "created_by")


class ProgressUpdateInline(admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    fields = readonly_fields = UPDATE_FIELDS
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
    fields = readonly_fields = (
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
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                pledge_partnerships(request.user), "objectives", "actions__objective", "principles"
            )
        )

    @admin.display(description=_("partners"))
    def partner_list(self, obj):
        # Staff see every partnership, with its answer.
        return (
            ", ".join(
                f"{p.actor} ({p.get_status_display().lower()})" for p in obj.visible_partnerships
            )
            or "—"
        )

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

    def _run(self, request, queryset, service, done, **kwargs) -> None:
        """Call `service` on each pledge; `done(n)` says what happened to n of them."""
        succeeded = 0
        for pledge in queryset:
            try:
                service(pledge=pledge, user=request.user, **kwargs)
            except (ValidationError, PermissionDenied) as exc:
                message = "; ".join(getattr(exc, "messages", None) or [str(exc)])
                self.message_user(
                    request,
                    _("%(code)s: %(message)s") % {"code": pledge.code, "message": message},
                    messages.ERROR,
                )
            else:
                succeeded += 1
        if succeeded:
            self.message_user(
                request,
                done(succeeded),
                messages.SUCCESS,
            )

    @admin.action(description=_("Publish the selected submitted pledges"))
    def publish_selected(self, request, queryset):
        self._run(
            request,
            queryset,
            services.pledge_publish,
            lambda n: ngettext("%(n)d pledge published.", "%(n)d pledges published.", n) % {"n": n},
        )

    @admin.action(description=_("Return the selected submitted pledges, with a reason"))
    def return_selected(self, request, queryset):
        # An intermediate page asks for the reason; its form posts back to this action.
        form = ReturnForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            self._run(
                request,
                queryset,
                services.pledge_return,
                lambda n: (
                    ngettext("%(n)d pledge returned.", "%(n)d pledges returned.", n) % {"n": n}
                ),
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
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["pledge", "date", "implementation", "percent", "created_by"]
    list_select_related = ["pledge", "created_by"]
    list_filter = ["implementation"]
    search_fields = ["pledge__code", "pledge__title", "narrative"]
    fields = readonly_fields = ("pledge", *UPDATE_FIELDS)
    inlines = [EvidenceInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
