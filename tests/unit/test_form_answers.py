"""Answers to the EHCNA form: read from a page, checked, shown and exported — all from the definition.

The last tests prove the promise in ``forms/schema.py``: a question added to the
definition, and nowhere else, appears on the wizard page, in the summary, in the
JSON export and in the translators' catalog.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from ehcna_portal.forms.answers import (
    check_field,
    check_item,
    check_step,
    display,
    export,
    flatten,
    is_nhs_number,
    message,
    parse_field,
    parse_item,
    parse_step,
    shown_fields,
    summarise,
)
from ehcna_portal.forms.ehcna import EHCNA
from ehcna_portal.forms.schema import Field, FormDefinition
from ehcna_portal.forms.text import catalog_entries

TODAY = date(2026, 11, 29)
UNDER_16 = {"child_age_band": "under_16"}


def field(name: str) -> Field:
    found = EHCNA.find(name)
    assert isinstance(found, Field), name
    return found


def codes(problems) -> dict[str, str]:
    return {problem.field_id: problem.code for problem in problems}


def one_problem(name: str, value, today: date = TODAY):
    problem = check_field(field(name), value, today)
    assert problem is not None, (name, value)
    return problem


def rows_of(summary, number: int) -> dict[str, tuple[str, str]]:
    step = next(step for step in summary if step.number == number)
    return {row.field_id: (row.question, row.answer) for row in step.rows}


# ---------------------------------------------------------------- reading a submitted page

def test_checkboxes_are_read_from_name_value_keys_in_the_definitions_order():
    views = field("views_gathered_how")
    raw = {"views_gathered_how-school_helped": "on", "views_gathered_how-child_wrote": "true",
           "views_gathered_how-made_up": "on", "views_gathered_how": "parent_wrote",
           "views_gathered_how-other": ""}
    assert parse_field(views, raw) == ["child_wrote", "school_helped"]
    assert parse_field(views, {}) == []


def test_dates_are_read_from_their_three_boxes_trimmed():
    started = field("date_started_setting")
    raw = {"date_started_setting-day": " 3 ", "date_started_setting-month": "sept",
           "date_started_setting-year": "2021", "date_started_setting": "ignored"}
    assert parse_field(started, raw) == {"day": "3", "month": "sept", "year": "2021"}
    assert parse_field(started, {}) == {"day": "", "month": "", "year": ""}
    long = parse_field(started, {"date_started_setting-year": "1" * 50})
    assert long["year"] == "1" * 10


def test_choices_keep_only_their_own_values():
    role = field("requester_role")
    assert parse_field(role, {"requester_role": " parent "}) == "parent"
    assert parse_field(role, {"requester_role": "headteacher"}) == ""
    assert parse_field(role, {"requester_role": ["parent"]}) == ""  # not text: nothing
    assert parse_field(field("relationship_to_child"), {"relationship_to_child": "uncle"}) == ""
    assert parse_field(field("relationship_to_child"), {"relationship_to_child": "father"}) == "father"


def test_text_is_trimmed_with_unix_newlines_and_kept_when_too_long_within_reason():
    assert parse_field(field("known_as"), {"known_as": "  Ally  "}) == "Ally"
    assert parse_field(field("anything_else"), {"anything_else": "one\r\ntwo"}) == "one\ntwo"
    assert parse_field(field("known_as"), {"known_as": 42}) == ""
    assert len(parse_field(field("known_as"), {"known_as": "x" * 1000})) == 400  # twice the limit of 200


def test_a_step_is_read_whole_with_revealed_questions_and_without_groups():
    step = EHCNA.step(1)
    parsed = parse_step(step, {"requester_role": "parent", "request_type": "new", "interpreter_needed": "yes",
                               "interpreter_language": "Polish", "not_a_question": "x"})
    assert parsed["requester_role"] == "parent" and parsed["interpreter_language"] == "Polish"
    assert parsed["lives_with"] == "" and "not_a_question" not in parsed
    assert set(parsed) == {f.name for f in step.fields()}
    assert "other_people" not in parse_step(EHCNA.step(2), {"other_people": "x"})


def test_a_group_item_is_read_with_its_own_questions():
    group = EHCNA.find("other_people")
    item = parse_item(group, {"forename": " Jo ", "surname": "Bloggs", "relationship": "mother",
                              "can_share_decisions": "perhaps"})
    assert item["forename"] == "Jo" and item["relationship"] == "mother" and item["can_share_decisions"] == ""
    assert set(item) == {f.name for f in group.fields}


# ---------------------------------------------------------------- checking

def test_step_one_needs_who_is_asking_and_what_kind_of_request():
    problems = check_step(EHCNA.step(1), {**UNDER_16}, TODAY)
    assert codes(problems) == {"requester_role": "form.error.required_choice",
                               "request_type": "form.error.required_choice"}
    assert [message(problem, "en") for problem in problems] == [
        "Select who is filling in this form", "Select what kind of request this is"]
    assert check_step(EHCNA.step(1), {"requester_role": "parent", "request_type": "new", **UNDER_16}, TODAY) == []


@pytest.mark.parametrize("role", ["parent", "acting_for_young_person"])
def test_step_two_asks_a_parent_or_someone_acting_for_a_young_person_about_their_relationship(role):
    context = flatten({"step-1": {"requester_role": role}, "step-2": {}}, UNDER_16)
    problems = check_step(EHCNA.step(2), context, TODAY)
    assert codes(problems) == {"relationship_to_child": "form.error.required_choice",
                               "has_parental_responsibility": "form.error.required_choice"}
    assert [message(problem, "en") for problem in problems] == [
        "Select your relationship to the child",
        "Select whether you have parental responsibility for the child"]
    answered = flatten({"step-1": {"requester_role": role},
                        "step-2": {"relationship_to_child": "father", "has_parental_responsibility": "yes"}}, UNDER_16)
    assert check_step(EHCNA.step(2), answered, TODAY) == []


@pytest.mark.parametrize("role", ["young_person", "", None])
def test_step_two_does_not_ask_a_young_person_about_their_relationship(role):
    context = flatten({"step-1": {"requester_role": role}}, UNDER_16)
    assert check_step(EHCNA.step(2), context, TODAY) == []
    shown = {f.name for f in shown_fields(EHCNA.step(2), context)}
    assert not shown & {"relationship_to_child", "has_parental_responsibility"}
    assert "preferred_contact_method" in shown


def test_a_revealed_question_is_only_checked_when_its_option_is_chosen():
    step = EHCNA.step(1)
    base = {"requester_role": "parent", "request_type": "new", **UNDER_16}
    too_long = "x" * 201
    assert check_step(step, {**base, "interpreter_needed": "no", "interpreter_language": too_long}, TODAY) == []
    assert check_step(step, {**base, "interpreter_language": too_long}, TODAY) == []
    problems = check_step(step, {**base, "interpreter_needed": "yes", "interpreter_language": too_long}, TODAY)
    assert codes(problems) == {"interpreter_language": "form.error.too_long"}
    assert message(problems[0], "en") == "The language you need an interpreter for must be 200 characters or fewer"
    # Revealed questions under a "Yes" that reveals three at once.
    looked_after = {**base, "looked_after": "yes", "responsible_authority": too_long}
    assert codes(check_step(step, looked_after, TODAY)) == {"responsible_authority": "form.error.too_long"}
    assert check_step(step, {**looked_after, "looked_after": "dont_know"}, TODAY) == []


def test_a_question_shown_by_a_fact_about_the_child_is_only_checked_when_it_holds():
    step = EHCNA.step(5)
    context = {"currently_in_education": "college", "post16_course": "x" * 201}
    assert check_step(step, {**context, **UNDER_16}, TODAY) == []
    problems = check_step(step, {**context, "child_age_band": "16_plus"}, TODAY)
    assert codes(problems) == {"post16_course": "form.error.too_long"}


def test_step_five_needs_where_the_child_is_educated():
    problems = check_step(EHCNA.step(5), {**UNDER_16}, TODAY)
    assert codes(problems) == {"currently_in_education": "form.error.required_choice"}
    assert message(problems[0], "en") == "Select where the child is educated at the moment"


def test_too_long_uses_the_questions_own_limit_or_the_kinds_default():
    assert check_field(field("known_as"), "x" * 200, TODAY) is None
    problem = one_problem("known_as", "x" * 201)
    assert problem.code == "form.error.too_long"
    assert message(problem, "en") == "What name does the child like to be called must be 200 characters or fewer"
    assert check_field(field("gp_address"), "x" * 300, TODAY) is None  # its own max_length
    assert one_problem("gp_address", "x" * 301).code == "form.error.too_long"
    assert check_field(field("anything_else"), "x" * 3000, TODAY) is None
    assert one_problem("anything_else", "x" * 3001).code == "form.error.too_long"


def test_email_answers_must_look_like_an_email_address():
    assert check_field(field("senco_email"), "senco@school.example.sch.uk", TODAY) is None
    for wrong in ("senco", "senco@school", "sen co@school.org", "a@@b.org"):
        problem = one_problem("senco_email", wrong)
        assert problem.code == "error.email.format", wrong
        assert message(problem, "en") == "Enter an email address in the correct format, like name@example.com"


def test_phone_answers_must_be_a_uk_or_international_number():
    for right in ("01632 960 001", "07700 900 982", "+44 808 157 0192", "(01632) 960-001"):
        assert check_field(field("senco_phone"), right, TODAY) is None, right
    for wrong in ("call the office", "12345", "01632 960 001 ext 4"):
        problem = one_problem("senco_phone", wrong)
        assert problem.code == "form.error.tel", wrong
    assert message(one_problem("senco_phone", "12345"), "en").startswith("Enter a telephone number, like 01632")


def test_nhs_numbers_must_pass_the_modulus_11_check():
    assert is_nhs_number("943 476 5919") and is_nhs_number("9434765919") and is_nhs_number("943-476-5919")
    assert not is_nhs_number("943 476 5918")
    assert not is_nhs_number("943 476 591") and not is_nhs_number("abc 476 5919")
    assert not any(is_nhs_number(f"100000001{last}") for last in range(10))  # check digit 10: never valid
    assert check_field(field("nhs_number"), "943 476 5919", TODAY) is None
    problem = one_problem("nhs_number", "943 476 5918")
    assert problem.code == "form.error.nhs_number"
    assert message(problem, "en") == "Enter a valid 10 digit NHS number, like 943 476 5919"


def test_numbers_must_be_whole():
    assert check_field(field("hours_attended_per_week"), "25", TODAY) is None
    for wrong in ("-3", "x", "3h", "1."):
        problem = one_problem("hours_attended_per_week", wrong)
        assert problem.code == "form.error.number", wrong
    assert message(one_problem("hours_attended_per_week", "x"), "en") == \
        "How many hours a week the child attends must be a whole number, like 3"
    assert one_problem("hours_attended_per_week", "100").code == "form.error.too_long"  # max_length 2
    age = EHCNA.find("household_members").field("age")
    assert check_field(age, "101", TODAY) is None and check_field(age, "2.5", TODAY).code == "form.error.number"


def test_numbers_and_nhs_numbers_accept_only_the_digits_0_to_9():
    arabic_indic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    assert check_field(field("hours_attended_per_week"), "٣", TODAY) is not None
    assert not is_nhs_number("943 476 5919".translate(arabic_indic))


def test_dates_must_be_real_complete_and_for_past_only_questions_not_in_the_future():
    started = "date_started_setting"

    def date_problem(day: str, month: str, year: str):
        return check_field(field(started), {"day": day, "month": month, "year": year}, TODAY)

    assert date_problem("1", "9", "2021") is None
    assert date_problem("29", "November", "2026") is None  # today is fine
    assert date_problem("", "", "") is None  # not required
    impossible = date_problem("31", "2", "2020")
    assert impossible.code == "error.date.real"
    assert message(impossible, "en") == \
        "The date the child started at their current school or setting must be a real date"
    future = date_problem("30", "11", "2026")
    assert future.code == "form.error.future"
    assert message(future, "en") == \
        "The date the child started at their current school or setting must be today or in the past"
    missing = date_problem("1", "", "2021")
    assert (missing.code, missing.parts) == ("error.date.missing_month", ("month",))
    assert message(missing, "en") == \
        "The date the child started at their current school or setting must include a month"
    assert date_problem("1", "9", "21").code == "error.date.year_digits"


def test_a_required_date_in_a_group_is_asked_for_by_name():
    group = EHCNA.find("documents")
    problems = check_item(group, {"document_type": "school_report", "document_from": "Sample School"}, TODAY)
    assert codes(problems) == {"date_published": "error.date.empty"}
    assert problems[0].group is group
    assert message(problems[0], "en") == "Enter the date the document was published"
    later = check_item(group, {"document_type": "school_report", "document_from": "Sample School",
                               "date_published": {"day": "1", "month": "1", "year": "2027"}}, TODAY)
    assert codes(later) == {"date_published": "form.error.future"}


def test_group_items_are_checked_with_their_own_required_questions():
    group = EHCNA.find("other_people")
    problems = check_item(group, {"forename": "", "surname": "", "email": "nope"}, TODAY)
    assert codes(problems) == {"forename": "form.error.required_text", "surname": "form.error.required_text",
                               "email": "error.email.format"}
    assert [message(problem, "en") for problem in problems][:2] == ["Enter their first name", "Enter their last name"]


# ---------------------------------------------------------------- showing

def test_answers_are_displayed_as_people_read_them():
    assert display(field("date_started_setting"), {"day": "12", "month": "3", "year": "2017"}, "en") == \
        "12 March 2017"
    assert display(field("date_started_setting"), {"day": "12", "month": "mar", "year": "2017"}, "en") == \
        "12 March 2017"
    assert display(field("date_started_setting"), {"day": "31", "month": "2", "year": "2017"}, "en") == "31 2 2017"
    assert display(field("date_started_setting"), {"day": "", "month": "", "year": ""}, "en") == ""
    difficulties = field("semh_difficulties")
    assert display(difficulties, ["anxiety", "friendships"], "en") == "Anxiety or worry, Making or keeping friends"
    assert display(difficulties, [], "en") == ""
    assert display(field("requester_role"), "parent", "en") == "I am the parent or carer of the child"
    assert display(field("relationship_to_child"), "father", "en") == "Father"
    assert display(field("interpreter_needed"), "yes", "en") == "Yes"
    assert display(field("known_as"), "Ally", "en") == "Ally"
    assert display(field("known_as"), None, "en") == ""


ANSWERS = {
    "step-1": {"requester_role": "young_person", "request_type": "new", "interpreter_needed": "no",
               "interpreter_language": "Polish", "known_as": "Ally"},
    "step-2": {"relationship_to_child": "father", "has_parental_responsibility": "yes",
               "preferred_contact_method": "email",
               "other_people": [{"forename": "Jo", "surname": "Bloggs", "relationship": "mother",
                                 "email": "jo@example.com"}]},
    "step-5": {"currently_in_education": "school", "post16_course": "Level 2 catering",
               "date_started_setting": {"day": "12", "month": "3", "year": "2017"}},
    "step-6": {"semh_difficulties": ["anxiety", "friendships"]},
}


def test_the_summary_has_only_the_questions_that_are_shown():
    summary = summarise(EHCNA, ANSWERS, UNDER_16, "en")
    assert [step.number for step in summary] == list(range(1, 9))
    step_1 = rows_of(summary, 1)
    assert step_1["requester_role"] == ("Who is filling in this form?", "I am the young person (aged 16 to 25)")
    assert step_1["interpreter_needed"][1] == "No"
    assert "interpreter_language" not in step_1  # answered once, but no longer shown
    assert step_1["lives_with"] == ("Who does the child live with?", "")  # shown, unanswered
    step_2 = rows_of(summary, 2)
    assert "relationship_to_child" not in step_2 and "has_parental_responsibility" not in step_2
    assert step_2["preferred_contact_method"][1] == "Email"
    [others] = [group for group in next(s for s in summary if s.number == 2).groups if group.name == "other_people"]
    [jo] = others.items
    assert jo.title == "Jo, Bloggs"
    assert {row.field_id: row.answer for row in jo.rows}["relationship"] == "Mother"
    step_5 = rows_of(summary, 5)
    assert "post16_course" not in step_5
    assert step_5["date_started_setting"][1] == "12 March 2017"
    assert rows_of(summary, 6)["semh_difficulties"][1] == "Anxiety or worry, Making or keeping friends"

    older = rows_of(summarise(EHCNA, ANSWERS, {"child_age_band": "16_plus"}, "en"), 5)
    assert older["post16_course"][1] == "Level 2 catering"

    as_parent = {**ANSWERS, "step-1": {**ANSWERS["step-1"], "requester_role": "parent", "interpreter_needed": "yes"}}
    summary = summarise(EHCNA, as_parent, UNDER_16, "en")
    assert rows_of(summary, 2)["relationship_to_child"] == ("What is your relationship to the child?", "Father")
    assert rows_of(summary, 1)["interpreter_language"][1] == "Polish"


def test_the_summary_lists_documents_by_their_names():
    documents = [{"id": 7, "name": "report.pdf", "details": {"document_type": "school_report",
                                                            "document_from": "Sample School"}}]
    summary = summarise(EHCNA, ANSWERS, UNDER_16, "en", documents)
    [group] = [g for g in next(s for s in summary if s.number == 8).groups if g.name == "documents"]
    [item] = group.items
    assert (item.title, item.key) == ("report.pdf", "7")
    assert {row.field_id: row.answer for row in item.rows}["document_type"] == "School report"


def test_the_export_has_only_the_questions_that_are_shown():
    exported = export(EHCNA, ANSWERS, UNDER_16)
    assert (exported["form"], exported["form_version"]) == ("ehcna", "2026-11")
    steps = {step["number"]: step for step in exported["steps"]}
    assert steps[1]["title"] == "About this request and the child"
    assert steps[1]["answers"]["requester_role"] == {
        "question": "Who is filling in this form?", "value": "young_person",
        "answer": "I am the young person (aged 16 to 25)"}
    assert "interpreter_language" not in steps[1]["answers"]
    assert "relationship_to_child" not in steps[2]["answers"]
    assert "post16_course" not in steps[5]["answers"]
    assert steps[5]["answers"]["date_started_setting"]["answer"] == "12 March 2017"
    assert steps[5]["answers"]["date_started_setting"]["value"] == {"day": "12", "month": "3", "year": "2017"}
    assert steps[6]["answers"]["semh_difficulties"]["value"] == ["anxiety", "friendships"]
    [jo] = steps[2]["groups"]["other_people"]
    assert jo["relationship"] == {"question": "What is their relationship to the child?", "value": "mother",
                                  "answer": "Mother"}
    documents = [{"id": 1, "name": "a.pdf", "details": {"document_type": "other", "document_from": "GP"}}]
    [doc] = export(EHCNA, ANSWERS, UNDER_16, documents)["steps"][7]["groups"]["documents"]
    assert doc["document_type"]["answer"] == "Other"
    older = {step["number"]: step for step in export(EHCNA, ANSWERS, {"child_age_band": "16_plus"})["steps"]}
    assert older[5]["answers"]["post16_course"]["value"] == "Level 2 catering"


# ---------------------------------------------------------------- one place

PETS = Field("pets", "text", "Does the child have any pets?", "For example, a dog or a hamster")


def form_with_pets() -> FormDefinition:
    """EHCNA with one more question, added to the definition and nowhere else."""
    step_3 = EHCNA.step(3)
    first = step_3.sections[0]
    sections = (dataclasses.replace(first, items=(*first.items, PETS)), *step_3.sections[1:])
    steps = tuple(dataclasses.replace(step, sections=sections) if step.number == 3 else step
                  for step in EHCNA.steps)
    return FormDefinition(key=EHCNA.key, version="test-pets", title=EHCNA.title, steps=steps)


def test_a_question_added_to_the_definition_is_on_the_wizard_page():
    """The wizard draws each step from data built from the definition (pages/wizard_steps.py)."""
    from ehcna_portal.pages.wizard_steps import step_view

    def questions(form):
        step = step_view(form, form.step(3), "en", {})
        return {item["name"]: item for section in step["sections"] for item in section["items"]}

    form = form_with_pets()
    assert form.find("pets") is PETS and form.step_of("pets").number == 3
    pets = questions(form)["pets"]
    assert pets["label"] == "Does the child have any pets?" and pets["hint"] == "For example, a dog or a hamster"
    assert pets["kind"] == "text" and not pets["required"] and "conditional" not in pets
    assert "pets" not in questions(EHCNA)


def test_a_question_added_to_the_definition_is_read_checked_summarised_and_exported():
    form = form_with_pets()
    step = form.step(3)
    assert parse_step(step, {"pets": "  A dog called Biscuit "})["pets"] == "A dog called Biscuit"
    assert codes(check_step(step, {"pets": "x" * 201}, TODAY)) == {"pets": "form.error.too_long"}
    problem = check_step(step, {"pets": "x" * 201}, TODAY)[0]
    assert message(problem, "en") == "Does the child have any pets must be 200 characters or fewer"

    answers = {**ANSWERS, "step-3": {"pets": "A dog called Biscuit"}}
    assert rows_of(summarise(form, answers, UNDER_16, "en"), 3)["pets"] == \
        ("Does the child have any pets?", "A dog called Biscuit")
    step_3 = next(s for s in export(form, answers, UNDER_16)["steps"] if s["number"] == 3)
    assert step_3["answers"]["pets"] == {"question": "Does the child have any pets?",
                                         "value": "A dog called Biscuit", "answer": "A dog called Biscuit"}
    assert "pets" not in rows_of(summarise(EHCNA, answers, UNDER_16, "en"), 3)


def test_a_question_added_to_the_definition_has_catalog_keys_for_translators():
    entries = dict(catalog_entries(form_with_pets()))
    assert entries["form.field.pets.label"] == "Does the child have any pets?"
    assert entries["form.field.pets.hint"] == "For example, a dog or a hamster"
    assert entries["form.field.pets.what"] == "does the child have any pets"
    assert "form.field.pets.label" not in dict(catalog_entries(EHCNA))
    assert set(dict(catalog_entries(EHCNA))) < set(entries)


def test_catalog_entries_cover_revealed_and_group_questions():
    entries = dict(catalog_entries(EHCNA))
    assert entries["form.field.requester_role.label"] == "Who is filling in this form?"
    assert entries["form.field.requester_role.option.parent"] == "I am the parent or carer of the child"
    assert entries["form.field.interpreter_language.label"] == "Which language do you need an interpreter for?"
    assert entries["form.group.other_people.forename.label"] == "First name"
    assert entries["form.group.other_people.item"] == "person"
    assert entries["form.ehcna.step.3.title"] == "The child's views, interests and aspirations"
    assert entries["form.ehcna.section.1.request.heading"] == "About this request"
