from django.urls import path

from . import views

app_name = "patients"

urlpatterns = [
    path("", views.search, name="search"),
    path("new", views.create, name="create"),
]
