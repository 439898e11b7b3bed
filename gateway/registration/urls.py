from django.urls import path

from .views import commissioner, detail, new_referral, practice, referrer

app_name = "registration"

# Public ids only: never a name, date of birth or NHS number.
urlpatterns = [
    # The referrer
    path("", referrer.referral_list, name="list"),
    path("referrals.csv", referrer.referral_list_csv, name="list-csv"),
    path("new", new_referral.referral_new, name="new"),
    path("new/check/<str:token>", new_referral.referral_check, name="check"),
    path(
        "patients/<uuid:public_id>/new",
        new_referral.referral_new_for_patient,
        name="new-for-patient",
    ),
    path("referrals/<uuid:public_id>", detail.detail, name="detail"),
    path("referrals/<uuid:public_id>/practice", referrer.choose, name="choose"),
    path("referrals/<uuid:public_id>/sent", referrer.sent, name="sent"),
    path("referrals/<uuid:public_id>/withdraw", referrer.withdraw, name="withdraw"),
    path("referrals/<uuid:public_id>/after-refusal", referrer.after_refusal, name="after-refusal"),
    path("referrals/<uuid:public_id>/first-appointment", referrer.attended, name="attended"),
    path("referrals/<uuid:public_id>/returned-post", detail.returned_post, name="returned-post"),
    path(
        "referrals/<uuid:public_id>/address-confirmed",
        detail.address_confirmed,
        name="address-confirmed",
    ),
    # The practice
    path("inbox", practice.inbox, name="inbox"),
    path("inbox.csv", practice.inbox_csv, name="inbox-csv"),
    path("referrals/<uuid:public_id>/accept", practice.accept, name="accept"),
    path("referrals/<uuid:public_id>/refuse", practice.refuse, name="refuse"),
    path(
        "referrals/<uuid:public_id>/refusal-letter",
        practice.refusal_letter,
        name="refusal-letter",
    ),
    # The commissioner
    path("worklist", commissioner.worklist, name="worklist"),
    path("worklist.csv", commissioner.worklist_csv, name="worklist-csv"),
    path(
        "referrals/<uuid:public_id>/practice-contacted",
        commissioner.practice_contacted,
        name="practice-contacted",
    ),
    path(
        "referrals/<uuid:public_id>/refusal-outcome",
        commissioner.refusal_outcome,
        name="refusal-outcome",
    ),
    path("evidence", commissioner.evidence_tables, name="evidence"),
    path("evidence/<slug:kind>.csv", commissioner.evidence_csv, name="evidence-csv"),
]
