from django.urls import path

from . import views

app_name = "support"

# Public ids only: never a name, date of birth or NHS number.
urlpatterns = [
    path("patients/<uuid:public_id>", views.patient_support, name="patient"),
    path("patients/<uuid:public_id>/needs/new", views.need_add, name="need-add"),
    path("needs/<uuid:public_id>/end", views.need_end, name="need-end"),
    path(
        "patients/<uuid:public_id>/assessments/<slug:kind>",
        views.assessment_history,
        name="assessment-history",
    ),
    path(
        "patients/<uuid:public_id>/assessments/<slug:kind>/new",
        views.assessment_new,
        name="assessment-new",
    ),
    path("assessments/<uuid:public_id>", views.assessment_detail, name="assessment-detail"),
    path("assessments/<uuid:public_id>/marac", views.marac_new, name="marac-new"),
]
