"""The analyst's pages and every download: what each role gets, that nothing personal is on
the page or in any file, that no spreadsheet cell runs as a formula, and that every download
is audited. Files are read back as they would be opened (csv, openpyxl)."""

import csv
import datetime
import html
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.insight import exports, period_choice
from gateway.insight.definitions import sas as sas_definitions
from gateway.insight.figures import Definition, Figure, Section, Table
from gateway.insight.rules.periods import Period
from tests.factories import NationalFactory

from .national_world import Area

SECTION_TITLES = [
    "Special Allocation Scheme",
    "GP registration",
    "Multiple disadvantage",
    "Equality",
]

pytestmark = pytest.mark.django_db
INJECTION = '=HYPERLINK("http://example.com","Click")'


@pytest.fixture
def areas():
    """Two areas with people on the scheme: 3 (small) and 20."""
    small, large = Area(name="North area"), Area(name=INJECTION)
    small_people = small.on_scheme(3)
    large.on_scheme(20)
    return small, large, small_people


@pytest.fixture
def analyst(staff_client):
    client, _, _ = staff_client(Role.NATIONAL_ANALYST, NationalFactory())
    return client


def personal_data(patients):
    """Names and NHS numbers of the people, as they could appear anywhere."""
    found = []
    for patient in patients:
        found += [patient.given_name, patient.family_name, patient.nhs_number]
    return [value for value in found if value]


def workbook_text(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    return book, cells


def test_the_analyst_sees_every_area_with_small_numbers_hidden_and_no_person(areas, analyst):
    small, large, people = areas
    response = analyst.get(reverse("insight:national"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "North area" in page and "England" in page
    assert "fewer than 8" in page and "not shown" in page
    for value in personal_data(episode.patient for episode in people):
        assert value not in page
    assert "/patients/" not in page and "/sas/" not in page
    assert 'href="/insight/export.csv?period=' in page


def test_every_column_of_the_national_view_links_its_definition(areas, analyst):
    page = analyst.get(reverse("insight:national")).content.decode()
    tables = re.findall(r"(<table.*?</table>)\s*<details.*?</details>", page, re.S)
    assert len(tables) == len(SECTION_TITLES) + 1  # the scheme at a glance, then each section
    for table, columns in re.findall(r"(<table.*?</table>)\s*(<details.*?</details>)", page, re.S):
        headings = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', table)
        linked = re.findall(r'<a href="/insight/definitions#[\w-]+">([^<]+)</a>', columns)
        assert headings[0] == "Commissioner"
        shown = [html.unescape(h).removesuffix(" (%)") for h in headings[1:]]
        assert shown == [html.unescape(t) for t in linked]
    anchors = re.findall(r'href="/insight/definitions#([\w-]+)"', page)
    assert "glance-on-scheme" in anchors and sas_definitions.ON_SCHEME.key in anchors
    response = analyst.get(reverse("insight:definitions"))
    assert response.status_code == 200
    definitions = response.content.decode()
    for anchor in anchors:
        assert f'id="{anchor}"' in definitions
    # Definitions only: no figure, no person, and back to the analyst's own page.
    assert "/insight/people/" not in definitions and "/patients/" not in definitions
    back = re.search(r"<a[^>]*nhsuk-back-link[^>]*>", definitions).group(0)
    assert 'href="/insight/national"' in back


def test_a_chosen_period_is_kept_and_an_unknown_one_gives_this_quarter(analyst):
    today = timezone.localdate()
    value, label = period_choice.choices(today)[-1]  # a financial year
    page = analyst.get(reverse("insight:national"), {"period": value}).content.decode()
    assert f'<option value="{value}" selected>' in page
    assert period_choice.chosen("year:1999-04-01", today) == period_choice.chosen(None, today)
    assert period_choice.chosen("nonsense", today).kind == "quarter"
    assert period_choice.chosen(None, today).end == today


@pytest.mark.parametrize(
    "role", [Role.COMMISSIONER, Role.AUDITOR, Role.PANEL_MEMBER, Role.ORGANISATION_ADMIN]
)
def test_no_one_else_sees_the_national_view(areas, staff_client, role):
    client, _, _ = staff_client(role, areas[0].commissioner)
    assert client.get(reverse("insight:national")).status_code == 403


def test_an_admin_of_the_national_organisation_is_no_analyst(staff_client):
    client, _, _ = staff_client(Role.ORGANISATION_ADMIN, NationalFactory())
    assert client.get(reverse("insight:national")).status_code == 403
    assert client.get(reverse("insight:export-csv")).status_code == 403


def test_the_analyst_reaches_no_persons_record(areas, analyst):
    episode = areas[2][0]
    for url in (
        reverse("patients:search"),
        reverse("patients:detail", args=[episode.patient.public_id]),
        reverse("sas:episode-detail", args=[episode.public_id]),
        reverse("sas:episode-list"),
        reverse("sas:episode-list-csv"),
    ):
        assert analyst.get(url).status_code in (403, 404), url


def test_the_analysts_csv_is_suppressed_formula_safe_and_audited(areas, analyst):
    response = analyst.get(reverse("insight:export-csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="england-national')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Commissioner", "People on the scheme at the end of the period"]
    by_area = {row[0]: row[1] for row in rows[1:]}
    assert by_area == {"North area": "fewer than 8", "'" + INJECTION: "not shown", "England": "23"}
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.object_id == "national-glance"
    assert event.detail["view"] == "national" and event.detail["format"] == "csv"


def test_an_unknown_table_is_not_found(analyst):
    assert analyst.get(reverse("insight:export-csv"), {"table": "nope"}).status_code == 404


def test_the_analysts_workbook_has_the_period_the_definitions_and_no_person(areas, analyst):
    response = analyst.get(reverse("insight:export-xlsx"))
    assert response.status_code == 200
    book, cells = workbook_text(response.content)
    assert book.sheetnames == [
        "About",
        "The scheme at a glance by area",
        *[f"{title} by area"[:31] for title in SECTION_TITLES],
        "Definitions",
    ]
    about = book["About"]
    assert about["A2"].value == "Period" and about["B2"].value.startswith("Q")
    assert "fewer than 8" in [cell.value for cell in book["About"]["B"]][-1]
    values = [cell.value for cell in cells]
    assert "fewer than 8" in values and "not shown" in values
    assert "'" + INJECTION in values  # the commissioner's name, as text
    assert all(cell.data_type != "f" for cell in cells)
    for value in personal_data(episode.patient for episode in areas[2]):
        assert value not in values
    keys = [cell.value for cell in book["Definitions"]["A"]]
    assert keys[1] == "glance-on-scheme" and keys[-1] == "suppression"
    assert AuditEvent.objects.get(action=AuditEvent.Action.EXPORT).object_id == "workbook"


def test_a_commissioners_own_downloads_are_in_full(areas, staff_client):
    small = areas[0]
    client, _, _ = staff_client(Role.COMMISSIONER, small.commissioner)
    rows = list(csv.reader(io.StringIO(client.get(reverse("insight:export-csv")).content.decode())))
    # The first download is every figure of the commissioner's dashboard, unsuppressed.
    assert rows[0] == ["Section", "Figure", "Value", "Unit", "Worked out from"]
    by_title = {row[1]: row[2:4] for row in rows[1:]}
    assert by_title[sas_definitions.ON_SCHEME.title] == ["3", "number"]
    assert {row[0] for row in rows[1:]} >= set(SECTION_TITLES)
    book, _ = workbook_text(client.get(reverse("insight:export-xlsx")).content)
    assert book.sheetnames[:2] == ["About", "Figures"]
    assert book.sheetnames[-1] == "Definitions" and len(book.sheetnames) > 3
    assert book["About"]["B1"].value == "North area"


def test_the_yearly_return_covers_the_last_financial_year_that_has_ended(areas, analyst):
    today = timezone.localdate()
    latest = period_choice.last_full_year(today)
    response = analyst.get(reverse("insight:yearly-return"))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert f"yearly-return-england-{latest.start.isoformat()}-to-{latest.end.isoformat()}" in (
        disposition
    )
    book, _ = workbook_text(response.content)
    assert book["About"]["B1"].value.startswith(
        f"Yearly return, financial year {latest.start.year} to {latest.end.year}"
    )
    assert book["About"]["C3"].value is None and book["About"]["B3"].value == (
        latest.start.isoformat()
    )
    earlier = analyst.get(reverse("insight:yearly-return"), {"year": latest.start.year - 1})
    assert f"-{latest.start.year - 1}-04-01-to-" in earlier["Content-Disposition"]
    future = period_choice.return_year(str(today.year + 1), today)
    assert future == latest
    assert AuditEvent.objects.filter(object_id="yearly-return").count() == 2


def test_home_pages_lead_to_the_national_view_and_the_yearly_return(areas, analyst, client):
    page = analyst.get(reverse("core:home")).content.decode()
    assert reverse("insight:national") in page and reverse("insight:yearly-return") in page
    assert 'href="/insight/national"' in page  # in the header's navigation too


def test_the_commissioners_home_page_offers_their_yearly_return(areas, staff_client):
    client, _, _ = staff_client(Role.COMMISSIONER, areas[0].commissioner)
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("insight:yearly-return") in page
    assert reverse("insight:national") not in page


def test_every_cell_of_a_workbook_is_safe_and_typed():
    definition = Definition("t", "=SUM(A1:A2)", "+cmd", "@source")
    table = Table(definition, ["-name", "Count"], [["=1+1", 3], ["|pipe", None], ["ok", 2.5]])
    section = Section("s", "Section", figures=[Figure(definition, 7)], tables=[table])
    period = Period(datetime.date(2025, 4, 1), datetime.date(2025, 6, 30), "quarter")
    book, cells = workbook_text(exports.workbook("@title", period, [section]))
    assert all(cell.data_type != "f" for cell in cells)
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    for text in texts:
        assert not text.startswith(("=", "+", "-", "@", "|")), text
    sheet = book["SUM(A1A2)"]
    assert [sheet["A5"].value, sheet["B5"].value] == ["'=1+1", 3]
    assert sheet["B7"].value == 2.5 and sheet["B6"].value is None
    assert book.sheetnames == ["About", "Figures", "SUM(A1A2)", "Definitions"]


def test_sheet_names_are_short_and_never_repeated():
    used = set()
    names = [exports.sheet_name("A" * 40, used) for _ in range(3)]
    assert names == ["A" * 31, "A" * 27 + " (2)", "A" * 27 + " (3)"]
    assert exports.sheet_name("a/b:c?", set()) == "abc"
