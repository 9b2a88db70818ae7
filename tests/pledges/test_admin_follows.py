"""Follows in the admin (issue 19): staff read who follows what and the digests sent per
day; nobody adds, changes or deletes one here (follow_add / follow_remove are the
person's own)."""

import datetime

import pytest

from pledges.follows import follow_add
from pledges.models import Follow, FollowDigest
from tests.factories import PledgeFactory, UserFactory

pytestmark = pytest.mark.django_db

FOLLOWS = "/admin/pledges/follow/"
DIGESTS = "/admin/pledges/followdigest/"
DAY = datetime.date(2026, 11, 30)


@pytest.fixture
def follows(kenya, mexico):
    """Two readers: one follows Kenya and a pledge, the other Mexico; digests on two days."""
    pledge = PledgeFactory(code="GCM-KEN-00001", lead=kenya, status="published")
    amina = UserFactory(username="amina", email="amina@example.org")
    bruno = UserFactory(username="bruno", email="bruno@example.org")
    follow_add(user=amina, kind="country", key="KEN")
    follow_add(user=amina, kind="pledge", key=pledge.code)
    follow_add(user=bruno, kind="country", key="MEX")
    FollowDigest.objects.create(user=amina, day=DAY, changes=3)
    FollowDigest.objects.create(user=bruno, day=DAY, changes=1)
    FollowDigest.objects.create(user=amina, day=DAY - datetime.timedelta(days=1), changes=2)
    return {"amina": amina, "bruno": bruno}


def _rows(html: str) -> int:
    """The rows of the changelist's table."""
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr")


def test_staff_read_who_follows_what(client, staff_user, follows):
    client.force_login(staff_user)

    html = client.get(FOLLOWS).content.decode()

    assert "amina@example.org" in html and "bruno@example.org" in html
    assert "GCM-KEN-00001" in html
    assert _rows(html.split('id="result_list"', 1)[1]) == 3


@pytest.mark.parametrize(
    ("params", "count"),
    [({"kind__exact": "country"}, 2), ({"q": "amina"}, 2), ({"q": "MEX"}, 1)],
)
def test_the_follows_list_filters_and_searches(client, staff_user, follows, params, count):
    client.force_login(staff_user)

    html = client.get(FOLLOWS, params).content.decode()

    assert _rows(html) == count


def test_staff_read_the_digests_sent_per_day(client, staff_user, follows):
    client.force_login(staff_user)

    html = client.get(DIGESTS).content.decode()

    per_day = html.split('id="digests-per-day"', 1)[1].split("</table>", 1)[0]
    assert "Digests sent per day" in per_day
    # 30 Nov: two digests, four changes; 29 Nov: one digest, two changes.
    assert '<time datetime="2026-11-30">' in per_day
    assert per_day.index("2026-11-30") < per_day.index("2026-11-29")
    assert "<td>2</td><td>4</td>" in per_day and "<td>1</td><td>2</td>" in per_day
    listed = client.get(DIGESTS, {"q": "bruno"}).content.decode()
    assert _rows(listed.split('id="result_list"', 1)[1]) == 1


def test_nothing_is_written_from_the_follows_admin(client, staff_user, follows):
    client.force_login(staff_user)
    follow = Follow.objects.filter(user=follows["amina"]).first()

    assert client.get(f"{FOLLOWS}add/").status_code == 403
    assert client.post(f"{FOLLOWS}{follow.pk}/delete/", {"post": "yes"}).status_code == 403
    refused = client.post(
        FOLLOWS, {"action": "delete_selected", "_selected_action": [follow.pk], "post": "yes"}
    )
    assert refused.status_code == 200  # no such action: the list again
    page = client.get(f"{FOLLOWS}{follow.pk}/change/").content.decode()
    assert 'type="submit"' not in page.split('id="content-main"', 1)[1].split("</form>", 1)[0]
    assert Follow.objects.count() == 3
    assert client.get(f"{DIGESTS}add/").status_code == 403
    assert FollowDigest.objects.count() == 3


@pytest.mark.parametrize("url", [FOLLOWS, DIGESTS])
def test_only_staff_open_the_follows_admin(client, focal_ken, follows, url):
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")

    client.force_login(focal_ken)
    refused = client.get(url)
    assert refused.status_code == 302
    assert refused["Location"].startswith("/admin/login/")
    client.post(url, {"action": "delete_selected", "_selected_action": [1, 2, 3], "post": "yes"})
    assert (Follow.objects.count(), FollowDigest.objects.count()) == (3, 3)


@pytest.mark.parametrize("url", [FOLLOWS, DIGESTS])
def test_the_follows_admin_query_count_is_constant_in_rows(
    client, staff_user, follows, url, django_assert_num_queries
):
    client.force_login(staff_user)
    client.get(url)
    expected = QUERIES[url]
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    for n in range(6):
        reader = UserFactory(username=f"reader-{n}")
        follow_add(user=reader, kind="objective", key=str(n + 1))
        FollowDigest.objects.create(user=reader, day=DAY - datetime.timedelta(days=n), changes=n)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# Session, user, the user's and the group's permissions, the count twice (filtered,
# total), the page's rows with their users (select_related), the date hierarchy's range
# and its days; the digests add their per-day table (one grouped query).
QUERIES = {FOLLOWS: 9, DIGESTS: 10}
