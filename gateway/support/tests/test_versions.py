"""The multiple-disadvantage rule and the Edmonton band tables are versioned reference data:
a version in force is never edited (in the model, the service and the admin), a change is a
new version with a start date, and each MCN status and each frailty band names the version
it was worked out under, on the page too."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.core.models import VersionInForce
from gateway.patients.models import PatientRelationship
from gateway.support import queries, services
from gateway.support.models import FrailtyBand, FrailtyBandTable, MCNRule, MCNStatus
from gateway.support.services import reference as reference_services
from tests.factories import CommissionerFactory, TotpDeviceFactory, UserFactory

from .helpers import Person, edmonton_answers

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 1, 5)
FUTURE = datetime.date(2099, 1, 1)


@pytest.fixture
def person():
    return Person()


@pytest.fixture
def admin_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    device = TotpDeviceFactory(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def add(person, domain):
    return services.add_need(
        person.support_worker,
        person.refuge,
        person.patient,
        domain=domain,
        status="current",
        evidence="Said so at the first meeting",
        noted_on=DAY,
    )


def test_mcn_rule_version_in_force_cannot_be_edited_or_deleted(person):
    person.rule.threshold = 2
    with pytest.raises(VersionInForce, match="already in force"):
        person.rule.save()
    with pytest.raises(VersionInForce):
        person.rule.delete()
    person.rule.refresh_from_db()
    assert person.rule.threshold == 3


def test_mcn_rule_version_not_yet_in_force_can_still_be_corrected(person):
    future = reference_services.new_mcn_rule_version(
        None, person.commissioner, FUTURE, threshold=2, name="National programme"
    )
    assert future.version == 3
    future.threshold = 1
    future.save()
    future.refresh_from_db()
    assert future.threshold == 1


def test_frailty_band_table_in_force_and_its_bands_cannot_be_changed():
    table = FrailtyBandTable.objects.get(name="UK Frailty Toolkit", version=1)
    band = table.bands.get(lower=0)
    band.label = "Fit"
    with pytest.raises(VersionInForce, match="already in force"):
        band.save()
    with pytest.raises(VersionInForce):
        band.delete()
    with pytest.raises(VersionInForce):
        FrailtyBand.objects.create(table=table, lower=18, upper=None, label="Extra")
    table.effective_from = FUTURE  # moving the start does not unlock it
    with pytest.raises(VersionInForce):
        table.save()
    assert table.bands.get(lower=0).label == "Not frail"


def test_new_version_cannot_start_before_the_latest_version(person):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="on or after the latest version"):
        reference_services.new_mcn_rule_version(
            None, person.commissioner, datetime.date(2023, 1, 1), threshold=2
        )


def test_mcn_status_records_the_rule_version_and_a_new_version_relabels_nobody(person):
    for domain in ("homelessness", "offending"):
        add(person, domain)
    stored = MCNStatus.objects.filter(patient=person.patient).first()
    assert (stored.rule, stored.meets, stored.counted) == (
        person.rule,
        False,
        ["homelessness", "offending"],
    )

    reference_services.new_mcn_rule_version(
        None, person.commissioner, DAY, threshold=2, name="National programme"
    )

    status = queries.mcn_status(person.patient, person.refuge)[0]
    assert (status.meets, status.rule_version) == (False, 2)
    add(person, "mental_ill_health")  # the next change is worked out under version 3
    status = queries.mcn_status(person.patient, person.refuge)[0]
    assert (status.meets, status.rule_version) == (True, 3)
    assert MCNStatus.objects.filter(patient=person.patient).count() == 3


def test_mcn_page_says_which_rule_version_the_status_was_worked_out_under(person, staff_client):
    client, _, _ = staff_client(Role.SUPPORT_WORKER, person.refuge)
    for domain in ("homelessness", "offending", "substance_misuse"):
        add(person, domain)
    reference_services.new_mcn_rule_version(
        None, person.commissioner, DAY, threshold=2, name="National programme"
    )
    url = reverse("support:patient", kwargs={"public_id": person.patient.public_id})

    body = client.get(url).content.decode()
    assert "Worked out under NHS Sussex rule version 2 on" in body
    assert "National programme rule version 3 has been in force since 5 January 2026" in body

    response = client.post(
        reverse("support:mcn-work-out-again", kwargs={"public_id": person.patient.public_id})
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "Worked out under National programme rule version 3 on" in body
    assert "has been in force since" not in body


def test_the_support_page_uses_the_commissioner_of_the_persons_care_then_the_acting_one(
    person, staff_client
):
    """As commissioner_for chooses: a linked commissioner first, else the acting
    organisation's, else that of the organisation that created the record (NHS Sussex)."""
    kent = CommissionerFactory(name="NHS Kent")
    url = reverse("support:patient", kwargs={"public_id": person.patient.public_id})
    refuge_client, _, _ = staff_client(Role.SUPPORT_WORKER, person.refuge)
    body = refuge_client.get(url).content.decode()
    assert "The status has not been worked out yet." in body
    assert "Work out the status under NHS Sussex rule version 2" in body

    person.housing.commissioner = kent
    person.housing.save()
    housing_client = Client()
    sign_in(housing_client, person.housing_worker, person.housing)
    body = housing_client.get(url).content.decode()
    assert "NHS Kent has not chosen a multiple-disadvantage definition yet" in body

    PatientRelationship.objects.create(
        patient=person.patient,
        organisation=kent,
        kind=PatientRelationship.Kind.COMMISSIONER,
        is_active=True,
    )
    body = refuge_client.get(url).content.decode()
    assert "NHS Kent has not chosen a multiple-disadvantage definition yet" in body


def test_frailty_band_page_says_which_table_version_it_was_worked_out_under(person, staff_client):
    client, _, _ = staff_client(Role.SUPPORT_WORKER, person.refuge)
    assessment = services.record_edmonton(
        person.support_worker, person.refuge, person.patient, edmonton_answers(), assessed_on=DAY
    )
    url = reverse("support:assessment-detail", kwargs={"public_id": assessment.public_id})
    body = client.get(url).content.decode()
    assert "Not frail (worked out under UK Frailty Toolkit version 1 of the frailty bands)" in body


def test_mcn_rule_in_force_is_read_only_in_the_admin_and_a_new_one_is_the_next_version(
    person, admin_client
):
    change = reverse("admin:support_mcnrule_change", args=[person.rule.pk])
    assert 'name="threshold"' not in admin_client.get(change).content.decode()
    assert (
        admin_client.get(reverse("admin:support_mcnrule_delete", args=[person.rule.pk])).status_code
        == 403
    )
    response = admin_client.post(
        reverse("admin:support_mcnrule_add"),
        {
            "commissioner": person.commissioner.pk,
            "effective_from": "2026-02-01",
            "kind": "n_of_core_four",
            "threshold": 2,
            "name": "National programme",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert (
        MCNRule.objects.get(commissioner=person.commissioner, name="National programme").version
        == 3
    )


def test_mcn_rule_admin_refuses_a_start_before_the_latest_version_with_a_message(
    person, admin_client
):
    response = admin_client.post(
        reverse("admin:support_mcnrule_add"),
        {
            "commissioner": person.commissioner.pk,
            "effective_from": "2023-02-01",
            "kind": "n_of_core_four",
            "threshold": 2,
        },
    )
    assert response.status_code == 200
    assert "must take effect on or after the latest version" in response.content.decode()
    assert MCNRule.objects.filter(commissioner=person.commissioner).count() == 1


def test_frailty_band_table_added_in_the_admin_from_today_keeps_its_bands(admin_client):
    today = datetime.date.today().isoformat()
    data = {
        "name": "Sussex frailty bands",
        "effective_from": today,
        "commissioner": "",
        "bands-TOTAL_FORMS": "2",
        "bands-INITIAL_FORMS": "0",
        "bands-MIN_NUM_FORMS": "0",
        "bands-MAX_NUM_FORMS": "1000",
        "bands-0-lower": "0",
        "bands-0-upper": "8",
        "bands-0-label": "Not frail",
        "bands-1-lower": "9",
        "bands-1-upper": "",
        "bands-1-label": "Frail",
    }
    response = admin_client.post(reverse("admin:support_frailtybandtable_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    table = FrailtyBandTable.objects.get(name="Sussex frailty bands")
    assert table.version == 1
    assert table.rows() == [(0, 8, "Not frail"), (9, None, "Frail")]
    page = admin_client.get(reverse("admin:support_frailtybandtable_change", args=[table.pk]))
    assert 'name="bands-0-label"' not in page.content.decode()
