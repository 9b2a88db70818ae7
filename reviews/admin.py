"""Staff curate the calendar and the indicator list here, and publish or return reviews.

Every write is a service call, so the admin follows the same rules as the API and the
loaders: events through `review_event_save` (an event starts within its cycle),
announcements through `pledge_announcement_set`, indicators and their values through
reviews.indicators, status changes through the review workflow. What the reference
data loads (cycles, round tables, recommendations) and the States' reviews are
read-only here.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import (
    HistoryAdmin,
    ServiceAdmin,
    ServiceAdminForm,
    ViewOnlyAdmin,
    ViewOnlyMixin,
    action_with_reason_page,
    describe_errors,
)
from core.roles import user_is_staff
from core.tabular import ImportFileError

from . import indicators, services
from .imports import VALUE_COLUMNS, VALUE_REQUIRED, indicator_values_import
from .models import (
    CommitmentObjective,
    DeclarationCommitment,
    Indicator,
    IndicatorValue,
    MissingMigrantsRecommendation,
    ObjectiveAssessment,
    PledgeAnnouncement,
    RecommendationProgress,
    ReviewCycle,
    ReviewEvent,
    RoundTable,
    Snapshot,
    VoluntaryReview,
)
from .reference_data import review_event_save

# Links typed without a scheme are https (Django 6's default), not http.
URL_FIELDS: "dict[type[models.Field[Any, Any]], dict[str, Any]]" = {
    models.URLField: {"assume_scheme": "https"}
}


class _ReferenceDataAdmin(ViewOnlyAdmin):
    # Loaded from the texts by the reference-data step (`manage.py seed`): corrected
    # by correcting the text, so read here.
    pass


@admin.register(ReviewCycle)
class ReviewCycleAdmin(_ReferenceDataAdmin):
    list_display = ["name", "start_date", "end_date"]
    ordering = ["start_date"]


class RoundTableInline(admin.TabularInline):
    model = RoundTable
    extra = 0
    fields = readonly_fields = ("number", "title", "objective_numbers", "source_line")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("objectives"))
    def objective_numbers(self, obj):
        return ", ".join(str(o.number) for o in obj.objectives.order_by("number"))


class PledgeAnnouncementInline(admin.TabularInline):
    model = PledgeAnnouncement
    extra = 0
    raw_id_fields = ["pledge"]


class ReviewEventForm(ServiceAdminForm):
    class Meta:
        model = ReviewEvent
        exclude = ["source_file", "source_line"]

    def call_service(self) -> ReviewEvent:
        return review_event_save(user=self.user, event=self.current(), values=self.cleaned_data)


@admin.register(ReviewEvent)
class ReviewEventAdmin(ServiceAdmin, HistoryAdmin):
    form = ReviewEventForm
    formfield_overrides = URL_FIELDS
    list_display = ["title", "kind", "cycle", "start_date", "end_date", "dates_provisional"]
    list_filter = ["kind", "cycle", "dates_provisional"]
    search_fields = ["title", "slug", "region", "symbol"]
    list_select_related = ["cycle"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["source_file", "source_line"]
    inlines = [RoundTableInline, PledgeAnnouncementInline]
    actions = ["take_snapshot"]

    def has_delete_permission(self, request, obj=None):
        # Reviews and announcements point at events (PROTECT); the calendar's come back
        # on the next `seed`.
        return False

    @admin.action(description=_("Take a snapshot of the public record now"))
    def take_snapshot(self, request, queryset):
        """One snapshot per selected event, of today's record, built in the background
        with its progress on /snapshots/builds/ (an event that has one keeps it:
        snapshots never change)."""
        if not user_is_staff(request.user):
            raise PermissionDenied
        events = list(queryset)
        for event in events:
            services.snapshot_build_start(event=event, user=request.user)
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                ngettext(
                    "%(n)d snapshot is being taken.",
                    "%(n)d snapshots are being taken.",
                    len(events),
                )
                % {"n": len(events)},
                reverse("reviews:snapshot_builds"),
                _("Follow the building"),
            ),
            messages.SUCCESS,
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not PledgeAnnouncement:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for announcement in formset.deleted_objects:
            services.pledge_announcement_set(
                pledge=announcement.pledge, event=None, user=request.user
            )
        changed = [announcement for announcement, _fields in formset.changed_objects]
        for announcement in [*changed, *formset.new_objects]:
            services.pledge_announcement_set(
                pledge=announcement.pledge, event=form.instance, user=request.user
            )
        return None


@admin.register(MissingMigrantsRecommendation)
class RecommendationAdmin(_ReferenceDataAdmin):
    list_display = ["__str__", "area", "short_text"]
    list_filter = ["area"]
    search_fields = ["text"]
    readonly_fields = ["area", "area_title", "area_order", "letter", "source_line"]

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 120 else obj.text[:119] + "…"


class _ReadOnlyInline(admin.StackedInline):
    # A review's content is the State's word, written through the services by its
    # focal points; staff read it here and act on the whole review (publish/return).
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AssessmentInline(_ReadOnlyInline):
    model = ObjectiveAssessment
    fields = ["objective", "level", "narrative", "challenges", "pledges"]
    ordering = ["objective__number"]


class RecommendationProgressInline(_ReadOnlyInline):
    model = RecommendationProgress
    fields = ["recommendation", "level", "narrative", "challenges"]


class ReturnForm(forms.Form):
    # No `required` attribute: the server says what is missing, beside the field.
    use_required_attribute = False

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}), label=_("Reason for return")
    )


class ReopenForm(ReturnForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        label=_("Why it is reopened, sent to the State's focal points"),
    )


@admin.register(VoluntaryReview)
class VoluntaryReviewAdmin(HistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["state", "cycle", "status", "assessed", "submitted_at", "published_at"]
    list_filter = ["status", "cycle", "plan"]
    search_fields = ["state__name", "state__code"]
    list_select_related = ["state", "cycle"]
    inlines = [AssessmentInline, RecommendationProgressInline]
    actions = ["publish_reviews", "return_reviews", "reopen_reviews"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(assessed_count=Count("assessments"))

    def has_add_permission(self, request):
        # Focal points start reviews (review_create); staff act through the actions.
        return False

    def has_change_permission(self, request, obj=None):
        # Viewable (and its history), never saved directly: see the actions.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("objectives assessed"), ordering="assessed_count")
    def assessed(self, obj):
        return obj.assessed_count

    @admin.action(description=_("Publish the selected submitted reviews"))
    def publish_reviews(self, request, queryset):
        done = 0
        for review in queryset:
            try:
                services.review_publish(review=review, user=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(
                    request,
                    _("%(review)s: %(problem)s") % {"review": review, "problem": _messages(exc)},
                    messages.ERROR,
                )
        if done:
            self.message_user(
                request,
                ngettext("%(n)d review published.", "%(n)d reviews published.", done) % {"n": done},
                messages.SUCCESS,
            )

    def _act_with_reason(self, request, queryset, *, form, service, done, **page):
        """Call `service` with the form's reason on each review, once the reason is given;
        until then, the page that asks for it (core.admin.action_with_reason_page)."""
        if not form.is_bound or not form.is_valid():
            rows = [(r.pk, f"{r} ({r.get_status_display()})") for r in queryset]
            return action_with_reason_page(self, request, form=form, rows=rows, **page)
        succeeded = 0
        for review in queryset:
            try:
                service(review=review, user=request.user, reason=form.cleaned_data["reason"])
                succeeded += 1
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(
                    request,
                    _("%(review)s: %(problem)s") % {"review": review, "problem": _messages(exc)},
                    messages.ERROR,
                )
        if succeeded:
            self.message_user(request, done(succeeded), messages.SUCCESS)
        return None

    @admin.action(description=_("Return the selected submitted reviews with a reason"))
    def return_reviews(self, request, queryset):
        return self._act_with_reason(
            request,
            queryset,
            form=ReturnForm(request.POST if "reason" in request.POST else None),
            service=services.review_return,
            done=lambda n: (
                ngettext("%(n)d review returned.", "%(n)d reviews returned.", n) % {"n": n}
            ),
            action="return_reviews",
            title=_("Return reviews"),
            intro=_("Return these reviews to their State's focal points:"),
            submit_label=_("Return"),
        )

    @admin.action(
        description=_("Reopen the selected submitted or published reviews, with a reason")
    )
    def reopen_reviews(self, request, queryset):
        # review_reopen: back to the State's focal points; a published one leaves the
        # public pages until it is published again.
        return self._act_with_reason(
            request,
            queryset,
            form=ReopenForm(request.POST if "reason" in request.POST else None),
            service=services.review_reopen,
            done=lambda n: (
                ngettext("%(n)d review reopened.", "%(n)d reviews reopened.", n) % {"n": n}
            ),
            action="reopen_reviews",
            title=_("Reopen reviews"),
            intro=_(
                "These reviews go back to their State's focal points, who can edit and submit "
                "them again; a published one leaves the public pages until it is published again:"
            ),
            submit_label=_("Reopen with this reason"),
        )


def _messages(exc) -> str:
    return "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"), help_text=_("UTF-8, with a header row."))
    dry_run = forms.BooleanField(label=_("Only check the file; write nothing"), required=False)


class IndicatorForm(ServiceAdminForm):
    class Meta:
        model = Indicator
        fields = list(indicators.INDICATOR_COLUMNS)

    def call_service(self) -> Indicator:
        values = dict(self.cleaned_data)
        if self.instance.pk is not None:
            values["code"] = self.current().code  # the natural key is not edited
        indicator, _outcome = indicators.indicator_upsert(user=self.user, **values)
        return indicator


@admin.register(Indicator)
class IndicatorAdmin(ServiceAdmin, HistoryAdmin):
    list_display = ["code", "name", "objective", "tier", "sdg_indicator"]
    list_filter = ["tier", "objective"]
    search_fields = ["code", "name", "sdg_indicator"]
    list_select_related = ["objective"]
    change_list_template = "admin/reviews/indicator/change_list.html"
    form = IndicatorForm

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        # Values point at indicators (PROTECT); an indicator is corrected, not removed.
        return False

    def get_urls(self):
        urls = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="reviews_indicator_import",
            )
        ]
        return urls + super().get_urls()

    def import_view(self, request):
        """Upload a CSV or XLSX; every row is checked first and the problems shown per
        line and column (reviews.indicators.indicator_import_csv)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        result = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = indicators.indicator_import_csv(
                    user=request.user,
                    name=upload.name,
                    content=upload.read(),
                    dry_run=form.cleaned_data["dry_run"],
                )
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                if result.written:
                    unchanged = result.rows - len(result.created) - len(result.updated)
                    self.message_user(
                        request,
                        _(
                            "Indicators imported: %(created)d created, %(updated)d updated, "
                            "%(unchanged)d unchanged."
                        )
                        % {
                            "created": len(result.created),
                            "updated": len(result.updated),
                            "unchanged": unchanged,
                        },
                        messages.SUCCESS,
                    )
                    return redirect(reverse("admin:reviews_indicator_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import indicators from CSV or XLSX"),
            "form": form,
            "result": result,
            "columns": indicators.INDICATOR_COLUMNS,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reviews/indicator/import.html", context)


class ValuesImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"), help_text=_("With a header row."))
    valid_only = forms.BooleanField(
        label=_("Import the valid rows even if others are refused"), required=False
    )
    dry_run = forms.BooleanField(label=_("Only check the file; write nothing"), required=False)


class IndicatorValueForm(ServiceAdminForm):
    class Meta:
        model = IndicatorValue
        fields = ["indicator", "state", "year", "value", "source_kind", "source", "source_url"]

    def call_service(self) -> IndicatorValue:
        values = dict(self.cleaned_data)
        if self.instance.pk is not None:
            # Which State's value of which indicator and year is the row's identity.
            current = self.current()
            values |= {
                "indicator": current.indicator,
                "state": current.state,
                "year": current.year,
                "source_kind": current.source_kind,
            }
        row, _created = indicators.indicator_value_upsert(user=self.user, **values)
        return row


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ServiceAdmin, HistoryAdmin):
    form = IndicatorValueForm
    formfield_overrides = URL_FIELDS
    list_display = ["indicator", "state", "year", "value", "source_kind", "source"]
    list_filter = ["year", "source_kind"]
    search_fields = ["indicator__code", "state__code", "state__name"]
    list_select_related = ["indicator", "state"]
    raw_id_fields = ["indicator", "state"]
    change_list_template = "admin/reviews/indicatorvalue/change_list.html"

    def get_readonly_fields(self, request, obj=None):
        return ["indicator", "state", "year", "source_kind"] if obj is not None else []

    def delete_service(self, request, obj):
        indicators.indicator_value_delete(user=request.user, value=obj)

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="reviews_indicatorvalue_import"), *super().get_urls()]

    def import_view(self, request):
        """Upload a CSV or XLSX; every row is checked, the report shown per row/column."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        result = None
        form = ValuesImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = indicator_values_import(
                    user=request.user,
                    name=upload.name,
                    content=upload.read(),
                    valid_only=form.cleaned_data["valid_only"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                if result.written:
                    self.message_user(
                        request,
                        _("Indicator values: %(created)d created, %(updated)d updated.")
                        % {"created": len(result.created), "updated": len(result.updated)},
                        messages.SUCCESS,
                    )
                    if not result.errors:
                        return redirect(reverse("admin:reviews_indicatorvalue_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import indicator values"),
            "form": form,
            "result": result,
            "columns": VALUE_COLUMNS,
            "required": VALUE_REQUIRED,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reviews/indicatorvalue/import.html", context)


class CommitmentObjectiveInline(admin.TabularInline):
    # Links read from the text are shown; staff add curated ones (who and when recorded
    # by the service).
    model = CommitmentObjective
    extra = 1
    fields = ["objective", "from_text", "curated_by", "curated_at"]
    readonly_fields = ["from_text", "curated_by", "curated_at"]
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DeclarationCommitment)
class DeclarationCommitmentAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "text"]
    list_filter = ["kind"]
    search_fields = ["text"]
    readonly_fields = ["number", "kind", "text", "source_line"]
    inlines = [CommitmentObjectiveInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_formset(self, request, form, formset, change):
        from .declaration import commitment_objective_curate

        for inline_form in formset.forms:
            if inline_form.has_changed() and not inline_form.instance.pk:
                commitment_objective_curate(
                    commitment=form.instance,
                    objective=inline_form.cleaned_data["objective"],
                    user=request.user,
                )


from . import admin_texts  # noqa: E402, F401  reports, mentions, target values: reviews/admin_texts.py


class SnapshotTakeForm(forms.Form):
    # No `required` attribute: the server says what is missing, beside the field.
    use_required_attribute = False

    label = forms.CharField(
        label=_("Title"),
        max_length=250,
        help_text=_("What the snapshot is cited by, e.g. “Before the 2026 regional reviews”."),
    )
    note = forms.CharField(
        label=_("Why it is taken (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )


@admin.register(Snapshot)
class SnapshotAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """Read only: a snapshot is taken by the events' action, the beat or, without an event,
    by staff on the "Take a snapshot now" page (the same task and service), never
    edited."""

    change_list_template = "admin/reviews/snapshot/change_list.html"
    list_display = ["title", "as_of", "event", "reconstructed", "pledge_count", "intact"]
    list_filter = ["reconstructed", ("event", admin.EmptyFieldListFilter)]
    search_fields = ["title", "slug", "note"]
    fields = (
        "slug",
        "title",
        "event",
        "as_of",
        "reconstructed",
        "pledge_count",
        "note",
        "checksum",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")

    @admin.display(boolean=True, description=_("matches its checksum"))
    def intact(self, snapshot: Snapshot) -> bool:
        return snapshot.is_intact()

    def get_urls(self):
        view = self.admin_site.admin_view(self.take_view)
        return [path("take/", view, name="reviews_snapshot_take"), *super().get_urls()]

    def take_view(self, request):
        """GET: the title and note; POST: a build queued by `snapshot_build_start` (the
        events' action's service, which checks the asker is staff), followed on the
        builds page."""
        if not user_is_staff(request.user):
            raise PermissionDenied
        form = SnapshotTakeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            label = form.cleaned_data["label"]
            services.snapshot_build_start(
                label=label, note=form.cleaned_data["note"], user=request.user
            )
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("The snapshot “%(title)s” is being taken; it is listed here once built.")
                    % {"title": label},
                    reverse("reviews:snapshot_builds"),
                    _("Follow the building"),
                ),
                messages.SUCCESS,
            )
            return redirect(reverse("admin:reviews_snapshot_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Take a snapshot of the public record now"),
            "form": describe_errors(form),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reviews/snapshot/take.html", context)
