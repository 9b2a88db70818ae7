from django.urls import path

from core import converters  # noqa: F401  registers <text:…>, a segment without control characters

from . import snapshot_views, text_views, views

app_name = "reviews"

urlpatterns = [
    path("reviews/", views.review_calendar, name="calendar"),
    path("reviews/<int:pk>/", views.review_detail, name="detail"),
    path("reviews/<int:pk>/plan/", views.plan_document, name="plan_document"),
    # The review texts as pages (reviews/text_views.py).
    path("reports/<slug:slug>/", text_views.report_page, name="report"),
    path("declaration/", text_views.declaration_page, name="declaration"),
    path("targets/<slug:slug>/", text_views.target_page, name="target"),
    # The public record frozen at review events (reviews/snapshot_views.py).
    path("snapshots/", snapshot_views.snapshot_list, name="snapshots"),
    # Before the snapshots' slugs: staff follow the builds here.
    path("snapshots/builds/", snapshot_views.snapshot_builds, name="snapshot_builds"),
    path("snapshots/<slug:slug>/", snapshot_views.snapshot_detail, name="snapshot"),
    path(
        "snapshots/<slug:slug>/pledges/", snapshot_views.snapshot_pledges, name="snapshot_pledges"
    ),
    path(
        "snapshots/<slug:slug>/compare/", snapshot_views.snapshot_compare, name="snapshot_compare"
    ),
    path(
        "snapshots/<slug:slug>/download.<str:format>",
        snapshot_views.snapshot_download,
        name="snapshot_download",
    ),
]

# A State's profile shows its pledges and its reviews, so reviews serves it; the project
# mounts it as its own `countries` namespace so that pledges' pages can link to a
# country without naming the reviews app (gcm_tracker/urls.py).
country_urlpatterns = [
    path("", views.country_list, name="index"),
    path("<text:code>/", views.country_detail, name="detail"),
    path("<text:code>/report/", views.country_report_page, name="report"),
    path("<text:code>/report.pdf", views.country_report_pdf, name="report_pdf"),
]
