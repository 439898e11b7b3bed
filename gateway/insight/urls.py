from django.urls import path

from .views import dashboard, definitions, people

app_name = "insight"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("definitions", definitions.definitions, name="definitions"),
    path("people/<slug:kind>", people.people, name="people"),
]
