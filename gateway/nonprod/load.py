"""Loading the whole demo: the organisations, staff and people of demo_data first
(foundation_demo), then each part that builds on them, in order. It sits above every part, so
the parts import demo_data's names and never each other's loader (they did, in a circle, when
this lived in demo_data)."""

from django.db import transaction

from .contacts_demo import load_contacts_demo
from .demo_data import USERS
from .foundation_demo import load_people
from .portal_demo import load_portal_demo
from .registration_demo import load_registration_demo
from .sas_demo import load_sas_demo
from .support_referrals_demo import load_support_referrals_demo
from .support_team_demo import load_support_team_demo


def load_demo():
    """Create or complete the demo. Returns counts of what was newly created."""
    orgs, new_patients = load_people()
    counts = {
        "organisations": len(orgs),
        "users": len(USERS),
        "new_patients": new_patients,
        "new_sas_episodes": load_sas_demo(orgs),  # it builds on the people and users
        "new_support_teams": load_support_team_demo(orgs),  # builds on the demo people
        "new_service_referrals": _support_referrals_demo(orgs),  # builds on the team demo
        "new_registration_referrals": load_registration_demo(orgs),  # on the organisations
        "new_contact_plans": load_contacts_demo(orgs),  # on the demo people and worker
    }
    load_portal_demo(orgs)  # builds on the SAS demo's people
    return counts


@transaction.atomic
def _support_referrals_demo(orgs):
    return load_support_referrals_demo(orgs)
