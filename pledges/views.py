"""The public pages of pledges: the directory, a pledge, an objective's pledges and the
dashboard. Reads go through selectors (visibility decided there, once); the directory
filters with the API's PledgeFilter, so a page and its CSV can never disagree."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language_bidi, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.downloads import attachment, csv_attachment
from core.public_cache import PublicCountPaginator
from objectives.views import objective_page_context

from . import search, selectors
from .dashboard import chart_tables, dashboard_context
from .filters import PledgeFilter, SupportSoughtFilter, set_page_choices
from .follows import user_follows
from .member_states import m49_choices
from .models import Evidence, Follow, Pledge
from .stats import REGIONS, dashboard_stats

PAGE_SIZE = 20
# Pledges listed on an objective's page; the rest are a link to the filtered directory.
OBJECTIVE_PLEDGES_SHOWN = 10

ORDERINGS = [
    ("-published_at", _("Newest first")),
    ("published_at", _("Oldest first")),
    ("code", _("Code")),
    ("title", _("Title (A–Z)")),
    ("target_date", _("Target date")),
]


class PledgeDirectoryFilter(PledgeFilter):
    """The API's filter rules (inherited methods and lookups) with the page's labels,
    select boxes and a sort order. The values are the API's, so the same query string
    filters the CSV (`/api/v1/pledges/?format=csv&…`)."""

    objective = django_filters.ChoiceFilter(
        method="filter_objective", label=_("Objective"), empty_label=_("All objectives")
    )
    country = django_filters.ChoiceFilter(
        method="filter_country", label=_("Country of the lead actor"), empty_label=_("All")
    )
    region = django_filters.ChoiceFilter(
        field_name="lead__region",
        lookup_expr="iexact",
        choices=m49_choices(REGIONS),
        label=_("Region"),
        empty_label=_("All regions"),
    )
    type = django_filters.ChoiceFilter(
        field_name="pledge_type",
        choices=Pledge.Type.choices,
        label=_("Type"),
        empty_label=_("All types"),
    )
    mode = django_filters.ChoiceFilter(
        choices=Pledge.Mode.choices, label=_("Mode"), empty_label=_("All modes")
    )
    implementation = django_filters.ChoiceFilter(
        choices=Pledge.Implementation.choices,
        label=_("Implementation"),
        empty_label=_("Any stage"),
    )
    search = django_filters.CharFilter(method="filter_search", label=_("Search"))
    overdue = django_filters.ChoiceFilter(
        choices=[("true", _("Overdue only")), ("false", _("Not overdue"))],
        method="filter_overdue",
        label=pgettext_lazy("pledges", "Overdue"),
        empty_label=_("All pledges"),
    )
    ordering = django_filters.ChoiceFilter(
        choices=ORDERINGS, method="filter_ordering", label=_("Sort by"), empty_label=None
    )

    # The fields the form shows; the others (action, principle, actor…) still filter
    # when a link carries them and are kept as hidden inputs.
    VISIBLE = [
        "search",
        "objective",
        "country",
        "region",
        "type",
        "mode",
        "implementation",
        "overdue",
    ]
    # The select boxes whose choices show how many pledges each would list.
    FACETED = ("objective", "country", "region", "type", "mode", "implementation")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_page_choices(self)

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(value, "code")

    def label_facets(self) -> None:
        """Each faceted choice labelled with its count of pledges given the other
        filters ("Policy-oriented (12)"): one query per facet."""
        counts = self.facet_counts(self.FACETED)
        for name, by_value in counts.items():
            field = self.form.fields[name]
            field.choices = [
                (value, _with_count(label, by_value.get(str(value), 0)) if value else label)
                for value, label in field.choices
            ]


def _with_count(label: Any, count: int) -> str:
    # Translators: a filter choice and how many pledges it would show, "Africa (12)".
    return pgettext("facet", "%(label)s (%(count)s)") % {
        "label": label,
        "count": number_format(count),
    }


@require_safe
def pledge_directory(request):
    """Published pledges, filtered (searched: best match first, with highlighted
    snippets), sorted and paginated, each faceted choice with its count. Eleven queries
    whatever the page size: objective and country choices, six facets, count, the page
    (+lead, snippets), its objectives. A search for a pledge code opens that pledge."""
    words = request.GET.get("search", "")
    # A pledge's code goes straight to its page.
    if search.CODE.match(words.strip()):
        found = selectors.published_pledges().filter(code__iexact=words.strip()).first()
        if found is not None:
            return redirect("pledges:detail", found.code)
    filterset = PledgeDirectoryFilter(
        request.GET or None,
        queryset=selectors.published_pledges().order_by("-published_at", "code"),
    )
    filterset.label_facets()
    pledges = search.with_snippets(filterset.qs, words)
    page = PublicCountPaginator(pledges, PAGE_SIZE).get_page(request.GET.get("page"))
    for pledge in page.object_list:
        pledge.snippet_html = search.snippet_html(getattr(pledge, "search_snippet", None))
    query = request.GET.copy()
    query.pop("page", None)
    for key in [key for key, value in query.items() if not value]:
        query.pop(key)
    csv_query = query.copy()
    csv_query["format"] = "csv"
    # An export takes the filters, not the page's sort order.
    export_query = query.copy()
    export_query.pop("ordering", None)
    export_query["kind"] = "pledges"
    form = filterset.form
    context = {
        "filter": filterset,
        "form": form,
        "visible_fields": [form[name] for name in PledgeDirectoryFilter.VISIBLE],
        "hidden_filters": [
            (key, value)
            for key, value in query.items()
            if key not in PledgeDirectoryFilter.VISIBLE and key != "ordering"
        ],
        "filtered": any(key != "ordering" for key in query),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "csv_url": f"{reverse('pledge-list')}?{csv_query.urlencode()}",
        "query": query.urlencode(),
        "export_url": f"{reverse('exports:new')}?{export_query.urlencode()}",
    }
    return render(request, "pledges/pledge_directory.html", context)


@require_safe
def seeking_support(request):
    """Published pledges that say what support they seek, newest first, filtered and
    paginated, each with its lead and what it seeks; "Offer a matching pledge" for a
    signed-in focal point. Six queries whatever the page size: objective and country
    choices, the count, the page (+lead, support sought, objective), its objectives,
    and whether the reader speaks for an actor."""
    filterset = SupportSoughtFilter(
        request.GET or None,
        queryset=selectors.seeking_support().order_by("-published_at", "code"),
    )
    page = PublicCountPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    form = filterset.form
    context = {
        "filter": filterset,
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "filtered": any(request.GET.get(name) for name in SupportSoughtFilter.base_filters),
        "can_offer": selectors.actors_for_user(request.user).exists(),
    }
    return render(request, "pledges/seeking_support.html", context)


@require_safe
def pledge_detail(request, code: str):
    """A pledge as `request.user` may see it (404 otherwise), with its progress. Eight
    queries: the pledge, partners, objectives, actions, principles, matching pledges,
    updates, their files; a ninth for the pledge it matches, if `request.user` may read
    it (a matched pledge was published when matched, but may since be withdrawn); one
    more for a published pledge's recent changes. A once-public withdrawn pledge is
    410 Gone with its code and date."""
    pledge = selectors.pledge_page(request.user).filter(code=code).first()
    if pledge is None:
        gone = selectors.gone_pledge(code)
        if gone is None:
            raise Http404
        return render(request, "pledges/pledge_gone.html", {"pledge": gone}, status=410)
    updates = list(selectors.pledge_updates(pledge))
    overall, by_actor = selectors.progress_by_actor(pledge, updates)
    context = {
        "pledge": pledge,
        "updates": updates,
        "latest": overall,
        "by_actor": by_actor,
        "is_published": pledge.status == Pledge.Status.PUBLISHED,
        "today": timezone.localdate(),
        # The way into the workspace for the pledge's own focal points (no query for the
        # public: the selectors answer at once for anonymous users).
        "speaks_for": selectors.user_speaks_for_pledge(request.user, pledge),
    }
    # What changed since publication (never draft-era rows, never who): one query.
    context["changes"] = selectors.pledge_public_changes(pledge) if context["is_published"] else []
    context["can_edit"] = context["speaks_for"] and selectors.user_can_edit_pledge(
        request.user, pledge
    )
    # Follow by e-mail: a button for the signed-in (one query), none for the public.
    context["follows"] = user_follows(request.user, Follow.Kind.PLEDGE, pledge.code)
    return render(request, "pledges/pledge_detail.html", context)


@require_safe
def objective_detail(request, number: int):
    """An objective's page (objectives.views) with the published pledges serving it and
    each action. Eight queries: the compact's four, the action counts, the pledge count,
    the first pledges and their objectives."""
    context = objective_page_context(number)
    counts = selectors.published_pledge_counts_by_action(number)
    for action in context["objective"].actions.all():
        action.published_pledge_count = counts.get(action.letter, 0)
    pledges = selectors.published_pledges_for_objective(number)
    context["pledge_count"] = pledges.count()
    context["pledges"] = pledges[:OBJECTIVE_PLEDGES_SHOWN] if context["pledge_count"] else []
    context["follows"] = user_follows(request.user, Follow.Kind.OBJECTIVE, str(number))
    return render(request, "pledges/objective_detail.html", context)


@require_safe
def dashboard(request):
    """Charts of the cached aggregates (pledges.stats), each with its table, CSV and API
    key. No query when cached."""
    stats = dashboard_stats()
    context = dashboard_context(stats, rtl=get_language_bidi())
    context["computed_at"] = datetime.datetime.fromisoformat(stats["computed_at"])
    return render(request, "pledges/dashboard.html", context)


@require_safe
def dashboard_csv(request, chart: str):
    """The numbers of one dashboard chart, exactly as its table shows them. No query when
    cached."""
    table = chart_tables(dashboard_stats())[chart]
    return csv_attachment(f"gcm-dashboard-{chart}.csv", table.header, table.rows)


@require_safe
def pledge_document(request, code: str):
    """A pledge's supporting document, for whoever may see the pledge (404 otherwise)."""
    pledge = get_object_or_404(selectors.pledges_visible_to(request.user), code=code)
    return attachment(pledge.document)


@require_safe
def evidence_file(request, code: str, pk: int):
    """An evidence file of a progress update, for whoever may see the pledge."""
    evidence = get_object_or_404(
        Evidence.objects.filter(update__in=selectors.updates_visible_to(request.user)),
        pk=pk,
        update__pledge__code=code,
    )
    return attachment(evidence.file)
