from django.urls import path

from . import export_views

app_name = "exports"

urlpatterns = [
    path("new/", export_views.export_new, name="new"),
    path("<int:pk>/", export_views.export_detail, name="detail"),
]
