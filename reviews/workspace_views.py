"""The focal points' workspace for voluntary reviews: start, assess, plan, submit.

Views are thin: forms check shape, reviews.services checks meaning and writes, and
reviews.selectors decides what a user sees. The workspace holds the user's own
States' reviews: another State's review is a 404 here, even once published.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from objectives.models import Objective
from pledges.forms import ConfirmForm
from pledges.models import Actor
from pledges.selectors import User, actors_for_user, user_can_edit_pledge, workspace_pledges

from . import services
from .forms import AssessmentForm, PlanForm, PledgeCommitmentsForm
from .models import ReviewCycle, VoluntaryReview
from .selectors import (
    current_cycle,
    pledge_commitments,
    review_assessments,
    review_citable_pledges,
    user_acts_for_state,
    user_can_edit_review,
    workspace_reviews,
)


def startable_states(
    actors: Iterable[Actor], reviews: Iterable[VoluntaryReview], cycle: ReviewCycle | None
) -> list[Actor]:
    """The user's States with no review for the current cycle yet (no query)."""
    if cycle is None:
        return []
    started = {r.state_id for r in reviews if r.cycle_id == cycle.pk}
    return [a for a in actors if a.kind == Actor.Kind.STATE and a.pk not in started]


@login_required
def review_index(request):
    user = request.user
    actors = list(actors_for_user(user))
    reviews = list(workspace_reviews(user))
    cycle = current_cycle()
    return render(
        request,
        "reviews/workspace/review_list.html",
        {
            "reviews": reviews,
            "cycle": cycle,
            "startable": startable_states(actors, reviews, cycle),
            "confirm": ConfirmForm(),
        },
    )


@login_required
@require_POST
def review_start(request):
    """Start the current cycle's review of a State (its focal points: the service says)."""
    state = get_object_or_404(Actor, kind=Actor.Kind.STATE, code=request.POST.get("state", ""))
    cycle = current_cycle()
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


def _objective_rows(review: VoluntaryReview, objectives, user: User) -> list[tuple]:
    assessed = {a.objective_id: a for a in review_assessments(review, user)}
    return [(o, assessed.get(o.pk)) for o in objectives]


@login_required
def review_detail(request, pk: int):
    """The review's overview: completeness, the objectives assessed or not, the national
    plan (a form on this page) and the submit button."""
    review = _get_review(request, pk)
    can_edit = user_can_edit_review(request.user, review)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_from(review))
    conflicts: list[tuple[str, str, str]] = []
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("This review is locked."))
        if form.is_valid():
            try:
                with transaction.atomic():
                    # The check and the write under the review's row lock.
                    now = VoluntaryReview.objects.select_for_update().get(pk=review.pk)
                    opened_at = form.cleaned_data.get("version")
                    if opened_at and opened_at != PlanForm.content_version(now):
                        conflicts = form.differences(PlanForm.initial_from(now), PlanForm.COMPARED)
                    if not conflicts:
                        services.review_update(
                            review=review, user=request.user, **form.service_values()
                        )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                if not conflicts:
                    messages.success(request, _("National implementation plan saved."))
                    return redirect("workspace:review", pk=review.pk)
                # Nothing written; what was typed stays, at the current version.
                review = now
                data = request.POST.copy()
                data["version"] = PlanForm.content_version(now)
                form = PlanForm(data, initial=PlanForm.initial_from(now))
                form.is_valid()
    objectives = list(Objective.objects.order_by("number"))
    rows = _objective_rows(review, objectives, request.user)
    first_open = next((o for o, a in rows if a is None), None)
    return render(
        request,
        "reviews/workspace/review_detail.html",
        {
            "review": review,
            "can_edit": can_edit,
            # Only a submitted review can be recalled: no question asked of the others.
            "can_recall": review.status == VoluntaryReview.Status.SUBMITTED
            and user_acts_for_state(request.user, review.state_id),
            "form": form,
            "rows": rows,
            "first_open": first_open,
            "confirm": ConfirmForm(),
            "conflicts": conflicts,
        },
        status=409 if conflicts else 200,
    )


@login_required
def review_submit(request, pk: int):
    """GET: what the review holds and what is missing, with a button to submit anyway.
    POST: submit it (locked while Network staff check it; recallable until they act)."""
    review = _get_review(request, pk)
    if not user_can_edit_review(request.user, review):
        messages.error(request, _("This review is not open for submission."))
        return redirect("workspace:review", pk=review.pk)
    if request.method == "POST":
        try:
            services.review_submit(review=review, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _(
                    "Review submitted: it is locked while Network staff check it. You can "
                    "recall it until they act on it."
                ),
            )
        return redirect("workspace:review", pk=review.pk)
    rows = _objective_rows(review, Objective.objects.order_by("number"), request.user)
    missing = [objective for objective, assessment in rows if assessment is None]
    return render(
        request,
        "reviews/workspace/review_submit.html",
        {
            "review": review,
            "missing": missing,
            "without_narrative": [
                objective
                for objective, assessment in rows
                if assessment and not assessment.narrative
            ],
        },
    )


@login_required
@require_POST
def review_recall(request, pk: int):
    """Take a submitted review back to draft, before Network staff act on it."""
    review = _get_review(request, pk)
    try:
        services.review_recall(review=review, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Review recalled: it is a draft again, editable by you."))
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
    assessment = review_assessments(review, request.user).filter(objective=objective).first()
    can_edit = user_can_edit_review(request.user, review)
    form = AssessmentForm(
        request.POST or None,
        pledge_choices=list(review_citable_pledges(review)),
        initial=AssessmentForm.initial_from(assessment),
    )
    conflicts: list[tuple[str, str, str]] = []
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("This review is locked."))
        if form.is_valid():
            try:
                with transaction.atomic():
                    # The check and the write under the review's row lock (the service
                    # takes it too): of two colleagues, the second sees the first's save.
                    VoluntaryReview.objects.select_for_update().get(pk=review.pk)
                    now = (
                        review_assessments(review, request.user).filter(objective=objective).first()
                    )
                    opened_at = form.cleaned_data.get("version")
                    if opened_at and opened_at != AssessmentForm.content_version(now):
                        conflicts = form.differences(
                            AssessmentForm.initial_from(now), AssessmentForm.COMPARED
                        )
                    if not conflicts:
                        services.assessment_upsert(
                            review=review,
                            user=request.user,
                            objective=number,
                            **form.service_values(),
                        )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                if conflicts:
                    # Nothing written; what was typed stays, at the current version.
                    assessment = now
                    data = request.POST.copy()
                    data["version"] = AssessmentForm.content_version(now)
                    form = AssessmentForm(
                        data,
                        pledge_choices=list(review_citable_pledges(review)),
                        initial=AssessmentForm.initial_from(now),
                    )
                    form.is_valid()
                elif "next" in request.POST and following is not None:
                    messages.success(request, _("Objective %(n)s saved.") % {"n": objective.number})
                    return redirect("workspace:assessment", pk=review.pk, number=following.number)
                else:
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
            "conflicts": conflicts,
        },
        status=409 if conflicts else 200,
    )


@login_required
def pledge_commitments_edit(request, code: str):
    """The Progress Declaration commitments a pledge of the user's workspace cites.
    GET: the commitments as checkboxes. POST: set them; refused (403, nothing written)
    unless the user may edit the pledge. Another actor's pledge is a 404 here."""
    pledge = get_object_or_404(workspace_pledges(request.user), code=code)
    can_edit = user_can_edit_pledge(request.user, pledge)
    current = [link.commitment for link in pledge_commitments(pledge)]
    form = PledgeCommitmentsForm(
        request.POST if request.method == "POST" else None,
        initial={"commitments": current},
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            services.pledge_commitments_set(
                pledge=pledge, commitments=form.cleaned_data["commitments"], user=request.user
            )
            messages.success(request, _("The commitments this pledge cites are saved."))
            return redirect("workspace:pledge", code=pledge.code)
    return render(
        request,
        "reviews/workspace/pledge_commitments.html",
        {"pledge": pledge, "form": form, "current": current, "can_edit": can_edit},
    )
