from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("reviews/", views.review_calendar, name="calendar"),
    path("reviews/<int:pk>/", views.review_detail, name="detail"),
    path("reviews/<int:pk>/plan/", views.plan_document, name="plan_document"),
]

# A State's profile shows its pledges and its reviews, so reviews serves it; the project
# mounts it as its own `countries` namespace so that pledges' pages can link to a
# country without naming the reviews app (gcm_tracker/urls.py).
country_urlpatterns = [
    path("", views.country_list, name="index"),
    path("<str:code>/", views.country_detail, name="detail"),
]
