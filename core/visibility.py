"""The visibility rule of records with a lifecycle (pledges, voluntary reviews).

The shape is the same for both, so it is written here once:

- the public reads the published records (`published()`), nothing else;
- a signed-in person also reads the records they answer for (the app says which:
  `own`, a condition on the record for that person);
- Network staff read every record.

Each app applies it once, in its selectors (`pledges.selectors.pledges_visible_to`,
`reviews.selectors.reviews_visible_to`); every public read, nested serializer, prefetch,
filter, count and export starts from those, never from `Model.objects` with a status
filter of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet

from .roles import User, signed_in, user_is_staff

if TYPE_CHECKING:
    from django.contrib.auth.models import User as AuthUser

M = TypeVar("M", bound=Model)

# The status both models give a record the public may read (their `Status.PUBLISHED`).
PUBLISHED = "published"


def published(path: str = "") -> Q:
    """The public condition, on the record itself or, with `path` ("pledge__"), on the
    record a relation leads to."""
    return Q(**{f"{path}status": PUBLISHED})


def visible_to(queryset: QuerySet[M], user: User, own: Callable[[AuthUser], Q]) -> QuerySet[M]:
    """`queryset` narrowed to what `user` may read: everything for staff, the published
    records for the public, and for a signed-in person also those `own(person)` selects.
    No query of its own; `own` should be a subquery, so the result stays one query."""
    if user_is_staff(user):
        return queryset
    account = signed_in(user)
    if account is None:
        return queryset.filter(published())
    return queryset.filter(published() | own(account))
