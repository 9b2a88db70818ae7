"""What reviews adds to the dashboard's aggregates (pledges.stats): published voluntary
reviews per Member State, for the dashboard's table of States beside its map."""

from __future__ import annotations

from django.db.models import Count

from pledges.stats import register_stats_section

from .selectors import public_reviews


def reviews_by_state() -> dict[str, int]:
    """Published voluntary reviews per State code, States without one left out. One
    query, grouped; through the public rule (`public_reviews`)."""
    return dict(
        public_reviews()
        .values("state__code")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("state__code", "count")
    )


def register_stats() -> None:
    register_stats_section("reviews_by_state", reviews_by_state)
