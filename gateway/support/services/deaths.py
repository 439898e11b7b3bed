"""Deaths (docs/domain/multiple-disadvantage.md#deaths: very high premature mortality among people
facing multiple disadvantage, often from treatable or preventable causes — record deaths with the
cause category for learning reviews).

Who may record a death: anyone who works with the person's records in an organisation
involved with them (commissioner, practice, SAS practice, support worker).
docs/domain/sas-other-changes.md#death lets the commissioner and both practices record a death on an
SAS episode; in multiple disadvantage it is often the support worker who hears first, and the sooner
the record says so the sooner letters stop.

Recording a death closes what was open, in the same transaction:
- open SAS episodes end by the SAS death change (gateway.sas.services.changes): by the
  recorder when they have a part in the episode, otherwise by Gateway on its own account with
  the same side effects (appeals closed, "attend SAS practice only" ended);
- open referrals to services are withdrawn ("The person died"), and each referrer is told;
- open GP registration referrals are withdrawn too, whoever made them, so no practice is
  chased about someone who has died;
- open actions are cancelled with that outcome, so they leave the owners' worklists;
- the person's open contact routes end, "do not send letters" is set, and messages still
  waiting in the outbox for them are cancelled: nothing is sent to a person who has died.

The record (learning review status and findings above all) is edited later as the review goes
on; each save keeps the whole record as it was (DeathRevision) and is audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gateway.audit import services as audit
from gateway.comms.services import cancel_waiting_messages
from gateway.patients.models import ContactRoute
from gateway.patients.services import contact as contact_services
from gateway.registration.services import withdraw_on_death
from gateway.sas.models import Episode
from gateway.sas.services import changes
from gateway.sas.services.episodes import system_transition
from gateway.sas.states import OPEN_STATES

from ..models import Action, Death, DeathRevision
from . import flags as flag_services
from . import referrals as referral_services
from .common import require_access, save_if_unchanged

RECORD = "support.record_death"
DIED = "The person died"
FIELDS = (
    "died_on",
    "date_is_estimated",
    "place",
    "place_detail",
    "cause_category",
    "cause_detail",
    "preventable",
    "treatable",
    "learning_review_status",
    "learning_review_findings",
)
CHOICES = {
    "place": Death.Place,
    "cause_category": Death.Cause,
    "preventable": Death.Judgement,
    "treatable": Death.Judgement,
    "learning_review_status": Death.ReviewStatus,
}


def _clean(values):
    data = {name: values.get(name) for name in FIELDS}
    errors = {}
    if data["died_on"] is None:
        errors["died_on"] = "Enter the date the person died"
    elif data["died_on"] > timezone.localdate():
        errors["died_on"] = "The date the person died must be today or in the past"
    for name, choices in CHOICES.items():
        if data[name] not in choices.values:
            errors[name] = "Choose an answer from the list"
    for name in ("place_detail", "cause_detail", "learning_review_findings"):
        data[name] = (data[name] or "").strip()
    data["date_is_estimated"] = bool(data["date_is_estimated"])
    if data["place"] == Death.Place.OTHER and not data["place_detail"]:
        errors["place_detail"] = "Say where the person died"
    if (
        data["learning_review_status"] == Death.ReviewStatus.COMPLETE
        and not (data["learning_review_findings"])
    ):
        errors["learning_review_findings"] = "Enter what the review found"
    if errors:
        raise ValidationError(errors)
    return data


def _snapshot(death):
    return {name: str(getattr(death, name)) for name in FIELDS}


def _revision(actor, organisation, death):
    DeathRevision.objects.create(
        death=death,
        version=death.version,
        values=_snapshot(death),
        by=actor,
        by_organisation=organisation,
    )


def record_death(actor, organisation, patient, values):
    require_access(actor, organisation, patient, RECORD)
    data = _clean(values)
    if Death.objects.filter(patient=patient).exists():
        raise ValidationError(
            "A death has already been recorded for this person: change it instead"
        )
    with transaction.atomic():
        death = Death.objects.create(
            patient=patient, recorded_by=actor, organisation=organisation, **data
        )
        _revision(actor, organisation, death)
        closed = close_what_was_open(actor, organisation, patient, death)
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=death,
            patient=patient,
            changed_fields=list(FIELDS),
            detail={"closed": closed},
        )
    death.closed = closed
    return death


def update_death(actor, organisation, death, expected_version, values):
    """A later change (the learning review above all): saved only over the version the user
    read; the record as it was stays in its revisions."""
    require_access(actor, organisation, death.patient, RECORD)
    data = _clean(values)
    changed = [name for name in FIELDS if getattr(death, name) != data[name]]
    if not changed:
        return death
    with transaction.atomic():
        save_if_unchanged(death, expected_version, **data)
        _revision(actor, organisation, death)
        audit.record(
            audit.Action.UPDATE,
            actor=actor,
            organisation=organisation,
            obj=death,
            patient=death.patient,
            changed_fields=changed,
        )
    return death


def close_what_was_open(actor, organisation, patient, death):
    """Everything left open about the person, closed as the module docstring says. Returns
    counts of what was closed (kept in the audit row)."""
    return {
        "sas_episodes": _end_sas_episodes(actor, organisation, patient, death),
        "referrals": referral_services.withdraw_open_referrals(
            actor, organisation, patient, timezone.localdate(), DIED
        ),
        "registration_referrals": _withdraw_registrations(actor, organisation, patient),
        "actions": _cancel_actions(actor, organisation, patient, death),
        "contact_routes": _end_contact_routes(actor, organisation, patient),
        "messages": _stop_messages(actor, organisation, patient),
    }


def _end_sas_episodes(actor, organisation, patient, death):

    reason = f"Death recorded by {actor.display_name}, {organisation.name}"
    count = 0
    for episode in Episode.objects.filter(patient=patient, state__in=OPEN_STATES):
        mine = {c.code for c in changes.available_changes(actor, organisation, episode)}
        if "death" in mine:
            changes.record_change(actor, organisation, episode, "death", episode.version, reason)
        else:
            # The recorder has no part in the episode: Gateway ends it on its own account,
            # with the death change's own side effects.
            system_transition(episode, "record_death", reason)
            changes.close_open_appeals(actor, organisation, episode, f"Episode ended: {DIED}")
            changes.end_attend_sas_flag(actor, episode)
        count += 1
    return count


def _cancel_actions(actor, organisation, patient, death):
    now = timezone.now()
    outcome = f"Cancelled: {DIED.lower()} on {death.died_on:%-d %B %Y}"
    count = 0
    for action in Action.objects.filter(patient=patient, status=Action.Status.OPEN):
        Action.objects.filter(pk=action.pk).update(
            status=Action.Status.CANCELLED,
            outcome=outcome,
            closed_at=now,
            closed_by=actor,
            version=F("version") + 1,
            updated_at=now,
        )
        audit.record(
            audit.Action.STATE_CHANGE,
            actor=actor,
            organisation=organisation,
            obj=action,
            patient=patient,
            changed_fields=["status", "outcome"],
            detail={"status": Action.Status.CANCELLED, "because": "death"},
        )
        count += 1
    return count


def _end_contact_routes(actor, organisation, patient):

    routes = list(ContactRoute.objects.filter(patient=patient, ended_at__isnull=True))
    for route in routes:
        fresh = ContactRoute.objects.get(pk=route.pk)
        contact_services.end_route(actor, organisation, fresh, DIED, fresh.version)
    if not flag_services.open_flags(patient).filter(kind=flag_services.Kind.DO_NOT_SEND_LETTERS):
        flag_services.set_flag(
            actor,
            organisation,
            patient,
            kind=flag_services.Kind.DO_NOT_SEND_LETTERS,
            detail="The person has died",
        )
    return len(routes)


def _withdraw_registrations(actor, organisation, patient):

    return withdraw_on_death(actor, organisation, patient, DIED)


def _stop_messages(actor, organisation, patient):

    return cancel_waiting_messages(actor, organisation, patient, because="death")
