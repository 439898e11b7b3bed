"""What the equality figures count: the people behind other sections' figures, broken down by
sex, age band and ethnic group. One definition per figure, used by the dashboard, the
definitions page and every export."""

from ..figures import Definition

SOURCE = (
    "Equality Act 2010, public sector equality duty; ethnic groups as the NHS Data "
    "Dictionary's ethnic categories"
)
COUNTED = (
    "Each column counts people, once each, as the figure it is named after counts them: on "
    "the scheme at the end of the period; removed by a practice (notice given) in the period; "
    "referred to register with a GP in the period; refused registration in the period; "
    "meeting the multiple-disadvantage definition at the end of the period; with a referral "
    "sent in the period that a service declined; died in the period. 'Anyone counted' is "
    "each person counted in any column, once."
)

BY_SEX = Definition(
    key="equality-by-sex",
    title="By sex",
    meaning=f"{COUNTED} Rows are the sex recorded on the person's record.",
    source=SOURCE,
)
BY_AGE = Definition(
    key="equality-by-age",
    title="By age",
    meaning=(
        f"{COUNTED} Rows are the person's age in whole years on the last day of the period, "
        "from the date of birth on their record (an estimated date of birth counts as given)."
    ),
    source=SOURCE,
)
BY_ETHNICITY = Definition(
    key="equality-by-ethnicity",
    title="By ethnic group",
    meaning=(
        f"{COUNTED} Rows are the broad groups of the NHS Data Dictionary ethnic categories "
        "recorded on the person's record; 'not stated' is a person who chose not to say, 'not "
        "known' one who was not asked (records made before the question was asked are 'not "
        "known')."
    ),
    source=SOURCE,
)
ETHNICITY_RECORDED = Definition(
    key="equality-ethnicity-recorded",
    title="Ethnic group recorded",
    meaning=(
        "Of the people counted in any equality column, the percentage whose ethnic group is "
        "recorded: an ethnic category, or 'not stated' because they chose not to say. 'Not "
        "known' is not recorded."
    ),
    source=SOURCE,
)

ALL = [BY_SEX, BY_AGE, BY_ETHNICITY, ETHNICITY_RECORDED]
