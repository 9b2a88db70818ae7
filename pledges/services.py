"""Every write to actors, focal points, pledges and progress. The API, the admin and
the commands call these; each checks meaning and raises ValidationError with a
message per field (nothing is written), or PermissionDenied for the wrong role.

Pledges name what they point at by natural key: actor codes, objective numbers,
action labels ("5(a)"), principle slugs, a matched pledge's code.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import record_history_user
from objectives.models import Action, GuidingPrinciple, Objective

from .files import validate_upload
from .member_states import m49_region
from .models import (
    DESCRIPTION_MAX_LENGTH,
    DESCRIPTION_MIN_LENGTH,
    Actor,
    Counter,
    Evidence,
    FocalPoint,
    Pledge,
    PledgeAction,
    PledgeObjective,
    PledgePrinciple,
    ProgressUpdate,
)
from .selectors import (
    EDITABLE_STATUSES,
    pledge_latest_update,
    user_is_staff,
    user_speaks_for,
    user_speaks_for_pledge,
)
from .tasks import stats_refresh_soon

PLEDGE_CODE_FORMAT = "GCM-P-{:05d}"
ACTION_LABEL = re.compile(r"^\s*(\d{1,2})\s*\(\s*([a-z]{1,2})\s*\)\s*$")
MAX_LINKS = 20
MAX_EVIDENCE_FILES = 10


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()  # "not given" in a partial update, distinct from None and []


# --- Actors and focal points ---------------------------------------------------


@transaction.atomic
def actor_create_stakeholder(*, code: str, name: str, category: str, country: str = "") -> Actor:
    """Create a stakeholder organisation; its region follows its country, if any."""
    errors = {}
    code = code.strip().lower()
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", code):
        errors["code"] = _("Use lower-case letters, digits and hyphens.")
    elif Actor.objects.filter(code=code).exists():
        errors["code"] = _("An actor with this code exists.")
    if category not in Actor.Category.values:
        errors["category"] = _("Choose a stakeholder category.")
    if not name.strip():
        errors["name"] = _("Give the organisation's name.")
    if errors:
        raise ValidationError(errors)
    region, subregion = m49_region(country)
    return Actor.objects.create(
        kind=Actor.Kind.STAKEHOLDER,
        code=code,
        name=name.strip(),
        category=category,
        country=country,
        region=region,
        subregion=subregion,
    )


@transaction.atomic
def focal_point_add(*, user, actor: Actor) -> FocalPoint:
    """Make `user` a focal point of `actor`. Idempotent."""
    focal_point, _created = FocalPoint.objects.get_or_create(user=user, actor=actor)
    return focal_point


@transaction.atomic
def focal_point_remove(*, user, actor: Actor) -> int:
    """Stop `user` speaking for `actor`; their past pledges and updates stay."""
    deleted, _detail = FocalPoint.objects.filter(user=user, actor=actor).delete()
    return deleted


# --- Pledges ---------------------------------------------------------------------


def _next_pledge_code() -> str:
    # The counter row is locked until the transaction ends: concurrent creations queue
    # here, and a deleted pledge's number is never handed out again.
    counter, _created = Counter.objects.select_for_update().get_or_create(name="pledge")
    counter.value += 1
    counter.save(update_fields=["value"])
    return PLEDGE_CODE_FORMAT.format(counter.value)


def _resolve(values: dict[str, Any], *, user, pledge: Pledge | None) -> dict[str, Any]:
    """Check the meaning of the given fields; return them with keys resolved to rows.

    `values` holds only the fields being set; the others are taken from `pledge`.
    Collects every problem before raising, so a form shows them all at once.
    """
    errors: dict[str, list[str]] = {}
    resolved: dict[str, Any] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    def current(field: str, default: Any = None) -> Any:
        if field in resolved:
            return resolved[field]
        if field in values:
            return values[field]
        return getattr(pledge, field) if pledge is not None else default

    if "title" in values:
        title = values["title"].strip()
        if not title:
            fail("title", _("Give the pledge a title."))
        resolved["title"] = title

    if "description" in values:
        description = values["description"].strip()
        if not DESCRIPTION_MIN_LENGTH <= len(description) <= DESCRIPTION_MAX_LENGTH:
            fail(
                "description",
                _("Describe the pledge in %(min)d to %(max)d characters (this is %(n)d).")
                % {
                    "min": DESCRIPTION_MIN_LENGTH,
                    "max": DESCRIPTION_MAX_LENGTH,
                    "n": len(description),
                },
            )
        resolved["description"] = description

    if "lead" in values:
        lead = Actor.objects.filter(code=values["lead"]).first()
        if lead is None:
            fail("lead", _("No actor has the code %(code)s.") % {"code": values["lead"]})
        elif not user_is_staff(user) and not user_speaks_for(user, lead.pk):
            fail("lead", _("You are not a focal point of %(actor)s.") % {"actor": lead})
        resolved["lead"] = lead

    for field, choices in (
        ("mode", Pledge.Mode),
        ("pledge_type", Pledge.Type),
        ("scope", Pledge.Scope),
    ):
        if field in values:
            if values[field] not in choices.values:
                fail(field, _("Choose one of: %(c)s.") % {"c": ", ".join(choices.values)})
            resolved[field] = values[field]

    if "partners" in values:
        codes = list(dict.fromkeys(values["partners"]))
        partners = list(Actor.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {a.code for a in partners})
        if unknown:
            fail("partners", _("No actor has the code %(codes)s.") % {"codes": ", ".join(unknown)})
        resolved["partners"] = partners

    if "objectives" in values:
        numbers = sorted(set(values["objectives"]))
        objectives = list(Objective.objects.filter(number__in=numbers))
        unknown = sorted(set(numbers) - {o.number for o in objectives})
        if not numbers:
            fail("objectives", _("Choose at least one objective."))
        elif unknown:
            fail(
                "objectives",
                _("The compact has no objective %(n)s.")
                % {"n": ", ".join(str(n) for n in unknown)},
            )
        resolved["objectives"] = objectives

    if "actions" in values:
        resolved["actions"] = _resolve_actions(values["actions"], fail)

    if "principles" in values:
        slugs = list(dict.fromkeys(values["principles"]))
        principles = list(GuidingPrinciple.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {p.slug for p in principles})
        if unknown:
            fail(
                "principles",
                _("No guiding principle is called %(s)s.") % {"s": ", ".join(unknown)},
            )
        resolved["principles"] = principles

    if "matches" in values:
        code = values["matches"] or ""
        matched = Pledge.objects.filter(code=code).first() if code else None
        if code and matched is None:
            fail("matches", _("No pledge has the code %(code)s.") % {"code": code})
        elif matched is not None and matched.status != Pledge.Status.PUBLISHED:
            fail("matches", _("A matching pledge answers a published pledge."))
        elif matched is not None and pledge is not None and matched.pk == pledge.pk:
            fail("matches", _("A pledge cannot match itself."))
        resolved["matches"] = matched

    for field in ("start_date", "target_date"):
        if field in values:
            resolved[field] = values[field]

    if values.get("document"):
        try:
            validate_upload(values["document"], field="document")
        except ValidationError as exc:
            for message in exc.message_dict["document"]:
                fail("document", message)
        resolved["document"] = values["document"]

    # Rules across fields, on the pledge as it will be.
    start, target = current("start_date"), current("target_date")
    if start and target and target < start:
        fail("target_date", _("The target date cannot be before the start date."))

    mode = current("mode")
    matched = current("matches")
    if mode == Pledge.Mode.MATCHING and matched is None and "matches" not in errors:
        fail("matches", _("A matching pledge names the published pledge it matches."))
    if mode and mode != Pledge.Mode.MATCHING and matched is not None:
        fail("matches", _("Only a matching pledge names a pledge it matches."))

    if "partners" in values or "lead" in values or "mode" in values:
        partners = current("partners", [])
        if pledge is not None and "partners" not in resolved:
            partners = list(pledge.partners.all())
        lead = current("lead")
        if lead is not None and any(p.pk == lead.pk for p in partners):
            fail("partners", _("The lead actor is not also a partner."))
        if mode == Pledge.Mode.INDIVIDUAL and partners:
            fail("partners", _("An individual pledge has no partners; choose another mode."))
        if mode in (Pledge.Mode.COMMON, Pledge.Mode.PARTNERSHIP) and not partners:
            fail("partners", _("Name at least one partner of a common or partnership pledge."))

    if "actions" in resolved or "objectives" in resolved:
        objectives = current("objectives", [])
        if pledge is not None and "objectives" not in resolved:
            objectives = list(pledge.objectives.all())
        actions = current("actions", [])
        if pledge is not None and "actions" not in resolved:
            actions = list(pledge.actions.select_related("objective"))
        chosen = {o.pk for o in objectives}
        outside = [a.label for a in actions if a.objective_id not in chosen]
        if outside and "objectives" not in errors:
            fail(
                "actions",
                _("%(labels)s: not an action of the chosen objectives.")
                % {"labels": ", ".join(outside)},
            )

    if errors:
        raise ValidationError(errors)
    return resolved


def _resolve_actions(labels: Iterable[str], fail) -> list[Action]:
    keys = []
    for label in dict.fromkeys(labels):
        match = ACTION_LABEL.match(label)
        if match is None:
            fail("actions", _("%(label)s: write an action as 5(a).") % {"label": label})
            continue
        keys.append((int(match[1]), match[2]))
    if not keys:
        return []
    numbers = {number for number, _letter in keys}
    found = {
        (a.objective.number, a.letter): a
        for a in Action.objects.select_related("objective").filter(objective__number__in=numbers)
    }
    missing = [f"{n}({letter})" for n, letter in keys if (n, letter) not in found]
    if missing:
        fail("actions", _("The compact has no action %(a)s.") % {"a": ", ".join(missing)})
    return [found[key] for key in keys if key in found]


def _apply(pledge: Pledge, resolved: dict[str, Any], *, user) -> Pledge:
    links = {
        name: resolved.pop(name)
        for name in ("partners", "objectives", "actions", "principles")
        if name in resolved
    }
    for name, value in resolved.items():
        setattr(pledge, name, value)
    record_history_user(pledge, user if user and user.is_authenticated else None)
    pledge.save()
    if "partners" in links:
        pledge.partners.set(links["partners"])
    _set_links(pledge, PledgeObjective, "objective", links.get("objectives"))
    _set_links(pledge, PledgeAction, "action", links.get("actions"))
    _set_links(pledge, PledgePrinciple, "principle", links.get("principles"))
    return pledge


def _set_links(pledge: Pledge, through, field: str, targets: Sequence | None) -> None:
    if targets is None:
        return
    wanted = {t.pk for t in targets}
    existing = set(through.objects.filter(pledge=pledge).values_list(f"{field}_id", flat=True))
    through.objects.filter(pledge=pledge, **{f"{field}_id__in": existing - wanted}).delete()
    through.objects.bulk_create(
        [through(pledge=pledge, **{f"{field}_id": pk}) for pk in wanted - existing]
    )


@transaction.atomic
def pledge_create(
    *,
    user,
    lead: str,
    title: str,
    description: str,
    mode: str,
    pledge_type: str,
    objectives: Sequence[int],
    scope: str,
    start_date: datetime.date,
    target_date: datetime.date,
    partners: Sequence[str] = (),
    actions: Sequence[str] = (),
    principles: Sequence[str] = (),
    matches: str = "",
    document: UploadedFile | None = None,
) -> Pledge:
    """Draft a pledge for `lead` (an actor `user` speaks for, or any actor for staff).

    Writes the pledge, its links and the next code from the locked counter: about a
    dozen queries.
    """
    if not (user_is_staff(user) or (user and user.is_authenticated)):
        raise PermissionDenied(_("Sign in as a focal point to make a pledge."))
    values = {
        "lead": lead,
        "title": title,
        "description": description,
        "mode": mode,
        "pledge_type": pledge_type,
        "objectives": objectives,
        "scope": scope,
        "start_date": start_date,
        "target_date": target_date,
        "partners": partners,
        "actions": actions,
        "principles": principles,
        "matches": matches,
    }
    if document:
        values["document"] = document
    resolved = _resolve(values, user=user, pledge=None)
    pledge = Pledge(code=_next_pledge_code(), created_by=user, status=Pledge.Status.DRAFT)
    return _apply(pledge, resolved, user=user)


@transaction.atomic
def pledge_update(
    *,
    pledge: Pledge,
    user,
    lead: str = UNSET,
    title: str = UNSET,
    description: str = UNSET,
    mode: str = UNSET,
    pledge_type: str = UNSET,
    objectives: Sequence[int] = UNSET,
    scope: str = UNSET,
    start_date: datetime.date = UNSET,
    target_date: datetime.date = UNSET,
    partners: Sequence[str] = UNSET,
    actions: Sequence[str] = UNSET,
    principles: Sequence[str] = UNSET,
    matches: str = UNSET,
    document: UploadedFile | None = UNSET,
) -> Pledge:
    """Change the given fields of a pledge. The lead's focal points may edit drafts and
    returned pledges; staff may edit any pledge. Refuses the whole change on any error.
    """
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if not user_is_staff(user):
        if not user_speaks_for(user, pledge.lead_id):
            raise PermissionDenied(_("Only the lead actor's focal points edit this pledge."))
        if pledge.status not in EDITABLE_STATUSES:
            raise PermissionDenied(
                _("A %(status)s pledge cannot be edited; only drafts and returned pledges can.")
                % {"status": pledge.get_status_display().lower()}
            )
    given = {
        name: value
        for name, value in {
            "lead": lead,
            "title": title,
            "description": description,
            "mode": mode,
            "pledge_type": pledge_type,
            "objectives": objectives,
            "scope": scope,
            "start_date": start_date,
            "target_date": target_date,
            "partners": partners,
            "actions": actions,
            "principles": principles,
            "matches": matches,
            "document": document,
        }.items()
        if value is not UNSET
    }
    if given.get("document") is None and "document" in given:
        given["document"] = ""  # an explicit null removes the document
    resolved = _resolve(given, user=user, pledge=pledge)
    if "document" in given and not given["document"]:
        resolved["document"] = ""
    stats_refresh_soon()  # staff may edit a published pledge's lead or objectives
    return _apply(pledge, resolved, user=user)


def _transition(pledge: Pledge, *, allowed_from: Sequence[str], to: str) -> Pledge:
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status not in allowed_from:
        raise ValidationError(
            {
                "status": _("A %(status)s pledge cannot be %(verb)s.")
                % {"status": pledge.get_status_display().lower(), "verb": to}
            }
        )
    return pledge


def _require_lead_or_staff(user, pledge: Pledge, verb: str) -> None:
    if not (user_is_staff(user) or user_speaks_for(user, pledge.lead_id)):
        raise PermissionDenied(
            _("Only the lead actor's focal points or Network staff %(verb)s a pledge.")
            % {"verb": verb}
        )


def _require_staff(user, verb: str) -> None:
    if not user_is_staff(user):
        raise PermissionDenied(_("Only Network staff %(verb)s pledges.") % {"verb": verb})


def _save_status(pledge: Pledge, user, fields: list[str]) -> Pledge:
    record_history_user(pledge, user if user and user.is_authenticated else None)
    pledge.save(update_fields=[*fields, "updated_at"])
    return pledge


@transaction.atomic
def pledge_submit(*, pledge: Pledge, user) -> Pledge:
    """Draft or returned → submitted, for staff to check. The lead's focal points or staff."""
    _require_lead_or_staff(user, pledge, "submit")
    pledge = _transition(
        pledge, allowed_from=(Pledge.Status.DRAFT, Pledge.Status.RETURNED), to="submitted"
    )
    pledge.status = Pledge.Status.SUBMITTED
    return _save_status(pledge, user, ["status"])


@transaction.atomic
def pledge_publish(*, pledge: Pledge, user) -> Pledge:
    """Submitted → published: the public sees it from now on. Staff only."""
    _require_staff(user, "publish")
    pledge = _transition(pledge, allowed_from=(Pledge.Status.SUBMITTED,), to="published")
    pledge.status = Pledge.Status.PUBLISHED
    pledge.return_reason = ""
    pledge.published_at = pledge.published_at or timezone.now()
    stats_refresh_soon()
    return _save_status(pledge, user, ["status", "return_reason", "published_at"])


@transaction.atomic
def pledge_return(*, pledge: Pledge, user, reason: str) -> Pledge:
    """Submitted → returned to the focal points with a reason, for them to edit. Staff only."""
    _require_staff(user, "return")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the pledge is returned.")})
    pledge = _transition(pledge, allowed_from=(Pledge.Status.SUBMITTED,), to="returned")
    pledge.status = Pledge.Status.RETURNED
    pledge.return_reason = reason
    return _save_status(pledge, user, ["status", "return_reason"])


@transaction.atomic
def pledge_withdraw(*, pledge: Pledge, user) -> Pledge:
    """Any status but withdrawn → withdrawn; the public no longer sees it. Its updates stay.
    The lead's focal points or staff."""
    _require_lead_or_staff(user, pledge, "withdraw")
    pledge = _transition(
        pledge,
        allowed_from=[s for s in Pledge.Status.values if s != Pledge.Status.WITHDRAWN],
        to="withdrawn",
    )
    pledge.status = Pledge.Status.WITHDRAWN
    stats_refresh_soon()
    return _save_status(pledge, user, ["status"])


# --- Progress --------------------------------------------------------------------


@transaction.atomic
def progress_update_create(
    *,
    pledge: Pledge,
    user,
    date: datetime.date,
    implementation: str,
    narrative: str,
    percent: int | None = None,
    links: Sequence[str] = (),
    files: Sequence[UploadedFile] = (),
) -> ProgressUpdate:
    """Report progress on a published pledge: a new update (never an edit of an old one),
    its evidence files, and the pledge's implementation from its latest update.

    The focal points of the lead or of a partner, or staff. About ten queries.
    """
    # Locked: two reports at once queue here, so the implementation ends as the latest's.
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if not (user_is_staff(user) or user_speaks_for_pledge(user, pledge)):
        raise PermissionDenied(_("Only the pledging actors' focal points report progress."))
    errors: dict[str, list[str]] = {}
    if pledge.status != Pledge.Status.PUBLISHED:
        errors["non_field_errors"] = [_("Progress is reported on published pledges.")]
    if date > timezone.localdate():
        errors["date"] = [_("The date of an update cannot be in the future.")]
    if implementation not in Pledge.Implementation.values:
        errors["implementation"] = [
            _("Choose one of: %(c)s.") % {"c": ", ".join(Pledge.Implementation.values)}
        ]
    if percent is not None and not 0 <= percent <= 100:
        errors["percent"] = [_("A percentage is between 0 and 100.")]
    narrative = (narrative or "").strip()
    if not narrative:
        errors["narrative"] = [_("Say what has been done.")]
    links = list(dict.fromkeys(link.strip() for link in links if link.strip()))
    if len(links) > MAX_LINKS:
        errors["links"] = [_("At most %(n)d links.") % {"n": MAX_LINKS}]
    validate_url = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            validate_url(link)
        except ValidationError:
            errors.setdefault("links", []).append(
                _("%(link)s is not a web address.") % {"link": link}
            )
    if len(files) > MAX_EVIDENCE_FILES:
        errors["files"] = [_("At most %(n)d files.") % {"n": MAX_EVIDENCE_FILES}]
    for file in files:
        try:
            validate_upload(file, field="files")
        except ValidationError as exc:
            errors.setdefault("files", []).extend(exc.message_dict["files"])
    if errors:
        raise ValidationError(errors)

    update = ProgressUpdate(
        pledge=pledge,
        date=date,
        implementation=implementation,
        percent=percent,
        narrative=narrative,
        links=links,
        created_by=user if user.is_authenticated else None,
    )
    record_history_user(update, update.created_by)
    update.save()
    for file in files:
        # validate_upload has passed it: an accepted extension needs a name, the size
        # limit a size.
        assert file.name is not None and file.size is not None
        Evidence.objects.create(update=update, file=file, name=file.name[:255], size=file.size)
    pledge_sync_implementation(pledge=pledge, user=user)
    stats_refresh_soon()
    return update


@transaction.atomic
def pledge_sync_implementation(*, pledge: Pledge, user=None) -> Pledge:
    """Set a pledge's implementation from its latest update (by date, then creation).

    An earlier-dated update reported late does not overturn a later one. Two queries.
    """
    latest = pledge_latest_update(pledge)
    implementation = latest.implementation if latest else Pledge.Implementation.NOT_STARTED
    if pledge.implementation != implementation:
        pledge.implementation = implementation
        _save_status(pledge, user, ["implementation"])
    return pledge
