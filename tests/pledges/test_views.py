"""The public pledge pages: the directory, a pledge, an objective's pledges, the
dashboard. Personas: anonymous, focal_ken (Kenya's), focal_mex (Mexico's), staff_user."""

import csv
import io
import re

import pytest
from django.test import Client

from exports.models import Export
from pledges.models import Pledge, PledgeMatch
from pledges.search import pledges_search_refresh
from reviews import reference_data
from reviews.models import ReviewEvent
from tests.factories import PledgeFactory
from tests.public_sample import public_sample

from .helpers import streamed

pytestmark = pytest.mark.django_db

PUBLISHED = Pledge.Status.PUBLISHED


@pytest.fixture
def sample(compact, member_states, staff_user):
    if not ReviewEvent.objects.exists():
        reference_data.calendar_load_default()
    return public_sample(staff=staff_user)


def signed_in(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def codes(html: str) -> list[str]:
    return re.findall(r'<span class="pledge-code">([^<]+)</span>', html)


# --- Directory -------------------------------------------------------------------------


@pytest.mark.smoke
def test_pledge_directory_lists_published_pledges_newest_first(client, sample):
    html = client.get("/pledges/").content.decode()

    assert codes(html) == ["GCM-P-00004", "GCM-P-00003", "GCM-P-00002", "GCM-P-00001"]
    assert "GCM-P-00005" not in html  # Kenya's draft
    assert html.count("<h1") == 1
    assert "4 pledges" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("objective=6", ["GCM-P-00001"]),
        ("country=MEX", ["GCM-P-00004"]),
        ("region=Africa", ["GCM-P-00002", "GCM-P-00001"]),
        ("type=financial", ["GCM-P-00003"]),
        ("mode=partnership", ["GCM-P-00003"]),
        ("implementation=fulfilled", ["GCM-P-00002"]),
        ("search=statistics+office", ["GCM-P-00002"]),
        ("actor=KEN", ["GCM-P-00003", "GCM-P-00002", "GCM-P-00001"]),
        ("action=6(a)", ["GCM-P-00001"]),
        ("region=Africa&implementation=in_progress", ["GCM-P-00001"]),
        ("ordering=code", ["GCM-P-00001", "GCM-P-00002", "GCM-P-00003", "GCM-P-00004"]),
        ("ordering=title&type=policy", ["GCM-P-00004", "GCM-P-00001"]),
    ],
)
def test_pledge_directory_filters_like_the_api(client, sample, query, expected):
    html = client.get(f"/pledges/?{query}").content.decode()

    assert codes(html) == expected


def test_pledge_directory_filters_the_same_rows_as_its_csv_link(client, sample):
    html = client.get("/pledges/?region=Africa&type=&page=1").content.decode()
    csv_url = re.search(r'href="(/api/v1/pledges/\?[^"]+)"', html)[1].replace("&amp;", "&")

    assert "page=" not in csv_url and "type=" not in csv_url
    assert "region=Africa" in csv_url and "format=csv" in csv_url
    rows = csv.DictReader(io.StringIO(streamed(client.get(csv_url)).decode("utf-8-sig")))
    assert sorted(row["code"] for row in rows) == ["GCM-P-00001", "GCM-P-00002"]


def test_pledge_directory_export_link_builds_an_export_of_the_same_filters(
    client, sample, focal_mex
):
    html = client.get("/pledges/?region=Africa&ordering=title").content.decode()
    export_url = re.search(r'href="(/exports/new/\?[^"]+)"', html)[1].replace("&amp;", "&")
    assert "kind=pledges" in export_url and "region=Africa" in export_url
    assert "ordering" not in export_url  # a sort order is not a filter of an export

    # Anonymous visitors are told before the link, in sight, that it asks them to sign in.
    visible_note = html.split(export_url.replace("&", "&amp;"), 1)[1].split("</p>", 1)[0]
    assert '<span class="muted small">(sign in required' in visible_note
    assert client.get(export_url).status_code == 302
    browser = signed_in(focal_mex)
    form = browser.get(export_url)
    assert form.status_code == 200
    response = browser.post(export_url, {"kind": "pledges", "format": "csv", "region": "Africa"})
    assert response.status_code == 302
    export = Export.objects.get()
    assert response["Location"] == f"/exports/{export.pk}/"
    assert (export.requester, export.kind, export.filters) == (
        focal_mex,
        "pledges",
        {"region": "Africa"},
    )


def test_pledge_directory_keeps_the_choices_and_explains_a_bad_value(client, sample):
    html = client.get("/pledges/?objective=99&type=policy").content.decode()

    assert 'class="field-error"' in html
    assert '<option value="policy" selected>' in html
    # The bad filter is dropped, the good one applies.
    assert codes(html) == ["GCM-P-00004", "GCM-P-00001"]


def test_pledge_directory_says_when_nothing_matches(client, sample):
    html = client.get("/pledges/?search=no+such+words").content.decode()

    assert "0 pledges" in html
    assert "No published pledge matches these filters" in html
    assert "Clear filters" in html


def test_pledge_directory_paginates_and_keeps_the_filters(client, compact, kenya):
    PledgeFactory.create_batch(25, lead=kenya, status=PUBLISHED, pledge_type="financial")

    page_1 = client.get("/pledges/?type=financial").content.decode()
    page_2 = client.get("/pledges/?type=financial&page=2").content.decode()

    assert len(codes(page_1)) == 20 and len(codes(page_2)) == 5
    assert not set(codes(page_1)) & set(codes(page_2))
    assert 'href="?type=financial&amp;page=2" rel="next"' in page_1


@pytest.mark.parametrize("rows", [3, 30])
def test_pledge_directory_query_count_is_constant(
    client, compact, kenya, django_assert_num_queries, rows
):
    PledgeFactory.create_batch(rows, lead=kenya, status=PUBLISHED, objectives=[2, 3])

    # 1. objective choices  2. country choices  3–8. facets: objective, country,
    # region, type, mode, implementation  9. count  10. the page (+lead)
    # 11. the page's objectives
    with django_assert_num_queries(11):
        response = client.get("/pledges/?region=Africa&objective=2")

    assert response.status_code == 200
    html = response.content.decode()
    assert len(codes(html)) == min(rows, 20)
    # Every pledge is policy-oriented, in Africa and serves objectives 2 and 3.
    assert f"Policy-oriented ({rows})" in html
    assert "Financial contribution (0)" in html
    assert f"Africa ({rows})" in html


@pytest.mark.parametrize("rows", [3, 30])
def test_pledge_directory_search_query_count_is_constant(
    client, compact, kenya, django_assert_num_queries, rows
):
    for pledge in PledgeFactory.create_batch(rows, lead=kenya, status=PUBLISHED):
        pledge.title = f"Remittance corridor {pledge.code}"
        pledge.save()
    pledges_search_refresh(Pledge.objects.all())

    # As without a search: the snippets come with the page's rows (ts_headline).
    with django_assert_num_queries(11):
        response = client.get("/pledges/?search=remittances+recruitment")

    assert response.status_code == 200
    html = response.content.decode()
    assert len(codes(html)) == min(rows, 20)
    assert html.count("<mark>recruitment</mark>") >= min(rows, 20)


def test_pledge_directory_search_ranks_marks_and_opens_codes(client, sample):
    html = client.get("/pledges/?search=statistics+officials").content.decode()

    assert codes(html) == ["GCM-P-00002"]
    # The title holds "statistics", the description "officials": its snippet marks it.
    assert '<p class="pledge-snippet"' in html and "<mark>officials</mark>" in html
    # The facets count within the search: one Kenyan pledge, nothing in the Americas.
    assert "Kenya (1)" in html
    # A code opens the pledge; an unpublished one is only a search with no result.
    response = client.get("/pledges/?search=gcm-p-00003")
    assert response.status_code == 302
    assert response["Location"].endswith("/pledges/GCM-P-00003/")
    assert codes(client.get("/pledges/?search=GCM-P-00005").content.decode()) == []


# --- A pledge --------------------------------------------------------------------------


@pytest.mark.smoke
def test_pledge_detail_shows_actors_links_and_the_timeline_newest_first(client, sample):
    html = client.get("/pledges/GCM-P-00001/").content.decode()

    assert "<h1>Fair recruitment for Kenyan workers abroad</h1>" in html
    assert 'href="/countries/KEN/">Kenya</a>' in html
    assert 'href="/objectives/6/#a"' in html  # action 6(a)
    assert 'href="/objectives/6/"' in html and 'href="/objectives/7/"' in html
    assert html.index("30 June 2025") < html.index("30 June 2024")
    assert "agreements.pdf" in html and "https://example.org/agreements" in html
    assert 'aria-valuenow="70"' in html
    assert "Not public" not in html
    assert "/admin/" not in html


def test_pledge_detail_shows_partners_of_a_partnership(client, sample):
    html = client.get("/pledges/GCM-P-00003/").content.decode()

    assert "East Africa Migrant Rights Network" in html
    assert "Partners" in html and 'href="/countries/KEN/">Kenya</a>' in html
    assert "No progress has been reported yet." in html


def test_pledge_detail_links_matching_pledges_both_ways(client, sample, kenya):
    answer = PledgeFactory(
        code="GCM-P-00009",
        title="Matching the fair recruitment pledge",
        lead=kenya,
        mode=Pledge.Mode.MATCHING,
        matches=sample.fair_recruitment,
        status=PUBLISHED,
    )
    # What the services (and the migration) make of a matching pledge: an offer.
    PledgeMatch.objects.create(offer=answer, matched=sample.fair_recruitment)

    original = client.get("/pledges/GCM-P-00001/").content.decode()
    matching = client.get(f"/pledges/{answer.code}/").content.decode()

    assert 'href="/pledges/GCM-P-00009/"' in original
    assert 'href="/pledges/GCM-P-00001/"' in matching


@pytest.mark.parametrize(
    ("persona", "status_code"),
    [("anonymous", 404), ("focal_mex", 404), ("focal_ken", 200), ("staff_user", 200)],
)
def test_pledge_detail_of_a_draft_is_for_its_focal_points_and_staff(
    request, sample, persona, status_code
):
    user = request.getfixturevalue(persona)

    response = signed_in(user).get(f"/pledges/{sample.kenya_draft.code}/")

    assert response.status_code == status_code
    if status_code == 200:
        assert "Not public — status: Draft." in response.content.decode()


def test_pledge_detail_links_staff_to_the_admin(sample, staff_user):
    html = signed_in(staff_user).get("/pledges/GCM-P-00001/").content.decode()

    assert f"/admin/pledges/pledge/{sample.fair_recruitment.pk}/change/" in html


def test_pledge_detail_unknown_code_is_404(client, sample):
    assert client.get("/pledges/GCM-P-99999/").status_code == 404


@pytest.mark.parametrize("updates", [1, 8])
def test_pledge_detail_query_count_is_constant(client, sample, django_assert_num_queries, updates):
    from tests.factories import ProgressUpdateFactory

    ProgressUpdateFactory.create_batch(updates, pledge=sample.data_unit)

    # 1. the pledge (+lead, matched pledge)  2. partners  3. objectives
    # 4. actions (+objective)  5. principles  6. pledges matching it  7. updates
    # 8. their evidence files  9. its history, for the recent changes
    with django_assert_num_queries(9):
        response = client.get("/pledges/GCM-P-00002/")

    assert response.status_code == 200


# --- An objective's pledges ------------------------------------------------------------


def test_objective_page_lists_its_published_pledges_and_counts_per_action(client, sample):
    html = client.get("/objectives/6/").content.decode()

    assert "1 published pledge serves this objective" in html
    assert "Fair recruitment for Kenyan workers abroad" in html
    assert "GCM-P-00005" not in html
    assert 'href="/pledges/?action=6%28a%29">1 pledge names this action</a>' in html
    assert html.count("names this action") == 1  # 6(b), 6(c)… have none


def test_objective_page_without_pledges_says_so(client, sample):
    html = client.get("/objectives/9/").content.decode()

    assert "No published pledge serves this objective yet." in html


def test_objective_page_caps_the_list_and_links_to_the_directory(client, compact, kenya):
    PledgeFactory.create_batch(12, lead=kenya, status=PUBLISHED, objectives=[4])

    html = client.get("/objectives/4/").content.decode()

    assert html.count('class="pledge-item"') == 10
    assert 'href="/pledges/?objective=4">See all 12 pledges for objective 4' in html


@pytest.mark.parametrize("rows", [2, 15])
def test_objective_page_query_count_is_constant(
    client, compact, kenya, django_assert_num_queries, rows
):
    PledgeFactory.create_batch(rows, lead=kenya, status=PUBLISHED, objectives=[4, 5])

    # 1. the objective  2. its actions  3. previous  4. next  5. pledge counts per action
    # 6. pledge count  7. the first pledges (+lead)  8. their objectives
    # 9. its SDG links (objective_texts tag)  10. the reviews panel's targets
    with django_assert_num_queries(10):
        response = client.get("/objectives/4/")

    assert response.status_code == 200


# --- Dashboard and its API -------------------------------------------------------------


@pytest.mark.smoke
def test_dashboard_draws_each_chart_with_its_numbers_in_a_table(client, sample):
    html = client.get("/dashboard/").content.decode()

    assert html.count("<h1") == 1
    assert html.count('role="img"') == 3  # bars per objective, per quarter, per month
    # The objectives', States', regions' and two periods' tables, and the overdue
    # pledges per objective and per region.
    assert html.count("<table") == 7
    # Objective 6: one pledge, in progress; its row links to the filtered directory.
    row = re.search(r'<a href="/pledges/\?objective=6">.*?</tr>', html, re.S)[0]
    assert re.findall(r'<td class="num">(?:<strong>)?(\d+)', row) == ["0", "1", "0", "0", "1"]
    assert 'href="/pledges/?objective=13&amp;region=Americas">1</a>' in html
    assert "2025-Q1" in html and "2024-06" in html


def test_dashboard_reads_the_cache_without_a_query(client, sample, django_assert_num_queries):
    client.get("/dashboard/")  # computes and caches

    with django_assert_num_queries(0):
        response = client.get("/dashboard/")

    assert response.status_code == 200


def test_dashboard_without_pledges_says_so(client, compact):
    html = client.get("/dashboard/").content.decode()

    assert "No pledge has been published yet." in html
    assert "No progress has been reported yet." in html


def test_stats_api_returns_the_dashboard_aggregates(api_client, sample):
    from pledges.stats import compute_dashboard_stats

    data = api_client.get("/api/v1/stats/").json()

    expected = {**compute_dashboard_stats(), "updating": False}
    assert {k: v for k, v in data.items() if k != "computed_at"} == {
        k: v for k, v in expected.items() if k != "computed_at"
    }
    assert data["totals"]["published_pledges"] == 4


def test_stats_api_is_described_in_the_schema(api_client, db):
    schema = api_client.get("/api/schema/?format=json").json()

    operation = schema["paths"]["/api/v1/stats/"]["get"]
    assert "DashboardStats" in str(operation["responses"]["200"])
    assert "examples" in str(operation["responses"]["200"])


def test_pledge_detail_offers_its_focal_points_the_workspace(sample, kenya, focal_ken, focal_mex):
    draft = PledgeFactory(code="GCM-P-00077", lead=kenya, status=Pledge.Status.DRAFT)
    published = sample.fair_recruitment
    assert published.lead == kenya

    own_draft = signed_in(focal_ken).get(f"/pledges/{draft.code}/").content.decode()
    own_published = signed_in(focal_ken).get(f"/pledges/{published.code}/").content.decode()
    other = signed_in(focal_mex).get(f"/pledges/{published.code}/").content.decode()
    public = Client().get(f"/pledges/{published.code}/").content.decode()

    assert f'href="/workspace/pledges/{draft.code}/edit/"' in own_draft
    assert "Report progress" not in own_draft  # progress is reported on published pledges
    assert f'href="/workspace/pledges/{published.code}/updates/new/"' in own_published
    assert "/edit/" not in own_published  # only drafts and returned pledges are edited
    for html in (other, public):
        # No way into the pledge's workspace (a signed-in reader's follow button posts
        # to their own /workspace/following/, which is not the pledge's).
        assert "/workspace/pledges/" not in html.split("<main", 1)[1]
    assert "/workspace/" not in public.split("<main", 1)[1]
