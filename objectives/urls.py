from django.urls import path

from . import views

app_name = "objectives"

urlpatterns = [
    path("objectives/", views.objective_index, name="index"),
    path("objectives/<int:number>/", views.objective_detail, name="detail"),
    path("principles/", views.principle_index, name="principles"),
]
