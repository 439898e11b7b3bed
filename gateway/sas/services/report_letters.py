"""Letters from the removal, screening and allocation steps, through gateway.comms.

Letters to the patient go by their contact plan (gateway.comms.routing.queue_for_patient:
text, email, post, or handed over by their worker or SAS practice; ADR 0012). Letters to a
practice go by post to the practice."""

from gateway.comms.routing import queue_for_patient
from gateway.comms.services import queue_letter
from gateway.patients.models import Address

__all__ = ["current_address", "organisation_address_lines", "queue_for_patient", "queue_letter"]


def current_address(patient):
    return (
        Address.objects.filter(patient=patient, is_current=True)
        .select_related("care_of_organisation")
        .first()
    )


def organisation_address_lines(organisation):
    return [organisation.name, *organisation.postal_lines]
