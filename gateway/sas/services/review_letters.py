"""The review and discharge letters to the patient, sent by their contact
plan through gateway.comms (ADR 0012). Letters to the patient are written for a reading age
of about 9."""

from django.utils import timezone

from gateway.comms.routing import queue_for_patient


def letter_to_patient(actor, organisation, episode, template, context):
    return queue_for_patient(
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
        related=episode,
    )
