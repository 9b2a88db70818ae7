"""Staff curate the calendar and the indicator list here, and publish or return reviews.

Status changes and the CSV import call the services, so the admin follows the same
rules as the API (a review is published only from submitted, and so on).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from core.tabular import ImportFileError

from . import services
from .imports import VALUE_COLUMNS, VALUE_REQUIRED, indicator_values_import
from .models import (
    Indicator,
    IndicatorValue,
    MissingMigrantsRecommendation,
    ObjectiveAssessment,
    PledgeAnnouncement,
    RecommendationProgress,
    ReviewCycle,
    ReviewEvent,
    RoundTable,
    VoluntaryReview,
)

# Links typed without a scheme are https (Django 6's default), not http.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ReviewCycle)
class ReviewCycleAdmin(admin.ModelAdmin):
    list_display = ["name", "start_date", "end_date"]
    ordering = ["start_date"]


class RoundTableInline(admin.TabularInline):
    model = RoundTable
    extra = 0
    fields = ["number", "title", "objective_numbers", "source_line"]
    readonly_fields = ["objective_numbers", "source_line"]

    @admin.display(description="objectives")
    def objective_numbers(self, obj):
        return ", ".join(str(o.number) for o in obj.objectives.order_by("number"))


class PledgeAnnouncementInline(admin.TabularInline):
    model = PledgeAnnouncement
    extra = 0
    raw_id_fields = ["pledge"]


@admin.register(ReviewEvent)
class ReviewEventAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["title", "kind", "cycle", "start_date", "end_date", "dates_provisional"]
    list_filter = ["kind", "cycle", "dates_provisional"]
    search_fields = ["title", "slug", "region", "symbol"]
    list_select_related = ["cycle"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["source_file", "source_line"]
    inlines = [RoundTableInline, PledgeAnnouncementInline]


@admin.register(MissingMigrantsRecommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "area", "short_text"]
    list_filter = ["area"]
    search_fields = ["text"]
    readonly_fields = ["area", "area_title", "area_order", "letter", "source_line"]

    @admin.display(description="text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 120 else obj.text[:119] + "…"

    def has_add_permission(self, request):
        # They come from the report's text, through the reference-data step.
        return False


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
    reason = forms.CharField(widget=forms.Textarea, label="Reason for return")


@admin.register(VoluntaryReview)
class VoluntaryReviewAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["state", "cycle", "status", "assessed", "submitted_at", "published_at"]
    list_filter = ["status", "cycle", "plan"]
    search_fields = ["state__name", "state__code"]
    list_select_related = ["state", "cycle"]
    inlines = [AssessmentInline, RecommendationProgressInline]
    actions = ["publish_reviews", "return_reviews"]

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

    @admin.display(description="objectives assessed", ordering="assessed_count")
    def assessed(self, obj):
        return obj.assessed_count

    @admin.action(description="Publish the selected submitted reviews")
    def publish_reviews(self, request, queryset):
        done = 0
        for review in queryset:
            try:
                services.review_publish(review=review, user=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{review}: {_messages(exc)}", messages.ERROR)
        if done:
            self.message_user(request, f"Published {done} review(s).", messages.SUCCESS)

    @admin.action(description="Return the selected submitted reviews with a reason")
    def return_reviews(self, request, queryset):
        form = ReturnForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for review in queryset:
                try:
                    services.review_return(
                        review=review, user=request.user, reason=form.cleaned_data["reason"]
                    )
                    done += 1
                except (ValidationError, PermissionDenied) as exc:
                    self.message_user(request, f"{review}: {_messages(exc)}", messages.ERROR)
            if done:
                self.message_user(request, f"Returned {done} review(s).", messages.SUCCESS)
            return None
        # An intermediate page asks for the reason, then posts the action again.
        context = {
            **self.admin_site.each_context(request),
            "title": "Return reviews",
            "form": form,
            "reviews": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/reviews/voluntaryreview/return.html", context)


def _messages(exc) -> str:
    return "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="UTF-8, with a header row.")


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "objective", "tier", "sdg_indicator"]
    list_filter = ["tier", "objective"]
    search_fields = ["code", "name", "sdg_indicator"]
    list_select_related = ["objective"]
    change_list_template = "admin/reviews/indicator/change_list.html"

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
        """Upload a CSV; every row is checked first and the report shown per row/column."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = services.indicator_import_csv(
                user=request.user, content=form.cleaned_data["file"].read()
            )
            if not report.errors:
                self.message_user(
                    request, f"Indicators imported: {report.counts}.", messages.SUCCESS
                )
                return redirect(reverse("admin:reviews_indicator_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import indicators from CSV",
            "form": form,
            "report": report,
            "columns": services.INDICATOR_COLUMNS,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reviews/indicator/import.html", context)


class ValuesImportForm(forms.Form):
    file = forms.FileField(label="CSV or XLSX file", help_text="With a header row.")
    valid_only = forms.BooleanField(
        label="Import the valid rows even if others are refused", required=False
    )
    dry_run = forms.BooleanField(label="Only check the file; write nothing", required=False)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["indicator", "state", "year", "value", "source"]
    list_filter = ["year"]
    search_fields = ["indicator__code", "state__code", "state__name"]
    list_select_related = ["indicator", "state"]
    raw_id_fields = ["indicator", "state"]
    change_list_template = "admin/reviews/indicatorvalue/change_list.html"

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
                        f"Indicator values: {len(result.created)} created, "
                        f"{len(result.updated)} updated.",
                        messages.SUCCESS,
                    )
                    if not result.errors:
                        return redirect(reverse("admin:reviews_indicatorvalue_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import indicator values",
            "form": form,
            "result": result,
            "columns": VALUE_COLUMNS,
            "required": VALUE_REQUIRED,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reviews/indicatorvalue/import.html", context)
