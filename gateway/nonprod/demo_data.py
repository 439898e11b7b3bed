"""What the demo is made of: a Sussex commissioner, its SAS and mainstream practices, partner
organisations, one member of staff per role and a dozen people, so anyone can try Gateway
with the printed sign-ins; and the small helpers every part of the demo uses (demo e-mail
addresses and NHS numbers, the demo-mode check). foundation_demo.py writes them to the
database. Never installed in production."""

import datetime

from django.conf import settings
from django.core.management.base import CommandError

from gateway.accounts.models import Organisation, Role, User
from gateway.patients.models import Address, Patient
from gateway.patients.rules import nhs_number_check_digit

# Published on purpose, like the TOTP secret: demo users exist only in demo mode.
DEMO_PASSWORD = "gateway-demo-password"
DEMO_EMAIL_DOMAIN = "demo.gateway.nhs.uk"
DEMO_DEVICE_NAME = "Demo authenticator app"

ORG = Organisation.Kind
PARTNER = Organisation.PartnerType

COMMISSIONER = {"name": "NHS Sussex ICB (demo)", "ods_code": "QNX", "region": "South East"}
# Where people on the scheme appeal: printed in every letter that asks them to.
COMMISSIONER_APPEALS = {
    "address": "Primary Care Team\nNHS Sussex ICB (demo)\n1 Demo Square\nBrighton",
    "postcode": "BN1 1AA",
    "phone": "0300 123 0000",
    "email": "appeals@sussex-icb.demo.gateway.nhs.uk",
}

# NHS England's national team: its analyst sees every area side by side, and no person.
NATIONAL = {"name": "NHS England national team (demo)", "ods_code": "X24"}

# (name, ODS code, SAS list capacity or None, catchment districts, postcode)
PRACTICES = [
    ("Brighton SAS Practice (demo)", "Y90001", 60, ["BN1", "BN2", "BN3", "BN41"], "BN2 1AA"),
    ("Crawley SAS Practice (demo)", "Y90002", 40, ["RH10", "RH11", "RH12", "RH13"], "RH10 1AA"),
    ("Hastings SAS Practice (demo)", "Y90003", 35, ["TN34", "TN35", "TN37", "TN38"], "TN34 1AA"),
    ("Preston Park Surgery (demo)", "Y90101", None, ["BN1"], "BN1 6AA"),
    ("Kemp Town Medical Centre (demo)", "Y90102", None, ["BN2"], "BN2 1BB"),
    ("Horsham Road Surgery (demo)", "Y90103", None, ["RH12"], "RH12 1AA"),
]
TOWNS = {"BN": "Brighton", "RH": "Crawley", "TN": "Hastings"}

PARTNERS = [
    ("Sussex Outreach (demo)", PARTNER.CHARITY, "BN1 1AB"),
    ("Brighton Probation Office (demo)", PARTNER.PROBATION, "BN1 2AB"),
    ("Safe Harbour Refuge (demo)", PARTNER.REFUGE, "BN3 1AB"),
    ("Pathways Substance Misuse Service (demo)", PARTNER.SUBSTANCE_MISUSE, "BN2 4AB"),
    ("Sussex Youth Justice Team (demo)", PARTNER.YOUTH_JUSTICE, "RH10 2AB"),
    ("HMP Lewes Healthcare (demo)", PARTNER.PRISON_HEALTHCARE, "BN7 1EA"),
    ("Brighton and Hove Housing Options (demo)", PARTNER.LA_HOUSING, "BN3 3BQ"),
]

# (email local part, full name, role, organisation name)
USERS = [
    ("commissioner", "Chris Commissioner", Role.COMMISSIONER, COMMISSIONER["name"]),
    ("practice-staff", "Priya Practice", Role.PRACTICE_STAFF, "Preston Park Surgery (demo)"),
    ("sas-practice-staff", "Sasha Allocation", Role.SAS_PRACTICE_STAFF, PRACTICES[0][0]),
    ("support-worker", "Sam Support", Role.SUPPORT_WORKER, "Sussex Outreach (demo)"),
    ("panel-member", "Pat Panel", Role.PANEL_MEMBER, COMMISSIONER["name"]),
    ("organisation-admin", "Olu Admin", Role.ORGANISATION_ADMIN, PRACTICES[0][0]),
    # A second admin of the same practice: resetting someone's authenticator app needs two.
    ("second-organisation-admin", "Noor Admin", Role.ORGANISATION_ADMIN, PRACTICES[0][0]),
    ("auditor", "Ada Auditor", Role.AUDITOR, COMMISSIONER["name"]),
    ("national-analyst", "Nia Analyst", Role.NATIONAL_ANALYST, NATIONAL["name"]),
]

NOT_KNOWN = Patient.NhsNumberUnknownReason
A = Address.Kind
SAS, CRAWLEY, HASTINGS = PRACTICES[0][0], PRACTICES[1][0], PRACTICES[2][0]
PRESTON, KEMP, HORSHAM = PRACTICES[3][0], PRACTICES[4][0], PRACTICES[5][0]
CHARITY, PROBATION, REFUGE = PARTNERS[0][0], PARTNERS[1][0], PARTNERS[2][0]
DRUGS, YOUTH, PRISON, HOUSING = PARTNERS[3][0], PARTNERS[4][0], PARTNERS[5][0], PARTNERS[6][0]
ICB = COMMISSIONER["name"]

# Each person: a serial for a 999-range NHS number (None when not known, with a reason),
# identity, an address, the organisation that created the record and the others linked to it.
PATIENTS = [
    {
        "serial": 1,
        "given_name": "Jordan",
        "family_name": "Reeves",
        "date_of_birth": datetime.date(1979, 5, 2),
        "sex": "male",
        "address": {"kind": A.NO_FIXED_ABODE, "town": "Brighton"},
        "created_by": PRESTON,
        "responsible": [SAS],
        "consent": [CHARITY],
        "commissioner": True,
    },
    {
        "serial": 2,
        "given_name": "Samantha",
        "preferred_name": "Sam",
        "family_name": "O'Neill",
        "date_of_birth": datetime.date(1991, 11, 23),
        "sex": "female",
        "pronouns": "she/her",
        "address": {
            "kind": A.HOSTEL,
            "line_1": "St Patrick's Night Shelter, 1 Demo Street",
            "town": "Brighton",
            "postcode": "BN2 1AD",
        },
        "created_by": SAS,
        "consent": [DRUGS, CHARITY],
        "commissioner": True,
    },
    {
        "serial": 3,
        "given_name": "Kerry-Ann",
        "family_name": "Mensah",
        "date_of_birth": datetime.date(1986, 2, 14),
        "sex": "female",
        "address": {"kind": A.CARE_OF, "care_of": PROBATION, "postcode": "BN1 2AB"},
        "created_by": KEMP,
        "responsible": [SAS],
        "consent": [PROBATION],
        "commissioner": True,
    },
    {
        "serial": None,
        "unknown_reason": NOT_KNOWN.NOT_GIVEN,
        "unknown_detail": "Did not want to give it at the first meeting",
        "given_name": "Tomasz",
        "family_name": "Kowalski",
        "date_of_birth": datetime.date(1972, 1, 1),
        "date_of_birth_is_estimated": True,
        "sex": "male",
        "needs_interpreter": True,
        "interpreter_language": "Polish",
        "address": {"kind": A.NO_FIXED_ABODE, "town": "Brighton"},
        "created_by": CHARITY,
        "responsible": [PRESTON],
    },
    {
        "serial": 5,
        "given_name": "Lee",
        "family_name": "Harper",
        "date_of_birth": datetime.date(2006, 8, 9),
        "sex": "not_said",
        "gender_identity": "Non-binary",
        "pronouns": "they/them",
        "needs_easy_read": True,
        "address": {
            "kind": A.TEMPORARY,
            "line_1": "Flat 3, 20 Demo Road",
            "town": "Crawley",
            "postcode": "RH10 1BB",
        },
        "created_by": YOUTH,
        "responsible": [CRAWLEY],
        "consent": [CHARITY],
    },
    {
        "serial": 6,
        "given_name": "Marcus",
        "family_name": "Doyle",
        "date_of_birth": datetime.date(1968, 3, 30),
        "sex": "male",
        "address": {"kind": A.CARE_OF, "care_of": PRISON, "postcode": "BN7 1EA"},
        "created_by": PRISON,
        "responsible": [HASTINGS],
        "commissioner": True,
    },
    {
        "serial": None,
        "unknown_reason": NOT_KNOWN.NEVER_REGISTERED,
        "given_name": "Amira",
        "family_name": "Haddad",
        "date_of_birth": datetime.date(1998, 6, 17),
        "sex": "female",
        "needs_interpreter": True,
        "interpreter_language": "Arabic",
        "address": {"kind": A.CARE_OF, "care_of": REFUGE},
        "created_by": REFUGE,
        "consent": [CHARITY, PRESTON],
    },
    {
        "serial": 8,
        "given_name": "David",
        "family_name": "Okafor",
        "date_of_birth": datetime.date(1983, 12, 5),
        "sex": "male",
        "needs_bsl": True,
        "address": {
            "kind": A.HOME,
            "line_1": "14 Demo Gardens",
            "town": "Hove",
            "postcode": "BN3 2CC",
        },
        "created_by": PRESTON,
        "responsible": [SAS],
        "commissioner": True,
    },
    {
        "serial": 9,
        "given_name": "Gemma",
        "family_name": "Price",
        "date_of_birth": datetime.date(1994, 4, 21),
        "sex": "female",
        "needs_large_print": True,
        "address": {
            "kind": A.TEMPORARY,
            "line_1": "Room 7, Demo House B&B",
            "town": "Brighton",
            "postcode": "BN2 9ZZ",
        },
        "created_by": HOUSING,
        "responsible": [KEMP],
        "consent": [CHARITY],
    },
    {
        "serial": None,
        "unknown_reason": NOT_KNOWN.TRACE_PENDING,
        "unknown_detail": "Trace requested from PCSE",
        "given_name": "Connor",
        "family_name": "Walsh",
        "date_of_birth": datetime.date(1988, 9, 12),
        "sex": "male",
        "address": {"kind": A.NO_FIXED_ABODE, "town": "Crawley"},
        "created_by": CRAWLEY,
        "consent": [DRUGS],
        "commissioner": True,
    },
    {
        "serial": 11,
        "given_name": "Rachel",
        "family_name": "Green",
        "date_of_birth": datetime.date(1975, 7, 7),
        "sex": "female",
        "other_adjustments": "Prefers appointments first thing in the morning, with a chaperone",
        "address": {
            "kind": A.HOME,
            "line_1": "2 Demo Terrace",
            "town": "Horsham",
            "postcode": "RH12 1CD",
        },
        "created_by": HORSHAM,
        "responsible": [CRAWLEY],
        "commissioner": True,
    },
    {
        "serial": 12,
        "given_name": "Ben",
        "family_name": "Hughes",
        "date_of_birth": datetime.date(2001, 10, 31),
        "sex": "male",
        "address": {
            "kind": A.HOSTEL,
            "line_1": "Demo Foyer, 5 Seafront",
            "town": "Hastings",
            "postcode": "TN34 1EE",
        },
        "created_by": HASTINGS,
        "consent": [CHARITY, DRUGS],
    },
]

# Each demo person's ethnic group (NHS Data Dictionary codes; Z not stated, 99 not known), so
# the equality figures show a spread.
ETHNIC_GROUPS = {"Reeves": "A", "O'Neill": "N", "Mensah": "N", "Kowalski": "C", "Harper": "Z",
                 "Doyle": "B", "Haddad": "S", "Okafor": "N", "Price": "A"}  # fmt: skip

PATIENT_FIELDS = [
    "preferred_name",
    "date_of_birth_is_estimated",
    "sex",
    "gender_identity",
    "pronouns",
    "needs_interpreter",
    "interpreter_language",
    "needs_bsl",
    "needs_easy_read",
    "needs_large_print",
    "other_adjustments",
]


def require_demo_mode():
    if not getattr(settings, "DEMO_MODE", False):
        raise CommandError(
            "Demo mode is off, so this command will not run. Demo users share a published "
            "password and MFA secret and must never exist in a real service. Set DEMO_MODE=1 "
            "(local settings do this for you) only on a machine used for trying Gateway out."
        )


def demo_nhs_number(serial):
    """A valid 999-range test NHS number (never issued to a person). The 9997 block keeps
    clear of the numbers the test factories hand out."""
    for n in range(serial * 10, serial * 10 + 10):
        first_nine = f"9997{n:05d}"
        check = nhs_number_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"
    raise ValueError(f"No valid NHS number near serial {serial}")  # pragma: no cover


def demo_email(local_part):
    return f"{local_part}@{DEMO_EMAIL_DOMAIN}"


def demo_users():
    """(user, role, organisation) for each demo user that exists, in role order."""
    found = []
    for local_part, _name, role, org_name in USERS:
        user = User.objects.filter(username=demo_email(local_part)).first()
        if user is not None:
            found.append((user, role, org_name))
    return found
