from django.urls import path

from . import views

app_name = "patients"

# Only random tokens and public ids in these paths: never a name, date of birth or NHS number.
urlpatterns = [
    path("", views.search, name="search"),
    path("results/<str:token>", views.results, name="results"),
    path("new", views.create, name="create"),
    path("new/check/<str:token>", views.create_check, name="create-check"),
    path("<uuid:public_id>", views.detail, name="detail"),
    path("<uuid:public_id>/edit", views.edit, name="edit"),
]
