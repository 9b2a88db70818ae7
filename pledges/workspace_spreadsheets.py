"""The workspace's spreadsheets: download a template, upload it filled in, read the
row-by-row report (nothing written yet), confirm to create the drafts.

The reading and the writing are pledges.spreadsheets (the staff import's machinery);
these views hold the file between the steps (default storage, under a random key that
only its uploader may use) and send files of more than INLINE_MAX_ROWS rows to a worker
(pledges.tasks.import_workspace_file), whose progress the report page shows.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from core.tabular import ImportFileError

from . import spreadsheets
from .forms import ServiceForm
from .tasks import import_workspace_file

INLINE_MAX_ROWS = 200
MAX_FILE_BYTES = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_CHOICES = (
    (spreadsheets.PLEDGES, gettext_lazy("Pledges (created as drafts)")),
    (spreadsheets.UPDATES, gettext_lazy("Progress updates")),
)


class UploadForm(ServiceForm):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=KIND_CHOICES)
    file = forms.FileField(label=gettext_lazy("Filled-in template (.xlsx)"))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return file


class ConfirmImportForm(ServiceForm):
    valid_only = forms.BooleanField(
        label=gettext_lazy("Import the valid rows and leave out the refused ones"), required=False
    )


@login_required
@require_safe
def template_download(request, kind: str = spreadsheets.PLEDGES):
    """The XLSX template of `kind` in the page's language."""
    content = spreadsheets.template_workbook(kind=kind, user=request.user)
    language = translation.get_language() or "en"
    response = HttpResponse(content, content_type=XLSX)
    name = f"gcm-{kind}-template-{language}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _run(request, *, key: str, path: str, kind: str, rows: int, valid_only: bool, dry_run: bool):
    arguments = {
        "path": path,
        "user_id": request.user.pk,
        "kind": kind,
        "language": translation.get_language() or "en",
        "valid_only": valid_only,
        "dry_run": dry_run,
        "key": key,
    }
    cache.set(
        spreadsheets.REPORT_KEY.format(key),
        {
            "status": "pending",
            "done": 0,
            "user_id": request.user.pk,
            "kind": kind,
            "path": path,
            "rows_total": rows,
        },
        spreadsheets.REPORT_SECONDS,
    )
    if rows > INLINE_MAX_ROWS:
        import_workspace_file.delay(**arguments)
    else:
        import_workspace_file.apply(kwargs=arguments, throw=True)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request):
    """Upload a filled-in template; it is checked (nothing written) and the report shown."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        content = form.cleaned_data["file"].read()
        try:
            rows = len(spreadsheets.read_template(kind=kind, content=content).rows)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            key = uuid.uuid4().hex
            path = default_storage.save(f"imports/workspace/{key}.xlsx", ContentFile(content))
            _run(request, key=key, path=path, kind=kind, rows=rows, valid_only=False, dry_run=True)
            return redirect("workspace:pledge_import_report", key=key)
    return render(request, "pledges/workspace/import_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_report(request, key: str):
    """The row-by-row report of an upload, then (POST) the import it confirms."""
    report = cache.get(spreadsheets.REPORT_KEY.format(key))
    if report is None or report.get("user_id") != request.user.pk:
        raise Http404(_("No such import, or its report has expired."))
    kind = report["kind"]
    form = ConfirmImportForm(request.POST or None)
    can_confirm = report["status"] == "done" and report.get("dry_run") and report.get("created")
    if request.method == "POST" and can_confirm and form.is_valid():
        valid_only = form.cleaned_data["valid_only"]
        if report.get("errors") and not valid_only:
            form.add_error(
                "valid_only", _("Some rows are refused: tick the box to import the others.")
            )
        else:
            _run(
                request,
                key=key,
                path=report["path"],
                kind=kind,
                rows=report.get("rows_total", 0),
                valid_only=valid_only,
                dry_run=False,
            )
            report = cache.get(spreadsheets.REPORT_KEY.format(key)) or report
            if report.get("status") == "done" and report.get("written"):
                default_storage.delete(report["path"])
                messages.success(
                    request,
                    _("Imported: %(codes)s.") % {"codes": ", ".join(report["created"])},
                )
                return redirect("workspace:home")
            return redirect("workspace:pledge_import_report", key=key)
    errors = [
        {"line": line, "column": spreadsheets.column_label(kind, column), "message": message}
        for line, column, message in report.get("errors", [])
    ]
    context = {
        "report": report,
        "errors": errors,
        "form": form,
        "can_confirm": can_confirm,
        "progress": round(100 * report.get("done", 0) / report["rows_total"])
        if report.get("rows_total")
        else 0,
    }
    return render(request, "pledges/workspace/import_report.html", context)
