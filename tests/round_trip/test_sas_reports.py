"""The removal report round-trips: every answer the practice gives is on the stored report,
with every behaviour it ticked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.sas.forms.reports import CheckReportForm, RemovalReportForm
from gateway.sas.models import Episode
from gateway.sas.tests.report_helpers import Scheme

from .harness import RoundTrip, check, date_parts, page_errors, scenario, submit

pytestmark = pytest.mark.django_db


def _yes_no(value):
    return "yes" if value else "no"


def _report_form(scheme, day, **overrides):
    data = {
        "signed_by_name": "Dr Sam Okafor",
        "signed_by_role": "practice_manager",
        **date_parts("incident_date", day),
        "incident_time": "10:15",
        "setting": "home_visit",
        "behaviours": ["violence", "weapon", "threat"],
        "description": "Threatened the nurse with a knife and hit her.",
        "previously_non_aggressive_in_anguish": "no",
        "health_condition_could_explain": "unsure",
        "learning_disability_or_neurodiversity_considered": "yes",
        "alternatives_tried": "A warning letter in March.",
        "police_reported": "yes",
        **date_parts("police_date", day),
        "police_time": "10:45",
        "police_reference": "CAD 1234",
        **date_parts("notice_date", day),
        "notice_time": "11:30",
        "notice_method": "in_writing",
        "patient_told": "would_harm",
        "mental_health_conditions": "Depression",
        "conditions_affecting_behaviour": "Alcohol use",
        "current_medications": "Sertraline 50mg",
        "other_care_providers": "Community mental health team",
        "other_care_providers_will_be_told": "on",
        "cqc_notified": "on",
    }
    data.update(overrides)
    return data


def _start(client, scheme, data):
    sign_in(client, scheme.practice_user, scheme.practice)
    start = submit(client, f"{reverse('sas:report-new')}?patient={scheme.patient.public_id}", data)
    assert start.status_code == 302, page_errors(start)
    return start["Location"]


@scenario(RemovalReportForm)
def removal_report(client):
    scheme = Scheme()
    day = timezone.localdate() - datetime.timedelta(days=2)
    data = _report_form(scheme, day)
    sent = submit(client, _start(client, scheme, data), {})
    assert sent.status_code == 302, page_errors(sent)
    report = Episode.objects.get(patient=scheme.patient).removal_report
    local = {
        name: timezone.localtime(getattr(report, name))
        for name in ("incident_at", "police_reported_at", "notice_given_at")
    }
    stored = {
        "signed_by_name": report.signed_by_name,
        "signed_by_role": report.signed_by_role,
        "incident_date": local["incident_at"].date(),
        "incident_time": local["incident_at"].time(),
        "setting": report.setting,
        "behaviours": report.behaviours,
        "description": report.description,
        "previously_non_aggressive_in_anguish": _yes_no(
            report.previously_non_aggressive_in_anguish
        ),
        "health_condition_could_explain": report.health_condition_could_explain,
        "learning_disability_or_neurodiversity_considered": _yes_no(
            report.learning_disability_or_neurodiversity_considered
        ),
        "alternatives_tried": report.alternatives_tried,
        "police_reported": _yes_no(report.police_reported),
        "police_date": local["police_reported_at"].date(),
        "police_time": local["police_reported_at"].time(),
        "police_reference": report.police_reference,
        "notice_date": local["notice_given_at"].date(),
        "notice_time": local["notice_given_at"].time(),
        "notice_method": report.notice_method,
        "patient_told": report.patient_told,
        "mental_health_conditions": report.mental_health_conditions,
        "conditions_affecting_behaviour": report.conditions_affecting_behaviour,
        "current_medications": report.current_medications,
        "other_care_providers": report.other_care_providers,
        "other_care_providers_will_be_told": report.other_care_providers_will_be_told,
        "cqc_notified": report.cqc_notified,
    }
    return RoundTrip(RemovalReportForm, data, stored)


@scenario(CheckReportForm)
def check_page(client):
    """A report with no police reference, from a hospital: the check page asks for the
    reference once more and for why the practice sends it anyway."""
    scheme = Scheme()
    day = timezone.localdate() - datetime.timedelta(days=2)
    check_url = _start(
        client, scheme, _report_form(scheme, day, police_reference="", setting="hospital")
    )
    confirm = {"police_reference": "CAD 1234/26", "explanation": "The GP was attacked there."}
    sent = submit(client, check_url, confirm)
    assert sent.status_code == 302, page_errors(sent)
    report = Episode.objects.get(patient=scheme.patient).removal_report
    stored = {"police_reference": report.police_reference, "explanation": report.explanation}
    return RoundTrip(CheckReportForm, confirm, stored)


def test_the_removal_report_keeps_every_answer_and_every_behaviour(client):
    check(removal_report(client))


def test_the_check_page_keeps_the_late_police_reference_and_the_explanation(client):
    check(check_page(client))
