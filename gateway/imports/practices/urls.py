from django.urls import path

from . import views

urlpatterns = [
    path("practices/", views.start, name="practices"),
    path("practices/<uuid:public_id>/", views.detail, name="practice-import"),
    path(
        "practices/<uuid:public_id>/progress/",
        views.progress,
        name="practice-import-progress",
    ),
    path("practices/<uuid:public_id>/confirm/", views.confirm, name="practice-import-confirm"),
]
