"""The subject access export of a person with every kind of record holds each kind, in
record.json and in the summary PDF, with the letters' PDFs themselves; what the law lets
Gateway leave out is left out and named with why (docs/domain/standards.md#right-of-access)."""

import pytest

from .every_kind import SECRETS, WORDS

pytestmark = pytest.mark.django_db


def test_the_export_is_made_in_the_background_and_ready_once(made):
    assert made.state == made.State.DONE
    assert made.content and made.content_bytes == len(bytes(made.content))
    assert made.expires_at is not None and made.downloaded_at is None
    assert made.letter_count == 2
    assert made.withheld_count == 3


def test_the_zip_holds_a_summary_the_json_and_each_letter(unzipped):
    assert "summary.pdf" in unzipped.names
    assert "record.json" in unzipped.names
    letters = sorted(n for n in unzipped.names if n.startswith("letters/"))
    assert len(letters) == 2
    for name in letters:
        assert (
            name.startswith("letters/20")
            and name.endswith("-sas-allocation.pdf")
            or (name.endswith("-sas-allocation-2.pdf"))
        )
    texts = " ".join(unzipped.letter_text(name) for name in letters)
    assert WORDS["comms.Message"] in texts  # the stored PDF
    assert "Given in person" in texts  # the hand-over letter, printed from what was stored


@pytest.mark.parametrize("kind", sorted(WORDS))
def test_each_kind_of_record_is_in_the_json(unzipped, kind):
    assert WORDS[kind] in unzipped.json_text, f"{kind} is missing from record.json"


@pytest.mark.parametrize("kind", sorted(WORDS))
def test_each_kind_of_record_is_in_the_summary_pdf(unzipped, kind):
    assert WORDS[kind] in unzipped.flat_pdf, f"{kind} is missing from summary.pdf"


def test_the_json_has_each_part_in_its_documented_place(unzipped, everyone):
    data = unzipped.data
    assert data["format"] == "gateway.subject-access-export"
    assert data["request"]["reference"] == "SAR-2025-017"
    assert data["request"]["received_on"] == "2025-03-03"
    assert data["request"]["respond_by"] == "2025-04-03"
    person = data["person"]
    assert person["nhs_number"] == everyone.patient.nhs_number
    assert person["date_of_birth"] == "1985-03-14"
    assert person["ethnic_category"] == {
        "code": "Z",
        "text": "Not stated (the person chose not to say)",
    }
    assert {a["line_1"] for a in data["addresses"]} == {"1 Elm Hostel", "4 Juniper Road"}
    assert [a["is_current"] for a in data["addresses"]] == [False, True]
    episode = data["sas_episodes"][0]
    assert [h["to_state"]["code"] for h in episode["history"]] == ["reported", "screening"]
    assert episode["appeals"][0]["grounds"] == WORDS["sas.Appeal"]
    assert episode["reviews"][0]["patient_view"] == WORDS["sas.Review"]
    assert episode["discharge_plan"]["medication_cover"] == WORDS["sas.DischargePlan"]
    letter = next(m for m in data["messages"] if m["kind"]["code"] == "letter")
    assert letter["file"].startswith("letters/") and letter["status"]["text"] == "Sent"
    text = next(m for m in data["messages"] if m["kind"]["code"] == "text")
    assert text["delivery"][0]["error"] == WORDS["comms.DeliveryAttempt"]
    meeting = data["meetings"][0]
    assert meeting["attendees"][0]["name"] == WORDS["support.MeetingAttendee"]
    assert meeting["actions"][0]["description"] == WORDS["support.Action"]
    assert data["death"]["revisions"][0]["version"] == 1
    # Dates are ISO 8601; every kind's keys are explained in the guide.
    assert data["made_at"][:4].isdigit() and "T" in data["made_at"]
    assert "grounds" in data["guide"]["fields"]["sas.Appeal"]
    assert set(data["guide"]["parts"]) >= {"person", "sas_episodes", "audit_trail", "withheld"}


def test_who_looked_at_the_record_is_in_the_export(unzipped):
    trail = unzipped.data["audit_trail"]
    view = next(row for row in trail if row["action"]["code"] == "view")
    assert view["who"] == "Cara Jones"
    assert view["organisation"].startswith("NHS Sussex")
    assert view["what"] == "patient"
    assert "Who looked at your record" in unzipped.flat_pdf
    assert "Cara Jones" in unzipped.flat_pdf


def test_withheld_information_is_left_out_and_named_with_why(unzipped):
    """rules/withholding.py: serious harm (a removal report the practice said would harm the
    person to hear) and information about other people (DASH notes, MARAC reasons)."""
    for secret in SECRETS.values():
        assert secret not in unzipped.json_text
        assert secret not in unzipped.flat_pdf
    withheld = {(w["record"], w["ground"]) for w in unzipped.data["withheld"]}
    assert withheld == {
        ("sas.RemovalReport", "serious_harm"),
        ("support.Assessment", "other_people"),
        ("support.MaracReferral", "other_people"),
    }
    report = unzipped.data["sas_episodes"][0]["removal_report"]
    assert report["description"] is None
    assert report["withheld_fields"] == ["description"]
    assert report["signed_by_name"] == WORDS["sas.RemovalReport"]  # the rest is there
    assert "What we have left out, and why" in unzipped.flat_pdf
    assert "could harm you or put someone else at risk" in unzipped.flat_pdf
    assert "may be about other people" in unzipped.flat_pdf


def test_security_values_are_not_in_the_export_and_it_says_so(unzipped, everyone):
    code = unzipped.data["own_page_codes"][0]
    assert "secret_hash" not in code and "selector" not in code
    assert "ABCD1234" not in unzipped.json_text and "f" * 64 not in unzipped.json_text
    assert "e" * 64 not in unzipped.json_text
    assert {row["record"] for row in unzipped.data["not_included"]} >= {
        "portal.AccessCode",
        "portal.PortalSession",
    }
    assert "Security values" in unzipped.flat_pdf


def test_the_summary_pdf_uses_plain_headings(unzipped):
    for heading in (
        "Everything we hold about you",
        "Where you live",
        "Your time on the Special Allocation Scheme",
        "Letters and messages",
        "Appeals",
        "Reviews",
        "Checks we did with you",
        "Meetings about you",
        "Your support team",
    ):
        assert heading in unzipped.flat_pdf
