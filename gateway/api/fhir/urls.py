from django.urls import path

from . import views

app_name = "fhir"

urlpatterns = [
    path("metadata", views.metadata, name="metadata"),
    path("<str:resource_type>", views.search, name="search"),
    path("<str:resource_type>/_search", views.search_by_post, name="search-by-post"),
    path("<str:resource_type>/<str:resource_id>", views.read, name="read"),
]
