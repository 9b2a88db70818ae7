from django.urls import path

from core import converters  # noqa: F401  registers <text:…>, a segment without control characters

from . import text_views, views

app_name = "reviews"

urlpatterns = [
    path("reviews/", views.review_calendar, name="calendar"),
    path("reviews/<int:pk>/", views.review_detail, name="detail"),
    path("reviews/<int:pk>/plan/", views.plan_document, name="plan_document"),
    # The review texts as pages (reviews/text_views.py).
    path("reports/<slug:slug>/", text_views.report_page, name="report"),
    path("declaration/", text_views.declaration_page, name="declaration"),
    path("targets/<slug:slug>/", text_views.target_page, name="target"),
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
