from django.urls import path

from .views import exports

app_name = "records"

urlpatterns = [
    path("subject-access/", exports.exports, name="exports"),
    path("people/<uuid:public_id>/subject-access/", exports.start, name="start"),
    path("subject-access/<uuid:public_id>/", exports.export, name="export"),
    path("subject-access/<uuid:public_id>/status/", exports.export_status, name="export-status"),
    path(
        "subject-access/<uuid:public_id>/download/",
        exports.export_download,
        name="export-download",
    ),
]
