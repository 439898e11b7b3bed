"""Queueing the removal, screening and allocation letters through gateway.comms.

The communications part builds the outbox (issue 3 item 5). Until it lands, letters are not
queued anywhere: this module never keeps its own outbox (helpers' brief)."""

import importlib

from gateway.patients.models import Address


def _comms_queue_letter():
    try:
        module = importlib.import_module("gateway.comms.services")
    except ImportError:
        return None
    return getattr(module, "queue_letter", None)


def comms_available():
    return _comms_queue_letter() is not None


def queue_letter(actor, organisation, **kwargs):
    """Queue a letter inside the caller's transaction; None when comms has not landed."""
    queue = _comms_queue_letter()
    if queue is None:
        return None
    return queue(actor, organisation, **kwargs)


def current_address(patient):
    return (
        Address.objects.filter(patient=patient, is_current=True)
        .select_related("care_of_organisation")
        .first()
    )


def patient_address_lines(patient):
    """The patient's current address. With no fixed abode (or no address at all) the letter
    is still queued: comms holds it for another route, such as a support worker."""
    name = patient.full_name
    address = current_address(patient)
    if address is None:
        return [name, "No fixed abode"]
    return [name, *address.lines]
