"""UN M49 regions and sub-regions in the reader's language: the data keeps the English
key (filters, the API, the aggregates), the pages and the dashboard's files show the
name the UN gives in each language."""

import csv
import io

import pytest

from pledges.member_states import M49_NAMES, M49_REGION, m49_name
from pledges.models import Pledge
from tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db


def test_every_region_and_sub_region_of_the_data_has_a_name():
    assert set(M49_REGION) | set(M49_REGION.values()) == set(M49_NAMES)
    assert m49_name("Atlantis") == "Atlantis"  # not M49's: shown as stored


def test_the_dashboard_names_the_regions_in_french(client, kenya):
    PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, objectives=[6])

    html = client.get("/fr/dashboard/").content.decode()
    rows = list(
        csv.reader(
            io.StringIO(client.get("/fr/dashboard/regions.csv").getvalue().decode("utf-8-sig"))
        )
    )

    assert '<th scope="col" class="num">Afrique</th>' in html
    assert '<th scope="col" class="num">Amériques</th>' in html
    assert rows[0][2:] == ["Afrique", "Amériques", "Asie", "Europe", "Océanie"]
    # The links filter by the key, whatever the language.
    assert "region=Africa" in html


def test_the_country_page_and_the_directory_filter_in_spanish_and_arabic(client, kenya):
    page = client.get("/es/countries/KEN/").content.decode()
    assert "África oriental, África" in page

    directory = client.get("/ar/pledges/").content.decode()
    assert '<option value="Africa">أفريقيا</option>' in directory
