"""Organisation-scoped reads of registration referrals. A referral is seen
by the organisation that referred, the practice it was sent to and that practice's
commissioner — and only while that organisation may see the person (gateway.patients.queries:
an active relationship). Anything else looks exactly like a missing referral (404).

Lists cost a bounded number of queries whatever their size (select_related only)."""

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.patients.models import Address, PatientFlag
from gateway.patients.queries import organisation_scope_ids, visible_patient_ids
from gateway.patients.queries.history import HistoryItem, history_source
from gateway.sas.models import Episode
from gateway.sas.states import ACTIVE_STATES

from .models import RegistrationAlert, RegistrationPolicy, RegistrationReferral
from .practice_options import practice_options  # noqa: F401 (read through queries)
from .rules.policy import DEFAULT_POLICY

Status = RegistrationReferral.Status


def _involved_in(organisation, prefix=""):
    return (
        Q(**{f"{prefix}referring_organisation": organisation})
        | Q(**{f"{prefix}practice": organisation})
        | Q(**{f"{prefix}practice__commissioner": organisation})
    )


def _involved_in_each_row(organisation, prefix=""):
    """``_involved_in``, with "the practice's commissioner" asked of the practice's own row
    (``EXISTS``) instead of by a join: the same referrals, but PostgreSQL checks it on each
    row as it walks a list's index rather than reading every referral to filter the join
    (ADR 0043, update 2026-12-07). A referral without a practice is involved only as
    referrer, as before."""
    overseen = Organisation.objects.filter(
        pk=OuterRef(f"{prefix}practice"), commissioner=organisation
    )
    return (
        Q(**{f"{prefix}referring_organisation": organisation})
        | Q(**{f"{prefix}practice": organisation})
        | Q(Exists(overseen))
    )


def _of_visible_people(user, organisation):
    """Referrals about people the organisation may see (the patient scope; never alone: each
    caller adds how the organisation is involved)."""
    return RegistrationReferral.objects.filter(
        patient_id__in=visible_patient_ids(user, organisation, for_registration=True)
    )


def _organisation_scope(organisation_id, today):
    """The people an organisation-wide scope sees on the day, from values alone: what
    ``visible_patient_ids`` reads for roles that see the organisation's whole scope (the
    list pages' reads compiled once a process, gateway.core.list_reads)."""
    return organisation_scope_ids(organisation_id, today, for_registration=True)


def visible_referrals(user, organisation):
    if organisation is None:
        return RegistrationReferral.objects.none()
    return _of_visible_people(user, organisation).filter(_involved_in(organisation))


def _involved_as(user, organisation, **role):
    """The referrals in which the organisation plays one part (``referring_organisation=``
    or ``practice=`` it): exactly ``visible_referrals`` narrowed to that part, without the
    ``OR`` across joins, so one index on the part and the list's order serves the page
    (ADR 0051)."""
    if organisation is None:
        return RegistrationReferral.objects.none()
    return _of_visible_people(user, organisation).filter(**role)


def _listing(queryset):
    return queryset.select_related(
        "patient", "practice", "referring_organisation", "referred_by", "refusal_reason"
    ).order_by("-referred_on", "-id")


def get_visible_referral(user, organisation, public_id):
    referral = (
        _listing(visible_referrals(user, organisation))
        .select_related("consent", "identity_confirmed_by", "practice__commissioner")
        .filter(public_id=public_id)
        .first()
    )
    if referral is None:
        raise Http404("No referral matches the given query.")
    return referral


def current_address(referral):
    """The person's current address, as the referral gives it to the practice (for a proxy
    address: care of the referring office, with that office's address)."""
    return (
        Address.objects.filter(patient=referral.patient, is_current=True)
        .select_related("care_of_organisation")
        .first()
    )


def referral_history(referral):
    """Every change of the referral's status, oldest first, with who made it."""
    return list(referral.changes.select_related("by", "by_organisation"))


def open_alerts_on(referral, organisation):
    """The referral's alerts still open for this organisation."""
    return list(referral.alerts.filter(organisation=organisation, cleared_at__isnull=True))


def linked_referrals(user, organisation, referral):
    """(the referral this one follows, the referrals that follow it), only those this
    organisation may open: a page never links to a 404."""
    visible = visible_referrals(user, organisation)
    follows = visible.filter(pk=referral.follows_id).first() if referral.follows_id else None
    return follows, list(visible.filter(follows=referral).select_related("practice"))


def gp_practices(options):
    """The practices of a practice choice (PracticeOption values), in the same order."""
    by_pk = {
        practice.pk: practice
        for practice in Organisation.objects.filter(pk__in=[option.pk for option in options])
    }
    return [by_pk[option.pk] for option in options if option.pk in by_pk]


def referrer_list(user, organisation):
    """The referring organisation's referrals, newest first."""
    return _listing(_involved_as(user, organisation, referring_organisation=organisation))


def organisation_referrer_list(organisation_id, today):
    """``referrer_list`` for an organisation-wide scope, from values alone."""
    referrals = RegistrationReferral.objects.filter(
        patient_id__in=_organisation_scope(organisation_id, today),
        referring_organisation_id=organisation_id,
    )
    return _listing(referrals)


def referred_to_practices(organisation):
    """(public id, name) of each practice the organisation has referred anyone to, by name:
    the referrer list's practice filter. One probe of the reg_referrer_practice index per
    practice, so it costs what the number of practices costs, not the organisation's
    referrals or the people it may see (ADR 0051). Not narrowed to people it may still see:
    a practice's name says nothing about a person and every one of these referrals was the
    organisation's own; choosing a practice still lists only referrals it may see."""
    if organisation is None:
        return []
    referred = RegistrationReferral.objects.filter(
        referring_organisation=organisation, practice=OuterRef("pk")
    )
    rows = (
        Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE)
        .filter(Exists(referred))
        .order_by("name")
        .values_list("public_id", "name")
    )
    return [(str(public_id), name) for public_id, name in rows]


def organisations_referring_to(practice):
    """(public id, name) of each organisation that has sent the practice a referral, by
    name: the inbox's "From" filter. One probe of the reg_practice_referrer index per
    organisation, not the practice's referrals nor the people it may see (ADR 0051 section
    7). Not narrowed to people it may still see, as referred_to_practices: the practice was
    sent each of these referrals; choosing one still lists only referrals it may see."""
    if practice is None:
        return []
    sent = RegistrationReferral.objects.filter(
        practice=practice, referring_organisation=OuterRef("pk")
    )
    rows = (
        Organisation.objects.filter(Exists(sent)).order_by("name").values_list("public_id", "name")
    )
    return [(str(public_id), name) for public_id, name in rows]


def practices_overseen(commissioner):
    """(public id, name) of each GP practice the commissioner looks after, by name: the
    worklist's "Practice" filter. Off the organisation's commissioner index, so it costs
    what the number of its practices costs, not its open items nor the people it may see
    (ADR 0051 section 7); a practice with nothing open is offered too."""
    if commissioner is None:
        return []
    rows = (
        Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE, commissioner=commissioner)
        .order_by("name")
        .values_list("public_id", "name")
    )
    return [(str(public_id), name) for public_id, name in rows]


def referrals_for_patient(user, organisation, patient, limit=10):
    """One person's GP registration referrals this organisation may see, newest first (one
    query, at most ``limit`` rows): the person's support page links each one, with its date,
    status and practice. Only those are read: the list's other joins (the person, who referred,
    the refusal reason) made PostgreSQL plan for longer than the read took (docs/adr/0061)."""
    return list(
        visible_referrals(user, organisation)
        .filter(patient=patient)
        .select_related("practice")
        .only("public_id", "referred_on", "status", "practice__name")
        .order_by("-referred_on", "-id")[:limit]
    )


def practice_inbox(user, organisation):
    """Referrals sent to the practice: waiting for an answer first (oldest first), then
    answered ones."""
    return _inbox(_involved_as(user, organisation, practice=organisation))


def organisation_inbox(organisation_id, today):
    """``practice_inbox`` for an organisation-wide scope, from values alone."""
    referrals = RegistrationReferral.objects.filter(
        patient_id__in=_organisation_scope(organisation_id, today), practice_id=organisation_id
    )
    return _inbox(referrals)


def _inbox(referrals):
    return _listing(referrals).order_by(RegistrationReferral.WAITING_FIRST, "sent_on", "-id")


def open_alerts(organisation, kinds=None):
    alerts = RegistrationAlert.objects.filter(organisation=organisation, cleared_at__isnull=True)
    if kinds:
        alerts = alerts.filter(kind__in=kinds)
    return alerts.select_related(
        "referral__patient", "referral__practice", "referral__referring_organisation"
    ).order_by("raised_on", "id")


# What the commissioner's worklist holds.
COMMISSIONER_KINDS = [
    RegistrationAlert.Kind.ESCALATION,
    RegistrationAlert.Kind.NOT_REASONABLE_REFUSAL,
    RegistrationAlert.Kind.REFUSAL_CHALLENGED,
    RegistrationAlert.Kind.FP69_ESCALATION,
]


def commissioner_worklist(user, organisation):
    """Escalations, refusals on grounds that are not reasonable or challenged by the referrer,
    and address-check (FP69)
    removals drawing near, for the commissioner of the practices involved."""
    if organisation is None:
        return RegistrationAlert.objects.none()
    patients = visible_patient_ids(user, organisation, for_registration=True)
    return _commissioner_worklist(organisation, patients)


def organisation_commissioner_worklist(organisation_id, today):
    """``commissioner_worklist`` for an organisation-wide scope, from values alone."""
    organisation = Organisation(pk=organisation_id)
    return _commissioner_worklist(organisation, _organisation_scope(organisation_id, today))


def _commissioner_worklist(organisation, patients):
    # visible_referrals, checked on each alert's referral as the worklist index (newest open
    # alerts of the organisation) walks them, not worked out for every referral first.
    return open_alerts(organisation, COMMISSIONER_KINDS).filter(
        _involved_in_each_row(organisation, "referral__"), referral__patient_id__in=patients
    )


def policy_for(practice, on_date=None):
    """The practice's commissioner's policy in force, or the built-in defaults."""
    on_date = on_date or timezone.localdate()
    commissioner_id = getattr(practice, "commissioner_id", None)
    if commissioner_id is None:
        return DEFAULT_POLICY
    policy = (
        RegistrationPolicy.objects.filter(
            commissioner_id=commissioner_id, effective_from__lte=on_date
        )
        .order_by("-version")
        .first()
    )
    return policy.values() if policy else DEFAULT_POLICY


def sas_routing(patient):
    """(on the scheme?, their SAS practice or None). On the scheme: an open 'attend SAS
    practice only' flag or an open SAS episode
    (docs/domain/special-allocation-scheme.md#the-special-allocation-scheme,
    docs/domain/gp-registration.md#registration-before-release-from-prison: SAS patients go back to
    the SAS on release). The practice is the one on the latest such episode."""
    episode = (
        Episode.objects.filter(patient=patient, state__in=sorted(ACTIVE_STATES))
        .select_related("sas_practice")
        .order_by("-id")
        .first()
    )
    flagged = PatientFlag.objects.filter(
        patient=patient, kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY, ended_at__isnull=True
    ).exists()
    if episode is None and not flagged:
        return False, None
    return True, episode.sas_practice if episode is not None else None


def open_referrals_to(practice_ids):
    """{practice id: how many registration referrals to it are still open} for these
    practices, in one query. Counts only, for the alert a closing practice raises for its
    commissioner (gateway/imports/practices)."""
    found = (
        RegistrationReferral.objects.filter(
            practice_id__in=list(practice_ids), status__in=RegistrationReferral.OPEN_STATUSES
        )
        .order_by()
        .values_list("practice_id")
        .annotate(count=Count("id"))
    )
    return dict(found)


def open_referrals_at(user, organisation, practice):
    """The open registration referrals to this practice that its commissioner may see,
    oldest first: the list a commissioner redirects when the practice closes
    (gateway/imports/closures)."""
    return (
        visible_referrals(user, organisation)
        .filter(
            practice=practice,
            practice__commissioner=organisation,
            status__in=sorted(RegistrationReferral.OPEN_STATUSES),
        )
        .select_related("patient", "referring_organisation")
        .order_by("referred_on", "pk")
    )


@history_source
def referral_rows(user, organisation, patient_ids, limit):
    """The person's GP registration referrals as rows of one history across apps (the record
    page of a person whose duplicate record is linked into theirs). One query; the caller
    passes only people the organisation may see."""
    if not user.has_perm("registration.view_referral", organisation):
        return []
    rows = (
        RegistrationReferral.objects.filter(patient_id__in=patient_ids)
        .select_related("practice")
        .order_by("-referred_on", "-pk")[:limit]
    )
    return [
        HistoryItem(
            on=referral.referred_on,
            kind="GP registration referral",
            text=(
                f"{referral.get_status_display()}"
                + (f" ({referral.practice.name})" if referral.practice_id else "")
            ),
            patient_id=referral.patient_id,
        )
        for referral in rows
    ]


def referral_list(user, organisation):
    """Every referral the organisation may see, newest first (the API's list): referred,
    sent to it as the practice, or overseen as the practice's commissioner. The same
    referrals as ``visible_referrals``, with "overseen" asked of the practice's key (one of
    the practices it commissions) instead of a join to every referral's practice: the ``OR``
    is then of two of the referral's own columns, each read off an index, not a filter on
    every referral joined first (issue 17 cause 1)."""
    if organisation is None:
        return RegistrationReferral.objects.none()
    # The practices it commissions, read first (one query off the commissioner's index), so
    # the referrals' practice is matched to a list an index can take, beside its own key.
    overseen = Organisation.objects.filter(commissioner=organisation).values_list("pk", flat=True)
    practices = [organisation.pk, *overseen]
    involved = Q(referring_organisation=organisation) | Q(practice_id__in=practices)
    return _listing(_of_visible_people(user, organisation).filter(involved))
