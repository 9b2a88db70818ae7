"""The snapshots' pages (issue 19): the list (/snapshots/), one snapshot as the pledge
directory and dashboard stood (/snapshots/<slug>/), its comparison with today
(/snapshots/<slug>/compare/) and its downloads (CSV, XLSX, and the stored JSON itself,
whose SHA-256 the page shows). A snapshot that no longer matches its checksum is
refused (409) rather than shown."""

from __future__ import annotations

import io
import json
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from core.roles import user_is_staff
from exports.registry import Table
from exports.writers import write_sheets
from pledges.models import Pledge

from .models import Snapshot, SnapshotAltered, SnapshotBuild
from .snapshots import canonical_json, compare, public_record

PLEDGE_COLUMNS = (
    "code", "title", "lead", "lead_name", "lead_kind", "partners", "objectives", "mode",
    "pledge_type", "scope", "status", "implementation", "start_date", "target_date",
    "published_at", "latest_update_date", "latest_update_percent",
)  # fmt: skip
REVIEW_COLUMNS = ("id", "state", "cycle_id", "published_at", "objective", "level")

PER_PAGE = 50

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _table(name: str, columns: tuple[str, ...]) -> Table:
    return Table(name=name, columns=columns, queryset=lambda user: None, row=lambda row: row)


def _pledge_cells(row: dict[str, Any]) -> list[Any]:
    update = row.get("latest_update") or {}
    return [
        *(row[c] for c in PLEDGE_COLUMNS[:5]),
        " ".join(row["partners"]),
        " ".join(str(n) for n in row["objectives"]),
        *(row[c] for c in PLEDGE_COLUMNS[7:15]),
        update.get("date"),
        update.get("percent"),
    ]


def _review_cells(data: dict[str, Any]):
    for review in data["reviews"]:
        head = [review["id"], review["state"], review["cycle_id"], review["published_at"]]
        for assessment in review["assessments"] or [{"objective": None, "level": None}]:
            yield [*head, assessment["objective"], assessment["level"]]


def _intact(slug: str) -> tuple[Snapshot, dict[str, Any] | None]:
    snapshot = get_object_or_404(Snapshot, slug=slug)
    try:
        return snapshot, snapshot.data()
    except SnapshotAltered:
        return snapshot, None


def _altered(request, snapshot: Snapshot) -> HttpResponse:
    return render(request, "reviews/snapshot_altered.html", {"snapshot": snapshot}, status=409)


@require_safe
def snapshot_list(request):
    """Every snapshot, newest first. One query."""
    snapshots = Snapshot.objects.defer("content").select_related("event")
    return render(request, "reviews/snapshot_list.html", {"snapshots": snapshots})


@require_safe
@login_required
def snapshot_builds(request):
    """Staff: the snapshots being built in the background and the last ones built
    ("Building… 40 %", then the snapshot's link); the page reloads itself while one is
    running (a meta refresh: no script). Two queries (the session's user, the builds)."""
    if not user_is_staff(request.user):
        raise PermissionDenied
    builds = list(SnapshotBuild.objects.select_related("event", "snapshot")[:50])
    context = {"builds": builds, "running": any(build.is_running for build in builds)}
    return render(request, "reviews/snapshot_builds.html", context)


@require_safe
def snapshot_detail(request, slug: str):
    """The pledge directory and the dashboard figures as of the snapshot. One query
    whatever its size: everything is in the stored record."""
    snapshot, data = _intact(slug)
    if data is None:
        return _altered(request, snapshot)
    context = {"snapshot": snapshot, "data": data, "formats": list(FORMATS)}
    return render(request, "reviews/snapshot_detail.html", context)


class SnapshotPledgeFilter(forms.Form):
    """The directory "as of" a snapshot: filters over the stored record's rows."""

    objective = forms.TypedChoiceField(
        label=gettext_lazy("Objective"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *((n, str(n)) for n in range(1, 24))],
    )
    country = forms.CharField(
        label=gettext_lazy("Country (ISO code)"),
        required=False,
        max_length=3,
        help_text=gettext_lazy("Pledges it leads or joined as a partner."),
    )
    implementation = forms.ChoiceField(
        label=gettext_lazy("Implementation"),
        required=False,
        choices=[("", "—"), *Pledge.Implementation.choices],
    )

    def keep(self, row: dict[str, Any]) -> bool:
        wanted = self.cleaned_data
        country = (wanted.get("country") or "").strip().upper()
        return (
            (wanted.get("objective") is None or wanted["objective"] in row["objectives"])
            and (not country or country == row["lead"] or country in row["partners"])
            and (
                not wanted.get("implementation")
                or wanted["implementation"] == row["implementation"]
            )
        )


@require_safe
def snapshot_pledges(request, slug: str):
    """The pledge directory as of the snapshot: its pledges, filtered by objective,
    country and implementation, fifty a page, read from the stored record. One query
    whatever the page; a filter that does not parse is shown beside its field and
    filters nothing."""
    snapshot, data = _intact(slug)
    if data is None:
        return _altered(request, snapshot)
    form = SnapshotPledgeFilter(request.GET or None)
    rows = data["pledges"]
    if form.is_bound and form.is_valid():
        rows = [row for row in rows if form.keep(row)]
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "snapshot": snapshot,
        "form": form,
        "page": page,
        "total": len(data["pledges"]),
        "query": query.urlencode(),
    }
    return render(request, "reviews/snapshot_pledges.html", context)


FIGURES = (
    ("published_pledges", gettext_lazy("Published pledges")),
    ("fulfilled_pledges", gettext_lazy("Fulfilled pledges")),
    ("states_pledging", gettext_lazy("Member States pledging")),
    ("stakeholders_pledging", gettext_lazy("Stakeholders pledging")),
)


@require_safe
def snapshot_compare(request, slug: str):
    """The snapshot beside today ("IMRF 2022 → now"): the dashboard's headline figures
    then and now, new pledges, pledges whose implementation moved, pledges that went
    silent, pledges no longer public. The snapshot and today's record (public_record's
    queries)."""
    snapshot, data = _intact(slug)
    if data is None:
        return _altered(request, snapshot)
    now = json.loads(canonical_json(public_record()))
    then_figures, now_figures = data["figures"], now["figures"]
    figures = [(label, then_figures.get(key, 0), now_figures.get(key, 0)) for key, label in FIGURES]
    figures.append((_("Published voluntary reviews"), len(data["reviews"]), len(now["reviews"])))
    objectives = sorted({*then_figures["by_objective"], *now_figures["by_objective"]}, key=int)
    by_objective = [
        (n, then_figures["by_objective"].get(n, 0), now_figures["by_objective"].get(n, 0))
        for n in objectives
    ]
    context = {
        "snapshot": snapshot,
        "changes": compare(data, now),
        "figures": figures,
        "by_objective": by_objective,
    }
    return render(request, "reviews/snapshot_compare.html", context)


@require_safe
def snapshot_download(request, slug: str, format: str):
    """CSV (the pledges), XLSX (pledges, reviews with assessments), JSON (the stored
    record, byte for byte: its SHA-256 is the snapshot's checksum). Cells are
    formula-safe (exports.writers)."""
    if format not in FORMATS:
        raise Http404(_("Unknown format."))
    snapshot, data = _intact(slug)
    if data is None:
        return _altered(request, snapshot)
    if format == "json":
        body = snapshot.content.encode()
    else:
        sheets = [(_table("pledges", PLEDGE_COLUMNS), map(_pledge_cells, data["pledges"]))]
        if format == "xlsx":
            sheets.append((_table("reviews", REVIEW_COLUMNS), _review_cells(data)))
        out = io.BytesIO()
        write_sheets(format, sheets, out)
        body = out.getvalue()
    response = HttpResponse(body, content_type=FORMATS[format])
    response["Content-Disposition"] = f'attachment; filename="{snapshot.slug}.{format}"'
    response["X-Content-SHA256-Record"] = snapshot.checksum
    return response
