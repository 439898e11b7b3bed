"""SAS pages. Each part of the journey keeps its routes in its own module."""

from django.urls import include, path

app_name = "sas"

urlpatterns = [
    path("", include("gateway.sas.urls.episodes")),
    path("", include("gateway.sas.urls.reports")),
    path("", include("gateway.sas.urls.appeals")),
    path("", include("gateway.sas.urls.reviews")),
]
