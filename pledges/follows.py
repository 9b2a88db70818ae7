"""Follow a pledge, a country or an objective, and the daily digest (issue 19).

`follow_add` / `follow_remove` are a signed-in person's own writes. `digests_send(day)`
(the beat task `pledges.tasks.send_follow_digests`) reads the day's public changes from
changes.ChangeEvent, keeps those of pledges the public may read now (the one visibility
rule, `public_pledges`), and mails each follower the ones they follow, in their own
language; nobody is mailed when nothing of theirs changed, and each person's digest of a
day is claimed (`FollowDigest`, unique) before it is sent, so a repeated run sends
nothing twice.

A pledge that left the public set that day (withdrawn, unpublished: the feed's leaving
events) is in its followers' digest as "no longer public", by code and date only; a
pledge never public is in nobody's. Every digest carries one-click unsubscribe links
(RFC 8058: `List-Unsubscribe` and `List-Unsubscribe-Post` headers, and in the body),
signed with django.core.signing for one person and one follow, or all of theirs:
`follow_unsubscribe` reads them, no sign-in needed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth.models import User as AuthUser
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.languages import mail_language, preferred_languages
from changes.models import ChangeEvent
from core.history import acting_user, record_history_user
from objectives.models import Objective

from .models import Actor, Follow, FollowDigest, Pledge, PledgeObjective
from .selectors import User, pledges_left_public, public_pledges, signed_in


def _check_key(kind: str, key: str) -> str:
    key = (key or "").strip()
    if kind == Follow.Kind.PLEDGE:
        if public_pledges().filter(code=key).exists():
            return key
    elif kind == Follow.Kind.COUNTRY:
        state = Actor.objects.filter(kind=Actor.Kind.STATE, code__iexact=key).first()
        if state is not None:
            return state.code
    elif kind == Follow.Kind.OBJECTIVE:
        if key.isdigit() and Objective.objects.filter(number=int(key)).exists():
            return key
    else:
        raise ValidationError({"kind": [_("Follow a pledge, a country or an objective.")]})
    # An unpublished pledge's code answers as an unknown one.
    raise ValidationError({"key": [_("Nothing public has this code.")]})


@transaction.atomic
def follow_add(*, user: User, kind: str, key: str) -> Follow:
    """Follow a published pledge (code), a Member State (alpha-3) or an objective
    (number). Signed-in people only; following again changes nothing. Two queries."""
    account = signed_in(user)
    if account is None:
        raise PermissionDenied(_("Sign in to follow by e-mail."))
    key = _check_key(kind, key)
    follow = Follow.objects.filter(user=account, kind=kind, key=key).first()
    if follow is None:
        follow = Follow(user=account, kind=kind, key=key)
        record_history_user(follow, account)
        follow.save()
    return follow


@transaction.atomic
def follow_remove(*, user: User, kind: str, key: str) -> int:
    """Stop following; one's own follows only. The number removed (0 or 1)."""
    account = signed_in(user)
    if account is None:
        raise PermissionDenied(_("Sign in to follow by e-mail."))
    with acting_user(account):
        deleted, _rows = Follow.objects.filter(user=account, kind=kind, key=key.strip()).delete()
    return deleted


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def _follow_keys(pledge: Pledge, numbers: dict[str, set[str]]) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = {(Follow.Kind.PLEDGE, pledge.code)}
    if pledge.lead.kind == Actor.Kind.STATE:
        keys.add((Follow.Kind.COUNTRY, pledge.lead.code))
    for partnership in pledge.partnerships.all():
        if partnership.status == "accepted" and partnership.actor.kind == Actor.Kind.STATE:
            keys.add((Follow.Kind.COUNTRY, partnership.actor.code))
    keys.update((Follow.Kind.OBJECTIVE, number) for number in numbers.get(pledge.code, ()))
    return keys


def day_changes(day: datetime.date) -> dict[str, dict]:
    """{code: {"pledge", "kinds", "keys", "left"}} for the pledges that changed on `day`
    and are public now, and for those that left the public set that day and are not
    back (`left`: the last leaving event, else None); `keys` are the (kind, key) pairs a
    follower of it may have. Six queries."""
    start, end = _day_bounds(day)
    events = ChangeEvent.objects.filter(
        object_kind=ChangeEvent.ObjectKind.PLEDGE, at__gte=start, at__lt=end
    ).order_by("id")
    kinds: dict[str, list[str]] = defaultdict(list)
    leaving: dict[str, ChangeEvent] = {}
    for event in events:
        if event.kind not in kinds[event.code]:
            kinds[event.code].append(event.kind)
        if event.kind in ChangeEvent.LEAVING:
            leaving[event.code] = event
    shown = list(
        public_pledges()
        .filter(code__in=list(kinds))
        .select_related("lead")
        .prefetch_related("partnerships__actor")
    )
    public_codes = {pledge.code for pledge in shown}
    # Public once, and left that day: the leaving event is the feed's word that it was.
    gone = list(
        pledges_left_public(code for code in leaving if code not in public_codes).prefetch_related(
            "partnerships__actor"
        )
    )
    numbers: dict[str, set[str]] = defaultdict(set)
    links = PledgeObjective.objects.filter(
        pledge__code__in=[p.code for p in shown + gone]
    ).values_list("pledge__code", "objective__number")
    for code, number in links:
        numbers[code].add(str(number))
    found: dict[str, dict] = {}
    for pledge in shown:
        found[pledge.code] = {
            "pledge": pledge,
            "kinds": kinds[pledge.code],
            "keys": _follow_keys(pledge, numbers),
            "left": None,
        }
    for pledge in gone:
        found[pledge.code] = {
            "pledge": pledge,
            "kinds": [],
            "keys": _follow_keys(pledge, numbers),
            "left": leaving[pledge.code],
        }
    return found


def _claim(user: AuthUser, day: datetime.date, count: int) -> bool:
    try:
        with transaction.atomic():
            FollowDigest.objects.create(user=user, day=day, changes=count)
    except IntegrityError:
        return False
    return True


def digests_send(*, day: datetime.date | None = None) -> int:
    """Mail every follower their digest of `day` (yesterday by default: the beat runs in
    the morning), each with its unsubscribe links. The number of mails sent; 0 when
    nothing followed changed, or when the day's digests were already sent."""
    day = day or timezone.localdate() - datetime.timedelta(days=1)
    changed = day_changes(day)
    if not changed:
        return 0
    wanted = {key for item in changed.values() for key in item["keys"]}
    per_user: dict[int, set[str]] = defaultdict(set)
    matched: dict[int, list[Follow]] = defaultdict(list)
    follows = Follow.objects.filter(user__is_active=True).exclude(user__email="")
    for follow in follows.only("id", "user_id", "kind", "key").order_by("kind", "key"):
        if (follow.kind, follow.key) in wanted:
            matched[follow.user_id].append(follow)
            for code, item in changed.items():
                if (follow.kind, follow.key) in item["keys"]:
                    per_user[follow.user_id].add(code)
    users = AuthUser.objects.in_bulk(list(per_user))
    languages = preferred_languages(per_user)
    sent = 0
    for user_id, codes in sorted(per_user.items()):
        user = users[user_id]
        if not _claim(user, day, len(codes)):
            continue
        with translation.override(mail_language(languages.get(user_id, ""))):
            items = [_digest_item(code, changed[code]) for code in sorted(codes)]
            stop_all = unsubscribe_url(user_id, None)
            context = {
                "user": user,
                "day": day,
                "items": items,
                "site_url": settings.SITE_URL,
                "stop": [(f, unsubscribe_url(user_id, f)) for f in matched[user_id]],
                "stop_all": stop_all,
            }
            subject = render_to_string("pledges/emails/follow_digest_subject.txt", context)
            body = render_to_string("pledges/emails/follow_digest.txt", context)
        EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            to=[user.email],
            # RFC 8058: a mail client's one-click "unsubscribe" POSTs to this address.
            headers={
                "List-Unsubscribe": f"<{stop_all}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        ).send()
        sent += 1
    return sent


def _digest_item(code: str, item: dict) -> dict:
    left = item["left"]
    if left is None:
        return {
            "pledge": item["pledge"],
            "kinds": [ChangeEvent.Kind(k).label for k in item["kinds"]],
            "url": settings.SITE_URL + reverse("pledges:detail", args=[code]),
        }
    # Gone from the public record: its code and when, nothing it says now.
    return {"code": code, "left": left.kind, "left_on": timezone.localdate(left.at)}


# --- Unsubscribe in one click (RFC 8058) ----------------------------------------------

UNSUBSCRIBE_SALT = "pledges.follows.unsubscribe"
ALL = "all"


def unsubscribe_token(user_id: int, follow: Follow | None) -> str:
    """A signed, dated token for one person's follow, or all of theirs (None)."""
    return signing.dumps({"u": user_id, "f": follow.pk if follow else ALL}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user_id: int, follow: Follow | None) -> str:
    """The absolute address of the unsubscribe page, in the active language."""
    path = reverse("pledges:unsubscribe", args=[unsubscribe_token(user_id, follow)])
    return settings.SITE_URL + path


def unsubscribe_read(token: str) -> tuple[AuthUser, list[Follow], bool]:
    """The person, the follows a token names (those still there) and whether it names
    all of them; or
    signing.BadSignature (tampered, or older than FOLLOW_UNSUBSCRIBE_MAX_AGE_DAYS: a
    SignatureExpired). Two queries."""
    max_age = datetime.timedelta(days=settings.FOLLOW_UNSUBSCRIBE_MAX_AGE_DAYS)
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=max_age)
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise signing.BadSignature("Not an unsubscribe token")
    user = AuthUser.objects.filter(pk=payload["u"]).first()
    if user is None:
        raise signing.BadSignature("No such person")
    everything = payload.get("f") == ALL
    follows = Follow.objects.filter(user=user)
    if not everything:
        follow_id = payload.get("f")
        if not isinstance(follow_id, int):
            raise signing.BadSignature("Not an unsubscribe token")
        follows = follows.filter(pk=follow_id)
    return user, list(follows), everything


@transaction.atomic
def follow_unsubscribe(*, token: str) -> int:
    """Stop the follow (or all the follows) a digest's signed link names; no sign-in
    needed, the signature is the proof. The number removed (0 once done: a second click
    changes nothing). signing.BadSignature for a tampered or expired token, and then
    nothing changes. Three queries."""
    user, follows, _everything = unsubscribe_read(token)
    with acting_user(user):
        deleted, _rows = Follow.objects.filter(pk__in=[f.pk for f in follows]).delete()
    return deleted


def user_follows(user: User, kind: str, key: str) -> bool:
    """Whether `user` follows this (the pages' button). No query for the public, one
    otherwise."""
    account = signed_in(user)
    return account is not None and Follow.objects.filter(user=account, kind=kind, key=key).exists()


def follows_of(user: User) -> list[Follow]:
    """A person's follows, for their workspace page. One query."""
    account = signed_in(user)
    return list(Follow.objects.filter(user=account)) if account else []
