"""Demo for the patient's own page (README): Elliot Marsh, on the scheme at the Brighton SAS
practice, has a mobile number staff have confirmed, so the demo can send a code by text into
the local outbox as well as show one on screen. Built through the real contact service."""

from gateway.accounts.models import User
from gateway.patients.models import ContactRoute, Patient
from gateway.patients.services import contact as contact_services

from .demo_data import demo_email
from .sas_demo import BRIGHTON

DEMO_MOBILE = "07700900205"  # Ofcom's drama range: never a real phone


def load_portal_demo(orgs):
    patient = Patient.objects.filter(given_name="Elliot", family_name="Marsh").first()
    if patient is None or ContactRoute.objects.filter(patient=patient, kind="mobile").exists():
        return 0
    sas_user = User.objects.get(username=demo_email("sas-practice-staff"))
    contact_services.add_route(
        sas_user,
        orgs[BRIGHTON],
        patient,
        {"kind": "mobile", "phone_number": DEMO_MOBILE, "safety": "safe", "confirmed": True},
    )
    return 1
