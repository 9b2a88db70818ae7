"""Filter fields that refuse, with a message, what the database cannot answer.

django-filter's NumberFilter takes any decimal: `?year=0`, `?year=10000` or
`?year=6.1e-05` reached a date lookup that Python cannot build (a 500). A year is a
whole number from 1 to 9999; anything else is a 400 naming the field.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (no decimals, no exponent)."""

    field_class = forms.IntegerField


class YearFilter(IntegerFilter):
    """A calendar year, 1 to 9999 (what a date can hold)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class UpdatedSinceFilter(django_filters.IsoDateTimeFilter):
    """`?updated_since=` of a list: rows changed at or after an ISO 8601 time (a sync).
    What left the public set is not in a list: the change feed says so."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "updated_at")
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault("label", "Changed at or after (ISO 8601).")
        super().__init__(*args, **kwargs)


class ChangedSinceFilter(django_filters.IsoDateTimeFilter):
    """`?updated_since=` of a list whose rows keep their history (simple-history) but no
    `updated_at` — actors, the compact's objectives, actions and principles, indicators,
    changed by the reference-data step or by staff: the rows with a history record
    (created, changed or their link history) at or after the time. One subquery."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Changed at or after (ISO 8601), by the row's history.")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        pk = qs.model._meta.pk.attname
        history = qs.model.history.model.objects.filter(
            **{pk: OuterRef("pk"), "history_date__gte": value}
        )
        return qs.filter(Exists(history))
