"""Applying a caseload: every stored value, the episode's state, history and deadlines, the
audit rows, re-importing without doubles, and adding only the good rows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gateway.audit.models import AuditEvent
from gateway.core.models import STALE
from gateway.imports.caseloads import services
from gateway.imports.caseloads.models import CaseloadImport
from gateway.patients.models import Patient, PatientFlag, PatientRelationship
from gateway.sas.models import Deadline, Episode, RecordBeforeGateway, Review, StatusHistory
from gateway.sas.rules import add_months, long_date
from gateway.sas.states import State

from .helpers import area, csv_file, person

pytestmark = pytest.mark.django_db


def checked(place, rows, capture, name="caseload.csv"):
    work = services.upload(place.user, place.commissioner, csv_file(rows, name))
    with capture(execute=True):
        services.choose_columns(place.user, place.commissioner, work, work.mapping, True)
    work.refresh_from_db()
    assert work.state == "done", work.failure
    return work


def applied(place, work, capture, good_rows_only=False):
    with capture(execute=True):
        services.start_applying(place.user, place.commissioner, work, good_rows_only)
    work.refresh_from_db()
    assert work.state == "done", work.failure
    return work


def test_a_column_choice_from_an_import_read_before_someone_elses_is_refused():
    place = area()
    """Both people read the import at version 1; the UPDATE matches the version, so the
    second save is refused even though its copy looked current (ADR 0046)."""
    work = services.upload(place.user, place.commissioner, csv_file([person()]))
    seen_by_first = CaseloadImport.objects.get(pk=work.pk)
    seen_by_second = CaseloadImport.objects.get(pk=work.pk)
    services.choose_columns(place.user, place.commissioner, seen_by_first, work.mapping, False)
    other = {**work.mapping, "notes": None}
    with pytest.raises(ValidationError, match=STALE[:30]):
        services.choose_columns(place.user, place.commissioner, seen_by_second, other, False)
    work.refresh_from_db()
    assert work.mapping == seen_by_first.mapping and work.mapping["notes"] is not None
    assert work.version == 2


def test_adding_from_a_preview_read_before_someone_elses_column_choice_adds_nobody(
    django_capture_on_commit_callbacks,
):
    """Hazard H72 (ADR 0046): the preview was read at one version; someone chose columns
    since, and the check finished again. The add from the old preview is refused, and so is
    one from a copy read before the other person's add: the UPDATE matches the version."""
    place = area()
    work = checked(place, [person()], django_capture_on_commit_callbacks)
    previewed_at = work.version
    with django_capture_on_commit_callbacks(execute=True):
        services.choose_columns(place.user, place.commissioner, work, work.mapping, False)
    work.refresh_from_db()
    assert work.state == "done" and work.version == previewed_at + 1
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(ValidationError, match="Nobody was added"),
    ):
        services.start_applying(place.user, place.commissioner, work, False, version=previewed_at)
    assert not callbacks
    work.refresh_from_db()
    assert (work.step, work.version) == (CaseloadImport.Step.CHECK, previewed_at + 1)

    seen_by_second = CaseloadImport.objects.get(pk=work.pk)
    services.start_applying(place.user, place.commissioner, work, False, version=work.version)
    with pytest.raises(ValidationError, match="Nobody was added"):
        services.start_applying(place.user, place.commissioner, seen_by_second, False)
    assert AuditEvent.objects.filter(object_id=str(work.public_id), detail__apply=True).count() == 1
    assert not Episode.objects.exists()


def test_columns_from_a_page_read_before_the_import_was_abandoned_are_refused():
    place = area()
    work = services.upload(place.user, place.commissioner, csv_file([person()]))
    seen = CaseloadImport.objects.get(pk=work.pk)
    services.abandon(place.user, place.commissioner, work)
    with pytest.raises(ValidationError, match=STALE[:30]):
        services.choose_columns(place.user, place.commissioner, seen, seen.mapping, False)
    work.refresh_from_db()
    assert work.step == "abandoned" and work.content is None and work.state == "queued"


def d(text):
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


def test_the_headings_are_guessed_and_every_field_is_stored_after_apply(
    django_capture_on_commit_callbacks,
):
    place = area()
    row = person(**{"Next Review Due": ""})
    work = checked(place, [row], django_capture_on_commit_callbacks)
    assert work.problems == [] and work.good_count == 1
    work = applied(place, work, django_capture_on_commit_callbacks)

    patient = Patient.objects.get(nhs_number=row["NHS No"])
    assert (patient.given_name, patient.family_name) == ("Alex", "Taylor")
    assert patient.date_of_birth == datetime.date(1985, 3, 14)
    address = patient.addresses.get(is_current=True)
    assert (address.kind, address.line_1, address.line_2, address.town, address.postcode) == (
        "home",
        "Flat 2",
        "10 Queens Road",
        "Brighton",
        "BN1 3XE",
    )
    episode = Episode.objects.get(patient=patient)
    # A last review on the sheet: the person remained on the scheme after it.
    assert episode.state == State.REMAINING
    assert episode.commissioner == place.commissioner
    assert episode.sas_practice == place.sas
    assert episode.removing_practice == place.removing
    record = RecordBeforeGateway.objects.get(episode=episode)
    assert record.removed_on == d(row["Date of Removal"])
    assert record.allocated_on == d(row["Date Allocated"])
    assert record.last_reviewed_on == d(row["Last Review"])
    assert record.next_review_in_records is None
    assert record.notes == "Prefers morning appointments"
    assert record.source == "caseload.csv, line 2"
    # The next review from the policy: 12 months from the last review.
    due = add_months(d(row["Last Review"]), 12)
    assert record.next_review_set == due
    review = Review.objects.get(episode=episode, status=Review.Status.SCHEDULED)
    assert review.due_on == due
    assert Deadline.objects.get(episode=episode, kind="review").review == review
    assert PatientFlag.objects.filter(
        patient=patient, kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY
    ).exists()
    assert PatientRelationship.objects.filter(
        patient=patient, organisation=place.sas, kind="responsible", is_active=True
    ).exists()
    assert work.results == [
        {"line": 2, "added": True, "new_person": True, "episode": str(episode.public_id)}
    ]
    # The file is forgotten once applied.
    assert work.content is None and work.file_forgotten_at is not None


def test_history_says_imported_from_the_file_on_the_date_by_the_user(
    django_capture_on_commit_callbacks,
):
    place = area()
    row = person()
    applied(
        place,
        checked(place, [row], django_capture_on_commit_callbacks, "sussex.csv"),
        django_capture_on_commit_callbacks,
    )
    episode = Episode.objects.get(patient__nhs_number=row["NHS No"])
    history = list(StatusHistory.objects.filter(episode=episode).order_by("at"))
    expected = (
        f"Imported from sussex.csv on {long_date(timezone.localdate())} by "
        f"{place.user.display_name}"
    )
    assert [(h.from_state, h.to_state, h.reason) for h in history] == [
        ("", State.ALLOCATED, expected),
        (State.ALLOCATED, State.REMAINING, expected),
    ]
    assert timezone.localtime(history[0].at).date() == d(row["Date Allocated"])


def test_audit_rows_record_the_person_the_episode_and_the_import(
    django_capture_on_commit_callbacks,
):
    place = area()
    row = person()
    work = applied(
        place,
        checked(place, [row], django_capture_on_commit_callbacks),
        django_capture_on_commit_callbacks,
    )
    patient = Patient.objects.get(nhs_number=row["NHS No"])
    types = set(
        AuditEvent.objects.filter(patient_id=patient.pk, action="create").values_list(
            "object_type", flat=True
        )
    )
    assert {"patients.Patient", "sas.Episode", "sas.RecordBeforeGateway"} <= types
    about_import = AuditEvent.objects.filter(object_id=str(work.public_id))
    assert about_import.count() == 4  # uploaded, columns chosen, apply started, applied
    assert about_import.order_by("-id").first().detail == {
        "added": 1,
        "not_added": 0,
        "file_forgotten": True,
    }


def test_reimporting_the_same_file_creates_nothing_twice(django_capture_on_commit_callbacks):
    place = area()
    rows = [person(), person(Forename="Sam", Surname="Jones")]
    applied(
        place,
        checked(place, rows, django_capture_on_commit_callbacks),
        django_capture_on_commit_callbacks,
    )
    people, episodes = Patient.objects.count(), Episode.objects.count()

    again = checked(place, rows, django_capture_on_commit_callbacks)
    assert again.good_count == 0
    assert again.problems == [
        {"line": 2, "reasons": ["This person is already on the scheme in Gateway"]},
        {"line": 3, "reasons": ["This person is already on the scheme in Gateway"]},
    ]
    with pytest.raises(ValidationError, match="no rows that can be added"):
        services.start_applying(place.user, place.commissioner, again, True)
    assert (Patient.objects.count(), Episode.objects.count()) == (people, episodes)


def test_nothing_is_applied_until_every_row_is_good_unless_only_good_rows_are_chosen(
    django_capture_on_commit_callbacks,
):
    place = area()
    good, bad = person(), person(**{"NHS No": "1234567890"})
    work = checked(place, [good, bad], django_capture_on_commit_callbacks)
    assert work.good_count == 1
    with pytest.raises(ValidationError, match="Some rows cannot be used"):
        services.start_applying(place.user, place.commissioner, work, False)
    assert not Episode.objects.exists()

    work = applied(place, work, django_capture_on_commit_callbacks, good_rows_only=True)
    assert Episode.objects.get().patient.nhs_number == good["NHS No"]
    assert [r["added"] for r in work.results] == [True, False]
    assert work.results[1]["line"] == 3
    assert "NHS number is not valid" in work.results[1]["reason"]


def test_the_sheets_next_review_is_kept_when_earlier_than_the_policys_and_not_when_later(
    django_capture_on_commit_callbacks,
):
    place = area()
    today = timezone.localdate()
    allocated = today - datetime.timedelta(days=100)
    earlier = today + datetime.timedelta(days=60)
    later = add_months(allocated, 18)
    rows = [
        person(
            **{
                "Date Allocated": f"{allocated:%d/%m/%Y}",
                "Last Review": "",
                "Next Review Due": f"{earlier:%d/%m/%Y}",
            }
        ),
        person(
            **{
                "Date Allocated": f"{allocated:%d/%m/%Y}",
                "Last Review": "",
                "Next Review Due": f"{later:%d/%m/%Y}",
            }
        ),
    ]
    work = applied(
        place,
        checked(place, rows, django_capture_on_commit_callbacks),
        django_capture_on_commit_callbacks,
    )
    assert [r["added"] for r in work.results] == [True, True], work.results
    kept = RecordBeforeGateway.objects.get(episode__patient__nhs_number=rows[0]["NHS No"])
    assert (kept.next_review_in_records, kept.next_review_set) == (earlier, earlier)
    assert kept.episode.state == State.ALLOCATED
    deadline = Deadline.objects.get(episode=kept.episode, kind="review")
    assert deadline.rule == "Review date from the commissioner's own records"
    policy = RecordBeforeGateway.objects.get(episode__patient__nhs_number=rows[1]["NHS No"])
    assert policy.next_review_in_records == later
    assert policy.next_review_set == add_months(allocated, 12)


def test_old_files_are_forgotten(django_capture_on_commit_callbacks):
    place = area()
    work = services.upload(place.user, place.commissioner, csv_file([person()]))
    assert services.forget_old_files(timezone.now() + datetime.timedelta(days=8)) == 1
    work.refresh_from_db()
    assert work.content is None and work.step == CaseloadImport.Step.ABANDONED
