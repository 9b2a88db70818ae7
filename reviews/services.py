"""Every write to voluntary reviews (the State's word, its workflow) and to where a
pledge was announced.

The API, the workspace pages, the admin's actions and `seed_demo` call these. Each
checks meaning and raises ValidationError with a message per field (nothing is
written), or PermissionDenied for the wrong role. Who may do what is decided by the
predicates of reviews.selectors (`user_can_edit_review`, `user_acts_for_state`)
and pledges.selectors, not a second copy. The calendar and the texts' reference data
are reviews.reference_data; indicators, reviews.indicators.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from changes.models import ChangeEvent
from changes.services import change_record
from core.history import acting_user, record_history_user
from core.languages import language_error, writing_language
from core.lifecycle import UNSET, given, require, save_status, transition
from core.public_cache import public_data_changed
from objectives.models import Objective
from pledges.models import Actor, Pledge
from pledges.selectors import (
    User,
    pledge_is_public,
    signed_in,
    user_can_edit_pledge,
    user_is_staff,
    user_speaks_for,
)
from pledges.tasks import stats_refresh_soon

from .models import (
    CommitmentProgress,
    DeclarationCommitment,
    MissingMigrantsRecommendation,
    ObjectiveAssessment,
    PledgeAnnouncement,
    PledgeCommitment,
    RecommendationProgress,
    ReviewCycle,
    ReviewEvent,
    SnapshotBuild,
    VoluntaryReview,
)
from .selectors import (
    review_citable_pledges,
    review_is_public,
    user_acts_for_state,
    user_can_edit_review,
)
from .snapshot_jobs import (  # noqa: F401  the snapshots' writes, run by the worker too
    event_snapshot_moment,
    snapshot_build_run,
    snapshot_take,
    snapshots_reconstruct,
)


def _log_if_public(review: VoluntaryReview) -> None:
    # A staff edit of a published review is a public change; a draft's is not.
    if review_is_public(review):
        change_record(
            kind=ChangeEvent.Kind.UPDATED, object_kind=ChangeEvent.ObjectKind.REVIEW, code=review.pk
        )


# --- Pledge announcements -------------------------------------------------------------


@transaction.atomic
def pledge_announcement_set(*, pledge: Pledge, event: ReviewEvent | None, user: User) -> None:
    """Record (or with `event=None`, clear) the event where a pledge was announced. Staff."""
    require(user_is_staff(user), _("Only Network staff record where a pledge was announced."))
    before = PledgeAnnouncement.objects.filter(pledge=pledge).values_list("event_id", flat=True)
    changed = set(before) ^ ({event.pk} if event else set())
    with acting_user(signed_in(user)):
        if event is None:
            PledgeAnnouncement.objects.filter(pledge=pledge).delete()
        else:
            PledgeAnnouncement.objects.update_or_create(pledge=pledge, defaults={"event": event})
    # An event (always public) lists the codes of the pledges announced there.
    for event_id in sorted(changed):
        change_record(
            kind=ChangeEvent.Kind.UPDATED, object_kind=ChangeEvent.ObjectKind.EVENT, code=event_id
        )


# --- Voluntary reviews --------------------------------------------------------------


def _require_editor(user: User, review: VoluntaryReview) -> None:
    """PermissionDenied unless `user_can_edit_review`, saying why."""
    if user_can_edit_review(user, review):
        return
    if not user_speaks_for(user, review.state_id):
        raise PermissionDenied(_("Only the State's focal points edit its review."))
    raise PermissionDenied(
        _("A %(status)s review is locked; only drafts and returned reviews can be edited.")
        % {"status": review.get_status_display().lower()}
    )


def _locked(review: VoluntaryReview) -> VoluntaryReview:
    # Row lock: two focal points submitting or editing at once serialise here.
    return VoluntaryReview.objects.select_for_update().get(pk=review.pk)


def _check_plan(plan: str, plan_url: str, errors: dict[str, list[str]]) -> None:
    if plan not in VoluntaryReview.Plan.values:
        errors.setdefault("plan", []).append(_("Choose none, in_preparation or adopted."))
    if plan_url:
        try:
            URLValidator(schemes=["http", "https"])(plan_url)
        except ValidationError:
            errors.setdefault("plan_url", []).append(_("Enter a valid http(s) URL."))
    if plan == VoluntaryReview.Plan.NONE and plan_url:
        errors.setdefault("plan_url", []).append(_("A State without a plan has no plan link."))


def _check_event(
    event: ReviewEvent | None, cycle: ReviewCycle, errors: dict[str, list[str]]
) -> None:
    if event is not None and event.cycle_id != cycle.pk:
        errors.setdefault("event", []).append(
            _("The event belongs to another cycle than the review.")
        )


def _default_event(cycle: ReviewCycle) -> ReviewEvent | None:
    # Reviews of a cycle feed the IMRF that closes it.
    return (
        ReviewEvent.objects.filter(cycle=cycle, kind=ReviewEvent.Kind.IMRF)
        .order_by("-start_date")
        .first()
    )


@transaction.atomic
def review_create(
    *,
    user: User,
    state: Actor,
    cycle: ReviewCycle,
    event: ReviewEvent | None = None,
    plan: str = VoluntaryReview.Plan.NONE,
    plan_url: str = "",
) -> VoluntaryReview:
    """Start a State's draft review for a cycle (one per State and cycle). The State's
    focal points or staff. Feeds `event`, by default the cycle's IMRF."""
    require(
        user_acts_for_state(user, state.pk), _("Only the State's focal points start its review.")
    )
    errors: dict[str, list[str]] = {}
    if state.kind != Actor.Kind.STATE:
        errors["state"] = [_("Only a Member State makes a voluntary national review.")]
    elif VoluntaryReview.objects.filter(state=state, cycle=cycle).exists():
        errors["cycle"] = [
            _("%(state)s already has a review for %(cycle)s.")
            % {"state": state.name, "cycle": cycle.name}
        ]
    _check_event(event, cycle, errors)
    _check_plan(plan, plan_url, errors)
    if errors:
        raise ValidationError(errors)
    review = VoluntaryReview(
        state=state,
        cycle=cycle,
        event=event or _default_event(cycle),
        plan=plan,
        plan_url=plan_url,
        created_by=signed_in(user),
    )
    record_history_user(review, signed_in(user))
    try:
        # A concurrent create of the same (state, cycle) loses here, not with a 500.
        with transaction.atomic():
            review.save()
    except IntegrityError as exc:
        message = _("This State already has a review for the cycle.")
        raise ValidationError({"cycle": [message]}) from exc
    return review


@transaction.atomic
def review_update(
    *,
    review: VoluntaryReview,
    user: User,
    event: ReviewEvent | None = UNSET,
    plan: str = UNSET,
    plan_url: str = UNSET,
) -> VoluntaryReview:
    """Change the given fields of a review (the event it feeds, the national plan).
    The State's focal points while it is a draft or returned; staff always."""
    review = _locked(review)
    _require_editor(user, review)
    values = given({"event": event, "plan": plan, "plan_url": plan_url})
    errors: dict[str, list[str]] = {}
    if event is not UNSET:
        _check_event(event, review.cycle, errors)
    _check_plan(
        review.plan if plan is UNSET else plan,
        review.plan_url if plan_url is UNSET else plan_url,
        errors,
    )
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(review, name, value)
    record_history_user(review, signed_in(user))
    review.save()
    _log_if_public(review)
    return review


def _resolve_level(level: str, errors: dict[str, list[str]]) -> None:
    if level not in ObjectiveAssessment.Level.values:
        errors["level"] = [
            _("Choose one of: %(levels)s.") % {"levels": ", ".join(ObjectiveAssessment.Level)}
        ]


def _resolve_pledges(
    review: VoluntaryReview, codes: Sequence[str], errors: dict[str, list[str]]
) -> list[Pledge]:
    """The pledges the review may cite (`review_citable_pledges`), by code."""
    codes = list(dict.fromkeys(codes))
    found = {p.code: p for p in review_citable_pledges(review).filter(code__in=codes)}
    messages = [
        _("%(code)s is not a pledge of %(state)s.") % {"code": code, "state": review.state.name}
        for code in codes
        if code not in found
    ]
    if messages:
        errors["pledges"] = messages
    return [found[code] for code in codes if code in found]


@transaction.atomic
def assessment_upsert(
    *,
    review: VoluntaryReview,
    user: User,
    objective: int,
    level: str,
    narrative: str = "",
    challenges: str = "",
    pledges: Sequence[str] = (),
    language: str = "",
) -> tuple[ObjectiveAssessment, bool]:
    """Assess one objective (by number) in a review; assessing it again replaces the
    assessment. `pledges` are codes of the State's own pledges. Returns
    (assessment, created). Same editors as `review_update`."""
    review = _locked(review)
    _require_editor(user, review)
    errors: dict[str, list[str]] = {}
    objective_row = Objective.objects.filter(number=objective).first()
    if objective_row is None:
        errors["objective"] = [_("There is no objective %(n)s.") % {"n": objective}]
    _resolve_level(level, errors)
    contributing = _resolve_pledges(review, pledges, errors)
    language = writing_language(language)
    if problem := language_error(language):
        errors["language"] = [problem]
    if errors:
        raise ValidationError(errors)
    assessment = ObjectiveAssessment.objects.filter(review=review, objective=objective_row).first()
    created = assessment is None
    assessment = assessment or ObjectiveAssessment(review=review, objective=objective_row)
    assessment.level = level
    assessment.narrative = narrative.strip()
    assessment.challenges = challenges.strip()
    assessment.language = language
    record_history_user(assessment, signed_in(user))
    assessment.save()
    assessment.pledges.set(contributing)
    record_history_user(review, signed_in(user))
    review.save(update_fields=["updated_at"])
    _log_if_public(review)
    return assessment, created


@transaction.atomic
def recommendation_progress_upsert(
    *,
    review: VoluntaryReview,
    user: User,
    recommendation: MissingMigrantsRecommendation | int,
    level: str,
    narrative: str = "",
    challenges: str = "",
) -> tuple[RecommendationProgress, bool]:
    """Report progress on one recommendation on missing migrants (by row or id);
    reporting again replaces it. Same editors as `review_update`."""
    review = _locked(review)
    _require_editor(user, review)
    errors: dict[str, list[str]] = {}
    recommendation_row: MissingMigrantsRecommendation | None
    if isinstance(recommendation, MissingMigrantsRecommendation):
        recommendation_row = recommendation
    else:
        recommendation_row = MissingMigrantsRecommendation.objects.filter(pk=recommendation).first()
        if recommendation_row is None:
            errors["recommendation"] = [_("There is no such recommendation.")]
    _resolve_level(level, errors)
    if errors:
        raise ValidationError(errors)
    progress = RecommendationProgress.objects.filter(
        review=review, recommendation=recommendation_row
    ).first()
    created = progress is None
    progress = progress or RecommendationProgress(review=review, recommendation=recommendation_row)
    progress.level = level
    progress.narrative = narrative.strip()
    progress.challenges = challenges.strip()
    record_history_user(progress, signed_in(user))
    progress.save()
    record_history_user(review, signed_in(user))
    review.save(update_fields=["updated_at"])
    _log_if_public(review)
    return progress, created


def commitment_progress_upsert(
    *,
    review: VoluntaryReview,
    user: User,
    paragraph: int,
    level: str,
    narrative: str = "",
) -> tuple[CommitmentProgress, bool]:
    """Report progress on one Progress Declaration commitment (by its paragraph,
    51–76); reporting again replaces it. Same editors as `review_update`."""
    review = _locked(review)
    _require_editor(user, review)
    errors: dict[str, list[str]] = {}
    commitment = DeclarationCommitment.objects.filter(number=paragraph).first()
    if commitment is None:
        errors["paragraph"] = [_("There is no such commitment in the Progress Declaration.")]
    _resolve_level(level, errors)
    if errors:
        raise ValidationError(errors)
    progress = CommitmentProgress.objects.filter(review=review, commitment=commitment).first()
    created = progress is None
    progress = progress or CommitmentProgress(review=review, commitment=commitment)
    progress.level = level
    progress.narrative = narrative.strip()
    record_history_user(progress, signed_in(user))
    progress.save()
    record_history_user(review, signed_in(user))
    review.save(update_fields=["updated_at"])
    _log_if_public(review)
    return progress, created


def _review_transition(
    review: VoluntaryReview, *, allowed_from: Sequence[str], to: str
) -> VoluntaryReview:
    # A sentence per move: a verb slotted into a sentence cannot be translated.
    messages = {
        "submitted": _("A %(status)s review cannot be submitted."),
        "published": _("A %(status)s review cannot be published."),
        "returned": _("A %(status)s review cannot be returned."),
        "recalled": _("Only a submitted review can be recalled, before Network staff act on it."),
        "reopened": _("Only a submitted or published review can be reopened."),
    }
    return transition(review, allowed_from=allowed_from, message=messages[to])


@transaction.atomic
def review_submit(*, review: VoluntaryReview, user: User) -> VoluntaryReview:
    """Editable (draft or returned) → submitted: locked for the focal points until staff
    return it. The State's focal points or staff (`user_acts_for_state`). A review with
    no assessment cannot be submitted."""
    require(
        user_acts_for_state(user, review.state_id),
        _("Only the State's focal points submit its review."),
    )
    review = _review_transition(
        review, allowed_from=VoluntaryReview.EDITABLE_STATUSES, to="submitted"
    )
    if not review.assessments.exists():
        raise ValidationError(
            {"assessments": [_("Assess at least one objective before submitting.")]}
        )
    review.status = VoluntaryReview.Status.SUBMITTED
    review.submitted_at = timezone.now()
    return save_status(review, user, ["status", "submitted_at"])


@transaction.atomic
def review_publish(*, review: VoluntaryReview, user: User) -> VoluntaryReview:
    """Submitted → published: the public sees it from now on. Staff only."""
    require(user_is_staff(user), _("Only Network staff publish reviews."))
    review = _review_transition(
        review, allowed_from=(VoluntaryReview.Status.SUBMITTED,), to="published"
    )
    review.status = VoluntaryReview.Status.PUBLISHED
    review.return_reason = ""
    review.published_at = timezone.now()
    review = save_status(review, user, ["status", "return_reason", "published_at"])
    change_record(
        kind=ChangeEvent.Kind.PUBLISHED, object_kind=ChangeEvent.ObjectKind.REVIEW, code=review.pk
    )
    stats_refresh_soon()  # the dashboard counts published reviews per State
    return review


@transaction.atomic
def review_return(*, review: VoluntaryReview, user: User, reason: str) -> VoluntaryReview:
    """Submitted → returned to the focal points with a reason, for them to edit. Staff."""
    require(user_is_staff(user), _("Only Network staff return reviews."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the review is returned.")]})
    review = _review_transition(
        review, allowed_from=(VoluntaryReview.Status.SUBMITTED,), to="returned"
    )
    review.status = VoluntaryReview.Status.RETURNED
    review.return_reason = reason
    return save_status(review, user, ["status", "return_reason"])


@transaction.atomic
def review_recall(*, review: VoluntaryReview, user: User) -> VoluntaryReview:
    """Submitted → draft again, by the State's focal points, until staff act on it (publish
    or return): a review sent too early can be taken back and completed."""
    require(
        user_acts_for_state(user, review.state_id),
        _("Only the State's focal points recall its review."),
    )
    review = _review_transition(
        review, allowed_from=(VoluntaryReview.Status.SUBMITTED,), to="recalled"
    )
    review.status = VoluntaryReview.Status.DRAFT
    review.submitted_at = None
    return save_status(review, user, ["status", "submitted_at"])


@transaction.atomic
def review_reopen(*, review: VoluntaryReview, user: User, reason: str) -> VoluntaryReview:
    """Submitted or published → returned, by staff, with a reason the focal points read: a
    published review leaves the public pages until it is published again. The reason is
    kept on the review and in its history."""
    require(user_is_staff(user), _("Only Network staff reopen reviews."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the review is reopened.")]})
    review = _review_transition(
        review,
        allowed_from=(VoluntaryReview.Status.SUBMITTED, VoluntaryReview.Status.PUBLISHED),
        to="reopened",
    )
    was_public = review_is_public(review)
    review.status = VoluntaryReview.Status.RETURNED
    review.return_reason = reason
    review.published_at = None
    review = save_status(review, user, ["status", "return_reason", "published_at"])
    if was_public:
        # A dashboard syncing from the change feed drops it (issue 19).
        change_record(
            kind=ChangeEvent.Kind.UNPUBLISHED,
            object_kind=ChangeEvent.ObjectKind.REVIEW,
            code=review.pk,
        )
        stats_refresh_soon()
    return review


def snapshot_build_start(
    *,
    event: ReviewEvent | None = None,
    as_of: datetime.datetime | None = None,
    label: str = "",
    user: User = None,
    note: str = "",
) -> SnapshotBuild:
    """Ask for a snapshot to be built in the background: a SnapshotBuild row (queued),
    and the Celery task queued on commit (reviews.tasks.take_snapshot). Staff only when
    a person asks. `label` titles one taken without an event, `note` says why. Two
    queries."""
    from .tasks import take_snapshot

    if user is not None and not user_is_staff(user):
        raise PermissionDenied(_("Only Network staff take snapshots."))
    build = SnapshotBuild.objects.create(
        event=event,
        as_of=as_of,
        label=label.strip(),
        note=note.strip(),
        requested_by=signed_in(user),
    )
    transaction.on_commit(partial(take_snapshot.delay, build_id=build.pk))
    return build


@transaction.atomic
def pledge_commitments_set(
    *, pledge: Pledge, commitments: Sequence[DeclarationCommitment], user: User
) -> tuple[int, int]:
    """Make `commitments` the Progress Declaration commitments `pledge` cites.

    Whoever may edit the pledge may (`user_can_edit_pledge`: its lead's focal points
    while it is a draft or returned; staff). Each link added or removed is a row of the
    link's history. A published pledge's change is logged for syncing clients. Returns
    (added, removed)."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if not user_can_edit_pledge(user, pledge):
        raise PermissionDenied(_("You may not change the commitments this pledge cites."))
    wanted = {commitment.pk for commitment in commitments}
    current = {link.commitment_id: link for link in PledgeCommitment.objects.filter(pledge=pledge)}
    removed = [link for pk, link in current.items() if pk not in wanted]
    added = sorted(wanted - current.keys())
    with acting_user(signed_in(user)):
        for link in removed:
            link.delete()
        for pk in added:
            PledgeCommitment.objects.create(pledge=pledge, commitment_id=pk)
    if (added or removed) and pledge_is_public(pledge):
        change_record(kind=ChangeEvent.Kind.UPDATED, object_kind="pledge", code=pledge.code)
        public_data_changed()
    return len(added), len(removed)
