"""Admin building blocks every app may use: the read-only admins (`ReadOnlyAdmin`:
staff may delete; `ViewOnlyAdmin`: nothing written at all), the change form
whose save is a service call (`ServiceAdminForm`, saved by `ServiceAdmin`), the history
in words (`HistoryAdmin`) and the page of a bulk action that asks for a reason first
(`action_with_reason_page`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.functional import Promise
from simple_history.admin import SimpleHistoryAdmin

from .changes import record_changes, record_summary
from .roles import User


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows only the product writes (exports, sent reminders): staff look, and may
    delete, but never add or change one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ViewOnlyMixin:
    """No add, change or delete: for rows the product writes or the texts load (follows,
    digests, matches, reference data, reports, snapshots). Staff read the list, the row
    and its history; a move is a service's, elsewhere."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ViewOnlyAdmin(ViewOnlyMixin, admin.ModelAdmin):
    pass


class ServiceAdminForm(forms.ModelForm):
    """An admin change form whose save is a service call (`call_service`).

    `clean` runs the service as a dry run, in a savepoint rolled back at once, so that
    its ValidationError lands beside the fields and nothing is written; the admin's
    `save_model` (ServiceAdmin) then runs it for real. The rule stays in the service.
    """

    # The signed-in curator, set by ServiceAdmin.get_form.
    user: User = None

    def call_service(self) -> models.Model:
        raise NotImplementedError

    def current(self) -> Any:
        """The row as stored (a fresh copy, never the instance the form fills in), or a
        new one."""
        model = type(self.instance)
        return model._default_manager.get(pk=self.instance.pk) if self.instance.pk else model()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned  # the shape first, then the service's meaning
        try:
            with transaction.atomic():
                self.call_service()
                transaction.set_rollback(True)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                self.add_error(None, exc.messages)
            else:
                for name, messages_ in exc.message_dict.items():
                    self.add_error(name if name in self.fields else None, messages_)
        except PermissionDenied as exc:
            self.add_error(None, str(exc))
        return cleaned


class ServiceAdmin(admin.ModelAdmin):
    """Saves through the form's service (ServiceAdminForm); `delete_model` and the
    bulk delete go through `delete_service` where the admin allows deleting."""

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = form.call_service()
        obj.pk = saved.pk
        obj.refresh_from_db()

    def delete_service(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_service(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_service(request, obj)


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin with the history in words (core.changes): each row says
    who did what when ("Published on 1 Dec 2026 by curator") and lists its changes by
    field label, with choice labels, dates and what links were added or removed; no
    raw values, no empty "change reason" column."""

    object_history_list_template = "admin/history_in_words_list.html"

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        for newer, older in zip(records, [*records[1:], None], strict=True):
            # The page's oldest row: the one before it, if any, is on the next page.
            previous = older if older is not None else newer.prev_record
            newer.history_summary = record_summary(newer, previous)
            newer.history_delta_changes = record_changes(newer, previous)


def describe_errors(form: forms.Form) -> forms.Form:
    """Tie each field's errors (and help) to it by aria-describedby, as the template
    `admin/_form_fields.html` renders them: the error is read with the field, not only
    announced once."""
    for field in form:
        if field.errors:
            described = [f"{field.auto_id}_errors"]
            if field.help_text:
                described.append(f"{field.auto_id}_helptext")
            field.field.widget.attrs["aria-describedby"] = " ".join(described)
    return form


def action_with_reason_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    *,
    form: forms.Form,
    rows: Iterable[tuple[Any, str]],
    action: str,
    title: str | Promise,
    intro: str | Promise,
    submit_label: str | Promise,
    after: str | Promise = "",
) -> TemplateResponse:
    """The page a bulk action shows when it needs words first (a return's reason, a
    verification's note, a dispute's reason): the chosen `rows` as (pk, label), `after`
    (what happens next, when it needs saying), the form with its errors beside the
    fields, and the same `action` posted again on submit. One template,
    `admin/action_with_reason.html`, for every app's such action."""
    describe_errors(form)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "submit_label": submit_label,
        "after": after,
        "opts": model_admin.model._meta,
        "rows": list(rows),
        "form": form,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/action_with_reason.html", context)
