from django.urls import path

from . import views

app_name = "pledges"

urlpatterns = [
    path("pledges/", views.pledge_directory, name="index"),
    path("pledges/<str:code>/", views.pledge_detail, name="detail"),
    # Uploads are served through the pledge's visibility rules, never from /media/.
    path("pledges/<str:code>/document/", views.pledge_document, name="document"),
    path("pledges/<str:code>/evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("dashboard/", views.dashboard, name="dashboard"),
    # An objective's page with its pledges. It takes /objectives/<n>/ over from
    # objectives.urls (included after this module in gcm_tracker/urls.py), whose
    # `objectives:detail` name still builds the link; objectives knows nothing of pledges.
    path("objectives/<int:number>/", views.objective_detail, name="objective"),
]
