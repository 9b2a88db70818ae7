"""The public API's response cache (core/public_cache.py): a hit costs no query, and a
publishing write retires every cached answer, so a poller never reads stale data."""

import gzip

import pytest
from django.urls import clear_url_caches

from pledges import services
from pledges.models import Pledge
from tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/pledges/?page_size=20"


@pytest.fixture(autouse=True)
def _public_cache_on(settings):
    settings.PUBLIC_CACHE_SECONDS = 600


@pytest.fixture
def published(compact, kenya):
    return PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, title="Published first")


def codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


def test_public_cache_answers_an_anonymous_read_again_without_a_query(
    api_client, published, django_assert_num_queries
):
    first = api_client.get(LIST)

    # The hit: no query at all (the data version and the answer come from the cache).
    with django_assert_num_queries(0):
        again = api_client.get(LIST)

    assert again.status_code == 200
    assert again.json() == first.json()
    assert codes(again) == [published.code]


def test_public_cache_publish_then_read_returns_the_new_data(
    api_client, published, kenya, staff_user, django_capture_on_commit_callbacks
):
    submitted = PledgeFactory(lead=kenya, status=Pledge.Status.SUBMITTED, title="Second")
    assert codes(api_client.get(LIST)) == [published.code]  # cached now
    assert api_client.get(f"/api/v1/pledges/{submitted.code}/").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        services.pledge_publish(pledge=submitted, user=staff_user)

    assert sorted(codes(api_client.get(LIST))) == sorted([published.code, submitted.code])
    assert api_client.get(f"/api/v1/pledges/{submitted.code}/").status_code == 200


def test_public_cache_a_progress_update_shows_at_once(
    api_client, published, staff_user, django_capture_on_commit_callbacks
):
    import datetime

    detail = f"/api/v1/pledges/{published.code}/"
    assert api_client.get(detail).json()["implementation"] == "not_started"

    with django_capture_on_commit_callbacks(execute=True):
        services.progress_update_create(
            pledge=published,
            user=staff_user,
            date=datetime.date(2026, 1, 5),
            implementation="in_progress",
            narrative="Started the training of consular staff in three cities.",
        )

    assert api_client.get(detail).json()["implementation"] == "in_progress"


def test_public_cache_a_rolled_back_write_retires_nothing(api_client, published):
    from core.public_cache import public_data_changed, public_data_version

    before = public_data_version()
    public_data_changed()  # inside the test's transaction, never committed

    assert public_data_version() == before


def test_public_cache_never_serves_nor_keeps_a_signed_in_readers_answer(
    client_for, api_client, published, kenya, focal_ken
):
    draft = PledgeFactory(lead=kenya, title="Kenya's draft")
    mine = client_for(focal_ken).get(LIST)
    assert sorted(codes(mine)) == sorted([published.code, draft.code])

    # The public does not get the focal point's answer, and the other way round.
    assert codes(api_client.get(LIST)) == [published.code]
    assert sorted(codes(client_for(focal_ken).get(LIST))) == sorted([published.code, draft.code])


def test_public_cache_off_when_its_lifetime_is_zero(
    api_client, published, settings, django_assert_max_num_queries
):
    settings.PUBLIC_CACHE_SECONDS = 0
    api_client.get(LIST)

    with django_assert_max_num_queries(10) as captured:
        assert api_client.get(LIST).status_code == 200
    assert len(captured) > 0


def test_public_cache_a_cold_cache_starts_a_new_version(published):
    from django.core.cache import cache

    from core.public_cache import VERSION_KEY, _bump, public_data_version

    cache.delete(VERSION_KEY)
    _bump()

    assert public_data_version() == 2


# --- Compression (core/compression.py) -----------------------------------------------


def test_compression_gzips_public_pages_for_anonymous_visitors(client, published):
    response = client.get("/pledges/", HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"Published first" in gzip.decompress(response.content)


def test_compression_leaves_a_signed_in_users_pages_alone(client, published, focal_ken):
    # BREACH: their pages carry what is theirs; never compressed.
    client.force_login(focal_ken)

    response = client.get("/pledges/", HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert b"Published first" in response.content


# --- The benchmark's bare view -------------------------------------------------------


def test_bench_bare_view_is_not_routed_unless_the_benchmark_asks(client, settings):
    import importlib

    import gcm_tracker.urls

    assert client.get("/bench/bare").status_code == 404
    settings.BENCH_BARE_VIEW = True
    try:
        settings.ROOT_URLCONF = importlib.reload(gcm_tracker.urls).__name__
        clear_url_caches()
        response = client.get("/bench/bare")
        assert response.status_code == 200
        assert response.json() == {"ok": True}
    finally:
        settings.BENCH_BARE_VIEW = False
        importlib.reload(gcm_tracker.urls)
        clear_url_caches()


# --- The count of a public list (core.public_cache.cached_public_count) ----------------


def test_the_directorys_count_is_asked_once_per_data_version(
    client,
    published,
    kenya,
    staff_user,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    """The COUNT(*) of a filter, the costliest query of a list page at scale, is asked
    once; page 2 of the same filter, or a signed-in reader of the public directory, reads
    it from the cache; a publication retires it and the count is right at once."""
    for n in range(25):
        PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, title=f"Published {n:02}")
    first = client.get("/pledges/?region=Africa")
    assert first.status_code == 200
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as again:
        second_page = client.get("/pledges/?region=Africa&page=2")
    assert second_page.status_code == 200
    assert "26" in second_page.content.decode()
    assert not [
        q
        for q in again.captured_queries
        if q["sql"].lstrip().startswith("SELECT COUNT(*)")
        and "pledges_pledge" in q["sql"]
        and "GROUP BY" not in q["sql"]
    ]

    submitted = PledgeFactory(lead=kenya, status=Pledge.Status.SUBMITTED, title="The 27th")
    with django_capture_on_commit_callbacks(execute=True):
        services.pledge_publish(pledge=submitted, user=staff_user)
    assert "27" in client.get("/pledges/?region=Africa&page=2").content.decode()


def test_an_anonymous_api_page_reads_the_count_a_signed_in_one_counts(
    api_client, client_for, focal_ken, published, kenya
):
    """A focal point also sees their own drafts: their count is never the public one."""
    PledgeFactory(lead=kenya, title="Kenya's own draft")
    anonymous = api_client.get("/api/v1/pledges/?page_size=1&page=1").json()
    focal = client_for(focal_ken).get("/api/v1/pledges/?page_size=1&page=1").json()
    assert anonymous["count"] == 1
    assert focal["count"] == 2
    # The same filter once more (another sort order: not the cached answer), the
    # anonymous count from the cache: still each reader's own number.
    again = "/api/v1/pledges/?page_size=1&page=1&ordering=title"
    assert api_client.get(again).json()["count"] == 1
    assert client_for(focal_ken).get(again).json()["count"] == 2


def test_the_count_cache_is_off_with_the_public_cache(settings, published):
    from core.public_cache import cached_public_count

    settings.PUBLIC_CACHE_SECONDS = 0
    queryset = Pledge.objects.filter(status=Pledge.Status.PUBLISHED)
    assert cached_public_count(queryset) == 1
    PledgeFactory(lead=published.lead, status=Pledge.Status.PUBLISHED)
    assert cached_public_count(queryset) == 2  # no version bumped, still exact
