"""/exports/…: the pages that ask for an export and follow it (the API's routes are in
the project's router)."""

from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("new/", views.export_new, name="new"),
    path("<int:pk>/", views.export_detail, name="detail"),
]
