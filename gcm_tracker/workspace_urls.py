"""/workspace/: the focal points' pages (sign-in required), from both apps' views.

The project package wires them together so that neither app's urls import the other's.
"""

from django.urls import path

from core import converters  # noqa: F401  registers <text:…>, a segment without control characters
from pledges import workspace_follows as follows
from pledges import workspace_matches as matches
from pledges import workspace_spreadsheets as spreadsheets
from pledges import workspace_views as pledges
from reviews import workspace_views as reviews
from reviews.workspace_home import workspace_home

app_name = "workspace"

urlpatterns = [
    path("", workspace_home, name="home"),
    # Follow by e-mail (the daily digest): one's follows, and the pages' buttons.
    path("following/", follows.following, name="following"),
    path("following/add/", follows.follow, name="follow"),
    path("following/remove/", follows.unfollow, name="unfollow"),
    # Matching offers: those received and made, each step a form; making one.
    path("matches/", matches.matches, name="matches"),
    path("matches/offer/", matches.match_offer, name="match_offer"),
    path("matches/<int:id>/accept/", matches.match_accept, name="match_accept"),
    path("matches/<int:id>/decline/", matches.match_decline, name="match_decline"),
    path("matches/<int:id>/resource/", matches.match_resource, name="match_resource"),
    path("matches/<int:id>/deliver/", matches.match_deliver, name="match_deliver"),
    path("matches/<int:id>/withdraw/", matches.match_withdraw, name="match_withdraw"),
    path("pledges/new/", pledges.pledge_create, name="pledge_create"),
    # Spreadsheets to fill in offline (before <code>: these names are not pledge codes).
    path("pledges/template.xlsx", spreadsheets.template_download, name="pledge_template"),
    path(
        "pledges/updates-template.xlsx",
        spreadsheets.template_download,
        {"kind": "updates"},
        name="update_template",
    ),
    path("pledges/import/", spreadsheets.import_upload, name="pledge_import"),
    path("pledges/import/<text:key>/", spreadsheets.import_report, name="pledge_import_report"),
    path("pledges/<text:code>/", pledges.pledge_detail, name="pledge"),
    path("pledges/<text:code>/edit/", pledges.pledge_edit, name="pledge_edit"),
    path("pledges/<text:code>/submit/", pledges.pledge_submit, name="pledge_submit"),
    path("pledges/<text:code>/withdraw/", pledges.pledge_withdraw, name="pledge_withdraw"),
    path(
        "pledges/<text:code>/commitments/",
        reviews.pledge_commitments_edit,
        name="pledge_commitments",
    ),
    path("pledges/<text:code>/support/", matches.pledge_support, name="pledge_support"),
    path(
        "pledges/<text:code>/support/clear/",
        matches.pledge_support_clear,
        name="pledge_support_clear",
    ),
    path("pledges/<text:code>/updates/new/", pledges.progress_update_create, name="update_create"),
    path(
        "pledges/<text:code>/updates/<int:pk>/reply/",
        pledges.dispute_reply,
        name="dispute_reply",
    ),
    path(
        "pledges/<text:code>/partners/<text:actor>/",
        pledges.partnership_detail,
        name="partnership",
    ),
    path(
        "pledges/<text:code>/partners/<text:actor>/accept/",
        pledges.partnership_accept,
        name="partnership_accept",
    ),
    path(
        "pledges/<text:code>/partners/<text:actor>/decline/",
        pledges.partnership_decline,
        name="partnership_decline",
    ),
    path(
        "pledges/<text:code>/partners/<text:actor>/leave/",
        pledges.partnership_leave,
        name="partnership_leave",
    ),
    path("reviews/", reviews.review_index, name="reviews"),
    path("reviews/start/", reviews.review_start, name="review_start"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    path("reviews/<int:pk>/submit/", reviews.review_submit, name="review_submit"),
    path("reviews/<int:pk>/recall/", reviews.review_recall, name="review_recall"),
    path(
        "reviews/<int:pk>/objectives/<int:number>/",
        reviews.assessment_edit,
        name="assessment",
    ),
]
