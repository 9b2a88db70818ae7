"""Follow a pledge, a country or an objective, and the daily digest (issue 19)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Profile
from changes.services import change_record
from pledges.follows import digests_send, follow_add, follow_remove
from pledges.models import Follow, FollowDigest
from tests.factories import PledgeFactory, add_partners

pytestmark = pytest.mark.django_db


def changed(pledge, kind="updated"):
    change_record(kind=kind, object_kind="pledge", code=pledge.code)


@pytest.fixture
def pledges(kenya, mexico, compact):
    shown = PledgeFactory(lead=mexico, status="published", objectives=[5])
    add_partners(shown, kenya)
    hidden = PledgeFactory(lead=kenya, status="submitted", objectives=[5])
    return shown, hidden


def test_a_signed_in_person_follows_a_pledge_a_country_or_an_objective(focal_ken, pledges):
    shown, _hidden = pledges
    follow_add(user=focal_ken, kind="pledge", key=shown.code)
    follow_add(user=focal_ken, kind="country", key="mex")
    follow_add(user=focal_ken, kind="objective", key="5")
    follow_add(user=focal_ken, kind="objective", key="5")  # again: nothing new

    assert sorted(Follow.objects.values_list("kind", "key")) == [
        ("country", "MEX"),
        ("objective", "5"),
        ("pledge", shown.code),
    ]
    assert follow_remove(user=focal_ken, kind="country", key="MEX") == 1
    assert Follow.objects.count() == 2


def test_an_unpublished_pledge_cannot_be_followed_as_if_unknown(focal_mex, pledges):
    _shown, hidden = pledges
    for key in (hidden.code, "GCM-P-99999"):
        with pytest.raises(ValidationError) as exc:
            follow_add(user=focal_mex, kind="pledge", key=key)
        assert exc.value.message_dict == {"key": ["Nothing public has this code."]}
    assert not Follow.objects.exists()


def test_the_public_cannot_follow_by_e_mail(anonymous, pledges):
    with pytest.raises(PermissionDenied):
        follow_add(user=anonymous, kind="country", key="KEN")
    assert not Follow.objects.exists()


def test_digest_mails_each_follower_once_in_their_language(
    focal_ken, focal_mex, staff_user, pledges, django_assert_max_num_queries
):
    shown, hidden = pledges
    Profile.objects.update_or_create(user=focal_ken, defaults={"preferred_language": "fr"})
    follow_add(user=focal_ken, kind="country", key="KEN")  # a partner of `shown`
    follow_add(user=focal_mex, kind="objective", key="5")
    follow_add(user=staff_user, kind="country", key="PHL")  # nothing of theirs changed
    changed(shown)
    changed(shown, "progress_reported")
    changed(hidden)  # not public: in nobody's digest
    today = timezone.localdate()

    with django_assert_max_num_queries(20):
        assert digests_send(day=today) == 2
    assert digests_send(day=today) == 0  # the rerun of the same day

    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["focal-ken@example.org", "focal-mex@example.org"]
    french = by_address["focal-ken@example.org"]
    assert "GCM Tracker : 1 engagement que vous suivez" in french.subject
    assert shown.code in french.body and hidden.code not in french.body
    assert "Progrès signalés" in french.body
    assert shown.code in by_address["focal-mex@example.org"].body
    assert FollowDigest.objects.count() == 2


def test_no_digest_when_nothing_followed_changed(focal_ken, pledges):
    follow_add(user=focal_ken, kind="country", key="KEN")
    assert digests_send(day=timezone.localdate()) == 0
    assert mail.outbox == [] and not FollowDigest.objects.exists()


def test_follow_and_unfollow_buttons_and_the_following_page(client, focal_ken, pledges):
    shown, _hidden = pledges
    client.force_login(focal_ken)
    page = f"/pledges/{shown.code}/"
    assert "Follow by e-mail" in client.get(page).content.decode()

    answer = client.post(
        "/workspace/following/add/", {"kind": "pledge", "key": shown.code, "next": page}
    )

    assert answer.status_code == 302 and answer["Location"] == page
    assert "Unfollow" in client.get(page).content.decode()
    following = client.get("/workspace/following/").content.decode()
    assert shown.code in following
    client.post("/workspace/following/remove/", {"kind": "pledge", "key": shown.code})
    assert not Follow.objects.exists()


def test_following_page_is_for_the_signed_in_and_a_refused_follow_writes_nothing(
    client, focal_mex, pledges
):
    _shown, hidden = pledges
    assert client.get("/workspace/following/").status_code == 302  # to sign in
    assert (
        client.post("/workspace/following/add/", {"kind": "country", "key": "KEN"}).status_code
        == 302
    )
    assert not Follow.objects.exists()

    client.force_login(focal_mex)
    client.post("/workspace/following/add/", {"kind": "pledge", "key": hidden.code})
    client.post(
        "/workspace/following/add/",
        {"kind": "country", "key": "KEN", "next": "https://elsewhere.example/"},
    )
    assert list(Follow.objects.values_list("kind", "key")) == [("country", "KEN")]


@pytest.mark.parametrize("page", ["/countries/KEN/", "/objectives/5/"])
def test_country_and_objective_pages_offer_the_feed_and_for_the_signed_in_a_button(
    client, focal_ken, pledges, page
):
    assert "Follow by e-mail" not in client.get(page).content.decode()
    client.force_login(focal_ken)
    body = client.get(page).content.decode()
    assert "Follow by Atom feed" in body and "Follow by e-mail" in body
