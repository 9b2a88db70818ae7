"""Demo reviews for `seed_demo`: a submitted review for Kenya and a draft for Mexico in
the current cycle, feeding the 2026 IMRF. Clearly demo content; idempotent."""

from __future__ import annotations

from django.db import transaction

from pledges.models import Actor, FocalPoint, Pledge

from . import services
from .models import ReviewCycle, VoluntaryReview

DEMO_CYCLE = "2023–2026"
DEMO_REVIEWS = {
    # State code: (submit?, [(objective, level, narrative, challenges)])
    "KEN": (
        True,
        [
            (
                1,
                "in_progress",
                "(Demo) A national migration data strategy is being drafted.",
                "Disaggregation by migratory status in the census.",
            ),
            (5, "advanced", "(Demo) Bilateral labour agreements revised with three partners.", ""),
            (
                8,
                "planning",
                "(Demo) An inter-agency task force on missing migrants is planned.",
                "Cross-border data sharing.",
            ),
        ],
    ),
    "MEX": (
        False,
        [
            (3, "in_progress", "(Demo) Consular information points opened on key routes.", ""),
            (23, "planning", "(Demo) Regional cooperation framework under discussion.", ""),
        ],
    ),
}


@transaction.atomic
def reviews_demo_load(*, user) -> list[str]:
    """Create the demo reviews through the services, acting as the State's demo focal
    point where there is one (staff `user` otherwise). Returns one line per State for
    the command's output; a second run changes nothing."""
    cycle = ReviewCycle.objects.filter(name=DEMO_CYCLE).first()
    if cycle is None:
        return ["skipped demo reviews: run `manage.py seed` first (no 2023–2026 cycle)"]
    lines = []
    for code, (submit, assessments) in DEMO_REVIEWS.items():
        state = Actor.objects.filter(code=code, kind=Actor.Kind.STATE).first()
        if state is None:
            lines.append(f"skipped demo review for {code}: run `manage.py seed` first")
            continue
        focal_point = FocalPoint.objects.filter(actor=state).select_related("user").first()
        author = focal_point.user if focal_point else user
        review = VoluntaryReview.objects.filter(state=state, cycle=cycle).first()
        created = review is None
        if created:
            review = services.review_create(user=author, state=state, cycle=cycle)
        if review.is_editable:
            assessed = set(review.assessments.values_list("objective__number", flat=True))
            own_pledges = list(
                Pledge.objects.filter(lead=state)
                .exclude(status=Pledge.Status.WITHDRAWN)
                .order_by("code")
                .values_list("code", flat=True)[:1]
            )
            for number, level, narrative, challenges in assessments:
                if number in assessed:
                    continue
                services.assessment_upsert(
                    review=review,
                    user=author,
                    objective=number,
                    level=level,
                    narrative=narrative,
                    challenges=challenges,
                    pledges=own_pledges,
                )
            if submit:
                review = services.review_submit(review=review, user=author)
        verb = "created" if created else "kept"
        lines.append(f"{verb} demo review {state.name} {cycle.name} ({review.status})")
    return lines
