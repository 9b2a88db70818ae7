"""The admin's "Import pledges" button: upload form → (task for long files) → report.

The rows are checked and written by pledges.imports.pledges_import, as for
`manage.py import_pledges`. Files up to INLINE_MAX_ROWS rows are imported in the
request; longer ones go to a worker, and the report page shows its progress.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import admin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core import converters  # noqa: F401  registers <text:…>
from core.tabular import ImportFileError, read_rows

from .imports import COLUMNS, REQUIRED, pledges_import
from .selectors import user_is_staff

INLINE_MAX_ROWS = 200
MAX_FILE_BYTES = 20 * 1024 * 1024


class PledgeImportForm(forms.Form):
    # No `required` attribute: a missing file is said by the server, beside the field.
    use_required_attribute = False

    file = forms.FileField(label=_("CSV or XLSX file"))
    valid_only = forms.BooleanField(
        label=_("Import the valid rows even if others are refused"), required=False
    )
    dry_run = forms.BooleanField(label=_("Only check the file; write nothing"), required=False)

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return file


class PledgeImportAdminMixin(admin.ModelAdmin):
    """Adds /admin/pledges/pledge/import/ and its report page to PledgeAdmin."""

    change_list_template = "admin/pledges/pledge/change_list.html"

    def get_urls(self):
        urls = super().get_urls()
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="pledges_pledge_import"),
            path(
                "import/<text:key>/",
                view(self.import_report_view),
                name="pledges_pledge_import_report",
            ),
            *urls,
        ]

    def _context(self, request, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "columns": COLUMNS,
            "required": REQUIRED,
        }

    def import_view(self, request):
        if not user_is_staff(request.user):
            raise PermissionDenied
        form = PledgeImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            options = {k: form.cleaned_data[k] for k in ("valid_only", "dry_run")}
            try:
                rows = sum(
                    1
                    for _row in read_rows(upload.name, content, columns=COLUMNS, required=REQUIRED)
                )
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                if rows > INLINE_MAX_ROWS:
                    return redirect(self._enqueue(request, upload.name, content, options))
                result = pledges_import(
                    user=request.user, name=upload.name, content=content, **options
                )
                return render(
                    request,
                    "admin/pledges/pledge/import_report.html",
                    {
                        **self._context(request, _("Import report")),
                        "report": {"status": "done", **result.as_dict()},
                        **options,
                    },
                )
        return render(
            request,
            "admin/pledges/pledge/import_form.html",
            {**self._context(request, _("Import pledges")), "form": form},
        )

    def _enqueue(self, request, name: str, content: bytes, options: dict) -> str:
        from .tasks import IMPORT_REPORT_KEY, IMPORT_REPORT_SECONDS, import_pledges_file

        key = uuid.uuid4().hex
        stored = default_storage.save(f"imports/{key}/{name}", ContentFile(content))
        cache.set(
            IMPORT_REPORT_KEY.format(key),
            {"status": "pending", "rows": 0, "user_id": request.user.pk},
            IMPORT_REPORT_SECONDS,
        )
        transaction.on_commit(
            lambda: import_pledges_file.delay(
                path=stored, name=name, user_id=request.user.pk, key=key, **options
            )
        )
        return reverse("admin:pledges_pledge_import_report", args=[key])

    def import_report_view(self, request, key: str):
        from .tasks import IMPORT_REPORT_KEY

        if not user_is_staff(request.user):
            raise PermissionDenied
        report = cache.get(IMPORT_REPORT_KEY.format(key))
        if report is None:
            raise Http404(_("No such import, or its report has expired."))
        return render(
            request,
            "admin/pledges/pledge/import_report.html",
            {**self._context(request, _("Import report")), "report": report},
        )
