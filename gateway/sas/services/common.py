"""Small helpers the review and discharge services share. They live below both, so neither
imports the other's private names (reviews uses discharge to make the step-down plan)."""

from gateway.audit import services as audit

from ..models import Review


def stored_actor(actor):
    """The user to store as who did it, or None when the system did it (no saved user)."""
    return actor if getattr(actor, "pk", None) else None


def audit_episode(action, actor, organisation, obj, episode, fields, detail=None):
    """One audit row for a change to something of the episode, filed under its patient."""
    audit.record(
        action,
        actor=actor,
        organisation=organisation,
        obj=obj,
        patient=episode.patient_id,
        changed_fields=fields,
        detail=detail,
    )


def check_took_part(data):
    """The patient's part in their own review is always recorded, at a review and at an
    exception panel alike."""
    if data.get("patient_took_part") not in Review.HowTookPart.values:
        return {"patient_took_part": "Say whether the patient took part, and how"}
    return {}
