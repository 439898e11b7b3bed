"""The person's caseload date kept on their row (docs/adr/0043-lists-that-stay-fast.md): what
a support worker's "Your clients" list sorts by, worked out from the person's SAS deadlines.

Which dates count (docs/domain/sas-appeals.md#appeals, docs/domain/sas-reviews-and-discharge.md):
the open deadlines of an open episode (not met, cancelled or paused in custody) that a support
worker helps the person with: the review and what it needs from them, the appeal forms and
panel, the discharge (overdue ones too: they are still to do); and the last day to appeal while
it has not passed (a window that passed without an appeal is not something to do).

``refresh_caseload_due(patient ids)`` writes the three columns in one UPDATE, in the caller's
transaction. It is called by every write of a deadline (through ``refresh_next_due``), by every
change of an episode's state, and by the daily job for the people whose window has passed."""

from django.apps import apps
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from gateway.patients.models import Patient
from gateway.sas.states import OPEN_STATES

COMING_UP_KINDS = ("review", "patient_appeal_form", "appeal_panel", "discharge")
APPEAL_WINDOWS = ("appeal_against_placement", "appeal_against_remaining")


def coming_up(today):
    """The deadline kinds on the caseload on ``today``: every coming-up kind, and an appeal
    window until its last day has passed."""
    return Q(kind__in=COMING_UP_KINDS) | Q(kind__in=APPEAL_WINDOWS, due_on__gte=today)


def _soonest(condition):
    # The deadline model by name: episode.py calls this module, so it cannot import it back.
    deadlines = apps.get_model("sas", "Deadline").objects
    return Subquery(
        deadlines.filter(
            condition,
            met_at__isnull=True,
            cancelled_at__isnull=True,
            suspended_at__isnull=True,  # the open deadlines (episode.OPEN_DEADLINE)
            episode__patient=OuterRef("pk"),
            episode__state__in=sorted(OPEN_STATES),
        )
        .order_by("due_on")
        .values("due_on")[:1]
    )


def _write(people, today):
    return people.update(
        coming_up_on=_soonest(Q(kind__in=COMING_UP_KINDS)),
        appeal_window_ends_on=_soonest(Q(kind__in=APPEAL_WINDOWS, due_on__gte=today)),
        caseload_due_on=_soonest(coming_up(today)),
    )


def refresh_caseload_due(patient_ids, today=None):
    """Set each person's coming_up_on, appeal_window_ends_on and caseload_due_on from their
    deadlines again, as on ``today``: one UPDATE."""
    patient_ids = sorted({pk for pk in patient_ids if pk is not None})
    if patient_ids:
        _write(Patient.objects.filter(pk__in=patient_ids), today or timezone.localdate())


def refresh_caseload_due_of_episodes(episode_ids):
    """The same for the people of these episodes: one UPDATE."""
    episode_ids = sorted({pk for pk in episode_ids if pk is not None})
    if episode_ids:
        episodes = apps.get_model("sas", "Episode").objects.filter(pk__in=episode_ids)
        people = episodes.values("patient_id")
        _write(Patient.objects.filter(pk__in=people), timezone.localdate())


def people_whose_window_passed(today=None):
    """The people whose stored date counted an appeal window that has passed by ``today``
    (read off the partial index patient_appeal_window_ends)."""
    return Patient.objects.filter(appeal_window_ends_on__lt=today or timezone.localdate())


def move_on_passed_windows(today=None):
    """Write again the caseload date of everyone whose appeal window has passed by ``today``:
    one UPDATE of only those rows (after it, none is left). Returns how many."""
    today = today or timezone.localdate()
    return _write(people_whose_window_passed(today), today)
