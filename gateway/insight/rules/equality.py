"""The groups the equality figures break people down by: age bands (age on a given day, in
whole years) and the broad ethnic groups of the NHS Data Dictionary's ethnic categories. Pure
constants; the queries turn them into database conditions."""

from gateway.patients.models import Patient

# (label, from age, to age or None), ages in whole years on the day counted.
AGE_BANDS = (
    ("Under 18", None, 17),
    ("18 to 24", 18, 24),
    ("25 to 34", 25, 34),
    ("35 to 44", 35, 44),
    ("45 to 54", 45, 54),
    ("55 to 64", 55, 64),
    ("65 and over", 65, None),
)

Ethnic = Patient.EthnicCategory

# The broad groups of the NHS Data Dictionary ethnic categories, then "not stated" (the person
# chose not to say) and "not known" (not asked, or recorded before the question existed), so
# every person is in exactly one row.
ETHNIC_GROUPS = (
    ("White", (Ethnic.WHITE_BRITISH, Ethnic.WHITE_IRISH, Ethnic.WHITE_OTHER)),
    ("Mixed", (Ethnic.MIXED_WHITE_BLACK_CARIBBEAN, Ethnic.MIXED_WHITE_BLACK_AFRICAN,
               Ethnic.MIXED_WHITE_ASIAN, Ethnic.MIXED_OTHER)),
    ("Asian or Asian British", (Ethnic.ASIAN_INDIAN, Ethnic.ASIAN_PAKISTANI,
                                Ethnic.ASIAN_BANGLADESHI, Ethnic.ASIAN_OTHER)),
    ("Black or Black British", (Ethnic.BLACK_CARIBBEAN, Ethnic.BLACK_AFRICAN, Ethnic.BLACK_OTHER)),
    ("Other ethnic groups", (Ethnic.CHINESE, Ethnic.OTHER)),
    ("Not stated", (Ethnic.NOT_STATED,)),
    ("Not known", (Ethnic.NOT_KNOWN,)),
)  # fmt: skip

SEXES = tuple(Patient.Sex.choices)


def age_band(age):
    """The label of the band an age in whole years falls in."""
    for label, low, high in AGE_BANDS:
        if (low is None or age >= low) and (high is None or age <= high):
            return label
    raise ValueError(age)


def ethnic_group(code):
    """The broad group of an ethnic category code."""
    for label, codes in ETHNIC_GROUPS:
        if code in codes:
            return label
    raise ValueError(code)
