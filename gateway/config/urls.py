from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

# Only staff who have signed in with password and TOTP may use the admin.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "Gateway administration"
admin.site.site_title = "Gateway administration"

urlpatterns = [
    path("", include("gateway.core.urls")),
    path("", include("gateway.accounts.urls")),
    path("patients/", include("gateway.patients.urls")),
    path("audit/", include("gateway.audit.urls")),
    path("sas/", include("gateway.sas.urls")),
    path("support/", include("gateway.support.urls")),
    path("registration/", include("gateway.registration.urls")),
    path("outbox/", include("gateway.comms.urls")),
    path("insight/", include("gateway.insight.urls")),
    path("imports/", include("gateway.imports.urls")),
    path("records/", include("gateway.records.urls")),
    path("", include("gateway.portal.urls")),
    path("api/", include("gateway.api.urls")),
    path("fhir/", include("gateway.api.fhir.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "gateway.core.views.not_found"
handler403 = "gateway.core.views.forbidden"
handler500 = "gateway.core.views.server_error"
