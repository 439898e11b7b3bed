"""Letters: postal address rules and where the address is printed (GOV.UK Notify's
precompiled letter rules: address window 24.6-120 mm across, 39.5-66.3 mm down)."""

import pytest
from django.core.exceptions import ValidationError

from gateway.comms.addresses import validate_postal_address
from gateway.comms.rendering import letter_layout, render_letter

from .conftest import ADDRESS, LETTER

PX_TO_MM = 25.4 / 96


class Sender:
    name = "Test Surgery"
    address = "1 High Street\nBrighton"
    postcode = "BN1 1AA"
    phone = "01273 000000"


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        (["Alex Taylor", "No fixed abode", "Brighton"], "no_fixed_abode"),
        (["Alex Taylor", "NFA", "Brighton", "BN1 1AA"], "no_fixed_abode"),
        (["Alex Taylor", "BN1 1AA"], "too_few_lines"),
        (["Alex Taylor", "1 Road", "Brighton"], "no_postcode"),
        (["A", "B", "C", "D", "E", "F", "G", "BN1 1AA"], "too_many_lines"),
    ],
)
def test_letters_that_cannot_be_posted_are_refused(lines, code):
    with pytest.raises(ValidationError) as error:
        validate_postal_address(lines)
    assert error.value.code == code


def test_a_good_address_gets_a_tidied_postcode():
    assert validate_postal_address(["Alex Taylor", " 1 Road ", "", "Brighton", "bn11aa"]) == [
        "Alex Taylor",
        "1 Road",
        "Brighton",
        "BN1 1AA",
    ]


def _box(layout, element_id):
    def walk(box):
        yield box
        for child in getattr(box, "children", None) or []:
            yield from walk(child)

    for box in walk(layout.pages[0]._page_box):
        element = getattr(box, "element", None)
        if element is not None and element.get("id") == element_id:
            return box
    raise AssertionError(f"{element_id} not found")


@pytest.mark.parametrize(
    "lines", [ADDRESS[:3] + ["BN1 3XE"], ["A", "B", "C", "D", "E", "F", "BN1 3XE"]]
)
def test_address_is_printed_inside_notifys_address_window(db, lines):
    _, html = render_letter(
        "comms/plain", LETTER, address_lines=lines, sender=Sender(), reference="gw-test"
    )
    layout = letter_layout(html)
    page = layout.pages[0]
    assert (round(page.width * PX_TO_MM), round(page.height * PX_TO_MM)) == (210, 297)
    box = _box(layout, "gw-letter-address")
    left, top = box.position_x * PX_TO_MM, box.position_y * PX_TO_MM
    right = left + box.margin_width() * PX_TO_MM
    bottom = top + box.margin_height() * PX_TO_MM
    assert left >= 24.6 and right <= 120.0
    assert top >= 39.5 and bottom <= 66.3
    # Every line fits: the text does not run past the bottom of the box.
    last_line = list(box.descendants())[-1]
    assert (last_line.position_y + last_line.height) * PX_TO_MM <= 66.3


def test_letter_subject_comes_from_its_heading(db):
    subject, html = render_letter(
        "comms/plain", LETTER, address_lines=ADDRESS, sender=Sender(), reference="gw-test"
    )
    assert subject == "Your appointment"
    assert "Our reference: gw-test" in html
