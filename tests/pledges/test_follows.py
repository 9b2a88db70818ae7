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


# --- What left the public set, and unsubscribing in one click -----------------------


def test_digest_says_a_followed_pledge_is_no_longer_public_and_never_names_a_hidden_one(
    focal_ken, focal_mex, staff_user, pledges, kenya
):
    from pledges.services import pledge_unpublish, pledge_withdraw

    shown, hidden = pledges
    also = PledgeFactory(lead=kenya, status="published", objectives=[5])
    follow_add(user=focal_ken, kind="pledge", key=shown.code)
    follow_add(user=focal_mex, kind="objective", key="5")
    pledge_withdraw(pledge=shown, user=focal_mex)  # the lead's focal point
    pledge_unpublish(pledge=also, user=staff_user, reason="Figures to correct")
    pledge_withdraw(pledge=hidden, user=focal_ken)  # never public: no feed row, no mail

    assert digests_send(day=timezone.localdate()) == 2

    by_address = {m.to[0]: m.body for m in mail.outbox}
    ken = by_address["focal-ken@example.org"]
    assert f"{shown.code} no longer public: withdrawn on" in ken
    assert shown.title not in ken
    mex = by_address["focal-mex@example.org"]
    assert f"{also.code} no longer public: unpublished on" in mex
    assert "Figures to correct" not in mex and also.title not in mex
    assert hidden.code not in ken + mex


def test_every_digest_carries_one_click_unsubscribe_links_and_headers(focal_ken, pledges):
    shown, _hidden = pledges
    follow_add(user=focal_ken, kind="pledge", key=shown.code)
    follow_add(user=focal_ken, kind="country", key="KEN")
    changed(shown)

    digests_send(day=timezone.localdate())

    (message,) = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and "/follow/unsubscribe/" in header
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.strip("<>") in message.body
    assert f"Stop following the pledge {shown.code}: http" in message.body
    assert "Stop following the country KEN: http" in message.body


def _link(message, text):
    line = next(line for line in message.body.splitlines() if text in line)
    return "/" + line.rsplit(": http", 1)[1].split("/", 3)[3]


def test_unsubscribe_get_asks_and_post_stops_one_follow_without_signing_in(
    client, focal_ken, pledges
):
    shown, _hidden = pledges
    follow_add(user=focal_ken, kind="pledge", key=shown.code)
    follow_add(user=focal_ken, kind="country", key="KEN")
    changed(shown)
    digests_send(day=timezone.localdate())
    url = _link(mail.outbox[0], "Stop following the pledge")

    asked = client.get(url)

    assert asked.status_code == 200 and "Stop the e-mails" in asked.content.decode()
    assert Follow.objects.count() == 2  # a link scanner's GET stops nothing
    done = client.post(url)
    assert done.status_code == 200 and "Done" in done.content.decode()
    assert list(Follow.objects.values_list("kind", "key")) == [("country", "KEN")]
    assert client.post(url).status_code == 200  # again: nothing left to stop


def test_one_click_post_of_a_mail_client_stops_all(client, focal_ken, pledges):
    shown, _hidden = pledges
    follow_add(user=focal_ken, kind="pledge", key=shown.code)
    follow_add(user=focal_ken, kind="objective", key="5")
    changed(shown)
    digests_send(day=timezone.localdate())
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").split("/", 3)[3]

    answer = client.post("/" + url, {"List-Unsubscribe": "One-Click"})

    assert answer.status_code == 200 and not Follow.objects.exists()


@pytest.mark.parametrize("spoil", ["tampered", "expired", "other_salt"])
def test_a_tampered_or_expired_link_is_a_clear_400_and_changes_nothing(
    client, focal_ken, pledges, settings, spoil
):
    from django.core import signing

    from pledges.follows import unsubscribe_token

    follow = follow_add(user=focal_ken, kind="country", key="KEN")
    token = unsubscribe_token(focal_ken.pk, None)
    if spoil == "tampered":
        token = signing.dumps({"u": focal_ken.pk, "f": "all"}, salt="x")[:-2] + token[-2:]
    elif spoil == "expired":
        settings.FOLLOW_UNSUBSCRIBE_MAX_AGE_DAYS = -1
    else:
        token = signing.dumps({"u": focal_ken.pk, "f": "all"})
    url = f"/follow/unsubscribe/{token}/"

    for answer in (client.get(url), client.post(url)):
        assert answer.status_code == 400
        assert "This unsubscribe link is not valid" in answer.content.decode()
    assert list(Follow.objects.all()) == [follow]


def test_the_unsubscribe_page_speaks_the_readers_language(client, focal_ken, pledges):
    from pledges.follows import unsubscribe_token

    follow_add(user=focal_ken, kind="country", key="KEN")
    token = unsubscribe_token(focal_ken.pk, None)
    assert "Stop the e-mails" not in client.get(f"/fr/follow/unsubscribe/{token}/").content.decode()
    assert client.get("/fr/follow/unsubscribe/nonsense/").status_code == 400
