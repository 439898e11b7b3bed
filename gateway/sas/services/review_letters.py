"""Queueing the review and discharge letters through gateway.comms (issue 3 item 5).

Until the communications part lands, nothing is queued: this module never keeps its own
outbox (helpers' brief). Letters to the patient are written for a reading age of about 9."""

import importlib

from django.utils import timezone

from gateway.patients.models import Address


def _comms_queue_letter():
    try:
        module = importlib.import_module("gateway.comms.services")
    except ImportError:
        return None
    return getattr(module, "queue_letter", None)


def queue_letter(actor, organisation, **kwargs):
    """Queue a letter inside the caller's transaction; None while comms has not landed."""
    queue = _comms_queue_letter()
    if queue is None:
        return None
    return queue(actor, organisation, **kwargs)


def patient_address_lines(patient):
    """The current address. With none (no fixed abode) the letter is still queued, so comms
    can hold it for another route such as the support worker."""
    address = (
        Address.objects.filter(patient=patient, is_current=True)
        .select_related("care_of_organisation")
        .first()
    )
    if address is None:
        return [patient.full_name, "No fixed abode"]
    return [patient.full_name, *address.lines]


def letter_to_patient(actor, organisation, episode, template, context):
    return queue_letter(
        actor,
        organisation,
        template=f"letters/sas/{template}.jinja",
        context={
            "episode": episode,
            "patient": episode.patient,
            "commissioner": episode.commissioner,
            "today": timezone.localdate(),
            **context,
        },
        patient=episode.patient,
        address_lines=patient_address_lines(episode.patient),
        related=episode,
    )
