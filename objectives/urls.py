from django.urls import path

from . import compact_views, views

app_name = "objectives"

urlpatterns = [
    path("objectives/", views.objective_index, name="index"),
    path("principles/", views.principle_index, name="principles"),
    path("compact/", compact_views.compact_text, name="compact"),
]
