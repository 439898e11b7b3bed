"""Loading the organisations, staff and people of demo_data that every other part of the
demo builds on. Loading is idempotent: every row is found by a natural key before it is
created, so running it again adds nothing and loses nothing."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from gateway.accounts.demo import DEMO_TOTP_SECRET_HEX
from gateway.accounts.models import Membership, Organisation, User
from gateway.audit import services as audit
from gateway.patients.models import Address, Patient, PatientRelationship

from .demo_data import (
    COMMISSIONER,
    COMMISSIONER_APPEALS,
    DEMO_DEVICE_NAME,
    DEMO_PASSWORD,
    ETHNIC_GROUPS,
    ICB,
    NATIONAL,
    ORG,
    PARTNERS,
    PATIENT_FIELDS,
    PATIENTS,
    PRACTICES,
    TOWNS,
    USERS,
    demo_email,
    demo_nhs_number,
    require_demo_mode,
)


def _organisations():
    icb, _ = Organisation.objects.get_or_create(
        name=COMMISSIONER["name"],
        kind=ORG.COMMISSIONER,
        defaults={"ods_code": COMMISSIONER["ods_code"], "region": COMMISSIONER["region"]},
    )
    if icb.appeal_contact_gaps():
        # Added to demo databases made before commissioners kept an appeals contact.
        for field, value in COMMISSIONER_APPEALS.items():
            setattr(icb, f"appeals_{field}", value)
        icb.save()
    orgs = {icb.name: icb}
    for name, ods_code, capacity, districts, postcode in PRACTICES:
        orgs[name], _ = Organisation.objects.get_or_create(
            ods_code=ods_code,
            defaults={
                "name": name,
                "kind": ORG.GP_PRACTICE,
                "commissioner": icb,
                "is_sas_practice": capacity is not None,
                "list_capacity": capacity,
                "catchment_districts": districts,
                "postcode": postcode,
                "address": f"1 Demo Lane\n{TOWNS[postcode[:2]]}",
                "phone": "0300 123 4567",
            },
        )
    for name, partner_type, postcode in PARTNERS:
        orgs[name], _ = Organisation.objects.get_or_create(
            name=name,
            kind=ORG.PARTNER,
            defaults={"partner_type": partner_type, "commissioner": icb, "postcode": postcode},
        )
    orgs[NATIONAL["name"]], _ = Organisation.objects.get_or_create(
        name=NATIONAL["name"], kind=ORG.NATIONAL, defaults={"ods_code": NATIONAL["ods_code"]}
    )
    for org in orgs.values():
        org.full_clean()  # the demo must obey the same rules as real data
    return orgs


def _users(orgs):
    users = {}
    for local_part, full_name, role, org_name in USERS:
        email = demo_email(local_part)
        user, created = User.objects.get_or_create(
            username=email, defaults={"email": email, "full_name": full_name}
        )
        # The published sign-in must always work, so a changed password or a lockout from
        # someone's wrong guesses is put back. Nothing else about the user is touched.
        if created or not user.check_password(DEMO_PASSWORD) or user.locked_until:
            user.set_password(DEMO_PASSWORD)
            user.failed_sign_in_count = 0
            user.locked_until = None
            user.is_active = True
            user.save()
        Membership.objects.get_or_create(user=user, organisation=orgs[org_name], role=role)
        device, _ = TOTPDevice.objects.get_or_create(
            user=user,
            name=DEMO_DEVICE_NAME,
            defaults={"key": DEMO_TOTP_SECRET_HEX, "confirmed": True},
        )
        if device.bin_key.hex() != DEMO_TOTP_SECRET_HEX or not device.confirmed:
            device.key, device.confirmed = DEMO_TOTP_SECRET_HEX, True
            device.save()
        users[org_name] = users.get(org_name) or user
    return users


def demo_patient(spec, orgs, users):
    creator = orgs[spec["created_by"]]
    values = {field: spec[field] for field in PATIENT_FIELDS if field in spec}
    values["ethnic_category"] = ETHNIC_GROUPS.get(spec["family_name"], "99")
    if spec["serial"] is not None:
        lookup = {"nhs_number": demo_nhs_number(spec["serial"])}
    else:
        lookup = {
            "nhs_number": "",
            "given_name": spec["given_name"],
            "family_name": spec["family_name"],
            "date_of_birth": spec["date_of_birth"],
        }
        values["nhs_number_unknown_reason"] = spec["unknown_reason"]
        values["nhs_number_unknown_detail"] = spec.get("unknown_detail", "")
    values.update(
        given_name=spec["given_name"],
        family_name=spec["family_name"],
        date_of_birth=spec["date_of_birth"],
        search_given_name=spec["given_name"].lower(),
        search_family_name=spec["family_name"].lower(),
        created_by_organisation=creator,
    )
    patient, created = Patient.objects.get_or_create(**lookup, defaults=values)
    if not created:
        return patient, False
    patient.full_clean()
    address = dict(spec["address"])
    care_of = address.pop("care_of", None)
    Address.objects.create(
        patient=patient,
        care_of_organisation=orgs[care_of] if care_of else None,
        **address,
    )
    actor = users.get(creator.name)
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        organisation=creator,
        obj=patient,
        patient=patient,
        changed_fields=[
            name for name in [*values, "nhs_number", "address"] if not name.startswith("search_")
        ],
        detail={"source": "demo data"},
    )
    return patient, True


def demo_relationships(patient, spec, orgs):
    Kind = PatientRelationship.Kind
    links = [(spec["created_by"], Kind.CREATED)]
    links += [(name, Kind.RESPONSIBLE) for name in spec.get("responsible", [])]
    links += [(name, Kind.CONSENT) for name in spec.get("consent", [])]
    if spec.get("commissioner"):
        links.append((ICB, Kind.COMMISSIONER))
    for name, kind in links:
        PatientRelationship.objects.get_or_create(
            patient=patient, organisation=orgs[name], kind=kind, is_active=True
        )


def load_people():
    """The organisations, staff and people every other part of the demo builds on. Returns
    the organisations by name and how many people were newly created."""
    require_demo_mode()
    orgs = _organisations()
    users = _users(orgs)
    new_patients = 0
    for spec in PATIENTS:
        patient, created = demo_patient(spec, orgs, users)
        new_patients += created
        demo_relationships(patient, spec, orgs)
    return orgs, new_patients
