"""Small behaviours the apps' API viewsets share."""

from typing import Any


class FiltersOnListsMixin:
    """The filters and the search narrow a list; a row named in the path is found (or is
    a 404) by who may read it alone, whatever the query string says. DRF applies the
    filter backends in `get_object` too: skipping them there keeps `?status=` from
    hiding a readable row, and saves building the FilterSet (~3 ms) on every detail
    read and write. Visibility is the queryset's (the selectors), never a filter's."""

    def filter_queryset(self, queryset: Any) -> Any:
        if getattr(self, "detail", False):
            return queryset
        return super().filter_queryset(queryset)  # type: ignore[misc]
