"""The review texts in the admin (imported by reviews/admin.py): the reports, their
mentions and facts read-only (the loader owns them), and target values recorded
through `target_value_record`."""

from django import forms
from django.contrib import admin

from core.admin import HistoryAdmin, ViewOnlyAdmin

from .models import Mention, Report, StateAlias, StatedFact, Target, TargetValue
from .targets import target_value_errors, target_value_record


@admin.register(Report)
class ReportAdmin(ViewOnlyAdmin):
    list_display = ["slug", "symbol", "year", "file_name"]


@admin.register(Mention)
class MentionAdmin(ViewOnlyAdmin):
    list_display = ["state", "paragraph", "name_as_written"]
    list_filter = ["paragraph__report"]
    search_fields = ["state__name", "state__code", "sentence"]
    list_select_related = ["state", "paragraph"]


@admin.register(StatedFact)
class StatedFactAdmin(ViewOnlyAdmin):
    list_display = ["kind", "state", "value", "year", "paragraph"]
    list_select_related = ["state", "paragraph"]


class TargetValueForm(forms.ModelForm):
    class Meta:
        model = TargetValue
        fields = [
            "target",
            "state",
            "year",
            "period",
            "value",
            "source_kind",
            "source",
            "source_url",
        ]

    def clean(self):
        data = super().clean()
        if data is not None and not self.errors:
            for field, message in target_value_errors(
                state=data.get("state"),
                year=data["year"],
                value=data["value"],
                source_kind=data["source_kind"],
                source=data.get("source", ""),
            ).items():
                self.add_error(field, message)
        return data


@admin.register(TargetValue)
class TargetValueAdmin(admin.ModelAdmin):
    form = TargetValueForm
    list_display = ["target", "state", "year", "period", "value", "source_kind", "source"]
    list_filter = ["target", "source_kind"]
    list_select_related = ["target", "state"]
    autocomplete_fields = ["state"]
    fields = ["target", "state", "year", "period", "value", "source_kind", "source", "source_url"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = target_value_record(
            user=request.user,
            target=data["target"],
            state=data.get("state"),
            year=data["year"],
            period=data.get("period", ""),
            value=data["value"],
            source_kind=data["source_kind"],
            source=data.get("source", ""),
            source_url=data.get("source_url", ""),
        )
        obj.pk = saved.pk

    def get_changeform_initial_data(self, request):
        # The stubs type the initial data as the query string's (str | list[str]); a
        # model instance is what the target's choice field takes.
        initial: dict[str, object] = dict(super().get_changeform_initial_data(request))
        if target := request.GET.get("target"):
            initial["target"] = Target.objects.filter(pk=target).first()
        return initial


@admin.register(StateAlias)
class StateAliasAdmin(HistoryAdmin):
    """The names the mention matcher finds Member States by, beyond ISO 3166's; every
    change is kept in the row's history. They apply when the reports are loaded again."""

    list_display = ["name", "state_code"]
    list_filter = ["state_code"]
    search_fields = ["name", "state_code"]
