"""Subject access exports as the member of staff who asked for them sees them. Fail closed:
an export is found only by the person who asked for it, in the organisation they asked in;
anyone else gets a 404, exactly like a missing one."""

from django.http import Http404

from gateway.patients import queries as patient_queries

from ..models import SubjectAccessExport

get_visible_patient = patient_queries.get_visible_patient


def exports_asked_for_by(user, organisation):
    """The exports this person asked for in this organisation, newest first, without their
    content (a list reads no ZIP)."""
    if organisation is None or user is None or not user.is_authenticated:
        return SubjectAccessExport.objects.none()
    return (
        SubjectAccessExport.objects.filter(requested_by=user, organisation=organisation)
        .filter(patient__in=patient_queries.visible_patients(user, organisation))
        .select_related("patient")
        .defer("content")
        .order_by("-created_at", "-id")
    )


def get_own_export(user, organisation, public_id, *, with_content=False):
    """One of this person's exports, or 404 (someone else's, another organisation's, or a
    person the organisation can no longer see)."""
    exports = exports_asked_for_by(user, organisation)
    if with_content:
        exports = exports.defer(None)
    export = exports.filter(public_id=public_id).first()
    if export is None:
        raise Http404("No subject access export matches the given query.")
    return export
