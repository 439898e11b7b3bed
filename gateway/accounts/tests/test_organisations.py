import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Organisation, Role
from gateway.accounts.sessions import SESSION_ORGANISATION
from gateway.audit.models import AuditEvent
from tests import factories

from .helpers import page_text

pytestmark = pytest.mark.django_db
LIST = reverse("accounts:organisations")


def edit_url(organisation):
    return reverse("accounts:organisation-edit", kwargs={"public_id": organisation.public_id})


def practice_form(practice, **changes):
    data = {
        "name": practice.name,
        "ods_code": practice.ods_code,
        "list_capacity": practice.list_capacity or "",
        "catchment_districts": ", ".join(practice.catchment_districts),
        "version": practice.version,
    }
    if practice.is_sas_practice:
        data["is_sas_practice"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    "role", [Role.PRACTICE_STAFF, Role.SUPPORT_WORKER, Role.AUDITOR, Role.PANEL_MEMBER]
)
def test_organisations_page_is_refused_to_other_roles(staff_client, role):
    client, _, organisation = staff_client(role)
    assert client.get(LIST).status_code == 403
    assert client.get(edit_url(organisation)).status_code == 403


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ORGANISATION_ADMIN])
def test_commissioners_and_admins_see_organisations(staff_client, role):
    client, _, organisation = staff_client(role)
    response = client.get(LIST)
    assert response.status_code == 200
    assert organisation.name in page_text(response)


def test_organisations_page_uses_bounded_queries_and_pages_of_25(
    staff_client, django_assert_max_num_queries
):
    commissioner = factories.CommissionerFactory()
    client, _, _ = staff_client(Role.COMMISSIONER, organisation=commissioner)
    factories.PracticeFactory.create_batch(60, commissioner=commissioner)
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert page_text(response).count('class="nhsuk-table__row"') == 25
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"page": 3, "kind": "gp_practice"})
    assert page_text(response).count('class="nhsuk-table__row"') == 10


def test_organisations_can_be_filtered_by_kind(staff_client):
    client, _, _ = staff_client(Role.COMMISSIONER, organisation=factories.CommissionerFactory())
    partner = factories.PartnerFactory()
    html = client.get(LIST, {"kind": "partner"}).content.decode()
    table = html[html.index("<table") :]
    assert partner.name in table
    assert "Test ICB" not in table


def test_commissioner_edits_a_practice_they_commission(staff_client):
    commissioner = factories.CommissionerFactory()
    client, user, _ = staff_client(Role.COMMISSIONER, organisation=commissioner)
    practice = factories.PracticeFactory(commissioner=commissioner)
    response = client.post(
        edit_url(practice),
        practice_form(
            practice,
            is_sas_practice="on",
            list_capacity="40",
            catchment_districts="bn1, bn2 ,BN41",
        ),
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.is_sas_practice and practice.list_capacity == 40
    assert practice.catchment_districts == ["BN1", "BN2", "BN41"]
    event = AuditEvent.objects.get(action="update", object_id=str(practice.public_id))
    assert event.actor == user
    assert sorted(event.changed_fields) == [
        "catchment_districts",
        "is_sas_practice",
        "list_capacity",
    ]


def test_commissioner_cannot_edit_another_commissioners_practice(staff_client):
    client, _, _ = staff_client(Role.COMMISSIONER, organisation=factories.CommissionerFactory())
    other = factories.PracticeFactory()
    assert client.get(edit_url(other)).status_code == 403
    assert client.post(edit_url(other), practice_form(other, name="Hacked")).status_code == 403
    other.refresh_from_db()
    assert other.name != "Hacked"


def test_organisation_admin_edits_only_their_own_organisation(staff_client):
    client, _, practice = staff_client(Role.ORGANISATION_ADMIN)
    neighbour = factories.PracticeFactory(commissioner=practice.commissioner)
    assert client.get(edit_url(neighbour)).status_code == 403
    response = client.post(edit_url(practice), practice_form(practice, name="New Name Surgery"))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.name == "New Name Surgery"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345A", "Enter the practice's ODS code as 1 letter and 5 numbers, like A12345"),
        ("A1234", "Enter the practice's ODS code as 1 letter and 5 numbers, like A12345"),
        ("", "Enter the practice's ODS code, like A12345"),
    ],
)
def test_gp_practice_ods_code_must_be_a_letter_and_five_numbers(staff_client, typed, message):
    client, _, practice = staff_client(Role.ORGANISATION_ADMIN)
    response = client.post(edit_url(practice), practice_form(practice, ods_code=typed))
    html = page_text(response)
    assert response.status_code == 200
    assert "Error: Change" in html
    assert message in html
    assert 'href="#id_ods_code"' in html
    assert f'value="{typed}"' in html  # what was typed is kept


def test_ods_code_is_tidied_and_must_be_unique(staff_client):
    client, _, practice = staff_client(Role.ORGANISATION_ADMIN)
    taken = factories.PracticeFactory()
    response = client.post(edit_url(practice), practice_form(practice, ods_code=taken.ods_code))
    assert "Another organisation already has the ODS code" in page_text(response)
    response = client.post(edit_url(practice), practice_form(practice, ods_code=" b12345 "))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.ods_code == "B12345"


def test_bad_catchment_district_and_missing_capacity_are_explained(staff_client):
    client, _, practice = staff_client(Role.ORGANISATION_ADMIN)
    response = client.post(
        edit_url(practice),
        practice_form(practice, catchment_districts="BN1, Brighton", is_sas_practice="on"),
    )
    html = page_text(response)
    assert "'Brighton' is not a postcode district" in html
    assert "Enter how many SAS patients the practice can care for" in html


def test_partner_edit_form_has_no_practice_fields(staff_client):
    partner = factories.PartnerFactory()
    client, _, _ = staff_client(Role.ORGANISATION_ADMIN, organisation=partner)
    html = client.get(edit_url(partner)).content.decode()
    assert 'name="catchment_districts"' not in html
    response = client.post(
        edit_url(partner), {"name": partner.name, "ods_code": "ab1", "version": 1}
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.ods_code == "AB1"


def test_switch_organisation_offers_only_the_users_organisations(staff_client):
    client, user, first = staff_client(Role.PRACTICE_STAFF)
    second = factories.MembershipFactory(user=user, role=Role.SUPPORT_WORKER).organisation
    stranger = factories.PracticeFactory()
    left = factories.PracticeFactory()
    factories.MembershipFactory(user=user, organisation=left, is_active=False)
    html = client.get(reverse("accounts:switch-organisation")).content.decode()
    assert first.name in html and second.name in html
    assert stranger.name not in html and left.name not in html
    assert html.count('type="radio"') == 2

    response = client.post(
        reverse("accounts:switch-organisation"), {"organisation": str(stranger.public_id)}
    )
    assert response.status_code == 200
    assert "Select one of your organisations" in page_text(response)
    assert client.session[SESSION_ORGANISATION] == first.pk

    response = client.post(
        reverse("accounts:switch-organisation"), {"organisation": str(second.public_id)}
    )
    assert response["Location"] == reverse("core:home")
    assert client.session[SESSION_ORGANISATION] == second.pk
    assert second.name in client.get(reverse("core:home")).content.decode()


def test_user_with_several_organisations_must_choose_one(client):
    user = factories.MembershipFactory().user
    factories.MembershipFactory(user=user)
    sign_in(client, user)
    response = client.get(reverse("core:home"))
    assert response["Location"] == reverse("accounts:switch-organisation")
    response = client.post(reverse("accounts:switch-organisation"), {})
    assert "Select the organisation you are working for" in page_text(response)


def test_closed_organisations_are_not_offered(staff_client):
    client, user, first = staff_client()
    closed = factories.MembershipFactory(user=user).organisation
    Organisation.objects.filter(pk=closed.pk).update(is_active=False)
    html = client.get(reverse("accounts:switch-organisation")).content.decode()
    assert closed.name not in html


def test_two_stale_edits_of_an_organisation_the_second_is_refused_and_nothing_overwritten(
    staff_client,
):
    """Optimistic concurrency on Organisation (ADR 0046): two admins open the page at the same
    version; the first save wins, the second is told plainly and writes nothing."""
    client, _, practice = staff_client(Role.ORGANISATION_ADMIN)
    first = practice_form(practice, name="First Name Surgery", list_capacity="30")
    second = practice_form(practice, name="Second Name Surgery", list_capacity="99")

    assert client.post(edit_url(practice), first).status_code == 302
    response = client.post(edit_url(practice), second)

    assert response.status_code == 200
    assert "Someone else changed this while you were looking at it" in page_text(response)
    practice.refresh_from_db()
    assert (practice.name, practice.list_capacity, practice.version) == (
        "First Name Surgery",
        30,
        2,
    )
    assert (
        AuditEvent.objects.filter(object_id=str(practice.public_id), action="update").count() == 1
    )
