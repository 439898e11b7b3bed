"""Edmonton Frail Scale band tables (docs/domain/multiple-disadvantage.md#edmonton-frail-scale
[VARIES], versioned reference data): every total from 0 to 17 falls in exactly one band, checked
wherever a table is saved; an assessment never fails because of a broken table."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.support import services
from gateway.support.models import Assessment, FrailtyBand, FrailtyBandTable
from gateway.support.services import reference as reference_services
from tests.factories import MembershipFactory, TotpDeviceFactory, UserFactory

from .helpers import Person, edmonton_answers

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 1, 5)
WITH_A_GAP = [(0, 5, "Not frail"), (7, None, "Frail")]  # no band holds 6


@pytest.fixture
def person():
    return Person()


def table_with_a_gap(commissioner):
    """A table saved before band tables were checked (straight into the database)."""
    table = FrailtyBandTable.objects.create(
        name="Old Sussex bands", version=1, effective_from=DAY, commissioner=commissioner
    )
    FrailtyBand.objects.bulk_create(
        FrailtyBand(table=table, lower=lower, upper=upper, label=label)
        for lower, upper, label in WITH_A_GAP
    )
    return table


def test_edmonton_band_table_with_a_gap_gives_a_clear_refusal_not_a_server_error(person):
    table_with_a_gap(person.commissioner)
    total_of_6 = edmonton_answers(admissions=3, activities_needing_help=5, low_mood=True)
    total_of_6["weight_loss"] = True
    with pytest.raises(ValidationError) as refused:
        services.record_edmonton(
            person.support_worker, person.refuge, person.patient, total_of_6, assessed_on=DAY
        )
    (message,) = refused.value.messages
    assert message.startswith(
        "The Edmonton Frail Scale bands in force (Old Sussex bands version 1) do not cover "
        "every score from 0 to 17, so no band can be given and nothing has been saved."
    )
    assert "The band 'Frail' should start at 6, not 7" in message
    assert not Assessment.objects.exists()


def test_edmonton_band_table_with_a_gap_shows_the_reason_on_the_form_page(person, staff_client):
    table_with_a_gap(person.commissioner)
    client, _, _ = staff_client(Role.SUPPORT_WORKER, person.refuge)
    url = reverse(
        "support:assessment-new", kwargs={"public_id": person.patient.public_id, "kind": "edmonton"}
    )
    response = client.post(
        url,
        {
            "clock": "no_errors",
            "admissions": "0",
            "self_rated_health": "good",
            "activities_needing_help": "0",
            "social_support": "always",
            "five_or_more_medicines": "no",
            "forgets_medicines": "no",
            "weight_loss": "no",
            "low_mood": "no",
            "incontinence": "no",
            "get_up_and_go_seconds": "9",
            "assessed_on_day": DAY.day,
            "assessed_on_month": DAY.month,
            "assessed_on_year": DAY.year,
        },
    )
    assert response.status_code == 200
    assert "Ask an administrator to correct the band table" in response.content.decode()
    assert not Assessment.objects.exists()


def test_edmonton_band_table_with_a_gap_is_refused_when_saved_by_the_service(person):
    commissioner_user = MembershipFactory(
        organisation=person.commissioner, role=Role.COMMISSIONER
    ).user
    with pytest.raises(ValidationError) as refused:
        reference_services.save_commissioners_band_table(
            commissioner_user,
            person.commissioner,
            name="Sussex bands",
            effective_from=DAY,
            bands=WITH_A_GAP,
        )
    assert refused.value.message_dict["bands"] == ["The band 'Frail' should start at 6, not 7"]
    assert not FrailtyBandTable.objects.filter(name="Sussex bands").exists()


def test_edmonton_band_table_that_covers_0_to_17_is_saved_as_the_next_version_and_audited(
    person,
):
    commissioner_user = MembershipFactory(
        organisation=person.commissioner, role=Role.COMMISSIONER
    ).user
    bands = [(0, 5, "Not frail"), (6, 11, "Frail"), (12, None, "Severely frail")]
    first = reference_services.save_commissioners_band_table(
        commissioner_user, person.commissioner, name="Sussex bands", effective_from=DAY, bands=bands
    )
    second = reference_services.save_commissioners_band_table(
        commissioner_user, person.commissioner, name="Sussex bands", effective_from=DAY, bands=bands
    )
    assert (first.version, second.version) == (1, 2)
    assert second.rows() == bands and second.problems() == []
    assert AuditEvent.objects.filter(object_type="support.FrailtyBandTable").count() == 2


def test_only_a_commissioner_saves_their_own_edmonton_band_table(person):
    with pytest.raises(PermissionDenied):
        reference_services.save_commissioners_band_table(
            person.support_worker,
            person.refuge,
            name="Refuge bands",
            effective_from=DAY,
            bands=[(0, None, "Any")],
        )


def test_edmonton_band_whose_top_is_below_its_bottom_is_refused_by_the_model():
    table = FrailtyBandTable(name="x", version=1, effective_from=DAY)
    with pytest.raises(ValidationError) as refused:
        FrailtyBand(table=table, lower=6, upper=5, label="Odd").clean()
    assert "upper" in refused.value.message_dict


@pytest.fixture
def admin_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    device = TotpDeviceFactory(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _admin_bands(rows):
    data = {
        "bands-TOTAL_FORMS": str(len(rows)),
        "bands-INITIAL_FORMS": "0",
        "bands-MIN_NUM_FORMS": "0",
        "bands-MAX_NUM_FORMS": "1000",
    }
    for i, (lower, upper, label) in enumerate(rows):
        data.update(
            {
                f"bands-{i}-lower": str(lower),
                f"bands-{i}-upper": "" if upper is None else str(upper),
                f"bands-{i}-label": label,
            }
        )
    return data


def test_edmonton_band_table_with_a_gap_is_refused_in_the_admin(admin_client):
    url = reverse("admin:support_frailtybandtable_add")
    table = {"name": "Admin bands", "version": "1", "effective_from": "2026-01-05"}
    refused = admin_client.post(url, {**table, **_admin_bands(WITH_A_GAP)})
    assert refused.status_code == 200
    assert "The band &#x27;Frail&#x27; should start at 6, not 7" in refused.content.decode()
    assert not FrailtyBandTable.objects.filter(name="Admin bands").exists()

    saved = admin_client.post(url, {**table, **_admin_bands([(0, 5, "A"), (6, None, "B")])})
    assert saved.status_code == 302
    assert FrailtyBandTable.objects.get(name="Admin bands").problems() == []
