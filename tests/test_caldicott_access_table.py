"""The Caldicott access table (docs/access/caldicott-access-table.md) is one statement: the
page, the code (gateway/accounts/caldicott.py), the support permissions built from it and the
access matrix (tests/access_matrix/matrix.py) must all say the same. Each test fails when one
of them disagrees."""

import re
from pathlib import Path

import pytest

from gateway.accounts import caldicott
from gateway.accounts.models import Role
from gateway.support.rules.permissions import OPENS
from tests import factories
from tests.access_matrix.matrix import ALLOWED, FORBIDDEN, MATRIX, NOT_FOUND, REFUSED

PAGE = Path(__file__).resolve().parents[1] / "docs" / "access" / "caldicott-access-table.md"
TABLE = re.compile(
    r"<!-- table: generated from gateway/accounts/caldicott.py -->\n(.*?)\n<!-- end of table -->",
    re.S,
)
# The page where a role meets each part of the record first (parts with pages of their own
# name them in the table's ``pages``).
FIRST_PAGE = {
    "record": "patients:detail",
    "sas": "sas:episode-detail",
    "registration": "registration:detail",
    "support": "support:patient",
    "assessments": "support:patient",
    "dash": "support:patient",
    "meetings": "support:patient",
    "service_referrals": "support:patient",
    "letters": "comms:message",
}
DENIED = {FORBIDDEN, NOT_FOUND}


def test_the_page_holds_the_table_the_code_holds():
    found = TABLE.search(PAGE.read_text())
    assert found, f"{PAGE} has lost its table markers"
    assert found.group(1).strip() == caldicott.as_markdown(), (
        "docs/access/caldicott-access-table.md and gateway/accounts/caldicott.py disagree: "
        "paste caldicott.as_markdown() into the page"
    )


def test_every_role_has_a_column_and_every_cell_a_level_and_a_reason():
    assert set(caldicott.COLUMNS) == set(Role.values)
    for row in caldicott.TABLE:
        for role, (level, reason) in row.cells.items():
            assert level in (caldicott.FULL, caldicott.SUMMARY, caldicott.NONE), (row.key, role)
            assert reason.strip(), f"{row.key}/{role}: say why"
    assert set(FIRST_PAGE) == set(caldicott.ROWS)


@pytest.mark.parametrize("row", caldicott.TABLE, ids=lambda row: row.key)
def test_the_access_matrix_follows_the_table(row):
    """A part's own pages open only for "full"; the page where a role first meets the part is
    refused where the table says "none" and open where it says more."""
    for name in row.pages:
        assert name in MATRIX, f"{row.key} names {name}, which is not a URL"
        for role, (level, _) in row.cells.items():
            got = MATRIX[name][role]
            if level == caldicott.FULL:
                assert got in (ALLOWED, REFUSED), f"{name} {role}: the table says full, got {got}"
            else:
                assert got in DENIED, f"{name} {role}: the table says {level}, got {got}"
    first = FIRST_PAGE[row.key]
    for role, (level, _) in row.cells.items():
        got = MATRIX[first][role]
        if level == caldicott.NONE:
            assert got in DENIED, f"{first} {role}: the table says none for {row.key}, got {got}"
        else:
            assert got != FORBIDDEN, f"{first} {role}: the table says {level} for {row.key}"


@pytest.mark.django_db
@pytest.mark.parametrize("part", list(OPENS))
def test_support_permissions_are_built_from_the_table(part):
    organisation = factories.CommissionerFactory()
    for role in Role:
        user = factories.MembershipFactory(organisation=organisation, role=role).user
        expected = caldicott.level(part, role) == caldicott.FULL
        assert user.has_perm(OPENS[part], organisation) is expected, (part, role)
