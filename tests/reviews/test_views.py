"""The public review pages (calendar, a voluntary review) and the countries pages.
Personas: anonymous, focal_ken (Kenya's), focal_mex (Mexico's), staff_user."""

import datetime
import re

import pytest
from django.test import Client

from pledges.models import Pledge
from reviews import services
from reviews.models import ReviewEvent
from tests.factories import PledgeFactory, add_partners

pytestmark = pytest.mark.django_db

PUBLISHED = Pledge.Status.PUBLISHED


def signed_in(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- Calendar --------------------------------------------------------------------------


def test_review_calendar_groups_events_by_cycle_with_kinds_and_provisional_dates(client, calendar):
    html = client.get("/reviews/").content.decode()

    assert html.count("<h1") == 1
    assert html.index("Before the first cycle") < html.index("Cycle 2019–2022")
    assert html.index("Cycle 2019–2022") < html.index("Cycle 2023–2026")
    assert "First International Migration Review Forum" in html
    assert 'class="pill pill--imrf"' in html
    assert 'class="tag tag-provisional"' in html  # the 2024 plenary: a period, not dates
    assert "4 round tables" in html


def test_review_calendar_lists_published_reviews_for_the_public(client, review_in, kenya, mexico):
    review_in(kenya, "published")
    review_in(mexico, "draft")

    html = client.get("/reviews/").content.decode()

    assert ">Kenya</a>" in html
    assert ">Mexico</a>" not in html


def test_review_calendar_shows_a_focal_point_their_own_draft_marked(
    review_in, kenya, mexico, focal_ken
):
    review_in(kenya, "draft")
    review_in(mexico, "draft")

    html = signed_in(focal_ken).get("/reviews/").content.decode()

    assert ">Kenya</a>" in html and ">Mexico</a>" not in html
    assert 'class="status status--draft"' in html


@pytest.mark.parametrize("reviews", [1, 4])
def test_review_calendar_query_count_is_constant(
    client, review_in, member_states, django_assert_num_queries, reviews
):
    from pledges.models import Actor

    for state in Actor.objects.filter(kind="state").order_by("code")[:reviews]:
        review_in(state, "published")

    # 1. events (+cycle)  2. round tables  3. their objectives  4. announcements
    # 5. visible reviews (+state, cycle, event; completeness)
    with django_assert_num_queries(5):
        response = client.get("/reviews/")

    assert response.status_code == 200


# --- A voluntary review ----------------------------------------------------------------


@pytest.mark.smoke
def test_review_detail_lists_all_objectives_with_not_assessed_where_missing(
    client, review_in, kenya
):
    review = review_in(kenya, "published", assess=(1, 5))

    html = client.get(f"/reviews/{review.pk}/").content.decode()

    assert html.count('class="assessment-title"') == 23
    assert html.count("Not assessed") == 21
    assert "2 of 23 objectives assessed." in html
    assert 'aria-valuenow="9"' in html  # 2/23
    assert 'id="objective-23"' in html


def test_review_detail_shows_plan_and_recommendation_progress(client, cycle, kenya, staff_user):
    from reviews.models import MissingMigrantsRecommendation

    review = services.review_create(
        user=staff_user, state=kenya, cycle=cycle, plan="adopted", plan_url="https://example.org/p"
    )
    services.assessment_upsert(review=review, user=staff_user, objective=8, level="planning")
    recommendation = MissingMigrantsRecommendation.objects.order_by("area_order", "letter")[0]
    services.recommendation_progress_upsert(
        review=review,
        user=staff_user,
        recommendation=recommendation,
        level="in_progress",
        narrative="A hotline for families opened.",
    )
    services.commitment_progress_upsert(
        review=review,
        user=staff_user,
        paragraph=67,
        level="in_progress",
        narrative="Remittance fees capped by law.",
    )
    services.review_submit(review=review, user=staff_user)
    services.review_publish(review=review, user=staff_user)

    html = client.get(f"/reviews/{review.pk}/").content.decode()

    assert "Adopted" in html and 'href="https://example.org/p"' in html
    assert "A hotline for families opened." in html
    commitments = html.split('id="commitments-heading"', 1)[1]
    assert "Paragraph 67" in commitments and "Remittance fees capped by law." in commitments


def test_review_detail_cites_only_pledges_the_visitor_may_read(client, cycle, kenya, staff_user):
    published = PledgeFactory(code="GCM-KEN-PUB", lead=kenya, status=PUBLISHED, objectives=[5])
    draft = PledgeFactory(code="GCM-KEN-DRAFT", lead=kenya, objectives=[5])
    review = services.review_create(user=staff_user, state=kenya, cycle=cycle)
    services.assessment_upsert(
        review=review,
        user=staff_user,
        objective=5,
        level="advanced",
        pledges=[published.code, draft.code],
    )
    services.review_submit(review=review, user=staff_user)
    services.review_publish(review=review, user=staff_user)

    public = client.get(f"/reviews/{review.pk}/").content.decode()
    staff = signed_in(staff_user).get(f"/reviews/{review.pk}/").content.decode()

    assert "GCM-KEN-PUB" in public and "GCM-KEN-DRAFT" not in public
    assert "GCM-KEN-DRAFT" in staff


@pytest.mark.parametrize(
    ("persona", "status_code"),
    [("anonymous", 404), ("focal_mex", 404), ("focal_ken", 200), ("staff_user", 200)],
)
def test_review_detail_of_a_draft_is_for_the_states_focal_points_and_staff(
    request, review_in, kenya, persona, status_code
):
    review = review_in(kenya, "draft")
    user = request.getfixturevalue(persona)

    response = signed_in(user).get(f"/reviews/{review.pk}/")

    assert response.status_code == status_code
    if status_code == 200:
        assert "Not public — status: Draft." in response.content.decode()


def test_review_detail_links_staff_to_the_admin(review_in, kenya, staff_user):
    review = review_in(kenya, "published")

    html = signed_in(staff_user).get(f"/reviews/{review.pk}/").content.decode()

    assert f"/admin/reviews/voluntaryreview/{review.pk}/change/" in html


def test_review_detail_unknown_is_404(client, calendar):
    assert client.get("/reviews/999999/").status_code == 404


@pytest.mark.parametrize("assessed", [(1,), (1, 2, 3, 4, 5, 6, 7, 8)])
def test_review_detail_query_count_is_constant(
    client, review_in, kenya, django_assert_num_queries, assessed
):
    review = review_in(kenya, "published", assess=assessed)

    # 1. the review (+state, cycle, event; completeness)  2. its assessments (+objective)
    # 3. the pledges they cite  4. the objectives  5. progress on recommendations
    # 6. progress on the Progress Declaration's commitments
    with django_assert_num_queries(6):
        response = client.get(f"/reviews/{review.pk}/")

    assert response.status_code == 200


# --- Countries -------------------------------------------------------------------------


def test_country_list_groups_member_states_by_region_with_counts(client, review_in, kenya, mexico):
    PledgeFactory(lead=kenya, status=PUBLISHED)
    partnered = PledgeFactory(status=PUBLISHED)
    add_partners(partnered, kenya, mexico)
    PledgeFactory(lead=mexico)  # a draft: not counted
    review_in(kenya, "published")

    page = client.get("/countries/").content.decode()
    html = page.split('id="country-results"', 1)[1]  # the list, after the map

    assert len(re.findall(r'href="/countries/[A-Z]{3}/"', html)) == 193
    assert html.index('id="region-africa"') < html.index('id="region-americas"')
    kenya_row = re.search(r'href="/countries/KEN/">Kenya</a>\s*<span class="count">([^<]+)', html)
    assert kenya_row[1].strip() == "2 pledges · 1 review"
    mexico_row = re.search(r'href="/countries/MEX/">Mexico</a>\s*<span class="count">([^<]+)', html)
    assert mexico_row[1].strip() == "1 pledge"
    assert "2 of the 193 Member States lead or partner a published pledge" in page


def _map_links(html: str) -> dict[str, str]:
    """{alpha-3: the link's name} for each State drawn on the map."""
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    return dict(re.findall(r'<a href="/countries/([A-Z]{3})/"[^>]*><title>([^<]+)</title>', svg))


def test_country_map_draws_each_state_as_a_named_link_with_its_count(client, kenya, mexico):
    for _ in range(3):
        PledgeFactory(lead=kenya, status=PUBLISHED)
    PledgeFactory(lead=mexico)  # a draft: not on the map

    html = client.get("/countries/").content.decode()
    links = _map_links(html)

    assert len(links) >= 160  # the 1:110m outlines; the smallest States are in the list only
    assert links["KEN"] == "Kenya: 3 published pledges"
    assert links["MEX"] == "Mexico: no published pledge"
    kenya_shape = re.search(r'<a href="/countries/KEN/" class="map-state map-level-(\d)"', html)
    assert kenya_shape[1] == "2"  # 2 to 4 pledges: the legend's third class
    assert "2 to 4" in html.split("map-legend", 1)[1].split("</ul>", 1)[0]
    unmapped = 193 - len(links)
    assert f"{unmapped} States are too small for the map" in html


def test_country_map_classes_follow_the_counts():
    from core.world_map import CLASS_BOUNDS, legend, level_of

    assert [level_of(n) for n in (0, 1, 2, 4, 5, 9, 10, 24, 25, 900)] == [
        0,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
    ]
    assert legend()[0] == (0, 0, 0) and legend()[-1] == (len(CLASS_BOUNDS), 25, None)
    # Classes tile the counts: each starts one above the previous one's end.
    for (_, _, high), (_, low, _) in zip(legend(), legend()[1:], strict=False):
        assert low == high + 1


def test_country_search_finds_common_and_official_names_without_accents(client, member_states):
    venezuela = client.get("/countries/?q=venezuela").content.decode()
    bolivia = client.get("/countries/?q=BOLIVIA").content.decode()
    turkiye = client.get("/countries/?q=turkiye").content.decode()
    by_code = client.get("/countries/?q=ken").content.decode()
    listed = lambda html: re.findall(  # noqa: E731
        r'<li[^>]*>\s*<a href="/countries/([A-Z]{3})/"', html.split('id="country-results"')[1]
    )

    assert listed(venezuela) == ["VEN"] and "1 Member State matches" in venezuela
    assert listed(bolivia) == ["BOL"]
    assert listed(turkiye) == ["TUR"]
    assert "KEN" in listed(by_code)


def test_country_list_a_to_z_sorts_by_common_name(client, member_states):
    html = client.get("/countries/?sort=name").content.decode().split('id="country-results"')[1]

    codes = re.findall(r'<li[^>]*>\s*<a href="/countries/([A-Z]{3})/"', html)
    assert len(codes) == 193
    # "Bolivia", under B, before "Brazil"; "Venezuela" under V, not "Bolivarian Republic…".
    assert codes.index("BOL") < codes.index("BRA") < codes.index("VEN")
    assert codes.index("VEN") > codes.index("URY")
    assert 'id="region-africa"' not in html


@pytest.mark.parametrize("rows", [1, 12])
def test_country_list_query_count_is_constant(
    client, member_states, kenya, mexico, django_assert_num_queries, rows
):
    for pledge in PledgeFactory.create_batch(rows, lead=kenya, status=PUBLISHED):
        pledge.partners.add(mexico)

    # 1. the States with their review counts  2. published pledges counted per lead
    # 3. published pledges counted per partner
    with django_assert_num_queries(3):
        response = client.get("/countries/")

    assert response.status_code == 200
    assert f"{rows} pledge" in response.content.decode()


@pytest.mark.smoke
def test_country_detail_shows_pledges_coverage_and_published_reviews(
    client, compact, review_in, kenya, mexico
):
    PledgeFactory(
        code="GCM-A", title="Led by Kenya", lead=kenya, status=PUBLISHED, objectives=[2, 5]
    )
    partnered = PledgeFactory(
        code="GCM-B", title="Kenya partners", status=PUBLISHED, objectives=[5]
    )
    add_partners(partnered, kenya)
    PledgeFactory(code="GCM-C", title="Kenya's draft", lead=kenya, objectives=[9])
    PledgeFactory(code="GCM-D", title="Mexico's", lead=mexico, status=PUBLISHED, objectives=[7])
    review = review_in(kenya, "published")

    html = client.get("/countries/KEN/").content.decode()

    assert "<h1>Kenya</h1>" in html
    assert "Led by Kenya" in html and "Kenya partners" in html
    assert "Kenya's draft" not in html and "Mexico's" not in html
    assert "Kenya is a partner" in html
    cells = re.findall(r'<li class="coverage-cell( covered)?">', html)
    assert len(cells) == 23
    assert [n for n, covered in enumerate(cells, 1) if covered] == [2, 5]
    assert "2 pledges" in html  # objective 5's cell
    assert "Objective 9: " in html  # each cell's text alternative
    assert f'href="/reviews/{review.pk}/"' in html
    assert 'href="/pledges/?actor=KEN"' in html


def test_country_detail_hides_unpublished_reviews(client, review_in, kenya):
    review = review_in(kenya, "submitted")

    html = client.get("/countries/KEN/").content.decode()

    assert f'href="/reviews/{review.pk}/"' not in html
    assert "Kenya has no published voluntary review yet." in html


def test_country_detail_code_is_case_insensitive(client, kenya):
    assert "<h1>Kenya</h1>" in client.get("/countries/ken/").content.decode()


@pytest.mark.parametrize("code", ["XYZ", "east-africa-rights", "KE"])
def test_country_detail_unknown_or_not_a_state_is_404(client, member_states, code):
    from tests.factories import StakeholderFactory

    StakeholderFactory(code="east-africa-rights")

    assert client.get(f"/countries/{code}/").status_code == 404


@pytest.mark.parametrize(("rows", "page", "shown"), [(1, 1, 1), (12, 1, 12), (25, 2, 5)])
def test_country_detail_query_count_is_constant(
    client, compact, review_in, kenya, django_assert_num_queries, rows, page, shown
):
    PledgeFactory.create_batch(rows, lead=kenya, status=PUBLISHED, objectives=[3, 4])
    review_in(kenya, "published")

    # 1. the State  2. its pledges counted by implementation (and as lead)  3. counted by
    # objective  4. the page's count  5. the page (+lead)  6. its objectives
    # 7. the objectives  8. its published reviews (+cycle; completeness)
    # 9. its indicator values (+indicator)  10. its mentions in the SG reports (+paragraph,
    # report)  11. the facts stated about it
    with django_assert_num_queries(11):
        response = client.get(f"/countries/KEN/?page={page}")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="pledge-item"') == shown
    assert f'<span class="figure">{rows}</span>' in html


def test_country_detail_pages_through_its_pledges_and_counts_them_all(client, compact, kenya):
    PledgeFactory.create_batch(23, lead=kenya, status=PUBLISHED, objectives=[3])

    first = client.get("/countries/KEN/").content.decode()
    second = client.get("/countries/KEN/?page=2").content.decode()

    assert 'rel="next"' in first and 'rel="prev"' in second
    assert '<span class="figure">23</span>' in first  # published pledges, all pages
    assert '<span class="figure">1/23</span>' in first  # objectives covered
    assert "23 pledges" in first  # objective 3's cell counts them all


def test_review_calendar_sorts_events_into_past_under_way_and_coming_up(today, client, calendar):
    # The seeded calendar runs to the 2030 IMRF (the compact's "every four years"): on
    # the suite's dates some seeded events are ahead, or none. One event under way and
    # one ahead, placed around today:
    seeded_ahead = set(
        ReviewEvent.objects.filter(end_date__gte=today).values_list("slug", flat=True)
    )
    day = datetime.timedelta(days=1)
    for slug, start, end in (("under-way", -1, 1), ("ahead", 30, 31)):
        ReviewEvent.objects.create(
            slug=slug,
            kind="other",
            title=slug,
            start_date=today + start * day,
            end_date=today + end * day,
        )

    response = client.get("/reviews/")

    assert response.status_code == 200
    events = [e for group in response.context["cycles"] for e in group["events"]]
    assert {e.slug for e in events if not e.is_past} == {"under-way", "ahead"} | seeded_ahead
    assert [e.slug for e in events if e.is_current] == ["under-way"]
    # The next three, soonest first: the two placed around today come before 2028.
    assert [e.slug for e in response.context["upcoming"]][:2] == ["under-way", "ahead"]
    assert "Coming up" in response.content.decode()


def test_country_page_shows_a_national_and_an_international_value_side_by_side(
    client, compact, kenya, mexico, django_assert_num_queries
):
    from objectives.models import Objective
    from reviews.models import Indicator, IndicatorValue

    indicator = Indicator.objects.create(
        code="C-10.1",
        name="Recruitment cost",
        objective=Objective.objects.get(number=6),
        tier="core",
        unit="% of income",
    )
    national = IndicatorValue.objects.create(
        indicator=indicator,
        state=kenya,
        year=2023,
        value="12.5000",
        source_kind="national",
        source="Kenya National Bureau of Statistics",
    )
    IndicatorValue.objects.create(
        indicator=indicator,
        state=kenya,
        year=2023,
        value="18.0000",
        source_kind="international",
        source="ILO survey",
        source_url="https://ilostat.example/recruitment",
    )
    IndicatorValue.objects.create(
        indicator=indicator, state=mexico, year=2023, value="99.0000", source_kind="national"
    )

    html = client.get("/countries/KEN/").content.decode()

    table = html[html.index('class="data-table indicator-values"') :]
    table = table[: table.index("</table>")]
    headers = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert headers == ["Indicator", "Year", "Self-reported by the State", "International source"]
    (row,) = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", table, re.S)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert cells[0] == "2023"
    assert "12.5" in cells[1] and national.source in cells[1] and "18" not in cells[1]
    assert "18" in cells[2] and 'href="https://ilostat.example/recruitment"' in cells[2]
    assert "ILO survey" in cells[2]
    assert "99" not in table  # another State's value
