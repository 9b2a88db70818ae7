"""What reviews offer the exports app: the "reviews" kind (the reviews a person may
see, narrowed by the API's review filters). Registered from ReviewsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from exports.registry import Exporter, Table, register

from .columns import REVIEW_COLUMN_NAMES, review_row
from .filters import ReviewFilter
from .models import VoluntaryReview
from .selectors import review_list


def _reviews(user: Any) -> QuerySet[VoluntaryReview]:
    return review_list(user).order_by("state__code", "pk")


REVIEWS = Table("reviews", REVIEW_COLUMN_NAMES, _reviews, review_row)


def register_exporters() -> None:
    register(
        Exporter(
            kind="reviews", label=_("Voluntary reviews"), table=REVIEWS, filterset=ReviewFilter
        )
    )
