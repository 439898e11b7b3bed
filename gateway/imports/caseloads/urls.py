from django.urls import path

from . import views

urlpatterns = [
    path("caseloads/", views.upload, name="caseload-upload"),
    path("caseloads/<uuid:public_id>/", views.caseload, name="caseload"),
    path("caseloads/<uuid:public_id>/columns", views.columns, name="caseload-columns"),
    path("caseloads/<uuid:public_id>/progress", views.progress, name="caseload-progress"),
    path("caseloads/<uuid:public_id>/apply", views.apply, name="caseload-apply"),
    path("caseloads/<uuid:public_id>/abandon", views.abandon, name="caseload-abandon"),
    path("caseloads/<uuid:public_id>/problems.csv", views.problems, name="caseload-problems"),
]
