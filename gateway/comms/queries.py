"""Organisation-scoped reads of the outbox's hand-over tasks and unreachable people. They
fail closed: only the organisation's own tasks, only people it has a relationship with today
(an organisation whose consent-based access ended sees nothing more)."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.core.figures import CountUpTo, figures_query, named
from gateway.core.prepared import Statement
from gateway.patients.queries import (
    active_relationships,
    organisation_scope_ids,
    visible_patient_ids,
    visible_patients,
)
from gateway.patients.queries.history import HistoryItem, history_source

from .models import DeliveryAttempt, Message

Kind = Message.Kind
Status = Message.Status
LIGHT = ("pdf", "body_html", "body_text", "variants")


def _visible_patient_ids(organisation, today=None):
    return active_relationships(organisation, today).values("patient_id")


def _to_hand_over(organisation, today=None):
    return Message.objects.filter(
        kind=Kind.IN_PERSON,
        status=Status.TO_HAND_OVER,
        handover_organisation=organisation,
        patient_id__in=_visible_patient_ids(organisation, today),
    )


def handovers(user, organisation, *, mine=False):
    """Messages the organisation is to hand over, oldest first. ``mine``: only those named
    for this user (or for no one in particular)."""
    if organisation is None:
        return Message.objects.none()
    queryset = (
        _to_hand_over(organisation)
        .select_related("patient", "handover_worker", "created_for")
        .defer(*LIGHT)
        .order_by("created_at", "id")
    )
    if mine:
        queryset = queryset.filter(Q(handover_worker=user) | Q(handover_worker__isnull=True))
    return queryset


def handover_count(organisation):
    return handovers(None, organisation).count()


def get_handover(user, organisation, public_id):
    """One of the organisation's hand-over tasks (waiting or done), or 404."""
    if organisation is None:
        raise Http404
    message = (
        Message.objects.filter(
            kind=Kind.IN_PERSON,
            handover_organisation=organisation,
            patient_id__in=_visible_patient_ids(organisation),
            public_id=public_id,
        )
        .select_related("patient", "handover_worker", "created_for", "parent")
        .defer("pdf")
        .first()
    )
    if message is None:
        raise Http404
    return message


def unreachable(organisation):
    """Messages to people the organisation works with that reached no one, newest first,
    with what was tried and why each route failed (two extra queries, whatever the page)."""
    if organisation is None:
        return Message.objects.none()
    tries = Message.objects.defer(*LIGHT).order_by("id")
    return (
        Message.objects.filter(
            kind=Kind.ROUTED,
            status=Status.UNREACHABLE,
            patient_id__in=_visible_patient_ids(organisation),
        )
        .select_related("patient", "created_for")
        .defer(*LIGHT)
        .prefetch_related(
            Prefetch(
                "attempts_made",
                queryset=DeliveryAttempt.objects.order_by("at", "id"),
                to_attr="notes",
            ),
            Prefetch("tries", queryset=tries, to_attr="tried"),
            Prefetch(
                "tried__attempts_made",
                queryset=DeliveryAttempt.objects.order_by("at", "id"),
                to_attr="steps",
            ),
        )
        .order_by("-status_changed_at", "-id")
    )


def _unreachable_rows(organisation, today=None):
    return Message.objects.filter(
        kind=Kind.ROUTED,
        status=Status.UNREACHABLE,
        patient_id__in=_visible_patient_ids(organisation, today),
    )


def unreachable_count(organisation):
    if organisation is None:
        return 0
    return _unreachable_rows(organisation).count()


def home_counts(organisation, *, handover=False, unreach=False):
    """For the home page, in one query: the letters waiting to be handed over and the
    people no route reached (each None unless asked for), counted as ``handover_count`` and
    ``unreachable_count`` count them."""
    if not (handover or unreach):
        return None, None
    rows = HOME.rows(
        (handover, unreach), organisation_id=organisation.pk, today=timezone.localdate()
    )
    found = (named(rows[0]) if rows else None) or {}
    return found.get("handovers"), found.get("unreachable")


def _home_built(shape, *, organisation_id, today):
    """The home page's figures (``shape``: whether each is asked) from values alone."""
    handover, unreach = shape
    organisation = Organisation(pk=organisation_id)
    asked = {}
    if handover:
        asked["handovers"] = CountUpTo(_to_hand_over(organisation, today))
    if unreach:
        asked["unreachable"] = CountUpTo(_unreachable_rows(organisation, today))
    return figures_query(Organisation.objects.filter(pk=organisation_id), **asked)


# Built and compiled once a process (ADR 0068).
HOME = Statement(_home_built, planned_once=True)


def get_unreachable(organisation, public_id):
    message = (
        Message.objects.filter(
            kind=Kind.ROUTED,
            status=Status.UNREACHABLE,
            patient_id__in=_visible_patient_ids(organisation),
            public_id=public_id,
        )
        .select_related("patient", "created_for")
        .defer("pdf")
        .first()
        if organisation is not None
        else None
    )
    if message is None:
        raise Http404
    return message


# Letters and messages a person was sent: what the notice sent to their phone or inbox
# promises ("your worker or your SAS practice can show it to you"), so those organisations
# can open them too, not only the sender.
LETTER_KINDS = (Kind.LETTER, Kind.ROUTED, Kind.IN_PERSON)


def messages_to_patient(patient):
    """Everything written to the person (one row per message, not per route tried), newest
    first. The caller has already checked the organisation may see the person."""
    return (
        Message.objects.filter(patient=patient, parent__isnull=True, recipient_organisation=None)
        .select_related("created_for")
        .defer(*LIGHT)
        .order_by("-created_at", "-id")
    )


def get_message_to_visible_patient(user, organisation, public_id):
    """A letter to a person the organisation may see today, or 404 (a letter about someone
    else looks exactly like one that does not exist)."""
    found = (
        Message.objects.filter(
            public_id=public_id,
            parent__isnull=True,
            recipient_organisation=None,
            kind__in=LETTER_KINDS,
            patient__in=visible_patients(user, organisation),
        )
        .select_related("patient", "created_for")
        .defer(*LIGHT)
        .first()
    )
    if found is None:
        raise Http404
    return found


# The staff outbox: only the current organisation's messages; anyone else's are a 404.


def sent_for(user, organisation):
    """Every message the organisation sent or holds, about people the user may see there
    today: a letter about someone follows their record, so once the organisation's
    relationship with the person ends (their record is a 404) the letters are too. A
    practice asked to register the person keeps the letters it wrote to them."""
    patients = visible_patient_ids(user, organisation, for_registration=True)
    return _sent_for(organisation, patients)


def _sent_for(organisation, patients):
    return Message.objects.filter(created_for=organisation).filter(
        Q(patient__isnull=True) | Q(patient_id__in=patients)
    )


def outbox(user, organisation):
    """The outbox list: a message to a person once (its tries, one per route, are on its
    page), without the letter bodies."""
    return _outbox(sent_for(user, organisation))


def organisation_outbox(organisation_id, today):
    """``outbox`` for an organisation-wide scope, from the organisation's key and the day
    alone: the list page's read compiled once a process (gateway.core.list_reads)."""
    patients = organisation_scope_ids(organisation_id, today, for_registration=True)
    return _outbox(_sent_for(Organisation(pk=organisation_id), patients))


def _outbox(messages):
    return (
        messages.filter(parent__isnull=True)
        .select_related("patient", "recipient_organisation")
        .defer("pdf", "body_html", "body_text", "variants")
    )


def get_sent_for(user, organisation, public_id):
    found = (
        sent_for(user, organisation)
        .select_related("patient", "recipient_organisation", "created_by")
        .defer("pdf")
        .filter(public_id=public_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def route_tries(message):
    """Each try of a routed message, in the order they were made."""
    return list(message.tries.defer("pdf", "body_html").order_by("id"))


def carried_letter(message):
    """The latest letter a routed message's route posted or handed over, or None yet."""
    return (
        message.tries.filter(kind__in=(Kind.LETTER, Kind.IN_PERSON))
        .defer("pdf")
        .order_by("-id")
        .first()
    )


def stored_pdf(message):
    """The PDF the worker made of the letter, or None before it has."""
    return Message.objects.filter(pk=message.pk).values_list("pdf", flat=True).first()


@history_source
def message_rows(user, organisation, patient_ids, limit):
    """The messages to the person as rows of one history across apps (the record page of a
    person whose duplicate record is linked into theirs): what kind and where it got to, never
    the words. One query; the caller passes only people the organisation may see."""
    if not user.has_perm("comms.view_patient_letters", organisation):
        return []
    rows = Message.objects.filter(patient_id__in=patient_ids).order_by("-created_at", "-pk")
    return [
        HistoryItem(
            on=message.created_at.date(),
            kind="Message",
            text=f"{message.get_kind_display()}: {message.get_status_display()}",
            patient_id=message.patient_id,
        )
        for message in rows.only("kind", "status", "created_at", "patient_id")[:limit]
    ]
