"""Every write to actors, focal points, pledges and progress. The API, the admin and
the commands call these; each checks meaning and raises ValidationError with a
message per field (nothing is written), or PermissionDenied for the wrong role.

Pledges name what they point at by natural key: actor codes, objective numbers,
action labels ("5(a)"), principle slugs, a matched pledge's code.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

import moneyed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from changes.models import ChangeEvent
from changes.services import change_record
from core import clock
from core.history import acting_user, record_history_links, record_history_user
from core.languages import language_error, writing_language
from core.lifecycle import (
    UNSET,
    apply_links,
    given,
    link_changes,
    require,
    save_status,
    transition,
)
from core.public_cache import public_data_changed
from objectives.models import Action, GuidingPrinciple, Objective

from .files import validate_upload
from .member_states import m49_region
from .models import (
    DESCRIPTION_MAX_LENGTH,
    DESCRIPTION_MIN_LENGTH,
    Actor,
    Counter,
    Evidence,
    ExchangeRate,
    FocalPoint,
    Partnership,
    Pledge,
    PledgeAction,
    PledgeMatch,
    PledgeObjective,
    PledgePrinciple,
    ProgressUpdate,
    SupportRequest,
)
from .search import pledges_search_refresh
from .selectors import (
    LISTED_STATUSES,
    PUBLIC_PLEDGE,
    User,
    pledge_is_public,
    pledge_latest_update,
    pledge_reporting_actors,
    pledges_visible_to,
    signed_in,
    user_acts_on_pledge,
    user_answers_for_pledge,
    user_can_answer_match,
    user_can_deliver_match,
    user_can_edit_pledge,
    user_can_leave_partnership,
    user_can_make_pledges,
    user_can_offer_match,
    user_can_reply_to_dispute,
    user_can_resource_match,
    user_can_seek_support,
    user_can_withdraw_match,
    user_is_staff,
    user_makes_offer,
    user_receives_offer,
    user_speaks_for,
)
from .tasks import (
    send_dispute_notice,
    send_match_change,
    send_partner_invitation,
    send_partnership_answer,
    stats_refresh_soon,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User as AuthUser

PLEDGE_CODE_FORMAT = "GCM-P-{:05d}"
ACTION_LABEL = re.compile(r"^\s*(\d{1,2})\s*\(\s*([a-z]{1,2})\s*\)\s*$")
STAKEHOLDER_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_LINKS = 20
MAX_EVIDENCE_FILES = 10


# --- Actors and focal points ---------------------------------------------------


def _check_stakeholder(
    *, code: str, name: str, category: str, actor: Actor | None
) -> dict[str, str]:
    errors = {}
    if not STAKEHOLDER_CODE.fullmatch(code):
        errors["code"] = _("Use lower-case letters, digits and hyphens.")
    elif Actor.objects.filter(code=code).exclude(pk__in=[actor.pk] if actor else []).exists():
        errors["code"] = _("An actor with this code exists.")
    if category not in Actor.Category.values:
        errors["category"] = _("Choose a stakeholder category.")
    if not name.strip():
        errors["name"] = _("Give the organisation's name.")
    return errors


@transaction.atomic
def actor_create_stakeholder(*, code: str, name: str, category: str, country: str = "") -> Actor:
    """Create a stakeholder organisation; its region follows its country, if any."""
    code = code.strip().lower()
    errors = _check_stakeholder(code=code, name=name, category=category, actor=None)
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
def actor_update(
    *,
    actor: Actor,
    code: str = UNSET,
    name: str = UNSET,
    category: str = UNSET,
    country: str = UNSET,
) -> Actor:
    """Change a stakeholder's given fields, by the rules of `actor_create_stakeholder`
    (its region follows its country). Member States are reference data: refused."""
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    if actor.kind != Actor.Kind.STAKEHOLDER:
        raise ValidationError(_("Member States come from the reference data; they are not edited."))
    values = given({"code": code, "name": name, "category": category, "country": country})
    if "code" in values:
        values["code"] = values["code"].strip().lower()
    if "name" in values:
        values["name"] = values["name"].strip()
    errors = _check_stakeholder(
        code=values.get("code", actor.code),
        name=values.get("name", actor.name),
        category=values.get("category", actor.category),
        actor=actor,
    )
    if errors:
        raise ValidationError(errors)
    if "country" in values:
        values["region"], values["subregion"] = m49_region(values["country"])
    shown = {k for k, v in values.items() if getattr(actor, k) != v}
    for name_, value in values.items():
        setattr(actor, name_, value)
    actor.save()
    if shown:
        _pledges_showing_actor_changed(actor)
    public_data_changed()  # a published pledge shows its lead's and partners' names
    return actor


def _pledges_showing_actor_changed(actor: Actor) -> None:
    # A pledge's representation names its lead and partners: when one of them is
    # renamed, the pledge's ETag and `updated_since` must move with it (a client holding
    # the old name would otherwise get 304s, and a syncing dashboard would never hear),
    # and the change feed says so for the public ones. `update()` writes no history
    # row: the pledge's own fields did not change, the actor's history holds the rename.
    shown_on = Pledge.objects.filter(
        Q(lead=actor)
        | Q(partnerships__actor=actor, partnerships__status=Partnership.Status.ACCEPTED)
    ).distinct()
    public_codes = list(shown_on.filter(PUBLIC_PLEDGE).values_list("code", flat=True))
    Pledge.objects.filter(pk__in=shown_on.values("pk")).update(updated_at=clock.now())
    for code in public_codes:
        change_record(
            kind=ChangeEvent.Kind.UPDATED, object_kind=ChangeEvent.ObjectKind.PLEDGE, code=code
        )


@transaction.atomic
def focal_point_add(*, user: AuthUser, actor: Actor) -> FocalPoint:
    """Make `user` a focal point of `actor`. Idempotent."""
    focal_point, _created = FocalPoint.objects.get_or_create(user=user, actor=actor)
    return focal_point


@transaction.atomic
def focal_point_remove(*, user: AuthUser, actor: Actor) -> int:
    """Stop `user` speaking for `actor`; their past pledges and updates stay."""
    deleted, _detail = FocalPoint.objects.filter(user=user, actor=actor).delete()
    return deleted


# --- Pledges ---------------------------------------------------------------------


class PledgeFields(TypedDict, total=False):
    """A pledge's fields as the services take them: what it points at by natural key
    (actor codes, objective numbers, action labels "5(a)", principle slugs, the code
    of the pledge it matches). `pledge_create` needs PLEDGE_REQUIRED; `pledge_update`
    changes the fields given; a `document` of None removes the document."""

    lead: str
    title: str
    description: str
    mode: str
    pledge_type: str
    objectives: Sequence[int]
    scope: str
    start_date: datetime.date
    target_date: datetime.date
    partners: Sequence[str]
    actions: Sequence[str]
    principles: Sequence[str]
    matches: str
    document: UploadedFile | None
    # The language the title and description are written in; the writer's by default.
    language: str
    # A financial contribution's amount and ISO 4217 currency: both or neither.
    amount: Decimal | None
    currency: str


PLEDGE_FIELDS = frozenset(PledgeFields.__annotations__)
PLEDGE_REQUIRED = frozenset(
    PLEDGE_FIELDS
    - {"partners", "actions", "principles", "matches", "document", "language", "amount", "currency"}
)
NEW_PLEDGE_DEFAULTS: dict[str, Any] = {
    "partners": (),
    "actions": (),
    "principles": (),
    "matches": "",
    "amount": None,
    "currency": "",
}


def _check_names(fields: dict[str, Any], *, required: Iterable[str] = ()) -> None:
    # What a plain signature would refuse: a caller passing **data gets no type check.
    unknown = sorted(fields.keys() - PLEDGE_FIELDS)
    missing = sorted(set(required) - fields.keys())
    if unknown or missing:
        raise TypeError(f"pledge fields: unknown {unknown}, missing {missing}")


def _next_pledge_code() -> str:
    # The counter row is locked until the transaction ends: concurrent creations queue
    # here, and a deleted pledge's number is never handed out again.
    counter, _created = Counter.objects.select_for_update().get_or_create(name="pledge")
    counter.value += 1
    counter.save(update_fields=["value"])
    return PLEDGE_CODE_FORMAT.format(counter.value)


@dataclass
class _Resolution:
    """The fields being set (`values`), checked one by one into rows (`resolved`);
    the others are read from `pledge`. Every problem is collected in `errors` before
    anything is raised, so a form shows them all at once."""

    values: dict[str, Any]
    user: User
    pledge: Pledge | None
    resolved: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def current(self, name: str, default: Any = None) -> Any:
        """A field as the pledge will be: resolved, given, or the pledge's own."""
        if name in self.resolved:
            return self.resolved[name]
        if name in self.values:
            return self.values[name]
        return getattr(self.pledge, name) if self.pledge is not None else default

    def current_links(self, name: str, rows: Callable[[Pledge], list[Any]]) -> list[Any]:
        """A link field (partners, objectives, actions) as the pledge will be."""
        if name not in self.resolved and self.pledge is not None:
            return rows(self.pledge)
        return self.current(name, [])


# "Data" or "Plan" says nothing in a directory of thousands; a short phrase does.
TITLE_MIN_LENGTH = 8


def _check_title(r: _Resolution) -> None:
    title = r.values["title"].strip()
    if not title:
        r.fail("title", _("Give the pledge a title."))
    elif len(" ".join(title.split())) < TITLE_MIN_LENGTH:
        r.fail(
            "title",
            _("A title says what the pledge is in at least %(min)d characters.")
            % {"min": TITLE_MIN_LENGTH},
        )
    r.resolved["title"] = title


def _check_description(r: _Resolution) -> None:
    description = r.values["description"].strip()
    if not DESCRIPTION_MIN_LENGTH <= len(description) <= DESCRIPTION_MAX_LENGTH:
        r.fail(
            "description",
            _("Describe the pledge in %(min)d to %(max)d characters (this is %(n)d).")
            % {"min": DESCRIPTION_MIN_LENGTH, "max": DESCRIPTION_MAX_LENGTH, "n": len(description)},
        )
    r.resolved["description"] = description


def _check_lead(r: _Resolution) -> None:
    lead = Actor.objects.filter(code=r.values["lead"]).first()
    if lead is None:
        r.fail("lead", _("No actor has the code %(code)s.") % {"code": r.values["lead"]})
    elif not user_is_staff(r.user) and not user_speaks_for(r.user, lead.pk):
        r.fail("lead", _("You are not a focal point of %(actor)s.") % {"actor": lead})
    r.resolved["lead"] = lead


def _check_choices(r: _Resolution) -> None:
    for name, choices in (
        ("mode", Pledge.Mode),
        ("pledge_type", Pledge.Type),
        ("scope", Pledge.Scope),
    ):
        if name in r.values:
            if r.values[name] not in choices.values:
                r.fail(name, _("Choose one of: %(c)s.") % {"c": ", ".join(choices.values)})
            r.resolved[name] = r.values[name]


def _check_language(r: _Resolution) -> None:
    problem = language_error(r.values["language"])
    if problem:
        r.fail("language", problem)
    r.resolved["language"] = r.values["language"]


def _check_partners(r: _Resolution) -> None:
    codes = list(dict.fromkeys(r.values["partners"]))
    partners = list(Actor.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {a.code for a in partners})
    if unknown:
        r.fail("partners", _("No actor has the code %(codes)s.") % {"codes": ", ".join(unknown)})
    r.resolved["partners"] = partners


def _check_objectives(r: _Resolution) -> None:
    numbers = sorted(set(r.values["objectives"]))
    objectives = list(Objective.objects.filter(number__in=numbers))
    unknown = sorted(set(numbers) - {o.number for o in objectives})
    if not numbers:
        r.fail("objectives", _("Choose at least one objective."))
    elif unknown:
        r.fail(
            "objectives",
            _("The compact has no objective %(n)s.") % {"n": ", ".join(str(n) for n in unknown)},
        )
    r.resolved["objectives"] = objectives


def _check_actions(r: _Resolution) -> None:
    keys = []
    for label in dict.fromkeys(r.values["actions"]):
        match = ACTION_LABEL.match(label)
        if match is None:
            r.fail("actions", _("%(label)s: write an action as 5(a).") % {"label": label})
            continue
        keys.append((int(match[1]), match[2]))
    found: dict[tuple[int, str], Action] = {}
    if keys:
        numbers = {number for number, _letter in keys}
        actions = Action.objects.select_related("objective").filter(objective__number__in=numbers)
        found = {(a.objective.number, a.letter): a for a in actions}
        missing = [f"{n}({letter})" for n, letter in keys if (n, letter) not in found]
        if missing:
            r.fail("actions", _("The compact has no action %(a)s.") % {"a": ", ".join(missing)})
    r.resolved["actions"] = [found[key] for key in keys if key in found]


def _check_principles(r: _Resolution) -> None:
    slugs = list(dict.fromkeys(r.values["principles"]))
    principles = list(GuidingPrinciple.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {p.slug for p in principles})
    if unknown:
        r.fail("principles", _("No guiding principle is called %(s)s.") % {"s": ", ".join(unknown)})
    r.resolved["principles"] = principles


def _check_matches(r: _Resolution) -> None:
    code = r.values["matches"] or ""
    # Looked up among the pledges the user may read: another actor's unpublished pledge
    # answers exactly as a code that does not exist (no oracle of unpublished codes).
    matched = pledges_visible_to(r.user).filter(code=code).first() if code else None
    if code and matched is None:
        r.fail("matches", _("No pledge has the code %(code)s.") % {"code": code})
    elif matched is not None and matched.status != Pledge.Status.PUBLISHED:
        r.fail("matches", _("A matching pledge answers a published pledge."))
    elif matched is not None and r.pledge is not None and matched.pk == r.pledge.pk:
        r.fail("matches", _("A pledge cannot match itself."))
    r.resolved["matches"] = matched


def _check_document(r: _Resolution) -> None:
    if r.values["document"]:
        try:
            validate_upload(r.values["document"], field="document")
        except ValidationError as exc:
            for message in exc.message_dict["document"]:
                r.fail("document", message)
    r.resolved["document"] = r.values["document"] or ""


# The dates are taken as given (their order is checked across fields below). Plain
# functions, not one made per name at import: a check built at import runs code that
# no test can reach, and mutation testing cannot see it.
def _check_start_date(r: _Resolution) -> None:
    r.resolved["start_date"] = r.values["start_date"]


def _check_target_date(r: _Resolution) -> None:
    r.resolved["target_date"] = r.values["target_date"]


# Each given field's own check, by name.
FIELD_CHECKS: dict[str, Callable[[_Resolution], None]] = {
    "title": _check_title,
    "description": _check_description,
    "lead": _check_lead,
    "partners": _check_partners,
    "objectives": _check_objectives,
    "actions": _check_actions,
    "principles": _check_principles,
    "matches": _check_matches,
    "start_date": _check_start_date,
    "target_date": _check_target_date,
    "document": _check_document,
    "language": _check_language,
}


def _check_dates_in_order(r: _Resolution) -> None:
    start, target = r.current("start_date"), r.current("target_date")
    if start and target and target < start:
        r.fail("target_date", _("The target date cannot be before the start date."))


def _check_matching_mode(r: _Resolution) -> None:
    mode, matched = r.current("mode"), r.current("matches")
    if mode == Pledge.Mode.MATCHING and matched is None and "matches" not in r.errors:
        r.fail("matches", _("A matching pledge names the published pledge it matches."))
    if mode and mode != Pledge.Mode.MATCHING and matched is not None:
        r.fail("matches", _("Only a matching pledge names a pledge it matches."))


def _check_partners_fit_mode(r: _Resolution) -> None:
    if not r.values.keys() & {"partners", "lead", "mode"}:
        return
    mode, lead = r.current("mode"), r.current("lead")
    partners = r.current_links(
        "partners", lambda p: list(p.partners.filter(partnerships__status__in=LISTED_STATUSES))
    )
    if lead is not None and any(p.pk == lead.pk for p in partners):
        r.fail("partners", _("The lead actor is not also a partner."))
    if mode == Pledge.Mode.INDIVIDUAL and partners:
        r.fail("partners", _("An individual pledge has no partners; choose another mode."))
    if mode in (Pledge.Mode.COMMON, Pledge.Mode.PARTNERSHIP) and not partners:
        r.fail("partners", _("Name at least one partner of a common or partnership pledge."))


def _check_actions_within_objectives(r: _Resolution) -> None:
    if not r.resolved.keys() & {"actions", "objectives"}:
        return
    objectives = r.current_links("objectives", lambda p: list(p.objectives.all()))
    actions = r.current_links("actions", lambda p: list(p.actions.select_related("objective")))
    chosen = {o.pk for o in objectives}
    outside = [a.label for a in actions if a.objective_id not in chosen]
    if outside and "objectives" not in r.errors:
        r.fail(
            "actions",
            _("%(labels)s: not an action of the chosen objectives.")
            % {"labels": ", ".join(outside)},
        )


def _check_amount(r: _Resolution) -> None:
    """An amount and its currency together (`_check_money`, the partners' rule too), on
    a financial contribution only."""
    if not r.values.keys() & {"amount", "currency", "pledge_type"}:
        return
    try:
        amount, currency = _check_money(r.current("amount"), r.current("currency", ""))
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                r.fail(name, message)
        return
    if amount is not None and r.current("pledge_type") != Pledge.Type.FINANCIAL:
        r.fail(
            "amount",
            _("Only a financial contribution has an amount: choose that type or leave it out."),
        )
    r.resolved["amount"], r.resolved["currency"] = amount, currency


# Rules across fields, on the pledge as it will be.
CROSS_FIELD_CHECKS = (
    _check_amount,
    _check_dates_in_order,
    _check_matching_mode,
    _check_partners_fit_mode,
    _check_actions_within_objectives,
)


def _resolve(values: dict[str, Any], *, user: User, pledge: Pledge | None) -> dict[str, Any]:
    """Check the meaning of the given fields; return them with keys resolved to rows.

    `values` holds only the fields being set; the others are taken from `pledge`.
    Raises one ValidationError with every problem found.
    """
    r = _Resolution(values=values, user=user, pledge=pledge)
    _check_choices(r)
    for name, check in FIELD_CHECKS.items():
        if name in values:
            check(r)
    for cross_check in CROSS_FIELD_CHECKS:
        cross_check(r)
    if r.errors:
        raise ValidationError(r.errors)
    return r.resolved


# A pledge's link tables into the compact: (through model, its field, the pledge's field).
LINK_TABLES: tuple[tuple[type[models.Model], str, str], ...] = (
    (PledgeObjective, "objective", "objectives"),
    (PledgeAction, "action", "actions"),
    (PledgePrinciple, "principle", "principles"),
)


def _apply(pledge: Pledge, resolved: dict[str, Any], *, user: User) -> Pledge:
    links = {
        name: resolved.pop(name)
        for name in ("partners", "objectives", "actions", "principles")
        if name in resolved
    }
    for name, value in resolved.items():
        setattr(pledge, name, value)
    # What the link tables gain and lose, found before the save so that its history
    # row says it: one entry per change, fields and links together.
    changes: dict[str, tuple[set[Any], set[Any]]] = {
        key: link_changes(through, {"pledge": pledge}, name, links[key])
        for through, name, key in LINK_TABLES
        if key in links
    }
    record_history_user(pledge, signed_in(user))
    record_history_links(pledge, changes)
    pledge.save()
    if "partners" in links:
        _set_partners(pledge, links["partners"], user=user)
    if resolved.get("matches") is not None:
        _offer_from_form(pledge, resolved["matches"], user=user)
    with acting_user(signed_in(user)):
        for through, name, key in LINK_TABLES:
            if key in changes:
                apply_links(through, {"pledge": pledge}, name, *changes[key])
    pledges_search_refresh(Pledge.objects.filter(pk=pledge.pk))
    return pledge


def _log_public_change(pledge: Pledge, kind: str) -> None:
    # In the caller's transaction: the change and its row in the feed commit together.
    change_record(kind=kind, object_kind=ChangeEvent.ObjectKind.PLEDGE, code=pledge.code)


@transaction.atomic
def pledge_create(*, user: User, **fields: Unpack[PledgeFields]) -> Pledge:
    """Draft a pledge for `lead` (an actor `user` speaks for, or any actor for staff).

    Writes the pledge, its links and the next code from the locked counter: about a
    dozen queries.
    """
    require(user_can_make_pledges(user), _("Sign in as a focal point to make a pledge."))
    _check_names(dict(fields), required=PLEDGE_REQUIRED)
    values: dict[str, Any] = {**NEW_PLEDGE_DEFAULTS, **fields}
    values["language"] = writing_language(values.get("language", ""))
    if not values.get("document"):
        values.pop("document", None)
    resolved = _resolve(values, user=user, pledge=None)
    pledge = Pledge(
        code=_next_pledge_code(), created_by=signed_in(user), status=Pledge.Status.DRAFT
    )
    return _apply(pledge, resolved, user=user)


def _edit_refusal(user: User, pledge: Pledge) -> str:
    if not user_speaks_for(user, pledge.lead_id):
        return _("Only the lead actor's focal points edit this pledge.")
    return _("A %(status)s pledge cannot be edited; only drafts and returned pledges can.") % {
        "status": pledge.get_status_display().lower()
    }


@transaction.atomic
def pledge_update(*, pledge: Pledge, user: User, **fields: Unpack[PledgeFields]) -> Pledge:
    """Change the given fields of a pledge (`user_can_edit_pledge`: the lead's focal
    points while it is editable, staff always). Refuses the whole change on any error;
    a `document` of None removes the document.
    """
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if not user_can_edit_pledge(user, pledge):
        raise PermissionDenied(_edit_refusal(user, pledge))
    _check_names(dict(fields))
    resolved = _resolve(dict(fields), user=user, pledge=pledge)
    stats_refresh_soon()  # staff may edit a published pledge's lead or objectives
    public_data_changed()
    pledge = _apply(pledge, resolved, user=user)
    if pledge_is_public(pledge):
        _log_public_change(pledge, ChangeEvent.Kind.UPDATED)
    return pledge


def _set_partners(pledge: Pledge, actors: Sequence[Actor], *, user: User) -> None:
    """Make the lead's list of partners `actors`: a new one is invited (and mailed after
    commit); one listed no more has its invitation or partnership withdrawn (deleted,
    the history keeps it); one that had declined or left is invited again. A declined
    or left partnership not listed again stays, as the record of that answer."""
    now = clock.now()
    existing = {p.actor_id: p for p in pledge.partnerships.select_for_update()}
    wanted = {actor.pk for actor in actors}
    for listed in existing.values():
        if listed.actor_id not in wanted and listed.status in LISTED_STATUSES:
            record_history_user(listed, signed_in(user))
            listed.delete()
    invited: list[int] = []
    for actor in actors:
        found = existing.get(actor.pk)
        if found is not None and found.status in LISTED_STATUSES:
            continue
        partnership = found or Partnership(pledge=pledge, actor=actor)
        partnership.status = Partnership.Status.INVITED
        partnership.reason = ""
        partnership.invited_at = now
        partnership.answered_at = partnership.left_at = None
        record_history_user(partnership, signed_in(user))
        partnership.save()
        invited.append(partnership.pk)
    for partnership_id in invited:
        transaction.on_commit(partial(send_partner_invitation.delay, partnership_id=partnership_id))


def _pledge_transition(pledge: Pledge, *, allowed_from: Sequence[str], to: str) -> Pledge:
    # A sentence per move: a verb slotted into a sentence cannot be translated.
    messages = {
        "submitted": _("A %(status)s pledge cannot be submitted."),
        "published": _("A %(status)s pledge cannot be published."),
        "returned": _("A %(status)s pledge cannot be returned."),
        "withdrawn": _("A %(status)s pledge cannot be withdrawn."),
        "unpublished": _("A %(status)s pledge cannot be unpublished; only published ones can."),
    }
    return transition(pledge, allowed_from=allowed_from, message=messages[to])


@transaction.atomic
def pledge_submit(*, pledge: Pledge, user: User) -> Pledge:
    """Editable (draft or returned) → submitted, for staff to check. Whoever answers for
    the pledge (`user_answers_for_pledge`: the lead's focal points, staff)."""
    require(
        user_answers_for_pledge(user, pledge),
        _("Only the lead actor's focal points or Network staff submit a pledge."),
    )
    pledge = _pledge_transition(pledge, allowed_from=Pledge.EDITABLE_STATUSES, to="submitted")
    pledge.status = Pledge.Status.SUBMITTED
    pledge.submitted_at = clock.now()
    return save_status(pledge, user, ["status", "submitted_at"])


@transaction.atomic
def pledge_publish(*, pledge: Pledge, user: User) -> Pledge:
    """Submitted → published: the public sees it from now on. Staff only."""
    require(user_is_staff(user), _("Only Network staff publish pledges."))
    pledge = _pledge_transition(pledge, allowed_from=(Pledge.Status.SUBMITTED,), to="published")
    pledge.status = Pledge.Status.PUBLISHED
    pledge.return_reason = ""
    pledge.published_at = pledge.published_at or clock.now()
    stats_refresh_soon()
    public_data_changed()
    pledge = save_status(pledge, user, ["status", "return_reason", "published_at"])
    _log_public_change(pledge, ChangeEvent.Kind.PUBLISHED)
    return pledge


def _return_with_reason(
    pledge: Pledge, user: User, reason: str, *, missing: str, allowed_from: str, to: str
) -> Pledge:
    """The pledge back to its focal points with a reason (`missing` if none given), from
    status `allowed_from` (the transition `to` says which move it is)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": missing})
    pledge = _pledge_transition(pledge, allowed_from=(allowed_from,), to=to)
    pledge.status = Pledge.Status.RETURNED
    pledge.return_reason = reason
    return save_status(pledge, user, ["status", "return_reason"])


@transaction.atomic
def pledge_return(*, pledge: Pledge, user: User, reason: str) -> Pledge:
    """Submitted → returned to the focal points with a reason, for them to edit. Staff only."""
    require(user_is_staff(user), _("Only Network staff return pledges."))
    missing = _("Say why the pledge is returned.")
    return _return_with_reason(
        pledge, user, reason, missing=missing, allowed_from=Pledge.Status.SUBMITTED, to="returned"
    )


@transaction.atomic
def pledge_unpublish(*, pledge: Pledge, user: User, reason: str) -> Pledge:
    """Published → returned to the focal points with a reason: the public no longer
    sees it (the change feed says "unpublished") until it is submitted and published
    again. Staff only: what they do when a published pledge must be corrected."""
    require(user_is_staff(user), _("Only Network staff unpublish pledges."))
    missing = _("Say why the pledge is unpublished.")
    pledge = _return_with_reason(
        pledge,
        user,
        reason,
        missing=missing,
        allowed_from=Pledge.Status.PUBLISHED,
        to="unpublished",
    )
    stats_refresh_soon()
    public_data_changed()
    _log_public_change(pledge, ChangeEvent.Kind.UNPUBLISHED)
    return pledge


@transaction.atomic
def pledge_withdraw(*, pledge: Pledge, user: User) -> Pledge:
    """Any status but withdrawn → withdrawn; the public no longer sees it. Its updates stay.
    Whoever answers for the pledge (`user_answers_for_pledge`)."""
    require(
        user_answers_for_pledge(user, pledge),
        _("Only the lead actor's focal points or Network staff withdraw a pledge."),
    )
    pledge = _pledge_transition(pledge, allowed_from=Pledge.WITHDRAWABLE_STATUSES, to="withdrawn")
    was_public = pledge_is_public(pledge)
    pledge.status = Pledge.Status.WITHDRAWN
    pledge.withdrawn_at = clock.now()
    stats_refresh_soon()
    public_data_changed()
    pledge = save_status(pledge, user, ["status", "withdrawn_at"])
    if was_public:
        _log_public_change(pledge, ChangeEvent.Kind.WITHDRAWN)
    return pledge


# --- Partners' answers (issue 14) --------------------------------------------------


def _locked_partnership(partnership: Partnership, *, user: User) -> Partnership:
    """`partnership` reloaded under a row lock, pledge joined: of two concurrent answers
    the second waits here and then sees the first one's status. PermissionDenied unless
    `user` speaks for the partner (consent is the actor's own: not staff, not the lead)."""
    locked = (
        Partnership.objects.select_for_update(of=("self",))
        .select_related("pledge")
        .filter(pk=partnership.pk)
        .first()
    )
    if locked is None:  # the lead took the partner off the list meanwhile
        raise ValidationError({"status": _("This invitation was withdrawn by the lead.")})
    require(
        user_speaks_for(user, locked.actor_id),
        _("Only the invited actor's own focal points answer for it."),
    )
    return locked


def _check_open_invitation(partnership: Partnership) -> None:
    if partnership.pledge.status == Pledge.Status.WITHDRAWN:
        raise ValidationError({"status": _("The pledge was withdrawn; the invitation is closed.")})
    if partnership.status != Partnership.Status.INVITED:
        raise ValidationError(
            {
                "status": _("This invitation was already answered: %(status)s.")
                % {"status": partnership.get_status_display().lower()}
            }
        )


def _currency_error(code: str) -> str | None:
    """Why `code` is not an ISO 4217 currency (py-moneyed's list), or None."""
    try:
        moneyed.get_currency(code=code)
    except moneyed.CurrencyDoesNotExist:
        return _("%(code)s is not an ISO 4217 currency code.") % {"code": code}
    return None


def _check_money(amount: Decimal | None, currency: str) -> tuple[Decimal | None, str]:
    """An amount and its ISO 4217 currency, both or neither; ValidationError on the field."""
    currency = (currency or "").strip().upper()
    errors: dict[str, list[str]] = {}
    if amount is not None:
        if not amount.is_finite() or amount <= 0:
            errors["amount"] = [_("An amount is a positive number.")]
        elif amount != amount.quantize(Decimal("0.01")) or amount >= Decimal("1e14"):
            errors["amount"] = [_("An amount has at most 14 digits and 2 decimals.")]
        if not currency:
            errors["currency"] = [_("Give the currency of the amount (ISO 4217, e.g. USD).")]
    if currency:
        if problem := _currency_error(currency):
            errors["currency"] = [problem]
        if amount is None:
            errors["amount"] = [_("Give the amount in this currency.")]
    if errors:
        raise ValidationError(errors)
    return amount, currency


@transaction.atomic
def partnership_accept(
    *,
    partnership: Partnership,
    user: User,
    share: str = "",
    amount: Decimal | None = None,
    currency: str = "",
) -> Partnership:
    """Invited → accepted, saying what the partner contributes (a short description and,
    optionally, an amount in an ISO 4217 currency). The partner's own focal points
    only; the lead is told by mail after commit. About five queries."""
    partnership = _locked_partnership(partnership, user=user)
    _check_open_invitation(partnership)
    amount, currency = _check_money(amount, currency)
    partnership.status = Partnership.Status.ACCEPTED
    partnership.share = (share or "").strip()
    partnership.amount, partnership.currency = amount, currency
    partnership.answered_at = clock.now()
    return _save_answer(partnership, user)


@transaction.atomic
def partnership_decline(*, partnership: Partnership, user: User, reason: str) -> Partnership:
    """Invited → declined, with a reason. The partner's own focal points only; the lead
    is told by mail after commit. About five queries."""
    partnership = _locked_partnership(partnership, user=user)
    _check_open_invitation(partnership)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the invitation is declined.")})
    partnership.status = Partnership.Status.DECLINED
    partnership.reason = reason
    partnership.answered_at = clock.now()
    return _save_answer(partnership, user)


@transaction.atomic
def partnership_leave(*, partnership: Partnership, user: User, reason: str = "") -> Partnership:
    """Accepted → left, dated, with an optional reason: the actor no longer pledges (its
    past progress updates stay). The partner's own focal points only. About five queries."""
    partnership = _locked_partnership(partnership, user=user)
    if not user_can_leave_partnership(user, partnership):
        raise ValidationError(
            {
                "status": _("Only an accepted partner can leave; this one is %(status)s.")
                % {"status": partnership.get_status_display().lower()}
            }
        )
    partnership.status = Partnership.Status.LEFT
    partnership.reason = (reason or "").strip()
    partnership.left_at = clock.now()
    return _save_answer(partnership, user)


def _save_answer(partnership: Partnership, user: User) -> Partnership:
    record_history_user(partnership, signed_in(user))
    partnership.save()
    stats_refresh_soon()  # the dashboard counts accepted partners
    public_data_changed()  # the pledge lists its partners by status
    transaction.on_commit(
        lambda: send_partnership_answer.delay(partnership_id=partnership.pk), robust=True
    )
    return partnership


# --- Matches (issue 14): support sought, offers and their lifecycle -----------------
#
# Who moves a match: the offering (matching) pledge's lead's focal points offer it,
# record what they committed (resourced) and may withdraw it until delivered; the
# matched pledge's lead's focal points accept or decline it (with a reason) and confirm
# delivery, since they received it. Staff read all but act for neither side. Each move
# mails the other side after commit; a move between two published pledges is in the
# change feed as an update of the matched pledge, whose page shows its matches.


def _locked_for_support(pledge: Pledge, user: User) -> Pledge:
    """`pledge` under a row lock; PermissionDenied unless `user` speaks for its lead, a
    ValidationError on "status" once it is withdrawn (what it sought is closed)."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    require(user_speaks_for(user, pledge.lead_id), _("Only the lead actor's focal points do this."))
    if not user_can_seek_support(user, pledge):
        raise ValidationError({"status": _("The pledge was withdrawn: it seeks no support.")})
    return pledge


@transaction.atomic
def support_request_set(
    *,
    pledge: Pledge,
    user: User,
    support_type: str,
    objective: int,
    description: str,
    amount: Decimal | None = None,
    currency: str = "",
) -> SupportRequest:
    """Say (or restate) what support `pledge` seeks: a type, one of its objectives, a
    short description and, for financial support, an amount in an ISO 4217 currency.
    The lead's focal points only (`user_can_seek_support`), on a pledge not withdrawn.
    About six queries."""
    pledge = _locked_for_support(pledge, user)
    errors: dict[str, list[str]] = {}
    if support_type not in Pledge.Type.values:
        errors["support_type"] = [_("Choose a type of support.")]
    found = pledge.objectives.filter(number=objective).first() if objective else None
    if found is None:
        errors["objective"] = [_("Choose one of the pledge's objectives.")]
    description = (description or "").strip()
    if not description:
        errors["description"] = [_("Say what support is sought.")]
    elif len(description) > 500:
        errors["description"] = [_("At most 500 characters.")]
    try:
        amount, currency = _check_money(amount, currency)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if amount is not None and support_type != Pledge.Type.FINANCIAL:
        errors["amount"] = [_("Only financial support has an amount.")]
    if errors or found is None:
        raise ValidationError(errors)
    request = SupportRequest.objects.filter(pledge=pledge).first() or SupportRequest(pledge=pledge)
    request.support_type, request.objective = support_type, found
    request.description, request.amount, request.currency = description, amount, currency
    record_history_user(request, signed_in(user))
    request.save()
    _match_public_change(pledge)
    return request


@transaction.atomic
def support_request_clear(*, pledge: Pledge, user: User) -> int:
    """`pledge` seeks no support any more (met, or given up). The lead's focal points
    only, on a pledge not withdrawn. The number of requests removed (0 or 1)."""
    pledge = _locked_for_support(pledge, user)
    request = SupportRequest.objects.filter(pledge=pledge).first()
    if request is None:
        return 0
    record_history_user(request, signed_in(user))
    request.delete()
    _match_public_change(pledge)
    return 1


def _match_public_change(pledge: Pledge) -> None:
    public_data_changed()
    if pledge_is_public(pledge):
        _log_public_change(pledge, ChangeEvent.Kind.UPDATED)


def _offer_from_form(offer: Pledge, matched: Pledge, *, user: User) -> None:
    # The pledge form's "matches" (a matching pledge names the pledge it answers) is an
    # offer to it: made once, whatever the later edits.
    if PledgeMatch.objects.filter(offer=offer, matched=matched).exists():
        return
    match = PledgeMatch(offer=offer, matched=matched)
    record_history_user(match, signed_in(user))
    match.save()
    _after_match_move(match)


@transaction.atomic
def match_offer(*, offer: Pledge, user: User, matched: str) -> PledgeMatch:
    """A matching offer from `offer` to the published pledge whose code is `matched`
    (another actor's pledge; an unknown or unpublished code is the same 400). The
    offering pledge's lead's focal points; the matched lead's are mailed. About eight
    queries."""
    offer = Pledge.objects.select_for_update().get(pk=offer.pk)
    require(
        user_can_offer_match(user, offer),
        _("Only the matching pledge's lead actor's focal points make its offers."),
    )
    code = (matched or "").strip().upper()
    target = pledges_visible_to(user).filter(code=code, status=Pledge.Status.PUBLISHED).first()
    if target is None:
        raise ValidationError(
            {"matched": _("No published pledge has the code %(code)s.") % {"code": code}}
        )
    if target.pk == offer.pk:
        raise ValidationError({"matched": _("A pledge cannot match itself.")})
    if PledgeMatch.objects.filter(offer=offer, matched=target).exists():
        message = _("This pledge already made an offer to %(code)s.") % {"code": code}
        raise ValidationError({"matched": message})
    match = PledgeMatch(offer=offer, matched=target)
    record_history_user(match, signed_in(user))
    match.save()
    _after_match_move(match)
    return match


def _locked_match(
    match: PledgeMatch, *, user: User, allowed: Callable[..., bool], side: str
) -> PledgeMatch:
    """`match` reloaded under a row lock with both pledges: of two concurrent moves the
    second waits here, then sees the first one's status. PermissionDenied unless `user`
    is on `side` ("offer" or "matched"); ValidationError on "status" unless `allowed`."""
    locked = (
        PledgeMatch.objects.select_for_update(of=("self",))
        .select_related("offer", "matched")
        .get(pk=match.pk)
    )
    on_side = user_makes_offer if side == "offer" else user_receives_offer
    if side == "offer":
        message = _("Only the matching pledge's lead actor's focal points do this.")
    else:
        message = _("Only the matched pledge's lead actor's focal points do this.")
    require(on_side(user, locked), message)
    if not allowed(user, locked):
        raise ValidationError(
            {
                "status": _("This match is %(status)s: that step is not open.")
                % {"status": locked.get_status_display().lower()}
            }
        )
    return locked


def _after_match_move(match: PledgeMatch) -> None:
    stats_refresh_soon()  # the dashboard counts offers by stage
    public_data_changed()
    if pledge_is_public(match.offer) and pledge_is_public(match.matched):
        _log_public_change(match.matched, ChangeEvent.Kind.UPDATED)
    match_id, status = match.pk, match.status
    transaction.on_commit(
        lambda: send_match_change.delay(match_id=match_id, status=status), robust=True
    )


def _move(match: PledgeMatch, user: User, fields: Sequence[str]) -> PledgeMatch:
    match = save_status(match, user, ["status", *fields])
    _after_match_move(match)
    return match


@transaction.atomic
def match_accept(*, match: PledgeMatch, user: User) -> PledgeMatch:
    """Offered → accepted, by the matched pledge's lead's focal points. About six queries."""
    match = _locked_match(match, user=user, allowed=user_can_answer_match, side="matched")
    match.status, match.answered_at = PledgeMatch.Status.ACCEPTED, clock.now()
    return _move(match, user, ["answered_at"])


@transaction.atomic
def match_decline(*, match: PledgeMatch, user: User, reason: str) -> PledgeMatch:
    """Offered → declined, with a reason, by the matched pledge's lead's focal points."""
    match = _locked_match(match, user=user, allowed=user_can_answer_match, side="matched")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the offer is declined.")})
    match.status, match.reason, match.answered_at = (
        PledgeMatch.Status.DECLINED,
        reason,
        clock.now(),
    )
    return _move(match, user, ["reason", "answered_at"])


@transaction.atomic
def match_resource(
    *, match: PledgeMatch, user: User, resources: str, resourced_on: datetime.date | None = None
) -> PledgeMatch:
    """Accepted → resourced: what the offering side committed, and when (today unless
    given; not in the future). By the offering pledge's lead's focal points."""
    match = _locked_match(match, user=user, allowed=user_can_resource_match, side="offer")
    resources = (resources or "").strip()
    today = clock.localdate()
    errors = {}
    if not resources:
        errors["resources"] = [_("Say what was committed.")]
    if resourced_on is not None and resourced_on > today:
        errors["resourced_on"] = [_("A date in the future cannot be recorded yet.")]
    if errors:
        raise ValidationError(errors)
    match.status, match.resources = PledgeMatch.Status.RESOURCED, resources
    match.resourced_on = resourced_on or today
    return _move(match, user, ["resources", "resourced_on"])


@transaction.atomic
def match_deliver(*, match: PledgeMatch, user: User) -> PledgeMatch:
    """Resourced → delivered, confirmed by the matched pledge's lead's focal points."""
    match = _locked_match(match, user=user, allowed=user_can_deliver_match, side="matched")
    match.status, match.delivered_at = PledgeMatch.Status.DELIVERED, clock.now()
    return _move(match, user, ["delivered_at"])


@transaction.atomic
def match_withdraw(*, match: PledgeMatch, user: User, reason: str = "") -> PledgeMatch:
    """Offered, accepted or resourced → withdrawn, by the offering side, with an optional
    reason."""
    match = _locked_match(match, user=user, allowed=user_can_withdraw_match, side="offer")
    match.status, match.reason = PledgeMatch.Status.WITHDRAWN, (reason or "").strip()
    return _move(match, user, ["reason"])


# --- Progress --------------------------------------------------------------------


@transaction.atomic
def progress_update_create(
    *,
    pledge: Pledge,
    user: User,
    date: datetime.date,
    implementation: str,
    narrative: str,
    percent: int | None = None,
    links: Sequence[str] = (),
    files: Sequence[UploadedFile] = (),
    language: str = "",
    actor: Actor | None = None,
) -> ProgressUpdate:
    """Report progress on a published pledge: a new update (never an edit of an old one),
    its evidence files, and the pledge's implementation from its latest update.

    `actor` is who reports: the lead or an accepted partner, and only its own focal
    points (or staff) report for it. Left out, the one the writer speaks for (the lead
    first); a writer for several partners and not the lead must say which. About ten
    queries.
    """
    # Locked: two reports at once queue here, so the implementation ends as the latest's.
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    require(
        user_acts_on_pledge(user, pledge),
        _("Only the pledging actors' focal points report progress."),
    )
    errors: dict[str, list[str]] = {}
    reporting = pledge_reporting_actors(user, pledge)
    if actor is None:
        if len(reporting) == 1 or (reporting and reporting[0].pk == pledge.lead_id):
            actor = reporting[0]
        else:
            errors["actor"] = [_("Say which actor this update reports for.")]
    elif actor.pk not in {a.pk for a in reporting}:
        pledging = actor.pk == pledge.lead_id or (
            pledge.partnerships.filter(actor=actor, status=Partnership.Status.ACCEPTED).exists()
        )
        if pledging:
            raise PermissionDenied(_("Only an actor's own focal points report its progress."))
        errors["actor"] = [_("Progress is reported by the lead or an accepted partner.")]
    if pledge.status != Pledge.Status.PUBLISHED:
        errors["non_field_errors"] = [_("Progress is reported on published pledges.")]
    if date > clock.localdate():
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
    language = writing_language(language)
    if problem := language_error(language):
        errors["language"] = [problem]
    for file in files:
        try:
            validate_upload(file, field="files")
        except ValidationError as exc:
            errors.setdefault("files", []).extend(exc.message_dict["files"])
    if errors:
        raise ValidationError(errors)

    update = ProgressUpdate(
        pledge=pledge,
        actor=actor,
        date=date,
        implementation=implementation,
        percent=percent,
        narrative=narrative,
        language=language,
        links=links,
        created_by=signed_in(user),
    )
    record_history_user(update, update.created_by)
    update.save()
    for file in files:
        # validate_upload has passed it: an accepted extension needs a name, the size
        # limit a size.
        assert file.name is not None and file.size is not None
        evidence = Evidence(update=update, file=file, name=file.name[:255], size=file.size)
        record_history_user(evidence, update.created_by)
        evidence.save()
    pledge_sync_implementation(pledge=pledge, user=user)
    # A report changes the pledge as `?updated_since=` sees it, even when it leaves the
    # implementation as it was (no history row: the update has its own).
    Pledge.objects.filter(pk=pledge.pk).update(updated_at=clock.now())
    _log_public_change(pledge, ChangeEvent.Kind.PROGRESS_REPORTED)
    # The latest narrative is searched with the pledge.
    pledges_search_refresh(Pledge.objects.filter(pk=pledge.pk))
    stats_refresh_soon()
    public_data_changed()
    return update


def _locked_update(update: ProgressUpdate) -> ProgressUpdate:
    return ProgressUpdate.objects.select_for_update().select_related("pledge").get(pk=update.pk)


def _clear_dispute(update: ProgressUpdate) -> None:
    update.disputed_at = update.dispute_public_at = update.dispute_replied_at = None
    update.dispute_reason = update.dispute_reply = ""


VERIFICATION_WRITE_FIELDS = [
    "verification",
    "verified_by",
    "verified_at",
    "verification_note",
    "disputed_at",
    "dispute_reason",
    "dispute_public_at",
    "dispute_reply",
    "dispute_replied_at",
]


def _save_verification(update: ProgressUpdate, user: User, *, public_before: tuple) -> None:
    """Save the verification fields; when what the public reads of them changed, the
    pledge's feed row and the public data version move with it."""
    record_history_user(update, signed_in(user))
    update.save(update_fields=VERIFICATION_WRITE_FIELDS)
    if _public_verification(update) != public_before:
        Pledge.objects.filter(pk=update.pledge_id).update(updated_at=clock.now())
        _log_public_change(update.pledge, ChangeEvent.Kind.UPDATED)
        public_data_changed()


def _public_verification(update: ProgressUpdate) -> tuple:
    return (
        update.public_verification,
        update.public_verification_at,
        update.verification_note if update.verification == "verified" else "",
        update.public_dispute_reason,
        update.public_dispute_reply,
    )


def _published_only(update: ProgressUpdate) -> dict[str, list[str]]:
    if update.pledge.status != Pledge.Status.PUBLISHED:
        return {"non_field_errors": [_("Only the updates of published pledges are verified.")]}
    return {}


@transaction.atomic
def progress_update_verify(
    *, update: ProgressUpdate, user: User, verified: bool = True, note: str = ""
) -> ProgressUpdate:
    """Mark a progress update verified by the Network (with a note on the source or
    evidence checked), or back to self-reported. Staff only; the update must be of a
    published pledge. A disputed update may be verified (or set back): that settles
    the dispute, whose reason and reply stay in the update's history. About six queries.

    What the public reads of the update changes: the pledge's feed row and the public
    data version move with it.
    """
    require(user_is_staff(user), _("Only Network staff verify progress updates."))
    update = _locked_update(update)
    before = _public_verification(update)
    note = (note or "").strip()
    errors = _published_only(update)
    if verified and not note:
        errors["note"] = [_("Say what was checked: the source or the evidence.")]
    if errors:
        raise ValidationError(errors)
    _clear_dispute(update)
    if verified:
        update.verification = ProgressUpdate.Verification.VERIFIED
        update.verified_by = signed_in(user)
        update.verified_at = clock.now()
        update.verification_note = note
    else:
        update.verification = ProgressUpdate.Verification.SELF_REPORTED
        update.verified_by = None
        update.verified_at = None
        update.verification_note = note
    _save_verification(update, user, public_before=before)
    return update


@transaction.atomic
def progress_update_dispute(*, update: ProgressUpdate, user: User, reason: str) -> ProgressUpdate:
    """The Network disputes a progress update, with a reason. Staff only; an update of a
    published pledge. Shown to the focal points first: they are mailed (on commit, in
    their language) and see it in their workspace; the public keeps reading the update
    as self-reported until staff make the dispute public
    (`progress_update_dispute_publish`). A verified update disputed loses its
    verification at once. About six queries.
    """
    require(user_is_staff(user), _("Only Network staff dispute progress updates."))
    update = _locked_update(update)
    before = _public_verification(update)
    reason = (reason or "").strip()
    errors = _published_only(update)
    if not reason:
        errors["reason"] = [_("Say why the Network disputes this update.")]
    if errors:
        raise ValidationError(errors)
    _clear_dispute(update)
    update.verification = ProgressUpdate.Verification.DISPUTED
    update.verified_by = signed_in(user)
    update.verified_at = None
    update.verification_note = ""
    disputed_at = update.disputed_at = clock.now()
    update.dispute_reason = reason
    _save_verification(update, user, public_before=before)
    # The notice names this dispute: a later one (or its settling) makes it moot.
    transaction.on_commit(
        lambda: send_dispute_notice.delay(update_id=update.pk, disputed_at=disputed_at.isoformat()),
        robust=True,
    )
    return update


@transaction.atomic
def progress_update_dispute_reply(
    *, update: ProgressUpdate, user: User, reply: str
) -> ProgressUpdate:
    """The focal points answer a dispute with a note (a corrected figure is a new
    progress update). The lead's focal points or the reporting actor's
    (`user_can_reply_to_dispute`); a second reply replaces the first. About five queries.
    """
    update = _locked_update(update)
    require(
        user_can_reply_to_dispute(user, update),
        _("Only the pledge's focal points reply to a dispute of its progress."),
    )
    before = _public_verification(update)
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": [_("Write your reply to the Network.")]})
    update.dispute_reply = reply
    update.dispute_replied_at = clock.now()
    _save_verification(update, user, public_before=before)
    return update


@transaction.atomic
def progress_update_dispute_publish(*, update: ProgressUpdate, user: User) -> ProgressUpdate:
    """Show a dispute to the public ("Disputed by the Network", the reason and the
    reply). Staff only, once the focal points replied or the response window
    (`PROGRESS_DISPUTE_RESPONSE_DAYS` after the dispute) has passed. About six queries.
    """
    require(user_is_staff(user), _("Only Network staff make a dispute public."))
    update = _locked_update(update)
    before = _public_verification(update)
    if update.verification != ProgressUpdate.Verification.DISPUTED:
        raise ValidationError({"non_field_errors": [_("This update is not disputed.")]})
    if update.dispute_public_at is not None:
        raise ValidationError({"non_field_errors": [_("This dispute is already public.")]})
    opens = update.dispute_may_be_public_from
    if not update.dispute_replied_at and opens is not None and clock.now() < opens:
        raise ValidationError(
            {
                "non_field_errors": [
                    _(
                        "The focal points have not replied yet: the dispute may be made "
                        "public from %(date)s."
                    )
                    % {"date": date_format(timezone.localtime(opens), "DATE_FORMAT")}
                ]
            }
        )
    errors = _published_only(update)
    if errors:
        raise ValidationError(errors)
    update.dispute_public_at = clock.now()
    _save_verification(update, user, public_before=before)
    return update


@transaction.atomic
def pledge_sync_implementation(*, pledge: Pledge, user: User = None) -> Pledge:
    """Set a pledge's implementation from its latest update (by date, then creation).

    An earlier-dated update reported late does not overturn a later one. Two queries.
    """
    latest = pledge_latest_update(pledge)
    implementation = latest.implementation if latest else Pledge.Implementation.NOT_STARTED
    if pledge.implementation != implementation:
        pledge.implementation = implementation
        save_status(pledge, user, ["implementation"])
        public_data_changed()
    return pledge


# --- Exchange rates (issue 14) ------------------------------------------------------

# A rate to US dollars: up to 10 digits before the point and 8 after.
RATE_MAX = Decimal("1e10")
RATE_PLACES = Decimal("1e-8")


@transaction.atomic
def exchange_rate_record(
    *,
    user: User,
    currency: str,
    rate_to_usd: Decimal,
    rate_date: datetime.date,
    source: str,
    exchange_rate: ExchangeRate | None = None,
) -> ExchangeRate:
    """Record (or, given `exchange_rate`, correct) a currency's rate to US dollars on a
    day, with its source. Network staff only; one rate per currency and day. The
    dashboard's USD estimate is recomputed after commit. About four queries."""
    require(user_is_staff(user), _("Only Network staff record exchange rates."))
    currency = (currency or "").strip().upper()
    source = " ".join((source or "").split())
    errors: dict[str, list[str]] = {}
    if not currency:
        errors["currency"] = [_("Give the currency (ISO 4217, e.g. EUR).")]
    elif problem := _currency_error(currency):
        errors["currency"] = [problem]
    elif currency == "USD":
        errors["currency"] = [_("Amounts in US dollars need no rate.")]
    if not rate_to_usd.is_finite() or rate_to_usd <= 0:
        errors["rate_to_usd"] = [_("A rate is a positive number.")]
    elif rate_to_usd != rate_to_usd.quantize(RATE_PLACES) or rate_to_usd >= RATE_MAX:
        errors["rate_to_usd"] = [_("A rate has at most 10 digits before the point and 8 after.")]
    if not source:
        errors["source"] = [_("Say where the rate comes from.")]
    taken = ExchangeRate.objects.select_for_update().filter(currency=currency, rate_date=rate_date)
    if exchange_rate is not None:
        taken = taken.exclude(pk=exchange_rate.pk)
    if currency and "currency" not in errors and taken.exists():
        errors["rate_date"] = [
            _("A rate of %(currency)s on this date is already recorded.") % {"currency": currency}
        ]
    if errors:
        raise ValidationError(errors)
    if exchange_rate is None:
        rate = ExchangeRate(recorded_by=signed_in(user))
    else:
        rate = ExchangeRate.objects.select_for_update().get(pk=exchange_rate.pk)
    rate.currency, rate.rate_to_usd, rate.rate_date, rate.source = (
        currency,
        rate_to_usd,
        rate_date,
        source,
    )
    record_history_user(rate, signed_in(user))
    rate.save()
    stats_refresh_soon()
    public_data_changed()
    return rate
