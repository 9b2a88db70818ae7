"""The public pages of the follow-up and review: the calendar, a voluntary review, and
the countries. A State's profile lives here because it shows both its pledges and its
reviews, and only reviews may know both (reviews → pledges → objectives)."""

from __future__ import annotations

from collections import Counter

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.downloads import attachment
from objectives.models import Objective
from pledges.models import Actor, Pledge
from pledges.selectors import published_pledge_summary_of_actor, published_pledges_of_actor

from . import selectors
from .models import ObjectiveAssessment, ReviewEvent, VoluntaryReview
from .texts import report_mentions_of_state

# Pledges a page on a State's profile (the directory's size); the summary counts them all.
COUNTRY_PAGE_SIZE = 20


@require_safe
def review_calendar(request):
    """The calendar by cycle, past and upcoming, with the voluntary reviews `request.user`
    may read. Five queries: events and their cycle, round tables, their objectives,
    announcements, reviews."""
    today = timezone.localdate()
    events = list(selectors.event_list())
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
    assessed or not. Five queries: the review, the objectives, its assessments, the
    pledges they cite, its progress on recommendations."""
    review = get_object_or_404(selectors.review_list(request.user), pk=pk)
    assessments = {
        assessment.objective_id: assessment
        for assessment in selectors.review_assessments_for_page(review, request.user)
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
        "is_published": review.status == VoluntaryReview.Status.PUBLISHED,
    }
    return render(request, "reviews/review_detail.html", context)


@require_safe
def country_list(request):
    """The Member States by UN region with their published pledges and reviews. One
    query."""
    states = list(selectors.country_list())
    return render(
        request,
        "reviews/country_list.html",
        {
            "states": states,
            "pledging": sum(1 for state in states if getattr(state, "pledge_count", 0)),
        },
    )


@require_safe
def country_detail(request, code: str):
    """A Member State's public profile: its published pledges (lead or partner), a page
    of COUNTRY_PAGE_SIZE at a time, the objectives they all cover and its published
    reviews. Ten queries whatever the number of pledges: the State, the summary (two),
    the objectives, the page's count, the page, its objectives, its reviews, the
    mentions (two)."""
    state = Actor.objects.filter(kind=Actor.Kind.STATE, code__iexact=code).first()
    if state is None:
        raise Http404(f"No Member State with code {code!r}")
    summary = published_pledge_summary_of_actor(state)
    page = Paginator(published_pledges_of_actor(state), COUNTRY_PAGE_SIZE).get_page(
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
        # "In the Secretary-General's reports" (two queries; reviews/texts.py).
        "report_mentions": report_mentions_of_state(state),
    }
    return render(request, "reviews/country_detail.html", context)


@require_safe
def plan_document(request, pk: int):
    """A review's national implementation plan, for whoever may read the review."""
    review = get_object_or_404(selectors.reviews_visible_to(request.user), pk=pk)
    return attachment(review.plan_document)
