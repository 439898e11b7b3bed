"""DOMAIN.md §5: NHS number Modulus 11 check and postcodes."""

import pytest

from gateway.patients import rules


@pytest.mark.parametrize(
    "typed",
    ["9434765919", "943 476 5919", "943-476-5919", "9990000018", " 9434765919 "],
)
def test_domain_5_nhs_number_with_right_check_digit_is_accepted(typed):
    assert rules.is_valid_nhs_number(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "9434765918",  # wrong check digit
        "9434765910",
        "943476591",  # 9 digits
        "94347659190",  # 11 digits
        "94347659A9",
        "",
        None,
    ],
)
def test_domain_5_nhs_number_with_wrong_check_digit_or_length_is_rejected(typed):
    assert not rules.is_valid_nhs_number(typed)


def test_domain_5_nhs_number_whose_remainder_gives_10_is_never_valid():
    # 9*10 + 9*9 + 9*8 = 243; 243 % 11 = 1; 11 - 1 = 10, so no check digit exists.
    assert rules.nhs_number_check_digit("999000000") is None
    assert not any(rules.is_valid_nhs_number(f"999000000{d}") for d in range(10))


def test_domain_5_check_digit_11_becomes_0():
    first_nine = next(
        f"999{n:06d}" for n in range(1000) if rules.nhs_number_check_digit(f"999{n:06d}") == 0
    )
    assert rules.is_valid_nhs_number(f"{first_nine}0")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("bn11aa", "BN1 1AA"), ("SW1A 1AA", "SW1A 1AA"), (" m1 1ae ", "M1 1AE"), ("12345", None)],
)
def test_postcodes_are_normalised_or_refused(typed, expected):
    assert rules.normalise_postcode(typed) == expected
