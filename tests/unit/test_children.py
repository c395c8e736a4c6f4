"""Children: the Add child answers (seed 1.2.2), duplicates, and a parent only ever reaching their own."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from ehcna_portal.models import AuditEvent
from ehcna_portal.services import children
from ehcna_portal.services.schools import (
    SAMPLE_SCHOOLS,
    import_schools,
    read_gias_csv,
    schools_by_urn,
    search_schools,
)
from tests.support.factories import make_parent

TODAY = date(2026, 11, 29)
ANSWERS = {
    "forename": "Alan", "middle_name": "", "surname": "Aardvaark", "gender_at_birth": "male",
    "dob-day": "12", "dob-month": "3", "dob-year": "2017", "school_status": "listed", "school_urn": "999001",
    "relationship": "Mother", "parental_responsibility": "yes", "address_line_1": "3 Sample Street",
    "town": "Coventry", "postcode": "cv1 9xa",
}


@pytest.fixture
def schools(engine):
    with Session(engine) as db:
        import_schools(db, read_gias_csv(SAMPLE_SCHOOLS))
        db.commit()
    return schools_by_urn(engine, ["999001"])


def parent_id(engine, settings) -> int:
    from ehcna_portal.models import ParentAccount

    email = make_parent(engine, settings)
    with Session(engine) as db:
        return db.exec(select(ParentAccount).where(ParentAccount.email == email)).one().id


def test_the_schools_list_is_searchable_by_any_words_of_the_name(engine, schools):
    assert [s.name for s in search_schools(engine, "sample primary")] == ["Sample Street Primary School"]
    assert len(search_schools(engine, "sample")) == 3  # the closed one was not imported
    assert search_schools(engine, "%") == [] and search_schools(engine, "a") == []
    assert schools["999001"].postcode == "CV1 9XA" and schools["999001"].phase == "Primary"


def test_complete_answers_are_typed_and_the_listed_school_named(schools):
    answers = children.validate_child(ANSWERS, TODAY, schools)
    assert answers.errors == {}
    assert answers.values["date_of_birth"] == date(2017, 3, 12)
    assert answers.values["school_name"] == "Sample Street Primary School"
    assert answers.values["parental_responsibility"] is True and answers.values["postcode"] == "CV1 9XA"


@pytest.mark.parametrize(("changes", "field", "key"), [
    ({"forename": ""}, "forename", "error.child.forename.empty"),
    ({"surname": "x" * 101}, "surname", "error.child.surname.too_long"),
    ({"gender_at_birth": ""}, "gender_at_birth", "error.child.gender.empty"),
    ({"dob-day": "", "dob-month": "", "dob-year": ""}, "dob", "error.date.empty"),
    ({"dob-month": ""}, "dob", "error.date.missing_month"),
    ({"dob-day": "30", "dob-month": "2"}, "dob", "error.date.real"),
    ({"dob-year": "2027"}, "dob", "error.child.dob.future"),
    ({"dob-year": "2001", "dob-month": "11", "dob-day": "29"}, "dob", "error.child.dob.too_old"),
    ({"school_status": ""}, "school_urn", "error.child.school.empty"),
    ({"school_urn": "123"}, "school_urn", "error.child.school.choose"),
    ({"school_status": "not_listed", "school_name": ""}, "school_name", "error.child.school.name_empty"),
    ({"relationship": ""}, "relationship", "error.child.relationship.empty"),
    ({"parental_responsibility": "maybe"}, "parental_responsibility", "error.child.parental_responsibility.empty"),
    ({"postcode": "nowhere"}, "postcode", "error.postcode.format"),
])
def test_each_missing_or_wrong_answer_has_its_own_message(schools, changes, field, key):
    assert children.validate_child({**ANSWERS, **changes}, TODAY, schools).errors[field] == key


def test_a_young_person_aged_24_can_be_added(schools):
    born_2002 = {**ANSWERS, "dob-year": "2002", "dob-month": "11", "dob-day": "30"}
    assert "dob" not in children.validate_child(born_2002, TODAY, schools).errors


def test_not_in_school_needs_no_school(schools):
    answers = children.validate_child({**ANSWERS, "school_status": "not_in_school", "school_urn": "999001"},
                                      TODAY, schools)
    assert answers.errors == {} and answers.values["school_urn"] == "" and answers.values["school_name"] == ""


def test_the_same_child_twice_is_caught_and_parents_only_reach_their_own(engine, settings, schools):
    mine, theirs = parent_id(engine, settings), parent_id(engine, settings)
    values = children.validate_child(ANSWERS, TODAY, schools).values
    child_id, duplicate = children.add_child(engine, mine, values)
    assert child_id and duplicate is None
    again, duplicate = children.add_child(engine, mine, {**values, "forename": "ALAN"})
    assert again is None and duplicate == child_id
    other_id, _ = children.add_child(engine, theirs, values)  # another family's child of the same name is fine
    assert other_id and other_id != child_id

    assert [c.name for c in children.list_children(engine, mine)] == ["Alan Aardvaark"]
    assert children.get_child(engine, mine, child_id).forename == "Alan"
    assert children.get_child(engine, mine, other_id) is None
    assert children.update_child(engine, mine, other_id, values) is None


def test_edits_are_audited_field_by_field(engine, settings, schools):
    mine = parent_id(engine, settings)
    values = children.validate_child(ANSWERS, TODAY, schools).values
    child_id, _ = children.add_child(engine, mine, values)
    changes = children.update_child(engine, mine, child_id, {**values, "forename": "Alana",
                                                             "date_of_birth": date(2017, 3, 13)})
    assert changes == {"forename": ["Alan", "Alana"], "date_of_birth": ["2017-03-12", "2017-03-13"]}
    with Session(engine) as db:
        event = db.exec(select(AuditEvent).where(AuditEvent.action == "child.updated")).one()
    assert event.detail["changes"]["forename"] == ["Alan", "Alana"] and event.actor == f"parent:{mine}"


def test_every_child_message_is_in_the_catalog():
    import re
    from pathlib import Path

    from ehcna_portal.i18n import catalog

    source = Path(children.__file__).read_text()
    keys = set(re.findall(r'"(error\.child\.[a-z_.]+)"', source)) | {
        f"error.child.{name}.{problem}" for name, problem in [("forename", "empty"), ("forename", "too_long"),
                                                              ("surname", "empty"), ("surname", "too_long")]}
    assert keys and keys <= set(catalog("en")), keys - set(catalog("en"))
