"""/exports/new/ and /exports/<id>/: ask for an export from a page, and follow it.

The public directory and the workspace link here with the list's filters in the
query string (/exports/new/?kind=pledges&objective=5); the form posts them back. The
rules are export_create's, as for the API.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from . import registry, selectors, services
from .forms import ExportForm

# Names the form itself uses; every other field of the query string is a filter.
FORM_FIELDS = {"kind", "format", "csrfmiddlewaretoken"}


def _filters(data) -> dict[str, str]:
    return {name: data.get(name) for name in data if name not in FORM_FIELDS and data.get(name)}


@login_required
@require_http_methods(["GET", "POST"])
def export_new(request):
    data = request.POST if request.method == "POST" else request.GET
    filters = _filters(data)
    form = ExportForm(
        request.POST if request.method == "POST" else None,
        # Without ?kind=, the first kind registered (pledges).
        initial={"kind": request.GET.get("kind", registry.kinds()[0])},
    )
    status = 200
    if form.is_valid():
        try:
            export = services.export_create(user=request.user, filters=filters, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                form.add_error(None, message)
            status = 400
        else:
            return redirect("exports:detail", pk=export.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "exports/new.html",
        {"form": form, "filters": sorted(filters.items())},
        status=status,
    )


@login_required
def export_detail(request, pk: int):
    # Someone else's export is a 404, as in the API: its existence is not shown.
    export = get_object_or_404(selectors.exports_visible_to(request.user), pk=pk)
    return render(request, "exports/detail.html", {"export": export})
