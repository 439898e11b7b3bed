"""The commissioner's screening of a removal report
(docs/domain/sas-removal-and-allocation.md#what-does-not-qualify): starting it, asking the removing
practice for more and its answer, and declining a report that does not qualify.
Allocation is in allocation.py.

Every function checks who may act, writes, records status history and audit, and queues the
letters, all in one transaction (house rules)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit import services as audit

from ... import rules
from ...models import Deadline, InformationRequest
from ...queries import policy_in_force
from ..episodes import begin_screening_if_reported, roles_on_episode, transition
from ..report_letters import organisation_address_lines, queue_for_patient, queue_letter

Action = audit.Action

INFORMATION_DUE_WORKING_DAYS = 5


def start_screening(actor, organisation, episode, expected_version):
    return transition(actor, organisation, episode, "start_screening", expected_version)


def default_information_due(today=None):
    return rules.add_working_days(today or timezone.localdate(), INFORMATION_DUE_WORKING_DAYS)


def request_more_information(actor, organisation, episode, expected_version, question, due_on):
    """Ask the removing practice for more before deciding, with a due date that shows on the
    worklist."""
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": "Enter what you need the practice to tell you"})
    today = timezone.localdate()
    if due_on is None or due_on < today:
        raise ValidationError({"due_on": "The date to answer by must be today or later"})
    with transaction.atomic():
        expected_version = begin_screening_if_reported(
            actor, organisation, episode, expected_version
        )
        transition(
            actor,
            organisation,
            episode,
            "request_more_information",
            expected_version,
            reason=question,
        )
        InformationRequest.objects.create(
            episode=episode, question=question, requested_by=actor, due_on=due_on
        )
        Deadline.objects.create(
            episode=episode,
            kind="information_request",
            label="Practice to send the information asked for",
            starts_on=today,
            due_on=due_on,
            rule="The removing practice answers the commissioner's questions",
            explanation=f"the date the commissioner set on {rules.long_date(today)}",
            policy=policy_in_force(episode.commissioner),
        )
    return episode


def open_information_request(episode):
    return episode.information_requests.filter(answered_at__isnull=True).order_by("-id").first()


# Who uses the screening pages (the episode's commissioner) and the page that answers the
# commissioner's questions (staff at the practice that made the report). The pages let no one
# else in, and the episode page offers their links to no one else.
SCREEN_ROLES = frozenset({Role.COMMISSIONER})
ANSWER_ROLES = frozenset({Role.PRACTICE_STAFF})


def may_screen(actor, organisation, episode):
    return bool(roles_on_episode(actor, organisation, episode) & SCREEN_ROLES)


def may_answer_questions(actor, organisation, episode):
    return bool(roles_on_episode(actor, organisation, episode) & ANSWER_ROLES)


def answer_information_request(actor, organisation, episode, expected_version, answer):
    """The removing practice answers; the episode goes back to screening."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "Enter the information the commissioner asked for"})
    with transaction.atomic():
        transition(actor, organisation, episode, "provide_more_information", expected_version)
        request = open_information_request(episode)
        now = timezone.now()
        if request is not None:
            request.answer, request.answered_by, request.answered_at = answer, actor, now
            request.save(update_fields=["answer", "answered_by", "answered_at", "updated_at"])
        Deadline.objects.filter(
            episode=episode, kind="information_request", met_at__isnull=True
        ).update(met_at=now)
        audit.record(
            Action.UPDATE,
            actor=actor,
            organisation=organisation,
            obj=episode,
            patient=episode.patient_id,
            changed_fields=["information_answer"],
        )
    return episode


def decline(actor, organisation, episode, expected_version, reason):
    """The report does not qualify
    (docs/domain/sas-removal-and-allocation.md#what-does-not-qualify). The patient stays registered
    with the practice: no flag, no SAS practice. The practice and the patient are told why."""
    with transaction.atomic():
        # The episode closes: transition() cancels all its open deadlines (allocation
        # target, information request, written confirmation).
        expected_version = begin_screening_if_reported(
            actor, organisation, episode, expected_version
        )
        transition(actor, organisation, episode, "decline", expected_version, reason=reason)
        context = {"episode": episode, "reason": reason.strip(), "today": timezone.localdate()}
        practice = episode.removing_practice
        if practice is not None:
            queue_letter(
                actor,
                organisation,
                template="letters/sas/report_declined_practice.jinja",
                context=context,
                patient=episode.patient,
                recipient_organisation=practice,
                address_lines=organisation_address_lines(practice),
                related=episode,
            )
        queue_for_patient(
            actor,
            organisation,
            template="letters/sas/report_declined_patient.jinja",
            context=context,
            patient=episode.patient,
            related=episode,
        )
    return episode


def hours_since(moment, now=None):
    return ((now or timezone.now()) - moment) / datetime.timedelta(hours=1)
