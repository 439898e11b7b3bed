"""Read-side helpers for support information. Patients are reached only through
gateway.patients.queries, so an organisation sees a person's needs and assessments exactly
when it can see the person (fails closed, 404 otherwise)."""

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.core.prepared import Statement
from gateway.patients.models import Patient
from gateway.patients.queries import visible_patients

from ..models import (
    AbuseIncident,
    Assessment,
    FrailtyBandTable,
    MaracReferral,
    MCNRule,
    MCNStatus,
    Need,
    SupportPolicy,
)
from ..rules import dash, mcn


def commissioner_for(patient, organisation):
    """The commissioner whose multiple-disadvantage definition applies to the person: the
    commissioner of their care if one is linked, else the acting organisation's commissioner,
    else the commissioner of the organisation that created the record."""
    from gateway.patients.models import PatientRelationship

    linked = (
        Organisation.objects.filter(
            patient_relationships__patient=patient,
            patient_relationships__kind=PatientRelationship.Kind.COMMISSIONER,
            patient_relationships__is_active=True,
        )
        .order_by("pk")
        .first()
    )
    if linked is not None:
        return linked
    acting = acting_commissioner_id(organisation)
    if acting is not None:
        return organisation if acting == organisation.pk else organisation.commissioner
    return Organisation.objects.filter(
        commissioned_organisations__pk=patient.created_by_organisation_id
    ).first()


def acting_commissioner_id(organisation):
    """The acting organisation's commissioner (itself, for a commissioner), or None."""
    if organisation is None:
        return None
    if organisation.kind == Organisation.Kind.COMMISSIONER:
        return organisation.pk
    return organisation.commissioner_id or None


def mcn_rule_in_force(commissioner, on_date=None):
    if commissioner is None:
        return None
    return (
        MCNRule.objects.filter(
            commissioner=commissioner, effective_from__lte=on_date or timezone.localdate()
        )
        .select_related("commissioner")
        .order_by("-version")
        .first()
    )


def current_needs(patient):
    return Need.objects.filter(patient=patient, status=Need.Status.CURRENT)


def evaluate_mcn(patient, rule):
    """The person's current needs under one rule version (the services store the result)."""
    domains = set(current_needs(patient).values_list("domain", flat=True))
    return mcn.evaluate(domains, rule.values())


def latest_mcn_status(patient, commissioner):
    """The status last worked out for the person under the commissioner's rule, or None."""
    if commissioner is None:
        return None
    return (
        MCNStatus.objects.filter(patient=patient, commissioner=commissioner)
        .select_related("rule__commissioner", "worked_out_by")
        .first()
    )


def mcn_status(patient, organisation):
    """(McnResult or None, commissioner or None): the status as last worked out and stored,
    naming the rule version that decided it. None when it has never been worked out."""
    commissioner = commissioner_for(patient, organisation)
    stored = latest_mcn_status(patient, commissioner)
    return (stored.result() if stored else None), commissioner


def band_table_for(commissioner, on_date=None):
    """The commissioner's own Edmonton band table in force, else the default one."""
    tables = FrailtyBandTable.objects.filter(
        effective_from__lte=on_date or timezone.localdate()
    ).order_by("-version", "-id")
    table = None
    if commissioner is not None:
        table = tables.filter(commissioner=commissioner).first()
    table = table or tables.filter(commissioner__isnull=True).first()
    if table is not None:
        table.band_rows = table.rows()
    return table


def needs_for(patient):
    return Need.objects.filter(patient=patient).select_related(
        "recorded_by", "organisation", "ended_by"
    )


def assessments_for(patient, kind=None):
    assessments = Assessment.objects.filter(patient=patient).select_related(
        "assessed_by", "organisation", "band_table"
    )
    return assessments.filter(kind=kind) if kind else assessments


def latest_assessments(patient):
    """The most recent assessment of each kind: {kind: Assessment} (one query, compiled once
    a process: ADR 0068)."""
    found = {
        assessment.kind: assessment for assessment in LATEST.rows("latest", patient_id=patient.pk)
    }
    return {kind: found[kind] for kind in Assessment.Kind.values if kind in found}


def _latest_built(shape, *, patient_id):
    newest_of_kind = Assessment.objects.filter(
        patient=OuterRef("patient"), kind=OuterRef("kind")
    ).order_by("-assessed_on", "-id")
    return assessments_for(Patient(pk=patient_id)).filter(
        pk=Subquery(newest_of_kind.values("pk")[:1])
    )


def marac_referrals_for(patient):
    return MaracReferral.objects.filter(patient=patient).select_related(
        "referred_by", "organisation", "assessment"
    )


def marac_referrals_shown(patient, shown):
    """The first ``shown`` of ``marac_referrals_for`` (compiled once a process)."""
    return MARAC_SHOWN.rows(shown, patient_id=patient.pk)


def _marac_shown_built(shown, *, patient_id):
    return marac_referrals_for(Patient(pk=patient_id))[:shown]


LATEST = Statement(_latest_built, planned_once=True)
MARAC_SHOWN = Statement(_marac_shown_built, planned_once=True)


def marac_referrals_from(assessment):
    """The MARAC referrals made from one DASH checklist."""
    return assessment.marac.select_related("referred_by", "organisation")


def support_policy_values(commissioner, on_date=None):
    """The escalation figures of the commissioner's support policy in force on on_date, or
    the built-in defaults (version 0) when there is none."""
    if commissioner is None:
        return dash.DEFAULT_ESCALATION
    policy = (
        SupportPolicy.objects.filter(
            commissioner=commissioner, effective_from__lte=on_date or timezone.localdate()
        )
        .order_by("-version")
        .first()
    )
    return policy.values() if policy else dash.DEFAULT_ESCALATION


def incidents_for(patient):
    return AbuseIncident.objects.filter(patient=patient).select_related(
        "recorded_by", "organisation"
    )


def dash_escalation(patient, organisation, today=None, *, commissioner=None):
    """Escalation to MARAC for the person today (gateway.support.rules.dash.escalation), or
    None. Callers show it only to those who may see DASH details."""
    today = today or timezone.localdate()
    commissioner = commissioner or commissioner_for(patient, organisation)
    policy = support_policy_values(commissioner, today)
    last = last_marac_referral(patient, today)
    dates = incidents_for(patient).filter(occurred_on__lte=today)
    return dash.escalation(
        dates.values_list("occurred_on", flat=True),
        last.referred_on if last else None,
        today,
        policy,
    )


def last_marac_referral(patient, on_or_before):
    return (
        MaracReferral.objects.filter(patient=patient, referred_on__lte=on_or_before)
        .order_by("-referred_on", "-id")
        .first()
    )


def _visible(model, user, organisation, public_id, related):
    found = (
        model.objects.filter(public_id=public_id, patient__in=visible_patients(user, organisation))
        .select_related("patient", *related)
        .first()
    )
    if found is None:
        raise Http404("Nothing matches the given query.")
    return found


def get_visible_assessment(user, organisation, public_id):
    return _visible(
        Assessment, user, organisation, public_id, ("assessed_by", "organisation", "band_table")
    )


def get_visible_need(user, organisation, public_id):
    return _visible(Need, user, organisation, public_id, ("recorded_by", "organisation"))
