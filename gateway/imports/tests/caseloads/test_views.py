"""The caseload import's pages as a commissioner meets them: upload, the guessed columns, the
preview with each bad row's line and reasons, the download of the rows not used (CSV), adding
only the good rows and the result."""

import csv
import html
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.core import jobs
from gateway.core.models import STALE
from gateway.imports.caseloads import services
from gateway.imports.caseloads.models import CaseloadImport, RememberedColumns
from gateway.patients.models import Patient
from gateway.sas.models import Episode
from tests.factories import MembershipFactory, test_nhs_number

from .helpers import HEADINGS, area, csv_file, person

pytestmark = pytest.mark.django_db


def text(response):
    return " ".join(response.content.decode().split())


def words(response):
    """What a person reads on the page: the text without the tags."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def place(client):
    place = area()
    sign_in(client, place.user, place.commissioner)
    return place


def upload(client, rows, name="caseload.csv"):
    response = client.post(reverse("imports:caseload-upload"), {"file": csv_file(rows, name)})
    assert response.status_code == 302, text(response)
    return CaseloadImport.objects.latest("created_at")


def test_the_columns_page_chooses_the_guessed_column_for_each_field(client, place):
    work = upload(client, [person()])
    response = client.get(reverse("imports:caseload-columns", kwargs={"public_id": work.public_id}))
    assert response.status_code == 200
    page = text(response)

    def chosen(field):
        select = page.split(f'id="id_{field}"')[1].split("</select>")[0]
        return re.split(r" selected ?>", select)[1].split("</option>")[0]

    assert chosen("nhs_number") == "NHS No"
    assert chosen("given_name") == "Forename"
    assert chosen("family_name") == "Surname"
    assert chosen("date_of_birth") == "DOB"
    assert chosen("postcode") == "Post Code"
    assert chosen("sas_practice") == "SAS Practice"
    assert chosen("allocated_on") == "Date Allocated"
    assert chosen("next_review_on") == "Next Review Due"
    assert chosen("notes") == "Comments"
    assert "Remember these columns for our next import" in page


def test_required_columns_must_be_chosen(client, place):
    work = upload(client, [person()])
    url = reverse("imports:caseload-columns", kwargs={"public_id": work.public_id})
    response = client.post(url, {"nhs_number": "", "version": work.version})
    assert response.status_code == 200
    page = words(response)
    assert "Choose the column that holds the NHS number" in page
    assert (
        "Choose the columns for first name and last name, or one column with the whole name" in page
    )


def columns_page(client, work):
    """The columns page's URL and the version it was read at (its hidden field)."""
    url = reverse("imports:caseload-columns", kwargs={"public_id": work.public_id})
    page = client.get(url).content.decode()
    return url, re.search(r'name="version" value="([0-9]+)"', page).group(1)


def test_two_people_choose_columns_at_once_the_second_is_refused_and_nothing_overwritten(
    client, place, django_capture_on_commit_callbacks
):
    """docs/adr/0046-concurrency-faults-and-secrets-at-rest.md: a column choice saved over one
    someone made since the page was read is refused with the plain message, and neither the
    import's columns nor the remembered columns are overwritten."""
    work = upload(client, [person()])
    colleague = Client()
    sam = MembershipFactory(organisation=place.commissioner, role=Role.COMMISSIONER).user
    sign_in(colleague, sam, place.commissioner)
    url, first_read = columns_page(client, work)
    _, second_read = columns_page(colleague, work)
    guessed = {key: str(index) for key, index in work.mapping.items() if index is not None}
    without_notes = {**guessed, "notes": ""}

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {**guessed, "remember": "on", "version": first_read})
    assert first.status_code == 302, text(first)
    second = colleague.post(url, {**without_notes, "remember": "on", "version": second_read})

    assert second.status_code == 200
    assert STALE in words(second)
    work.refresh_from_db()
    assert work.mapping["notes"] == HEADINGS.index("Comments")
    assert work.version == 2
    remembered = RememberedColumns.objects.get(organisation=place.commissioner).headings
    assert remembered["notes"] == "Comments"
    chosen = AuditEvent.objects.filter(object_id=str(work.public_id), detail__mapping=True)
    assert [event.actor for event in chosen] == [place.user]


def test_an_unreadable_file_is_refused_in_plain_words(client, place):
    response = client.post(
        reverse("imports:caseload-upload"),
        {"file": csv_file([person()], name="caseload.pdf")},
    )
    assert "The file must be a CSV or an Excel workbook (.xlsx)." in words(response)
    assert not CaseloadImport.objects.exists()


def _choose(client, work, captured):
    url = reverse("imports:caseload-columns", kwargs={"public_id": work.public_id})
    data = {key: str(index) for key, index in work.mapping.items()}
    data["remember"] = "on"
    data["version"] = columns_page(client, work)[1]
    with captured(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, text(response)
    return client.get(response["Location"])


def preview_version(client, work):
    """The version the import's preview page was read at (its form's hidden field)."""
    page = client.get(reverse("imports:caseload", kwargs={"public_id": work.public_id}))
    return re.search(r'name="version" value="([0-9]+)"', page.content.decode()).group(1)


def stored_people():
    return set(Patient.objects.values_list("nhs_number", "given_name"))


def test_preview_explains_bad_rows_and_the_rest_can_be_added_with_a_download_of_the_others(
    client, place, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    rows = [
        person(),
        person(**{"NHS No": "943 476 5918"}),
        person(**{"SAS Practice": "Y92001", "Date Allocated": "31/02/2024"}),
    ]
    work = upload(client, rows)
    preview = words(_choose(client, work, django_capture_on_commit_callbacks))
    assert "2 rows cannot be used" in preview
    assert "1 person will be added to the scheme in Gateway" in preview
    assert (
        "3 NHS number is not valid: enter a valid NHS number — check you typed it correctly."
        in preview
    )
    assert "4 SAS practice code Y92001 is not one of your area's SAS practices." in preview
    assert "Date allocated is not a real date." in preview

    url = reverse("imports:caseload", kwargs={"public_id": work.public_id})
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200

    download = client.get(
        reverse("imports:caseload-problems", kwargs={"public_id": work.public_id})
    )
    assert download["Content-Type"].startswith("text/csv")
    got = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert got[0] == ["Line", "Why it was not imported", *HEADINGS]
    assert [r[:2] for r in got[1:]] == [
        ["3", "NHS number is not valid: enter a valid NHS number — check you typed it correctly"],
        [
            "4",
            "SAS practice code Y92001 is not one of your area's SAS practices; "
            "Date allocated is not a real date",
        ],
    ]
    assert got[1][2] == "943 476 5918"
    assert got[2][2 + HEADINGS.index("Date Allocated")] == "31/02/2024"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports:caseload-apply", kwargs={"public_id": work.public_id}),
            {"good_rows_only": "on", "version": preview_version(client, work)},
        )
    result = client.get(response["Location"])
    page = words(result)
    assert stored_people() == {(rows[0]["NHS No"], "Alex")}
    assert "1 person added to the scheme" in page
    assert "Alex Taylor" in page
    episode = Episode.objects.get()
    link = reverse("sas:episode-detail", kwargs={"public_id": episode.public_id})
    assert f'href="{link}"' in result.content.decode()
    assert "Rows not added" in page
    # The file is gone: the download has nothing left to give.
    gone = client.get(reverse("imports:caseload-problems", kwargs={"public_id": work.public_id}))
    assert gone.status_code == 302


def test_every_good_file_is_added_without_choosing_good_rows_only(
    client, place, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    rows = [person(), person(Forename="Sam")]
    work = upload(client, rows)
    preview = words(_choose(client, work, django_capture_on_commit_callbacks))
    assert "Every row can be used: 2 people will be added" in preview
    assert "Add 2 people" in preview
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("imports:caseload-apply", kwargs={"public_id": work.public_id}),
            {"version": preview_version(client, work)},
        )
    # Exactly the people the preview counted, each once.
    assert stored_people() == {(row["NHS No"], row["Forename"]) for row in rows}
    assert Episode.objects.count() == 2
    url = reverse("imports:caseload", kwargs={"public_id": work.public_id})
    with django_assert_max_num_queries(12):
        assert "2 people added to the scheme" in words(client.get(url))
    with django_assert_max_num_queries(12):
        listing = client.get(reverse("imports:caseload-upload"))
    assert "People added" in words(listing)


def test_abandoning_forgets_the_file(client, place):
    work = upload(client, [person()])
    response = client.post(
        reverse("imports:caseload-abandon", kwargs={"public_id": work.public_id})
    )
    assert response.status_code == 302
    work.refresh_from_db()
    assert work.content is None and work.step == "abandoned"


# A column on the commissioner's own sheet that Gateway does not guess for anything: their
# NHS numbers as an older list had them.
OLD_NUMBER = "Number on our old list"


def test_adding_from_a_preview_read_before_someone_chose_other_columns_adds_nobody(
    client, place, django_capture_on_commit_callbacks
):
    """docs/adr/0046-concurrency-faults-and-secrets-at-rest.md (hazard H72): A opens the preview, B
    chooses another column for the NHS number (so other people would be added), A's "add"
    adds nobody and says why, and the import is as B left it. From the new preview A adds
    exactly the people it shows."""
    good_in_both = test_nhs_number()
    rows = [
        {**person(Forename="Alex"), OLD_NUMBER: "123"},
        {**person(Forename="Sam", **{"NHS No": "943 476 5918"}), OLD_NUMBER: test_nhs_number()},
        {**person(Forename="Kim", **{"NHS No": good_in_both}), OLD_NUMBER: good_in_both},
    ]
    headings = [*HEADINGS, OLD_NUMBER]
    sent = client.post(
        reverse("imports:caseload-upload"), {"file": csv_file(rows, headings=headings)}
    )
    assert sent.status_code == 302, text(sent)
    work = CaseloadImport.objects.get()
    assert work.mapping["nhs_number"] == headings.index("NHS No")
    assert headings.index(OLD_NUMBER) not in work.mapping.values()
    first_preview = words(_choose(client, work, django_capture_on_commit_callbacks))
    assert "Add only the 2 good rows" in first_preview
    assert "3 NHS number is not valid" in first_preview
    read_at = preview_version(client, work)

    colleague = Client()
    sam = MembershipFactory(organisation=place.commissioner, role=Role.COMMISSIONER).user
    sign_in(colleague, sam, place.commissioner)
    url, colleague_read = columns_page(colleague, CaseloadImport.objects.get())
    chosen = {key: str(index) for key, index in work.mapping.items() if index is not None}
    with django_capture_on_commit_callbacks(execute=True):
        changed = colleague.post(
            url,
            {**chosen, "nhs_number": str(headings.index(OLD_NUMBER)), "version": colleague_read},
        )
    assert changed.status_code == 302, text(changed)
    as_left = CaseloadImport.objects.values().get()

    apply_url = reverse("imports:caseload-apply", kwargs={"public_id": work.public_id})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refused = client.post(apply_url, {"good_rows_only": "on", "version": read_at})
    assert refused.status_code == 302
    assert not callbacks
    assert not Patient.objects.exists() and not Episode.objects.exists()
    assert CaseloadImport.objects.values().get() == as_left
    assert not AuditEvent.objects.filter(object_id=str(work.public_id), detail__apply=True)
    fresh = words(client.get(refused["Location"]))
    assert (
        "Nobody was added. This import was changed after you opened its preview, so it may "
        "now add different people. Check the new preview, then add the people again." in fresh
    )
    # The page A is sent back to is the new preview: the row B's column makes unusable.
    assert "2 NHS number is not valid" in fresh
    assert "Add only the 2 good rows" in fresh

    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(
            apply_url, {"good_rows_only": "on", "version": preview_version(client, work)}
        )
    assert added.status_code == 302
    assert stored_people() == {(rows[1][OLD_NUMBER], "Sam"), (good_in_both, "Kim")}
    assert Episode.objects.count() == 2


def test_adding_from_a_page_without_the_previews_version_adds_nobody(
    client, place, django_capture_on_commit_callbacks
):
    work = upload(client, [person()])
    _choose(client, work, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(
            reverse("imports:caseload-apply", kwargs={"public_id": work.public_id})
        )
    assert "Nobody was added." in words(client.get(refused["Location"]))
    assert not Patient.objects.exists()
    work.refresh_from_db()
    assert work.step == CaseloadImport.Step.CHECK


def test_columns_chosen_while_the_last_check_runs_the_preview_shows_the_new_columns_findings(
    client, place, django_capture_on_commit_callbacks
):
    """ADR 0046, hazard H72: A chooses columns and their check starts; while it runs, B
    chooses another column for the NHS number. A's check (of the columns no longer chosen)
    writes no findings and does not say "done"; B's check runs and the preview shows what
    it found, at the version B's choice left."""
    rows = [
        {**person(Forename="Alex"), OLD_NUMBER: "123"},
        {**person(Forename="Kim"), OLD_NUMBER: test_nhs_number()},
    ]
    headings = [*HEADINGS, OLD_NUMBER]
    sent = client.post(
        reverse("imports:caseload-upload"), {"file": csv_file(rows, headings=headings)}
    )
    assert sent.status_code == 302, text(sent)
    work = CaseloadImport.objects.get()
    url, read_at = columns_page(client, work)
    chosen = {key: str(index) for key, index in work.mapping.items() if index is not None}
    with django_capture_on_commit_callbacks() as first_check:
        assert client.post(url, {**chosen, "version": read_at}).status_code == 302
    assert len(first_check) == 1

    colleague = Client()
    sam = MembershipFactory(organisation=place.commissioner, role=Role.COMMISSIONER).user
    sign_in(colleague, sam, place.commissioner)
    old_column = {**chosen, "nhs_number": str(headings.index(OLD_NUMBER))}

    def chosen_again_while_checking(checking, progress):
        # The worker has read the import (A's columns); B's choice lands before it writes.
        _url, colleague_read = columns_page(colleague, checking)
        with django_capture_on_commit_callbacks() as newer:
            changed = colleague.post(url, {**old_column, "version": colleague_read})
        assert changed.status_code == 302, text(changed)
        newer_check.extend(newer)
        services.check(checking, progress)

    newer_check = []
    jobs.run(CaseloadImport, work.pk, chosen_again_while_checking)
    after_stale = CaseloadImport.objects.get()
    assert after_stale.mapping["nhs_number"] == headings.index(OLD_NUMBER)
    assert (after_stale.state, after_stale.problems, after_stale.good_count) == ("queued", [], 0)
    assert "Checking your spreadsheet" in words(client.get(_url_of(work)))

    for callback in newer_check:
        callback()
    preview = words(client.get(_url_of(work)))
    assert "2 NHS number is not valid" in preview
    assert "Add only the 1 good row" in preview
    checked = CaseloadImport.objects.get()
    assert checked.state == "done" and checked.good_count == 1
    assert preview_version(client, work) == str(after_stale.version) == str(int(read_at) + 2)


def _url_of(work):
    return reverse("imports:caseload", kwargs={"public_id": work.public_id})
