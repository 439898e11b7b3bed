from django.urls import path

from . import (
    death_views,
    flag_views,
    incident_views,
    meeting_views,
    referral_views,
    team_views,
    views,
)

app_name = "support"

# Public ids only: never a name, date of birth or NHS number.
urlpatterns = [
    path("patients/<uuid:public_id>", views.patient_support, name="patient"),
    path("patients/<uuid:public_id>/needs/new", views.need_add, name="need-add"),
    path("needs/<uuid:public_id>/end", views.need_end, name="need-end"),
    path(
        "patients/<uuid:public_id>/assessments/<slug:kind>",
        views.assessment_history,
        name="assessment-history",
    ),
    path(
        "patients/<uuid:public_id>/assessments/<slug:kind>/new",
        views.assessment_new,
        name="assessment-new",
    ),
    path("assessments/<uuid:public_id>", views.assessment_detail, name="assessment-detail"),
    path("assessments/<uuid:public_id>/marac", views.marac_new, name="marac-new"),
    path(
        "patients/<uuid:public_id>/mcn/work-out-again",
        incident_views.mcn_work_out_again,
        name="mcn-work-out-again",
    ),
    # Domestic abuse incidents and escalation to MARAC
    path(
        "patients/<uuid:public_id>/incidents/new", incident_views.incident_new, name="incident-new"
    ),
    path(
        "patients/<uuid:public_id>/marac/escalation",
        incident_views.marac_escalation,
        name="marac-escalation",
    ),
    # Support team and working agreements
    path("patients/<uuid:public_id>/team", team_views.team, name="team"),
    path("patients/<uuid:public_id>/team/new", team_views.member_add, name="team-member-add"),
    path("team/<uuid:public_id>/end", team_views.member_end, name="team-member-end"),
    path("team/<uuid:public_id>/lead", team_views.member_lead, name="team-member-lead"),
    path(
        "patients/<uuid:public_id>/agreements/new",
        team_views.agreement_new,
        name="agreement-new",
    ),
    # Multi-agency meetings and actions
    path("patients/<uuid:public_id>/meetings", meeting_views.meetings, name="meetings"),
    path("patients/<uuid:public_id>/meetings/new", meeting_views.meeting_new, name="meeting-new"),
    path("meetings/check/<str:token>", meeting_views.meeting_check, name="meeting-check"),
    path("meetings/<uuid:public_id>", meeting_views.meeting_detail, name="meeting-detail"),
    path(
        "meetings/<uuid:public_id>/recorded",
        meeting_views.meeting_recorded,
        name="meeting-recorded",
    ),
    path("meetings/<uuid:public_id>/actions/new", meeting_views.action_new, name="action-new"),
    path("actions/<uuid:public_id>/close", meeting_views.action_close, name="action-close"),
    path("actions", meeting_views.actions, name="actions"),
    # Referrals to services
    path("patients/<uuid:public_id>/referrals", referral_views.referrals, name="referrals"),
    path(
        "patients/<uuid:public_id>/referrals/new",
        referral_views.referral_new,
        name="referral-new",
    ),
    path("referrals/check/<str:token>", referral_views.referral_check, name="referral-check"),
    path("referrals/<uuid:public_id>", referral_views.referral_detail, name="referral-detail"),
    path("referrals/<uuid:public_id>/sent", referral_views.referral_sent, name="referral-sent"),
    path(
        "referrals/<uuid:public_id>/outcome",
        referral_views.referral_change,
        name="referral-change",
    ),
    path("referrals", referral_views.my_referrals, name="my-referrals"),
    # Safety flags
    path("patients/<uuid:public_id>/flags", flag_views.flags, name="flags"),
    path("patients/<uuid:public_id>/flags/new", flag_views.flag_new, name="flag-new"),
    path("patients/<uuid:public_id>/flags/<slug:kind>/end", flag_views.flag_end, name="flag-end"),
    # Deaths: one record per person
    path("patients/<uuid:public_id>/death", death_views.death, name="death"),
    path("patients/<uuid:public_id>/death/new", death_views.death_new, name="death-new"),
    path("patients/<uuid:public_id>/death/change", death_views.death_edit, name="death-edit"),
    path("reports/referral-declines", referral_views.decline_report, name="decline-report"),
]
