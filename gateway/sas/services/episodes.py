"""Every change to the scheme's records goes through here: permission, the change itself,
its history and the audit row, all in one transaction (house rules)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.accounts.rules import roles_in
from gateway.audit import services as audit
from gateway.core.models import save_if_unchanged

from ..errors import ConflictError, IllegalTransition, NotAllowed
from ..models import Deadline, Episode, Review, SchemePolicy, StatusHistory
from ..models.caseload_key import refresh_caseload_due
from ..models.deadline import copy_practices_to_deadlines
from ..states import STATE_LABELS, TERMINAL_STATES, check_transition, get_transition
from . import custody

Action = audit.Action

# Pages, history and letters name the system when nobody pressed a button.
SYSTEM_ACTOR_NAME = "Gateway (automatic)"


class SystemActor:
    """Stands in for a person when a scheduled job acts (automatic discharge): audit rows
    and status history carry this name and no user."""

    pk = None
    is_authenticated = False
    display_name = SYSTEM_ACTOR_NAME

    def __str__(self):
        return SYSTEM_ACTOR_NAME


SYSTEM = SystemActor()


def roles_on_episode(actor, organisation, episode):
    """The actor's roles that count for this episode: a role counts only in the organisation
    that plays that part in it (the episode's commissioner, its SAS practice, or the
    practice that removed the patient)."""
    if organisation is None:
        return set()
    roles = roles_in(actor, organisation)
    parts = {
        episode.commissioner_id: {Role.COMMISSIONER, Role.PANEL_MEMBER},
        episode.sas_practice_id: {Role.SAS_PRACTICE_STAFF},
        episode.removing_practice_id: {Role.PRACTICE_STAFF},
    }
    counted = set()
    for organisation_id, part_roles in parts.items():
        if organisation_id is not None and organisation_id == organisation.pk:
            counted |= roles & {r.value for r in part_roles}
    return counted


def begin_screening_if_reported(actor, organisation, episode, expected_version):
    """A commissioner's decision on a report that nobody has started screening starts it in
    the same transaction, so screening opens straight at the decision (no separate "start
    screening" step) while the history still shows reported, then screening, then the
    decision. Returns the version the decision itself must expect."""
    from ..states import State

    if episode.state != State.REPORTED:
        return expected_version
    transition(actor, organisation, episode, "start_screening", expected_version)
    return episode.version


def transition(
    actor, organisation, episode, transition_name, expected_version, reason="", **fields
):
    """Move an episode through one transition of the table in gateway.sas.states.

    ``expected_version`` is the version the person's page was read at: if someone else has
    changed the episode since, nothing is written and ConflictError says so. ``fields`` are
    the episode fields the transition may set (for example ``sas_practice`` on allocate).
    When the episode ends (a closed state), its open deadlines are cancelled: nothing more
    is due on it. Returns the episode, updated in place."""
    definition = get_transition(transition_name)
    unexpected = set(fields) - definition.fields
    if unexpected:
        raise ValueError(f"{transition_name} cannot set {sorted(unexpected)}")
    reason = (reason or "").strip()
    if definition.reason_required and not reason:
        raise ValidationError({"reason": f"Say why you want to {definition.action}"})

    with transaction.atomic():
        # Lock the row where the database can, and decide on what is stored now, not on
        # what the caller's copy says.
        current = Episode.objects.select_for_update().get(pk=episode.pk)
        if current.version != expected_version:
            raise episode_changed_error()
        roles = roles_on_episode(actor, organisation, current)
        if not roles:
            raise NotAllowed(
                f"You cannot {definition.action}: the organisation you are working for is not "
                "involved in this episode. Switch to the organisation that is."
            )
        check_transition(current.state, transition_name, roles)
        for name, value in fields.items():
            setattr(current, name, value)
        _check_fields(current, definition)
        _move(current, definition, expected_version, actor, organisation, reason, fields)

    _update_copy(episode, current, fields)
    return episode


def system_transition(episode, transition_name, reason):
    """Move an episode through one transition of the state table on Gateway's own account,
    for changes nobody makes by hand (a scheduled job, such as automatic discharge).

    There is no role check, since no person acts, but the state table still applies
    (IllegalTransition otherwise). The status history row has no user and the name
    "Gateway (automatic)"; the audit row has no user and says ``"automatic": true``. It acts on
    the episode as stored now, so it never conflicts with an edit it has not seen. Like
    transition(), it cancels the open deadlines of an episode that ends. Returns the episode,
    updated in place."""
    definition = get_transition(transition_name)
    if definition.required_fields:
        raise ValueError(f"{transition_name} needs fields a person must choose")
    with transaction.atomic():
        current = Episode.objects.select_for_update().get(pk=episode.pk)
        if current.state not in definition.sources:
            raise IllegalTransition(
                f"Gateway cannot {definition.action} automatically because the episode is "
                f"{STATE_LABELS[current.state]}."
            )
        version = current.version
        _move(current, definition, version, SYSTEM, None, reason, {}, automatic=True)
    _update_copy(episode, current)
    return episode


def _move(current, definition, expected_version, actor, organisation, reason, fields, **detail):
    """The writes every transition makes, on the locked row: the state, its history, custody's
    pause or release, the end of what was due if the episode closes, and the audit row.
    The locked row ends up as stored: its new state, fields and version."""
    now = timezone.now()
    target = definition.target
    if definition.returns_to:
        # Release from custody goes back to the state custody interrupted.
        target = definition.target_from(custody.state_before(current))
    from_state = current.state
    try:
        save_if_unchanged(current, expected_version, state=target, state_changed_at=now, **fields)
    except ValidationError:
        # Only reachable where select_for_update does not lock (SQLite): the version check
        # in the UPDATE itself is what guarantees nothing is overwritten.
        raise episode_changed_error() from None
    # Only an open episode's dates are on the person's caseload (docs/adr/0043).
    refresh_caseload_due([current.patient_id])
    if "sas_practice" in fields:
        # The practices' worklists read the deadline rows' copy (docs/adr/0043, section 4a).
        copy_practices_to_deadlines(current)
    StatusHistory.objects.create(
        episode=current,
        from_state=from_state,
        to_state=target,
        transition=definition.name,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "display_name", "") or "",
        organisation=organisation,
        at=now,
        reason=reason,
    )
    detail.update(custody.on_move(current, from_state, target, now))
    if target in TERMINAL_STATES:
        cancel_open_deadlines(current, now)
        cancel_scheduled_reviews(current, now)
    audit.record(
        Action.STATE_CHANGE,
        actor=actor,
        organisation=organisation,
        obj=current,
        patient=current.patient_id,
        changed_fields=["state", *fields],
        detail={
            "from": from_state,
            "to": target,
            "transition": definition.name,
            **detail,
        },
    )


def _update_copy(episode, current, fields=()):
    """The caller's copy of the episode says what is stored now."""
    for name in ("state", "state_changed_at", "updated_at", "version", *fields):
        setattr(episode, name, getattr(current, name))


def cancel_open_deadlines(episode, now=None):
    """A closed episode has nothing more due (the rows stay, marked cancelled), paused or not.
    Whatever has been done should be marked met before the episode closes."""
    return Deadline.objects.filter(
        episode=episode, met_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=now or timezone.now())


def cancel_scheduled_reviews(episode, now=None):
    """A closed episode has no review to hold: one still scheduled is cancelled."""
    return Review.objects.filter(episode=episode, status=Review.Status.SCHEDULED).update(
        status=Review.Status.CANCELLED,
        version=F("version") + 1,
        updated_at=now or timezone.now(),
    )


def episode_changed_error():
    return ConflictError(
        "Someone else changed this episode while you were working on it, so your change was "
        "not saved. Reload the page to see what changed, then try again."
    )


def _check_fields(episode, definition):
    errors = {}
    for name in definition.required_fields:
        if getattr(episode, f"{name}_id", getattr(episode, name, None)) is None:
            label = Episode._meta.get_field(name).verbose_name
            errors[name] = [f"Choose the {label} to {definition.action}"]
    practice = episode.sas_practice if episode.sas_practice_id else None
    if (
        "sas_practice" in definition.fields
        and practice is not None
        and not (practice.is_sas_practice and practice.is_active)
    ):
        errors["sas_practice"] = ["Choose an active practice commissioned as an SAS practice"]
    if errors:
        raise ValidationError(errors)


def create_policy_version(actor, organisation, effective_from, **values):
    """A new version of the commissioner's scheme policy, taking effect on effective_from.
    Values not given are carried over from the latest version (or the defaults). Versions in
    force are never edited, so deadlines already set can always name the rules they used."""
    if organisation.kind != Organisation.Kind.COMMISSIONER or Role.COMMISSIONER not in roles_in(
        actor, organisation
    ):
        raise NotAllowed(
            "Only a commissioner can change the scheme policy. Switch to your commissioner "
            "organisation, or ask a commissioner to do it."
        )
    return new_policy_version(actor, organisation, effective_from, **values)


def new_policy_version(actor, commissioner, effective_from, **values):
    """Write the next version of a commissioner's policy (no role check: callers decide who
    may; the admin site lets superusers do it for any commissioner)."""
    organisation = commissioner
    unknown = set(values) - set(SchemePolicy.VALUE_FIELDS)
    if unknown:
        raise ValueError(f"Not scheme policy values: {sorted(unknown)}")

    with transaction.atomic():
        latest = (
            SchemePolicy.objects.select_for_update()
            .filter(commissioner=organisation)
            .order_by("-version")
            .first()
        )
        if latest is not None and effective_from < latest.effective_from:
            raise ValidationError(
                {
                    "effective_from": (
                        "A new version must take effect on or after the latest version "
                        f"(version {latest.version}, from {latest.effective_from:%d/%m/%Y})"
                    )
                }
            )
        carried = {n: getattr(latest, n) for n in SchemePolicy.VALUE_FIELDS} if latest else {}
        policy = SchemePolicy(
            commissioner=organisation,
            version=latest.version + 1 if latest else 1,
            effective_from=effective_from,
            created_by=actor if getattr(actor, "pk", None) else None,
            **{**carried, **values},
        )
        policy.full_clean()
        policy.save()
        audit.record(
            Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=policy,
            changed_fields=sorted(values),
            detail={"version": policy.version, "effective_from": effective_from.isoformat()},
        )
    return policy
