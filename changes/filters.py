import django_filters

from core.filters import IntegerFilter

from .models import ChangeEvent


class ChangeFilter(django_filters.FilterSet):
    since = django_filters.IsoDateTimeFilter(
        field_name="at", lookup_expr="gte", label="Changes at or after (ISO 8601): a first sync."
    )
    after = IntegerFilter(
        field_name="id",
        lookup_expr="gt",
        min_value=0,
        label="Changes after this change id: the last id a client saw, to resume a sync.",
    )
    object_kind = django_filters.ChoiceFilter(choices=ChangeEvent.ObjectKind.choices)
    kind = django_filters.ChoiceFilter(choices=ChangeEvent.Kind.choices)
    code = django_filters.CharFilter(label="One record's changes, by its code in the API.")

    class Meta:
        model = ChangeEvent
        fields = ["since", "after", "object_kind", "kind", "code"]
