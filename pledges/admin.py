"""Curation for Network staff: actors and focal points, pledges and their progress.

Every write here is a service call, as from the API: stakeholders through
`actor_create_stakeholder` / `actor_update`, focal points through `focal_point_add` /
`focal_point_remove`, publishing and returning through `pledge_publish` /
`pledge_return`. A pledge's content is read here and edited by its focal points (or
staff) in the workspace or the API; Member States, progress updates and evidence are
read-only, and so are follows and the digests sent (a person's own, through
pledges.follows). `ServiceAdminForm` is how a change form calls a service and shows its
ValidationError beside the fields (it lives in core/admin.py; every app's admin uses it).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from core.admin import (
    HistoryAdmin,
    ServiceAdmin,
    ServiceAdminForm,
    ViewOnlyAdmin,
    action_with_reason_page,
)

from . import services
from .admin_imports import PledgeImportAdminMixin
from .models import (
    Actor,
    Evidence,
    ExchangeRate,
    FocalPoint,
    Follow,
    FollowDigest,
    Pledge,
    PledgeAwaitingVerification,
    ProgressUpdate,
)
from .selectors import pledge_partnerships, pledges_overdue


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
class ActorAdmin(ServiceAdmin, HistoryAdmin):
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
class FocalPointAdmin(ServiceAdmin, HistoryAdmin):
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


class OverdueListFilter(admin.SimpleListFilter):
    title = pgettext_lazy("pledges", "overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue only")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return pledges_overdue(queryset, overdue=self.value() == "yes")
        return queryset


class ReturnForm(forms.Form):
    # No `required` attribute: the server says what is missing, beside the field.
    use_required_attribute = False

    reason = forms.CharField(
        label=_("Reason, sent back to the focal points"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )


class PledgeCurationAdmin(HistoryAdmin):
    """A pledge as staff read and curate it: the list, the read-only page with Publish and
    Return buttons (the same services as the bulk actions), and its history."""

    change_form_template = "admin/pledges/pledge/change_form.html"
    list_display = [
        "code",
        "title",
        "lead",
        "status",
        "waiting_since",
        "pledge_type",
        "mode",
        "implementation",
    ]
    list_display_links = ["code", "title"]
    list_filter = [
        "status",
        "pledge_type",
        "mode",
        "implementation",
        ObjectiveListFilter,
        OverdueListFilter,
        "lead__region",
    ]
    list_select_related = ["lead"]
    search_fields = ["code", "title", "description", "lead__name", "lead__code"]
    date_hierarchy: str | None = "created_at"
    actions = ["publish_selected", "return_selected", "unpublish_selected"]
    inlines = [ProgressUpdateInline]
    fields = readonly_fields = (
        "code",
        "title",
        "description",
        "lead",
        "partner_list",
        "mode",
        "pledge_type",
        "amount",
        "currency",
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
        "submitted_at",
        "published_at",
        "withdrawn_at",
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

    @admin.display(description=_("waiting since"), ordering="submitted_at")
    def waiting_since(self, obj):
        if obj.status != Pledge.Status.SUBMITTED or not obj.submitted_at:
            return "—"
        return _("%(date)s (%(time)s)") % {
            "date": date_format(timezone.localtime(obj.submitted_at), "DATE_FORMAT"),
            "time": timesince(obj.submitted_at, depth=1),
        }

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Codes are public and never reused; withdraw instead of deleting.
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<int:object_id>/publish/", view(self.publish_view), name=f"{name}_publish"),
            path("<int:object_id>/return/", view(self.return_view), name=f"{name}_return"),
            *super().get_urls(),
        ]

    def _curated(self, request, object_id: int) -> Pledge:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Pledge, pk=object_id)

    def _after(self, request):
        # Back to the list this admin shows: from the queue, the queue (one fewer).
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def publish_view(self, request, object_id: int):
        """POST: publish this submitted pledge (`pledge_publish`)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        pledge = self._curated(request, object_id)
        self._run(
            request,
            [pledge],
            services.pledge_publish,
            lambda n: _("%(code)s published.") % {"code": pledge.code},
        )
        return self._after(request)

    def return_view(self, request, object_id: int):
        """GET: ask why; POST: return this submitted pledge with that reason
        (`pledge_return`). An empty reason is refused here, not only by the browser."""
        pledge = self._curated(request, object_id)
        form = ReturnForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.pledge_return(
                    pledge=pledge, user=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("reason" if "reason" in exc.message_dict else None, message)
            else:
                self.message_user(
                    request, _("%(code)s returned.") % {"code": pledge.code}, messages.SUCCESS
                )
                return self._after(request)
        return render(
            request,
            "admin/pledges/pledge/return_one.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Return %(code)s to its focal points") % {"code": pledge.code},
                "opts": self.opts,
                "original": pledge,
                "form": form,
            },
        )

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

    def _run_with_reason(self, request, queryset, service, done, action: str, title: Any):
        # An intermediate page asks for the reason; its form posts back to `action`.
        form = ReturnForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            self._run(request, queryset, service, done, reason=form.cleaned_data["reason"])
            return None
        return action_with_reason_page(
            self,
            request,
            form=form,
            rows=[(p.pk, f"{p.code} — {p.title} ({p.get_status_display()})") for p in queryset],
            action=action,
            title=title,
            intro=_(
                "These pledges go back to their focal points, who can edit and submit them again:"
            ),
            submit_label=_("Return with this reason"),
        )

    @admin.action(description=_("Return the selected submitted pledges, with a reason"))
    def return_selected(self, request, queryset):
        return self._run_with_reason(
            request,
            queryset,
            services.pledge_return,
            lambda n: ngettext("%(n)d pledge returned.", "%(n)d pledges returned.", n) % {"n": n},
            action="return_selected",
            title=_("Return pledges to their focal points"),
        )

    @admin.action(description=_("Unpublish the selected published pledges, with a reason"))
    def unpublish_selected(self, request, queryset):
        return self._run_with_reason(
            request,
            queryset,
            services.pledge_unpublish,
            lambda n: (
                ngettext("%(n)d pledge unpublished.", "%(n)d pledges unpublished.", n) % {"n": n}
            ),
            action="unpublish_selected",
            title=_("Unpublish pledges and return them to their focal points"),
        )


@admin.register(Pledge)
# django-stubs types the mixin's ModelAdmin attributes apart from the curation admin's
# (lists vs sequences): the same attributes, one class; mypy's [misc] is about that only.
class PledgeAdmin(PledgeImportAdminMixin, PledgeCurationAdmin):  # type: ignore[misc]
    """Every pledge, with the staff import (admin_imports.py) beside the curation."""


@admin.register(PledgeAwaitingVerification)
class PledgeQueueAdmin(PledgeCurationAdmin):
    """Waiting for verification: submitted pledges, the longest waiting first."""

    list_display = ["code", "title", "lead", "waiting_since", "pledge_type", "scope"]
    list_filter = ["pledge_type", "mode", ObjectiveListFilter, "lead__region"]
    ordering = ["submitted_at", "code"]
    date_hierarchy = None

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Pledge.Status.SUBMITTED)


class VerifyForm(forms.Form):
    use_required_attribute = False

    note = forms.CharField(
        label=_("What the Network checked (source or evidence), shown on the public page"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )


class DisputeForm(forms.Form):
    use_required_attribute = False

    reason = forms.CharField(
        label=_("Why the Network disputes the update, shown to the focal points first"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )


VERIFICATION_FIELDS = (
    "verification",
    "verified_by",
    "verified_at",
    "verification_note",
    "disputed_at",
    "dispute_reason",
    "dispute_reply",
    "dispute_replied_at",
    "dispute_public_at",
)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(HistoryAdmin):
    list_display = ["pledge", "date", "implementation", "percent", "verification", "created_by"]
    list_select_related = ["pledge", "created_by"]
    list_filter = ["verification", "implementation"]
    search_fields = ["pledge__code", "pledge__title", "narrative"]
    fields = readonly_fields = ("pledge", *UPDATE_FIELDS, *VERIFICATION_FIELDS)
    inlines = [EvidenceInline]
    actions = ["verify_selected", "unverify_selected", "dispute_selected", "publish_disputes"]

    def _verify(self, request, queryset, *, verified: bool, note: str) -> None:
        self._each(
            request,
            queryset,
            partial(services.progress_update_verify, verified=verified, note=note),
        )

    def _each(self, request, queryset, service) -> None:
        done = 0
        for update in queryset:
            try:
                service(update=update, user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                message = "; ".join(getattr(exc, "messages", None) or [str(exc)])
                self.message_user(request, f"{update}: {message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(n)d progress update changed.", "%(n)d progress updates changed.", done)
                % {"n": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Mark the selected updates verified by the Network, with a note"))
    def verify_selected(self, request, queryset):
        form = VerifyForm(request.POST if "note" in request.POST else None)
        if form.is_valid():
            self._verify(request, queryset, verified=True, note=form.cleaned_data["note"])
            return None
        return action_with_reason_page(
            self,
            request,
            form=form,
            rows=self._update_rows(queryset),
            action="verify_selected",
            title=_("Verify progress updates"),
            intro=_(
                "These progress updates will say “verified by the Network” on the public page "
                "and in the API:"
            ),
            submit_label=_("Verify with this note"),
        )

    @staticmethod
    def _update_rows(queryset) -> list[tuple[int, str]]:
        return [
            (
                u.pk,
                f"{u.pledge.code} — {date_format(u.date, 'DATE_FORMAT')}"
                f" ({u.get_implementation_display()})",
            )
            for u in queryset.select_related("pledge")
        ]

    @admin.action(description=_("Mark the selected updates self-reported again"))
    def unverify_selected(self, request, queryset):
        self._verify(request, queryset, verified=False, note="")

    @admin.action(description=_("Dispute the selected updates, with a reason"))
    def dispute_selected(self, request, queryset):
        form = DisputeForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            self._each(request, queryset, partial(services.progress_update_dispute, reason=reason))
            return None
        days = settings.PROGRESS_DISPUTE_RESPONSE_DAYS
        return action_with_reason_page(
            self,
            request,
            form=form,
            rows=self._update_rows(queryset),
            action="dispute_selected",
            title=_("Dispute progress updates"),
            intro=_("These progress updates will be disputed by the Network:"),
            after=ngettext(
                "The pledge’s focal points are mailed the reason and see it in their workspace, "
                "where they may reply. The public keeps reading the update as self-reported "
                "until you make the dispute public (the action “Make the selected disputes "
                "public”), which you may do once they have replied, or %(days)s day after the "
                "dispute if they have not.",
                "The pledge’s focal points are mailed the reason and see it in their workspace, "
                "where they may reply. The public keeps reading the update as self-reported "
                "until you make the dispute public (the action “Make the selected disputes "
                "public”), which you may do once they have replied, or %(days)s days after the "
                "dispute if they have not.",
                days,
            )
            % {"days": days},
            submit_label=_("Dispute with this reason"),
        )

    @admin.action(
        description=_(
            "Make the selected disputes public (once the focal points replied or the "
            "response window passed)"
        )
    )
    def publish_disputes(self, request, queryset):
        self._each(request, queryset, services.progress_update_dispute_publish)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Follow)
class FollowAdmin(ViewOnlyAdmin):
    """Who follows which pledge, country or objective by e-mail (follow_add / follow_remove
    are the person's own, from their workspace or the unsubscribe link)."""

    list_display = ["user", "email", "kind", "key", "created_at"]
    list_select_related = ["user"]
    list_filter = ["kind", "created_at"]
    search_fields = ["key", "user__username", "user__email"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "pk"]

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, obj):
        return obj.user.email


@admin.register(FollowDigest)
class FollowDigestAdmin(ViewOnlyAdmin):
    """The digests sent (one claim per person and day), with the count per day above."""

    change_list_template = "admin/pledges/followdigest/change_list.html"
    list_display = ["day", "user", "changes", "sent_at"]
    list_select_related = ["user"]
    list_filter = ["day"]
    search_fields = ["user__username", "user__email"]
    date_hierarchy = "day"
    DAYS_SHOWN = 14

    def changelist_view(self, request, extra_context=None):
        # One grouped query: the last fortnight's days with a digest, newest first.
        per_day = (
            FollowDigest.objects.values("day")
            .annotate(digests=Count("pk"), changes=Sum("changes"))
            .order_by("-day")[: self.DAYS_SHOWN]
        )
        return super().changelist_view(request, {**(extra_context or {}), "per_day": list(per_day)})


class ExchangeRateForm(ServiceAdminForm):
    class Meta:
        model = ExchangeRate
        fields = ["currency", "rate_to_usd", "rate_date", "source"]

    def call_service(self) -> ExchangeRate:
        data = self.cleaned_data
        return services.exchange_rate_record(
            user=self.user,
            currency=data["currency"],
            rate_to_usd=data["rate_to_usd"],
            rate_date=data["rate_date"],
            source=data["source"],
            exchange_rate=self.current() if self.instance.pk else None,
        )

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()

    def validate_unique(self) -> None:
        # The service says it beside the field in words (one rate per currency and
        # day, a positive rate); the constraints are the database's backstop.
        return


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ServiceAdmin, HistoryAdmin):
    """The rates to US dollars behind the dashboard's estimate, recorded by staff
    through `exchange_rate_record` (checked there: ISO 4217, positive, a source, one per
    currency and day). Corrected, never deleted: the history says what was used."""

    list_display = ["currency", "rate_date", "rate_to_usd", "source", "recorded_by", "created_at"]
    list_filter = ["currency", "rate_date"]
    search_fields = ["currency", "source"]
    date_hierarchy = "rate_date"
    ordering = ["currency", "-rate_date"]
    list_select_related = ["recorded_by"]
    readonly_fields = ["recorded_by", "created_at"]
    form = ExchangeRateForm

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Matches and support sought, read-only (their own module: a subject of its own).
from . import admin_matches  # noqa: E402, F401
