from django.urls import path

from ..views import report_form, reports

urlpatterns = [
    path("reports/new", report_form.report_new, name="report-new"),
    path("reports/check/<str:token>", report_form.report_check, name="report-check"),
    path("screening", reports.screening_queue, name="screening-queue"),
    path("episodes/<uuid:public_id>/screen", reports.screen, name="screen"),
    path("episodes/<uuid:public_id>/allocate", reports.allocate, name="allocate"),
    path(
        "episodes/<uuid:public_id>/request-information",
        reports.request_information,
        name="request-information",
    ),
    path(
        "episodes/<uuid:public_id>/answer-information",
        reports.answer_information,
        name="answer-information",
    ),
    path("episodes/<uuid:public_id>/decline", reports.decline, name="decline"),
    path(
        "episodes/<uuid:public_id>/confirm-in-writing",
        reports.confirm_in_writing,
        name="confirm-in-writing",
    ),
]
