"""The public pages of the follow-up and review: the calendar, a voluntary review, and
the countries. A State's profile lives here because it shows both its pledges and its
reviews, and only reviews may know both (reviews → pledges → objectives)."""

from __future__ import annotations

import unicodedata
from collections import Counter

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.downloads import attachment
from core.public_cache import PublicCountPaginator
from core.world_map import world_map
from objectives.models import Objective
from pledges.follows import user_follows
from pledges.models import Actor, Follow, Pledge
from pledges.selectors import published_pledge_summary_of_actor, published_pledges_of_actor

from . import country_report, selectors
from .models import ObjectiveAssessment, ReviewEvent, VoluntaryReview
from .tasks import build_country_report
from .texts import report_mentions_of_state

# Pledges a page on a State's profile (the directory's size); the summary counts them all.
COUNTRY_PAGE_SIZE = 20


@require_safe
def review_calendar(request):
    """The calendar by cycle, past and upcoming, with the voluntary reviews `request.user`
    may read. Five queries: events and their cycle, round tables, their objectives,
    announcements, reviews."""
    today = timezone.localdate()
    events = list(selectors.event_list(request.user))
    reviews = list(selectors.review_list(request.user))
    cycles: dict[object, dict] = {}
    for event in events:
        # For the template: where the event stands today.
        event.is_past = event.end_date < today  # type: ignore[attr-defined]
        event.is_current = event.start_date <= today <= event.end_date  # type: ignore[attr-defined]
        group = cycles.setdefault(
            event.cycle_id, {"cycle": event.cycle, "events": [], "reviews": []}
        )
        group["events"].append(event)
    for review in reviews:
        cycles.setdefault(review.cycle_id, {"cycle": review.cycle, "events": [], "reviews": []})[
            "reviews"
        ].append(review)
    upcoming = [event for event in events if event.end_date >= today][:3]
    context = {
        "cycles": list(cycles.values()),
        "upcoming": upcoming,
        "today": today,
        "kinds": ReviewEvent.Kind.choices,
    }
    return render(request, "reviews/review_calendar.html", context)


@require_safe
def review_detail(request, pk: int):
    """A voluntary review `request.user` may read (404 otherwise) with every objective,
    assessed or not. Six queries: the review, the objectives, its assessments, the
    pledges they cite, its progress on recommendations and on the Progress Declaration's
    commitments."""
    review = get_object_or_404(selectors.review_list(request.user), pk=pk)
    assessments = {
        assessment.objective_id: assessment
        for assessment in selectors.review_assessments(review, request.user)
    }
    rows = [
        {"objective": objective, "assessment": assessments.get(objective.pk)}
        for objective in Objective.objects.order_by("number")
    ]
    levels = Counter(assessment.level for assessment in assessments.values())
    assessed, total = selectors.review_completeness(review)  # annotated: no query
    context = {
        "review": review,
        "rows": rows,
        "levels": [
            (value, label, levels.get(value, 0))
            for value, label in ObjectiveAssessment.Level.choices
        ],
        "percent": round(100 * assessed / total) if total else 0,
        "recommendations": list(selectors.review_recommendation_progress(review)),
        "commitments": list(selectors.review_commitment_progress(review)),
        "is_published": review.status == VoluntaryReview.Status.PUBLISHED,
    }
    return render(request, "reviews/review_detail.html", context)


def _folded(text: str) -> str:
    """For search and sorting: lower case, without accents ("Türkiye" ~ "turkiye")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@require_safe
def country_list(request):
    """The Member States with their published pledges and reviews: a world map, a search
    box and the list, by UN region or A to Z by common name ("Venezuela", not "Bolivarian
    Republic of"). One query; search and sorting are done on the 193 rows."""
    states = list(selectors.country_list())
    names: dict[int, str] = {}
    for state in states:
        # django-countries' short English name where the State has an ISO country.
        country = state.country
        names[state.pk] = (getattr(country, "name", "") if country else "") or state.name
        state.common_name = names[state.pk]  # type: ignore[attr-defined]
    query = (request.GET.get("q") or "").strip()[:100]
    sort = "name" if request.GET.get("sort") == "name" else "region"
    shown = states
    if query:
        needle = _folded(query)
        shown = [
            s
            for s in states
            if needle in _folded(names[s.pk])
            or needle in _folded(s.name)
            or needle == s.code.casefold()
        ]
    if sort == "name":
        shown = sorted(shown, key=lambda s: _folded(names[s.pk]))
    return render(
        request,
        "reviews/country_list.html",
        {
            "states": states,
            "shown": shown,
            "query": query,
            "sort": sort,
            "map": world_map(states),
            "pledging": sum(1 for state in states if getattr(state, "pledge_count", 0)),
        },
    )


@require_safe
def country_detail(request, code: str):
    """A Member State's public profile: its published pledges (lead or partner), a page
    of COUNTRY_PAGE_SIZE at a time, the objectives they all cover and its published
    reviews, its indicator values by source. Eleven queries whatever the number of
    pledges: the State, the summary (two), the objectives, the page's count, the page,
    its objectives, its reviews, its indicator values, the mentions (two)."""
    state = Actor.objects.filter(kind=Actor.Kind.STATE, code__iexact=code).first()
    if state is None:
        raise Http404(f"No Member State with code {code!r}")
    summary = published_pledge_summary_of_actor(state)
    page = PublicCountPaginator(published_pledges_of_actor(state), COUNTRY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    grid = [
        {"objective": objective, "count": summary["coverage"].get(objective.number, 0)}
        for objective in Objective.objects.order_by("number").defer("commitment")
    ]
    context = {
        "state": state,
        "pledge_total": summary["total"],
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "led_count": summary["led"],
        "grid": grid,
        "covered": sum(1 for cell in grid if cell["count"]),
        "implementation": [
            (value, label, summary["implementation"].get(value, 0))
            for value, label in Pledge.Implementation.choices
        ],
        "reviews": list(selectors.published_reviews_of_state(state)),
        # Its indicator values, every source side by side (one query).
        "indicators": selectors.state_indicator_values(state),
        # "In the Secretary-General's reports" (two queries; reviews/texts.py).
        "report_mentions": report_mentions_of_state(state),
        # Follow by e-mail: one query for the signed-in, none for the public.
        "follows": user_follows(request.user, Follow.Kind.COUNTRY, state.code),
    }
    return render(request, "reviews/country_detail.html", context)


@require_safe
def plan_document(request, pk: int):
    """A review's national implementation plan, for whoever may read the review."""
    review = get_object_or_404(selectors.reviews_visible_to(request.user), pk=pk)
    return attachment(review.plan_document)


def _report_subject(request, code: str) -> country_report.ReportSubject:
    subject = country_report.report_subject(request.user, code, request.GET.get("cycle"))
    if subject is None:
        raise Http404("No such State or cycle, or a review you may not read")
    return subject


@require_safe
def country_report_page(request, code: str):
    """The country report as a web page (reviews/country_report.py): a draft review's
    only for its State's focal points and staff (404 otherwise). Cached: four or five
    queries (the subject, the version, the cycles); thirteen more on a miss, whatever
    the number of pledges."""
    subject = _report_subject(request, code)
    document = country_report.report_document(subject)
    context = {
        "state": subject.state,
        "cycle": subject.cycle,
        "is_draft": subject.is_draft,
        "document": document,
        "cycles": list(selectors.cycle_list()),
    }
    return render(request, "reviews/country_report.html", context)


@require_safe
def country_report_pdf(request, code: str):
    """The country report as PDF, same rules. Cached; on a miss a small State's is
    typeset in the request, a large one's (more than INLINE_MAX_PLEDGES pledges) by a
    worker while this answers 202 with its progress (inline on the embedded default,
    where the task runs at once)."""
    subject = _report_subject(request, code)
    version = country_report.report_version(subject)
    pledge_count = country_report.report_pledge_count(subject)
    if pledge_count > country_report.INLINE_MAX_PLEDGES and not cache.has_key(
        country_report.pdf_key(version)
    ):
        # A failed build's mark expires within a minute; then the next reader queues again.
        if country_report.report_pdf_claim(version):
            # Queued at once: a report is a read, with no write to wait for (inline on
            # the embedded default, where it has run when delay() returns).
            build_country_report.delay(**country_report.task_arguments(subject, version))
        progress = country_report.report_pdf_progress(version) or {
            "status": "pending",
            "progress": 0,
        }
        # Inline (the embedded default) the task has already run.
        if not cache.has_key(country_report.pdf_key(version)):
            context = {
                "state": subject.state,
                "cycle": subject.cycle,
                "progress": progress["progress"],
                "failed": progress["status"] == "failed",
                "pledge_count": pledge_count,
                "progress_label": _("Prepared"),
            }
            return render(request, "reviews/country_report_progress.html", context, status=202)
    pdf = country_report.report_pdf(subject, version)
    name = f"gcm-country-report-{subject.state.code}-{subject.cycle.name}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, name) or "inline"
    response["Cache-Control"] = "private, no-cache"
    return response
