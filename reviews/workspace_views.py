"""The focal points' workspace: its home page and voluntary reviews.

The home page shows pledges and reviews together, so it lives here: dependencies
point reviews → pledges → objectives, and only the reviews side may know both.
Views are thin: forms check shape, reviews.services checks meaning and writes, and
reviews.selectors decides what a user sees. The workspace holds the user's own
States' reviews: another State's review is a 404 here, even once published.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from objectives.models import Objective
from pledges.forms import ConfirmForm
from pledges.models import Actor, Pledge
from pledges.selectors import actors_for_user, pledges_visible_to, user_is_staff
from pledges.workspace_views import pledges_of_user_actors

from . import services
from .forms import AssessmentForm, PlanForm
from .models import ReviewCycle, VoluntaryReview
from .selectors import review_assessments, review_list, user_can_edit_review

# A published pledge with no progress update for this long needs attention.
STALE_AFTER = datetime.timedelta(days=365)
# A review due this soon needs attention.
DUE_SOON = datetime.timedelta(days=30)


def workspace_reviews(user) -> QuerySet[VoluntaryReview]:
    """The reviews in `user`'s workspace, with completeness annotated: those of the
    States they speak for; every review for staff. One query."""
    reviews = review_list(user)
    if user_is_staff(user):
        return reviews
    return reviews.filter(state__in=actors_for_user(user).values("pk"))


def _current_cycle() -> ReviewCycle | None:
    today = timezone.localdate()
    return ReviewCycle.objects.filter(start_date__lte=today, end_date__gte=today).first()


def _startable_states(actors, reviews, cycle) -> list[Actor]:
    """The user's States with no review for the current cycle yet (no query)."""
    if cycle is None:
        return []
    started = {r.state_id for r in reviews if r.cycle_id == cycle.pk}
    return [a for a in actors if a.kind == Actor.Kind.STATE and a.pk not in started]


@login_required
def workspace_home(request):
    """What the user speaks for, their pledges by status, their reviews, what needs
    attention. Four queries after the session's: actors, pledges, reviews, cycle."""
    user = request.user
    today = timezone.localdate()
    actors = list(actors_for_user(user))
    pledges = list(
        pledges_of_user_actors(user)
        .select_related("lead")
        .annotate(last_update=Max("updates__date"))
        .order_by("-updated_at", "code")
    )
    reviews = list(workspace_reviews(user).filter(state__in=[a.pk for a in actors]))
    cycle = _current_cycle()

    by_status = {status: [] for status in Pledge.Status.values}
    stale = []
    for pledge in pledges:
        by_status[pledge.status].append(pledge)
        if pledge.status == Pledge.Status.PUBLISHED:
            last = pledge.last_update or (pledge.published_at and pledge.published_at.date())
            if last is None or today - last > STALE_AFTER:
                stale.append(pledge)
    editable_reviews = [r for r in reviews if r.status in ("draft", "returned")]
    due_soon = [r for r in editable_reviews if r.due_on and r.due_on <= today + DUE_SOON]
    groups = [
        (status, label, by_status[status])
        for status, label in Pledge.Status.choices
        if by_status[status]
    ]
    context = {
        "actors": actors,
        "pledge_groups": groups,
        "pledge_count": len(pledges),
        "returned": by_status[Pledge.Status.RETURNED],
        "stale": stale,
        "reviews": reviews,
        "due_soon": due_soon,
        "returned_reviews": [r for r in reviews if r.status == "returned"],
        "cycle": cycle,
        "startable": _startable_states(actors, reviews, cycle),
        "today": today,
        "is_staff": user_is_staff(user),
        "confirm": ConfirmForm(),
    }
    context["attention_count"] = (
        len(context["returned"]) + len(stale) + len(due_soon) + len(context["returned_reviews"])
    )
    return render(request, "reviews/workspace/home.html", context)


@login_required
def review_index(request):
    user = request.user
    actors = list(actors_for_user(user))
    reviews = list(workspace_reviews(user))
    cycle = _current_cycle()
    return render(
        request,
        "reviews/workspace/review_list.html",
        {
            "reviews": reviews,
            "cycle": cycle,
            "startable": _startable_states(actors, reviews, cycle),
            "confirm": ConfirmForm(),
        },
    )


@login_required
@require_POST
def review_start(request):
    """Start the current cycle's review of a State (its focal points: the service says)."""
    state = get_object_or_404(Actor, kind=Actor.Kind.STATE, code=request.POST.get("state", ""))
    cycle = _current_cycle()
    if cycle is None:
        messages.error(request, _("No review cycle is open today."))
        return redirect("workspace:reviews")
    try:
        review = services.review_create(user=request.user, state=state, cycle=cycle)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("workspace:reviews")
    messages.success(
        request,
        _("Review of %(state)s for %(cycle)s started. Assess the objectives one by one.")
        % {"state": state.name, "cycle": cycle.name},
    )
    return redirect("workspace:review", pk=review.pk)


def _get_review(request, pk: int) -> VoluntaryReview:
    return get_object_or_404(workspace_reviews(request.user), pk=pk)


def _objective_rows(review: VoluntaryReview, objectives) -> list[tuple]:
    assessed = {a.objective_id: a for a in review_assessments(review)}
    return [(o, assessed.get(o.pk)) for o in objectives]


@login_required
def review_detail(request, pk: int):
    """The review's overview: completeness, the objectives assessed or not, the national
    plan (a form on this page) and the submit button."""
    review = _get_review(request, pk)
    can_edit = user_can_edit_review(request.user, review)
    form = PlanForm(
        request.POST or None, initial={"plan": review.plan, "plan_url": review.plan_url}
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("This review is locked."))
        if form.is_valid():
            try:
                services.review_update(review=review, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("National implementation plan saved."))
                return redirect("workspace:review", pk=review.pk)
    objectives = list(Objective.objects.order_by("number"))
    rows = _objective_rows(review, objectives)
    first_open = next((o for o, a in rows if a is None), None)
    return render(
        request,
        "reviews/workspace/review_detail.html",
        {
            "review": review,
            "can_edit": can_edit,
            "form": form,
            "rows": rows,
            "first_open": first_open,
            "confirm": ConfirmForm(),
        },
    )


@login_required
@require_POST
def review_submit(request, pk: int):
    review = _get_review(request, pk)
    try:
        services.review_submit(review=review, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Review submitted: it is locked while Network staff check it."),
        )
    return redirect("workspace:review", pk=review.pk)


@login_required
def assessment_edit(request, pk: int, number: int):
    """Assess one objective; "Save and next" goes on to the following one."""
    review = _get_review(request, pk)
    objectives = list(Objective.objects.order_by("number"))
    position = next((i for i, o in enumerate(objectives) if o.number == number), None)
    if position is None:
        raise Http404(_("The compact has no such objective."))
    objective = objectives[position]
    following = objectives[position + 1] if position + 1 < len(objectives) else None
    previous = objectives[position - 1] if position > 0 else None
    assessment = review_assessments(review).filter(objective=objective).first()
    can_edit = user_can_edit_review(request.user, review)
    pledge_choices = (
        pledges_visible_to(request.user)
        .filter(Q(lead=review.state) | Q(partners=review.state))
        .exclude(status=Pledge.Status.WITHDRAWN)
        .distinct()
        .order_by("code")
    )
    form = AssessmentForm(
        request.POST or None,
        pledge_choices=list(pledge_choices),
        initial=AssessmentForm.initial_from(assessment),
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("This review is locked."))
        if form.is_valid():
            try:
                services.assessment_upsert(
                    review=review, user=request.user, objective=number, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                if "next" in request.POST and following is not None:
                    messages.success(request, _("Objective %(n)s saved.") % {"n": objective.number})
                    return redirect("workspace:assessment", pk=review.pk, number=following.number)
                messages.success(request, _("Objective %(n)s saved.") % {"n": objective.number})
                if "next" in request.POST:
                    return redirect("workspace:review", pk=review.pk)
                return redirect("workspace:assessment", pk=review.pk, number=objective.number)
    return render(
        request,
        "reviews/workspace/assessment_form.html",
        {
            "review": review,
            "objective": objective,
            "assessment": assessment,
            "form": form,
            "can_edit": can_edit,
            "previous": previous,
            "following": following,
            "position": position + 1,
            "total": len(objectives),
        },
    )
