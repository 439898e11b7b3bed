"""docs/domain/identifiers-and-reference-data.md#nhs-number: NHS number Modulus 11 check and
postcodes."""

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


# NHS numbers typed in other scripts, and numbers that are never real
# (docs/domain/identifiers-and-reference-data.md#nhs-number).


def test_nhs_number_in_full_width_or_other_decimal_digits_is_read_as_0_to_9():
    # A phone keyboard may type full-width digits; the same number is stored one way, so
    # the duplicate check finds it.
    assert rules.nhs_number_digits("９４３ ４７６ ５９１９") == "9434765919"
    assert rules.nhs_number_digits("٩٤٣٤٧٦٥٩١٩") == "9434765919"
    assert rules.is_valid_nhs_number("９４３４７６５９１９")
    assert rules.nhs_number_error("９４３４７６５９１９", allow_test_range=False) is None


@pytest.mark.parametrize("typed", ["943476591²", "94347659¹9", "①②③④⑤⑥⑦⑧⑨⓪"])
def test_nhs_number_with_a_superscript_or_circled_digit_is_refused_not_a_crash(typed):
    # str.isdigit() is true of '²' but int('²') raises: the rule must say no, not fail.
    assert not rules.is_valid_nhs_number(typed)
    assert rules.nhs_number_error(typed, allow_test_range=True) == "NHS number must be 10 numbers"


@pytest.mark.parametrize("digit", "0123456789")
def test_nhs_number_of_one_digit_repeated_is_never_real_even_where_test_numbers_are_allowed(
    digit,
):
    typed = digit * 10
    for allowed in (True, False):
        error = rules.nhs_number_error(typed, allow_test_range=allowed)
        assert error == (
            f"{typed} is not a real NHS number. If you do not know their NHS number, say it "
            "is not known instead"
        )


def test_nhs_number_0000000000_passes_the_check_digit_so_only_the_repeated_digit_rule_stops_it():
    assert rules.is_valid_nhs_number("0000000000")
    assert rules.is_valid_nhs_number("1111111111")


def test_nhs_number_in_the_999_test_range_is_refused_unless_test_numbers_are_allowed():
    assert rules.nhs_number_error("999 000 0018", allow_test_range=True) is None
    assert rules.nhs_number_error("999 000 0018", allow_test_range=False) == (
        "NHS numbers starting 999 are for testing and are never given to a person. Enter "
        "their real NHS number, or say it is not known"
    )
    # A real-looking number outside the range is fine either way.
    assert rules.nhs_number_error("9434765919", allow_test_range=False) is None
