"""The key pages of every role `make bench` measures (issue 17), as the demo's staff see them
in a synthetic England (the demo's Sussex ICB is the largest area). Each page is
(name, who, url, audited): ``who`` is a demo user's email local part, or "api" for the
commissioner's system account; ``audited`` pages write a view row, so they also run with the
audit write off to measure its cost. Deep pages ask for page 100000, which page_of answers
with the last page: the deepest a person can go (the API's list: offset 100000, the most it
takes)."""

from django.urls import reverse
from names import TRIVIAL

from gateway.nonprod.demo_data import ICB, demo_email
from gateway.patients.models import Patient
from gateway.sas.models import Episode
from gateway.support.models import SupportTeamMember

DEEP = "?page=100000"
# The JSON API's list, a page at a time by offset (ADR 0038); deep: the furthest it takes.
API_REFERRALS = "/api/v1/registration/referrals"


def key_pages():
    episode = (
        Episode.objects.filter(commissioner__name=ICB, state="allocated").order_by("id").first()
    )
    supported = (
        SupportTeamMember.objects.filter(worker__username=demo_email("support-worker"))
        .order_by("id")
        .values_list("patient_id", flat=True)
        .first()
    )
    supported = Patient.objects.get(pk=supported) if supported else episode.patient
    fhir_patient = (
        "/fhir/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|" + episode.patient.nhs_number
    )
    pages = [
        (TRIVIAL, "commissioner", reverse("core:accessibility"), False),
        ("home: commissioner", "commissioner", reverse("core:home"), False),
        ("home: SAS practice", "sas-practice-staff", reverse("core:home"), False),
        ("home: practice", "practice-staff", reverse("core:home"), False),
        ("home: support worker", "support-worker", reverse("core:home"), False),
        ("SAS worklist: commissioner", "commissioner", reverse("sas:worklist"), False),
        ("SAS worklist: SAS practice", "sas-practice-staff", reverse("sas:worklist"), False),
        ("SAS screening queue", "commissioner", reverse("sas:screening-queue"), False),
        ("SAS panel queue", "panel-member", reverse("sas:panel-queue"), False),
        ("SAS episode list", "commissioner", reverse("sas:episode-list"), False),
        ("SAS episode list, deep", "commissioner", reverse("sas:episode-list") + DEEP, False),
        ("SAS episode page", "commissioner", _at("sas:episode-detail", episode), True),
        ("patient record", "commissioner", _at("patients:detail", episode.patient), True),
        ("support patient page", "support-worker", _at("support:patient", supported), True),
        ("caseload: Your clients", "support-worker", reverse("patients:caseload"), False),
        ("caseload, deep", "support-worker", reverse("patients:caseload") + DEEP, False),
        ("support actions", "support-worker", reverse("support:actions"), False),
        ("support referrals", "support-worker", reverse("support:my-referrals"), False),
        ("registration list: referrer", "support-worker", reverse("registration:list"), False),
        ("registration list, deep", "support-worker", reverse("registration:list") + DEEP, False),
        ("registration inbox", "practice-staff", reverse("registration:inbox"), False),
        ("registration inbox, deep", "practice-staff", reverse("registration:inbox") + DEEP, False),
        ("registration worklist", "commissioner", reverse("registration:worklist"), False),
        ("registration evidence", "commissioner", reverse("registration:evidence"), False),
        ("outbox", "commissioner", reverse("comms:outbox"), False),
        ("outbox, deep", "commissioner", reverse("comms:outbox") + DEEP, False),
        ("audit events", "auditor", reverse("audit:events"), False),
        ("audit events, deep", "auditor", reverse("audit:events") + DEEP, False),
        ("insight dashboard", "commissioner", reverse("insight:dashboard"), False),
        ("insight national view", "national-analyst", reverse("insight:national"), False),
        ("API referral list", "api", API_REFERRALS, True),
        ("API referral list, deep", "api", API_REFERRALS + "?offset=100000", True),
        ("FHIR Patient by NHS number", "api", fhir_patient, True),
        ("FHIR Organization list", "api", "/fhir/Organization?_count=20", False),
        ("FHIR Organization list, deep", "api", "/fhir/Organization?_count=20&_offset=6000", False),
    ]
    return pages


def _at(name, obj):
    return reverse(name, kwargs={"public_id": obj.public_id})
