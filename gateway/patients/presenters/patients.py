"""How a patient's details read on the page: the rows of the NHS.UK summary list and
pagination links. Display logic only; nothing here reads the database except through the
patient already loaded."""

from markupsafe import Markup, escape

from gateway.core.formats import long_date, nhs_number


def _text(value, empty="Not recorded"):
    return {"text": value} if value else {"text": empty, "classes": "app-secondary-text"}


def _lines(lines):
    return {"html": Markup("<br>").join(escape(line) for line in lines)}


def nhs_number_text(patient):
    if patient.nhs_number:
        return nhs_number(patient.nhs_number)
    reason = patient.get_nhs_number_unknown_reason_display()
    if patient.nhs_number_unknown_detail:
        reason = f"{reason}: {patient.nhs_number_unknown_detail}"
    return f"Not known — {reason}"


def date_of_birth_text(patient):
    text = long_date(patient.date_of_birth)
    return f"{text} (estimated)" if patient.date_of_birth_is_estimated else text


def adjustments(patient):
    needs = []
    if patient.needs_interpreter:
        needs.append(f"Spoken language interpreter: {patient.interpreter_language}")
    if patient.needs_bsl:
        needs.append("British Sign Language interpreter")
    if patient.needs_easy_read:
        needs.append("Easy read")
    if patient.needs_large_print:
        needs.append("Large print")
    if patient.other_adjustments:
        needs.append(patient.other_adjustments)
    return needs


def _address_value(address):
    return _lines([address.get_kind_display(), *address.lines])


def summary_rows(patient, *, change_url=None):
    """Rows for the patient's summary list. Addresses must be prefetched (the queries
    helpers do this) so showing them costs no extra queries."""
    name = " ".join(v for v in (patient.title, patient.given_name, patient.family_name) if v)
    rows = [
        ("NHS number", {"text": nhs_number_text(patient)}),
        ("Name", {"text": name}),
        ("Preferred name", _text(patient.preferred_name)),
        ("Date of birth", {"text": date_of_birth_text(patient)}),
        ("Sex", {"text": patient.get_sex_display()}),
        ("Gender identity", _text(patient.gender_identity)),
        ("Pronouns", _text(patient.pronouns)),
        ("Ethnic group", {"text": patient.get_ethnic_category_display()}),
        (
            "Reasonable adjustments",
            _lines(adjustments(patient))
            if adjustments(patient)
            else _text("", empty="None recorded"),
        ),
    ]
    addresses = list(patient.addresses.all())
    current = [a for a in addresses if a.is_current]
    previous = [a for a in addresses if not a.is_current]
    rows.append(("Current address", _address_value(current[0]) if current else _text("")))
    if previous:
        rows.append(
            (
                "Previous addresses",
                {"html": Markup("<br><br>").join(_address_value(a)["html"] for a in previous)},
            )
        )
    result = []
    for key, value in rows:
        row = {"key": {"text": key}, "value": value}
        if change_url:
            row["actions"] = {
                "items": [{"href": change_url, "text": "Change", "visuallyHiddenText": key.lower()}]
            }
        result.append(row)
    return result


def pagination(page, url):
    """Previous and next links for a Django Page; `url` already ends in '?'-ready form."""
    params = {}
    total = page.paginator.num_pages
    joiner = "&" if "?" in url else "?"
    if page.has_previous():
        params["previousUrl"] = f"{url}{joiner}page={page.previous_page_number()}"
        params["previousPage"] = f"Page {page.previous_page_number()} of {total}"
    if page.has_next():
        params["nextUrl"] = f"{url}{joiner}page={page.next_page_number()}"
        params["nextPage"] = f"Page {page.next_page_number()} of {total}"
    return params or None


def history_rows(items, patients):
    """One history of linked records: each row says which record it comes from (the first
    of ``patients`` is the record being viewed)."""
    names = {}
    for position, patient in enumerate(patients):
        names[patient.pk] = "This record" if position == 0 else f"{patient.full_name} (linked)"
    return [
        {"on": item.on, "kind": item.kind, "text": item.text, "record": names[item.patient_id]}
        for item in items
    ]
