"""Each app writes its columns once (pledges/columns.py, reviews/columns.py): an export's
file, the API's CSV, the import template and the API's JSON read the same list."""

import csv
import io

import pytest

from exports import jobs
from pledges.columns import IMPORT_COLUMNS, PLEDGE_COLUMN_NAMES, PRODUCT_WRITTEN
from pledges.imports import COLUMNS, REQUIRED
from reviews.columns import COMPLETENESS_COLUMNS, REVIEW_COLUMN_NAMES
from tests.exports.helpers import export_file, new_export
from tests.pledges.helpers import streamed

pytestmark = pytest.mark.django_db


def _header(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_directorys_csv_and_an_export_have_the_same_columns(client_for, focal_ken, pledges):
    export = jobs.export_build(export_id=new_export(focal_ken).pk)
    api_csv = streamed(client_for(focal_ken).get("/api/v1/pledges/", {"format": "csv"}))

    assert _header(export_file(export)) == list(PLEDGE_COLUMN_NAMES)
    assert _header(api_csv) == list(PLEDGE_COLUMN_NAMES)
    rows = list(csv.DictReader(io.StringIO(api_csv.decode("utf-8-sig"))))
    assert rows[0]["objectives"] == "5"
    assert rows[0]["lead_name"] == "Kenya"


def test_the_import_columns_are_the_exports_less_what_the_product_writes():
    assert COLUMNS == IMPORT_COLUMNS
    assert set(COLUMNS) == set(PLEDGE_COLUMN_NAMES) - PRODUCT_WRITTEN
    assert set(REQUIRED) <= set(COLUMNS)


def test_the_apis_json_shows_the_table_columns(client_for, anonymous, pledges, focal_ken):
    pledge = client_for(anonymous).get("/api/v1/pledges/GCM-P-00001/").json()

    # The lead's name is inside the nested lead.
    assert set(PLEDGE_COLUMN_NAMES) - {"lead_name"} <= set(pledge)
    assert pledge["lead"]["name"] == "Kenya"


def test_the_review_api_shows_the_review_table_columns(client_for, staff_user, kenya):
    from reviews.models import ReviewCycle
    from reviews.services import review_create

    review_create(user=staff_user, state=kenya, cycle=ReviewCycle.objects.get(name="2023–2026"))

    review = client_for(staff_user).get("/api/v1/reviews/").json()["results"][0]

    assert set(REVIEW_COLUMN_NAMES) - COMPLETENESS_COLUMNS <= set(review)
    assert set(review["completeness"]) == {"assessed", "total"}
