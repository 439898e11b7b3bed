"""What the law lets a subject access export leave out, as data (rules/withholding.py,
docs/domain/standards.md#right-of-access): each rule applies only where it says, takes out only
its fields, and says why in words the person can read."""

from gateway.records.rules import GROUNDS, RULES, withheld_from


def test_serious_harm_takes_out_a_removal_reports_account_only_when_the_practice_said_so():
    told = {"patient_told": "yes", "description": "Shouted", "police_reference": "P1"}
    assert withheld_from("sas.RemovalReport", told) == []
    harm = {**told, "patient_told": "would_harm", "alternatives_tried": ""}
    (item,) = withheld_from("sas.RemovalReport", harm)
    assert item.fields == ("description",)  # an empty field has nothing to take out
    assert item.ground.code == "serious_harm"
    assert "health professional" in item.ground.why


def test_other_peoples_information_takes_out_dash_notes_but_not_the_answers():
    dash = {"kind": "dash", "notes": "He lives nearby", "judgement_reasons": "", "answers": {}}
    (item,) = withheld_from("support.Assessment", dash)
    assert item.fields == ("notes",) and item.ground.code == "other_people"
    assert withheld_from("support.Assessment", {**dash, "kind": "edmonton"}) == []


def test_other_peoples_information_takes_out_a_marac_referrals_reasons():
    (item,) = withheld_from("support.MaracReferral", {"reasons_text": "Threats"})
    assert item.fields == ("reasons_text",)
    assert withheld_from("support.MaracReferral", {"reasons_text": ""}) == []


def test_every_rule_says_what_and_why_in_plain_words_and_names_the_law():
    for rule in RULES:
        assert rule.what and rule.ground in GROUNDS.values()
        assert "Data Protection Act 2018" in rule.ground.law
        assert all(len(sentence.split()) <= 20 for sentence in rule.ground.why.split(". "))
