"""Files in the real epraccur layout (gateway/imports/practices/layout.py), made by tests:
27 columns, no heading row, every value quoted as ODS publishes them."""

import csv
import io

from gateway.imports.practices import layout


def row(
    code,
    name="THE SURGERY",
    *,
    postcode="BN1 1AA",
    status="A",
    opened="19740401",
    closed="",
    commissioner="",
    icb="",
    region="Y59",
    phone="01273 000000",
    setting="4",
    address=("HEALTH CENTRE", "1 HIGH STREET", "BRIGHTON", "EAST SUSSEX", ""),
):
    values = [""] * layout.WIDTH
    values[layout.CODE] = code
    values[layout.NAME] = name
    values[layout.NATIONAL_GROUPING] = region
    values[layout.HIGH_LEVEL_HEALTH_GEOGRAPHY] = icb
    values[layout.ADDRESS_LINES] = list(address)
    values[layout.POSTCODE] = postcode
    values[layout.OPEN_DATE] = opened
    values[layout.CLOSE_DATE] = closed
    values[layout.STATUS] = status
    values[13] = "B"  # organisation sub-type
    values[layout.COMMISSIONER] = commissioner
    values[15] = opened  # joined its commissioner
    values[layout.PHONE] = phone
    values[21] = "0"  # amended record indicator
    values[layout.PROVIDER_PURCHASER] = commissioner
    values[layout.PRESCRIBING_SETTING] = setting
    return values


def file(*rows):
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()
