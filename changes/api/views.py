from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, pagination, viewsets
from rest_framework.permissions import AllowAny

from changes import selectors
from changes.filters import ChangeFilter

from .serializers import ChangeEventSerializer

SYNC = """Every change of the public record, oldest first, in commit order: a pledge,
a voluntary national review or an event of the calendar that was published
(entered the public set), updated, had progress reported, or left the public set
(unpublished, withdrawn). Nothing private is listed.

**Syncing a copy of the public record**

1. First sync: `GET /api/v1/changes/` (everything) or `?since=2026-01-01T00:00:00Z`.
2. Follow `next` until it is `null`; keep the `id` of the last change you read.
3. For each change: `published`, `created`, `updated` or `progress_reported` →
   fetch `GET /api/v1/{object_kind}s/{code}/` (pledges by code, reviews and events
   by id) and store it; `unpublished` or `withdrawn` → delete your copy (a withdrawn
   pledge's URL answers 410 Gone from then on).
4. Later: `GET /api/v1/changes/?after=<last id>` and go on from step 2.

Ids grow in the order changes are committed, so resuming after the last id seen
misses nothing; the cursor pages are stable while new changes arrive."""


class ChangePagination(pagination.CursorPagination):
    """Cursor pages over the id: stable while rows are added, never a skipped row."""

    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


@extend_schema_view(
    list=extend_schema(
        summary="The change feed: every public change, to sync from",
        description=SYNC,
        examples=[
            OpenApiExample(
                "A page of the feed",
                response_only=True,
                value={
                    "next": "https://gcm.example.org/api/v1/changes/?after=41&cursor=cD00Mw%3D%3D",
                    "previous": None,
                    "results": [
                        {
                            "id": 42,
                            "kind": "published",
                            "object_kind": "pledge",
                            "code": "GCM-P-00042",
                            "at": "2026-05-04T09:12:00Z",
                        },
                        {
                            "id": 43,
                            "kind": "withdrawn",
                            "object_kind": "pledge",
                            "code": "GCM-P-00017",
                            "at": "2026-05-04T10:40:00Z",
                        },
                    ],
                },
            )
        ],
    ),
)
class ChangeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ChangeEventSerializer
    filterset_class = ChangeFilter
    pagination_class = ChangePagination
    permission_classes = [AllowAny]

    # No ?ordering=: the cursor orders by id, which is what makes the pages stable.
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return selectors.change_list()
