"""Follow a pledge, a country or an objective, and the daily digest (issue 19).

`follow_add` / `follow_remove` are a signed-in person's own writes. `digests_send(day)`
(the beat task `pledges.tasks.send_follow_digests`) reads the day's public changes from
changes.ChangeEvent, keeps those of pledges the public may read now (the one visibility
rule, `public_pledges`), and mails each follower the ones they follow, in their own
language; nobody is mailed when nothing of theirs changed, and each person's digest of a
day is claimed (`FollowDigest`, unique) before it is sent, so a repeated run sends
nothing twice.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth.models import User as AuthUser
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

from .models import Actor, Follow, FollowDigest, PledgeObjective
from .selectors import User, public_pledges, signed_in


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


def day_changes(day: datetime.date) -> dict[str, dict]:
    """{code: {"pledge", "kinds", "keys"}} for the published pledges that changed on
    `day`; `keys` are the (kind, key) pairs a follower of it may have. Four queries."""
    start, end = _day_bounds(day)
    events = ChangeEvent.objects.filter(
        object_kind=ChangeEvent.ObjectKind.PLEDGE, at__gte=start, at__lt=end
    ).order_by("id")
    kinds: dict[str, list[str]] = defaultdict(list)
    for event in events:
        if event.kind not in kinds[event.code]:
            kinds[event.code].append(event.kind)
    pledges = public_pledges().filter(code__in=list(kinds)).select_related("lead")
    pledges = pledges.prefetch_related("partnerships__actor")
    found: dict[str, dict] = {}
    for pledge in pledges:
        keys = {(Follow.Kind.PLEDGE, pledge.code)}
        if pledge.lead.kind == Actor.Kind.STATE:
            keys.add((Follow.Kind.COUNTRY, pledge.lead.code))
        for partnership in pledge.partnerships.all():
            if partnership.status == "accepted" and partnership.actor.kind == Actor.Kind.STATE:
                keys.add((Follow.Kind.COUNTRY, partnership.actor.code))
        found[pledge.code] = {"pledge": pledge, "kinds": kinds[pledge.code], "keys": keys}
    links = PledgeObjective.objects.filter(pledge__code__in=list(found)).values_list(
        "pledge__code", "objective__number"
    )
    for code, number in links:
        found[code]["keys"].add((Follow.Kind.OBJECTIVE, str(number)))
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
    the morning). The number of mails sent; 0 when nothing followed changed, or when
    the day's digests were already sent."""
    day = day or timezone.localdate() - datetime.timedelta(days=1)
    changed = day_changes(day)
    if not changed:
        return 0
    wanted = {key for item in changed.values() for key in item["keys"]}
    per_user: dict[int, set[str]] = defaultdict(set)
    follows = Follow.objects.filter(user__is_active=True).exclude(user__email="")
    for follow in follows.only("user_id", "kind", "key"):
        if (follow.kind, follow.key) in wanted:
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
            items = [
                {
                    "pledge": changed[code]["pledge"],
                    "kinds": [ChangeEvent.Kind(k).label for k in changed[code]["kinds"]],
                    "url": settings.SITE_URL + reverse("pledges:detail", args=[code]),
                }
                for code in sorted(codes)
            ]
            context = {"user": user, "day": day, "items": items, "site_url": settings.SITE_URL}
            subject = render_to_string("pledges/emails/follow_digest_subject.txt", context)
            body = render_to_string("pledges/emails/follow_digest.txt", context)
        EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email]).send()
        sent += 1
    return sent


def user_follows(user: User, kind: str, key: str) -> bool:
    """Whether `user` follows this (the pages' button). No query for the public, one
    otherwise."""
    account = signed_in(user)
    return account is not None and Follow.objects.filter(user=account, kind=kind, key=key).exists()


def follows_of(user: User) -> list[Follow]:
    """A person's follows, for their workspace page. One query."""
    account = signed_in(user)
    return list(Follow.objects.filter(user=account)) if account else []
