"""The layout of NHS practice data: the Organisation Data Service's ``epraccur`` file (GP
practices and other prescribing cost centres in England and Wales). The one place Gateway
states it (docs/domain/identifiers-and-reference-data.md#ods-practice-code).

Source: NHS England (formerly NHS Digital) Organisation Data Service, "GP and GP practice
related data" and the ODS Data Search and Export reference data catalogue entry "GP Practices
(Prescribing Cost Centres)": a CSV file with no heading row and 27 columns, dates as CCYYMMDD.
The same 27 columns, in the same order, are read by NHS England's own GP registrations
management information service (github.com/nhsconnect/prm-gp-registrations-mi-infra,
utils/trud_files.py, ``GP_FILE_HEADERS``), which was checked against this list.

Column 15 is the commissioner as ODS publishes it today (the sub-ICB location), column 4 the
integrated care board (high level health geography) and column 3 the NHS England region
(national grouping): Gateway links a practice to the most specific of these that is a
commissioner in Gateway (rules.commissioner_for). Column 26 says what kind of prescribing
cost centre a row is: only 4 is a GP practice."""

COLUMNS = (
    "Organisation code",  # 1
    "Name",  # 2
    "National grouping",  # 3: NHS England region
    "High level health geography",  # 4: integrated care board
    "Address line 1",  # 5
    "Address line 2",  # 6
    "Address line 3",  # 7
    "Address line 4",  # 8
    "Address line 5",  # 9
    "Postcode",  # 10
    "Open date",  # 11: CCYYMMDD
    "Close date",  # 12: CCYYMMDD, empty while open
    "Status code",  # 13: A, C, D or P
    "Organisation sub-type code",  # 14
    "Commissioner",  # 15: sub-ICB location
    "Join provider/purchaser date",  # 16: CCYYMMDD
    "Left provider/purchaser date",  # 17: CCYYMMDD
    "Contact telephone number",  # 18
    "Null",  # 19
    "Null",  # 20
    "Null",  # 21
    "Amended record indicator",  # 22
    "Null",  # 23
    "Provider/purchaser",  # 24: the commissioner code again (older files)
    "Null",  # 25
    "Prescribing setting",  # 26
    "Null",  # 27
)
WIDTH = len(COLUMNS)  # 27

# Positions (0-based) of the columns Gateway reads.
CODE = 0
NAME = 1
NATIONAL_GROUPING = 2
HIGH_LEVEL_HEALTH_GEOGRAPHY = 3
ADDRESS_LINES = slice(4, 9)
POSTCODE = 9
OPEN_DATE = 10
CLOSE_DATE = 11
STATUS = 12
COMMISSIONER = 14
PHONE = 17
PROVIDER_PURCHASER = 23
PRESCRIBING_SETTING = 25

DATE_FORMAT = "%Y%m%d"  # CCYYMMDD

STATUSES = {
    "A": "Active",
    "C": "Closed",
    "D": "Dormant",
    "P": "Proposed",
}
CLOSED = "C"

# Prescribing setting 4 is a GP practice; the others (walk-in centres, out of hours, prisons,
# and so on) are prescribing cost centres a person does not register with.
GP_PRACTICE_SETTING = 4
