from django.urls import path

from core import converters  # noqa: F401  registers <text:…>, a segment without control characters

from . import feeds, views, workspace_follows
from .dashboard import CHART_STATS_KEYS

app_name = "pledges"

urlpatterns = [
    path("pledges/", views.pledge_directory, name="index"),
    # Before <code>: not a pledge code.
    path("pledges/seeking-support/", views.seeking_support, name="seeking_support"),
    path("pledges/<text:code>/", views.pledge_detail, name="detail"),
    # Uploads are served through the pledge's visibility rules, never from /media/.
    path("pledges/<text:code>/document/", views.pledge_document, name="document"),
    path("pledges/<text:code>/evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("dashboard/", views.dashboard, name="dashboard"),
    # Each chart's numbers (pledges/dashboard.py); one fixed path per chart, no slot.
    *(
        path(
            f"dashboard/{chart}.csv",
            views.dashboard_csv,
            {"chart": chart},
            name=f"dashboard_{chart}_csv",
        )
        for chart in CHART_STATS_KEYS
    ),
    # Atom feeds of the public record (pledges/feeds.py), in the reader's language.
    path("feeds/pledges/", feeds.PublishedPledgesFeed(), name="feed"),
    path("feeds/pledges/<text:code>/", feeds.PledgeUpdatesFeed(), name="feed_updates"),
    path("feeds/countries/<text:code>/", feeds.CountryPledgesFeed(), name="feed_country"),
    path("feeds/objectives/<int:number>/", feeds.ObjectivePledgesFeed(), name="feed_objective"),
    # A digest's one-click unsubscribe link (signed, no sign-in): GET asks, POST stops.
    path("follow/unsubscribe/<str:token>/", workspace_follows.unsubscribe, name="unsubscribe"),
]

# An objective's page: the compact's text with the pledges serving it, so pledges
# serves it. The project mounts it in the `objectives` namespace beside the compact's
# own pages (gcm_tracker/urls.py), so that `objectives:detail` links to it and
# objectives knows nothing of pledges.
objective_urlpatterns = [
    path("objectives/<int:number>/", views.objective_detail, name="detail"),
]
