"""The API's page-number pagination (`count`/`next`/`previous`/`results`; `page` and
`page_size`, at most 100), and its variant for lists of public rows."""

from typing import Any

from django.core.paginator import Paginator
from rest_framework import pagination

from .public_cache import PublicCountPaginator


class PageNumberPagination(pagination.PageNumberPagination):
    """`count`/`next`/`previous`/`results`; `page` and `page_size` (at most 100)."""

    page_size_query_param = "page_size"
    max_page_size = 100


class PublicCountPagination(PageNumberPagination):
    """For a list of public rows: an anonymous reader, who sees exactly the public rows,
    gets the count from the cache (core.public_cache.cached_public_count); a signed-in
    reader, who may also see their own drafts, is counted each time."""

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        anonymous = not request.user.is_authenticated
        self.django_paginator_class = PublicCountPaginator if anonymous else Paginator
        return super().paginate_queryset(queryset, request, view)
