from django.urls import path

from .views import assessments, deaths, flags, incidents, meetings, referrals, team

app_name = "support"

# Public ids only: never a name, date of birth or NHS number.
urlpatterns = [
    path("patients/<uuid:public_id>", assessments.patient_support, name="patient"),
    path("patients/<uuid:public_id>/needs/new", assessments.need_add, name="need-add"),
    path("needs/<uuid:public_id>/end", assessments.need_end, name="need-end"),
    path(
        "patients/<uuid:public_id>/assessments/<slug:kind>",
        assessments.assessment_history,
        name="assessment-history",
    ),
    path(
        "patients/<uuid:public_id>/assessments/<slug:kind>/new",
        assessments.assessment_new,
        name="assessment-new",
    ),
    path("assessments/<uuid:public_id>", assessments.assessment_detail, name="assessment-detail"),
    path("assessments/<uuid:public_id>/marac", assessments.marac_new, name="marac-new"),
    path(
        "patients/<uuid:public_id>/mcn/work-out-again",
        incidents.mcn_work_out_again,
        name="mcn-work-out-again",
    ),
    # Domestic abuse incidents and escalation to MARAC
    path("patients/<uuid:public_id>/incidents/new", incidents.incident_new, name="incident-new"),
    path(
        "patients/<uuid:public_id>/marac/escalation",
        incidents.marac_escalation,
        name="marac-escalation",
    ),
    # Support team and working agreements
    path("patients/<uuid:public_id>/team", team.team, name="team"),
    path("patients/<uuid:public_id>/team/new", team.member_add, name="team-member-add"),
    path("team/<uuid:public_id>/end", team.member_end, name="team-member-end"),
    path("team/<uuid:public_id>/lead", team.member_lead, name="team-member-lead"),
    path(
        "patients/<uuid:public_id>/agreements/new",
        team.agreement_new,
        name="agreement-new",
    ),
    # Multi-agency meetings and actions
    path("patients/<uuid:public_id>/meetings", meetings.meetings, name="meetings"),
    path("patients/<uuid:public_id>/meetings/new", meetings.meeting_new, name="meeting-new"),
    path("meetings/check/<str:token>", meetings.meeting_check, name="meeting-check"),
    path("meetings/<uuid:public_id>", meetings.meeting_detail, name="meeting-detail"),
    path(
        "meetings/<uuid:public_id>/recorded",
        meetings.meeting_recorded,
        name="meeting-recorded",
    ),
    path("meetings/<uuid:public_id>/actions/new", meetings.action_new, name="action-new"),
    path("actions/<uuid:public_id>/close", meetings.action_close, name="action-close"),
    path("actions", meetings.actions, name="actions"),
    # Referrals to services
    path("patients/<uuid:public_id>/referrals", referrals.referrals, name="referrals"),
    path(
        "patients/<uuid:public_id>/referrals/new",
        referrals.referral_new,
        name="referral-new",
    ),
    path("referrals/check/<str:token>", referrals.referral_check, name="referral-check"),
    path("referrals/<uuid:public_id>", referrals.referral_detail, name="referral-detail"),
    path("referrals/<uuid:public_id>/sent", referrals.referral_sent, name="referral-sent"),
    path(
        "referrals/<uuid:public_id>/outcome",
        referrals.referral_change,
        name="referral-change",
    ),
    path("referrals", referrals.my_referrals, name="my-referrals"),
    # Safety flags
    path("patients/<uuid:public_id>/flags", flags.flags, name="flags"),
    path("patients/<uuid:public_id>/flags/new", flags.flag_new, name="flag-new"),
    path("patients/<uuid:public_id>/flags/<slug:kind>/end", flags.flag_end, name="flag-end"),
    # Deaths: one record per person
    path("patients/<uuid:public_id>/death", deaths.death, name="death"),
    path("patients/<uuid:public_id>/death/new", deaths.death_new, name="death-new"),
    path("patients/<uuid:public_id>/death/change", deaths.death_edit, name="death-edit"),
    path("reports/referral-declines", referrals.decline_report, name="decline-report"),
]
