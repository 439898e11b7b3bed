"""Every write to needs, assessments and MARAC referrals: check permission, work out scores
with the pure rules, write, audit — in one transaction. Refusals are ValidationError (field
errors in plain words) or PermissionDenied."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.audit import services as audit

from .. import queries
from ..models import Assessment, MaracReferral, MCNStatus, Need
from ..rules import dash, edmonton, ndta
from ..rules.permissions import can_view_dash_details
from .common import not_in_future, require_access

Action = audit.Action


def add_need(actor, organisation, patient, *, domain, status, evidence, noted_on):
    return add_needs(
        actor,
        organisation,
        patient,
        domains=[domain],
        status=status,
        evidence=evidence,
        noted_on=noted_on,
    )[0]


def add_needs(actor, organisation, patient, *, domains, status, evidence, noted_on):
    """Record one or more needs seen together (one form: the same status, evidence and
    date), each its own row, and work out the multiple-disadvantage status once."""
    require_access(actor, organisation, patient, "support.record_support")
    not_in_future(noted_on, "noted_on", "The date")
    domains = list(dict.fromkeys(domains or []))
    if not domains:
        raise ValidationError({"domain": "Choose at least one need"})
    if not (evidence or "").strip():
        raise ValidationError({"evidence": "Enter the evidence for this need"})
    needs = []
    with transaction.atomic():
        for domain in domains:
            need = Need.objects.create(
                patient=patient,
                domain=domain,
                status=status,
                evidence=evidence.strip(),
                noted_on=noted_on,
                recorded_by=actor,
                organisation=organisation,
            )
            audit.record(
                Action.CREATE,
                actor=actor,
                organisation=organisation,
                obj=need,
                patient=patient,
                changed_fields=["domain", "status", "evidence", "noted_on"],
            )
            needs.append(need)
        why = "A need was recorded" if len(needs) == 1 else f"{len(needs)} needs were recorded"
        record_mcn_status(actor, organisation, patient, why=why)
    return needs


def end_need(actor, organisation, need, *, ended_on, reason=""):
    """A current need becomes past; the row and its evidence stay."""
    require_access(actor, organisation, need.patient, "support.record_support")
    if need.status != Need.Status.CURRENT:
        raise ValidationError("This need has already ended")
    not_in_future(ended_on, "ended_on", "The date the need ended")
    if ended_on < need.noted_on:
        raise ValidationError({"ended_on": "The date the need ended must be after it was noted"})
    with transaction.atomic():
        values = {
            "status": Need.Status.PAST,
            "ended_on": ended_on,
            "ended_by": actor,
            "end_reason": (reason or "").strip(),
            "updated_at": timezone.now(),
        }
        # Conditional on the need still being current: when two people end it at once the
        # second is refused and the first one's date and reason stand (ADR 0046).
        if not Need.objects.filter(pk=need.pk, status=Need.Status.CURRENT).update(**values):
            raise ValidationError("Someone else ended this need while you were looking at it")
        for name, value in values.items():
            setattr(need, name, value)
        audit.record(
            Action.UPDATE,
            actor=actor,
            organisation=organisation,
            obj=need,
            patient=need.patient,
            changed_fields=["status", "ended_on", "end_reason"],
        )
        record_mcn_status(actor, organisation, need.patient, why="A need ended")
    return need


def record_mcn_status(actor, organisation, patient, *, why):
    """Work out the person's multiple-disadvantage status under the commissioner's rule in
    force today and store it with that version
    (docs/domain/multiple-disadvantage.md#who-counts-as-facing-multiple-disadvantage: record which
    rule version was applied). Runs inside the caller's transaction. None when no rule is in
    force."""
    commissioner = queries.commissioner_for(patient, organisation)
    rule = queries.mcn_rule_in_force(commissioner)
    if rule is None:
        return None
    result = queries.evaluate_mcn(patient, rule)
    status = MCNStatus.objects.create(
        patient=patient,
        commissioner=commissioner,
        rule=rule,
        meets=result.meets,
        counted=list(result.counted),
        worked_out_on=timezone.localdate(),
        why=why,
        worked_out_by=actor if getattr(actor, "pk", None) else None,
        organisation=organisation,
    )
    audit.record(
        Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=status,
        patient=patient,
        detail={"rule_version": rule.version, "meets": result.meets},
    )
    return status


def work_out_mcn_status_again(actor, organisation, patient):
    """A newer version of the rule is in force (or the status was never worked out): work it
    out under the version in force now. Earlier statuses stay, naming their version."""
    require_access(actor, organisation, patient, "support.record_support")
    commissioner = queries.commissioner_for(patient, organisation)
    rule = queries.mcn_rule_in_force(commissioner)
    if rule is None:
        raise ValidationError(
            "There is no multiple-disadvantage rule in force, so the status cannot be worked out"
        )
    stored = queries.latest_mcn_status(patient, commissioner)
    if stored is not None and stored.rule_id == rule.pk:
        raise ValidationError(f"The status is already worked out under {rule.values().describe()}")
    with transaction.atomic():
        return record_mcn_status(
            actor, organisation, patient, why=f"Worked out again under version {rule.version}"
        )


def _save_assessment(actor, organisation, patient, **fields):
    assessment = Assessment.objects.create(
        patient=patient, assessed_by=actor, organisation=organisation, **fields
    )
    audit.record(
        Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=assessment,
        patient=patient,
        # The kind only: a DASH's answers and score stay out of the audit detail.
        detail={"kind": assessment.kind},
    )
    return assessment


def _check_assessed_on(assessed_on):
    not_in_future(assessed_on, "assessed_on", "The date of the assessment")


def record_edmonton(actor, organisation, patient, answers, *, assessed_on, notes=""):
    """answers: as gateway.support.rules.edmonton.score takes them."""
    require_access(actor, organisation, patient, "support.record_support")
    _check_assessed_on(assessed_on)
    try:
        total, points = edmonton.score(answers)
    except (KeyError, ValueError) as error:
        raise ValidationError(str(error)) from None
    table = queries.band_table_for(queries.commissioner_for(patient, organisation), assessed_on)
    if table is None:
        raise ValidationError(
            "There is no Edmonton Frail Scale band table in force. Ask an administrator to "
            "set one up."
        )
    # A table saved before band tables were checked may have a gap: say so, never fail.
    problems = edmonton.check_bands(table.band_rows)
    if problems:
        raise ValidationError(
            f"The Edmonton Frail Scale bands in force ({table}) do not cover every score from "
            f"0 to {edmonton.MAX_TOTAL}, so no band can be given and nothing has been saved. "
            "Ask an administrator to correct the band table: " + "; ".join(problems) + "."
        )
    stored = dict(answers)
    if stored.get("get_up_and_go_seconds") is not None:
        stored["get_up_and_go_seconds"] = str(stored["get_up_and_go_seconds"])
    with transaction.atomic():
        return _save_assessment(
            actor,
            organisation,
            patient,
            kind=Assessment.Kind.EDMONTON,
            assessed_on=assessed_on,
            answers=stored,
            item_scores=points,
            total=total,
            rule_version=edmonton.RULE_VERSION,
            band=edmonton.band_for(total, table.band_rows),
            band_table=table,
            notes=(notes or "").strip(),
        )


def record_ndta(actor, organisation, patient, ratings, *, assessed_on, notes=""):
    """ratings: the 0–4 rating of every item; the rule doubles the two risk items."""
    require_access(actor, organisation, patient, "support.record_support")
    _check_assessed_on(assessed_on)
    try:
        total, contributions = ndta.score(ratings)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    with transaction.atomic():
        return _save_assessment(
            actor,
            organisation,
            patient,
            kind=Assessment.Kind.NDTA,
            assessed_on=assessed_on,
            answers={key: ratings[key] for key in ndta.KEYS},
            item_scores=contributions,
            total=total,
            rule_version=ndta.RULE_VERSION,
            notes=(notes or "").strip(),
        )


def record_dash(
    actor, organisation, patient, answers, *, assessed_on, judged=None, reasons="", notes=""
):
    """answers: {question number: yes / no / dont_know}. judged: professional judgement of
    the risk level, or None. A 14+ is high risk and cannot be judged lower; judging high
    below 14 needs reasons. Flags a repeat within 12 months of the last MARAC referral."""
    require_access(actor, organisation, patient, "support.record_support")
    _check_assessed_on(assessed_on)
    try:
        count = dash.yes_count(answers)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    try:
        level = dash.risk_level(count, judged or None)
    except dash.DowngradeRefused as refused:
        raise ValidationError({"judged": refused.message}) from None
    score_level = dash.risk_level(count)
    raised_by_judgement = level == dash.HIGH and score_level != dash.HIGH
    reasons = (reasons or "").strip()
    if raised_by_judgement and not reasons:
        raise ValidationError(
            {"reasons": "Give the reasons for judging this high risk with fewer than 14 'yes'"}
        )
    last = queries.last_marac_referral(patient, assessed_on)
    with transaction.atomic():
        return _save_assessment(
            actor,
            organisation,
            patient,
            kind=Assessment.Kind.DASH,
            assessed_on=assessed_on,
            answers={str(number): answer for number, answer in sorted(answers.items())},
            item_scores={},
            total=count,
            rule_version=dash.RULE_VERSION,
            risk_level=level,
            judged_by_professional=bool(judged) and judged != score_level,
            judgement_reasons=reasons,
            is_repeat=dash.is_repeat(last.referred_on if last else None, assessed_on),
            notes=(notes or "").strip(),
        )


def refer_to_marac(actor, organisation, assessment, *, referred_on, reasons=""):
    """Record a MARAC referral made from a DASH. The reason follows from the checklist: 14+
    is visible high risk; otherwise it is professional judgement and needs reasons."""
    patient = assessment.patient
    require_access(actor, organisation, patient, "support.record_support")
    if assessment.kind != Assessment.Kind.DASH or not can_view_dash_details(
        actor, organisation, assessment
    ):
        raise PermissionDenied("Only people who can see this checklist can refer from it")
    not_in_future(referred_on, "referred_on", "The referral date")
    if referred_on < assessment.assessed_on:
        raise ValidationError(
            {"referred_on": "The referral date must be on or after the date of the checklist"}
        )
    reasons = (reasons or "").strip()
    if dash.is_visible_high_risk(assessment.total):
        reason = MaracReferral.Reason.VISIBLE_HIGH_RISK
    else:
        reason = MaracReferral.Reason.PROFESSIONAL_JUDGEMENT
        if not (reasons or assessment.judgement_reasons):
            raise ValidationError(
                {"reasons": "Give the reasons for referring on professional judgement"}
            )
        reasons = reasons or assessment.judgement_reasons
    last = queries.last_marac_referral(patient, referred_on)
    with transaction.atomic():
        referral = MaracReferral.objects.create(
            patient=patient,
            assessment=assessment,
            referred_on=referred_on,
            reason=reason,
            reasons_text=reasons,
            is_repeat=dash.is_repeat(last.referred_on if last else None, referred_on),
            referred_by=actor,
            organisation=organisation,
        )
        audit.record(
            Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=referral,
            patient=patient,
            detail={"kind": "marac_referral"},
        )
    return referral
