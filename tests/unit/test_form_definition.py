"""The EHCNA form definition holds together: steps, required answers, conditions, options and groups."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from ehcna_portal.forms.ehcna import EHCNA
from ehcna_portal.forms.schema import CHOICE_KINDS, Field, Group, When

STEP_TITLES = (
    "About this request and the child",
    "Parents, carers and people with parental responsibility",
    "The child's views, interests and aspirations",
    "Your views as a parent or carer",
    "Education setting and support already in place",
    "The child's needs",
    "Health, social care and professionals involved",
    "Supporting documents and anything else",
)
AGE_BANDS = ("under_16", "16_plus")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def groups() -> list[Group]:
    return [group for step in EHCNA.steps for group in step.groups()]


def every_field() -> Iterator[Field]:
    """Top-level and revealed questions, and the questions inside groups (with their revealed ones)."""
    for step in EHCNA.steps:
        yield from step.fields()
    for group in groups():
        for item in group.fields:
            yield item
            yield from item.revealed()


def conditions() -> Iterator[tuple[str, When]]:
    for group in groups():
        if group.show_if:
            yield group.name, group.show_if
    for item in every_field():
        if item.show_if:
            yield item.name, item.show_if


def test_eight_steps_numbered_in_order_with_their_titles():
    assert [step.number for step in EHCNA.steps] == list(range(1, 9))
    assert tuple(step.title for step in EHCNA.steps) == STEP_TITLES
    assert all(EHCNA.step(number).number == number for number in range(1, 9))
    assert (EHCNA.key, EHCNA.version) == ("ehcna", "2026-11")


def test_every_step_has_an_intro_and_keyed_sections():
    for step in EHCNA.steps:
        assert step.intro, step.title
        keys = [section.key for section in step.sections]
        assert all(SNAKE.match(key) for key in keys), keys
        assert len(keys) == len(set(keys)), step.title
        if len(step.sections) > 1:
            assert all(section.heading for section in step.sections if section.items), step.title


def test_step_one_starts_with_the_child_record():
    first = EHCNA.step(1).sections[0]
    assert (first.show_child, first.key, first.heading) == (True, "child", "The child or young person")
    assert first.body
    names = {item.name for item in EHCNA.step(1).fields()}
    assert not names & {"child_forename", "child_surname", "date_of_birth", "gender_at_birth", "home_address"}


def test_only_the_minimum_is_required():
    required = {item.name for step in EHCNA.steps for item in step.fields() if item.required}
    assert required == {"requester_role", "request_type", "relationship_to_child", "has_parental_responsibility",
                        "currently_in_education"}
    assert {EHCNA.step_of(name).number for name in required} == {1, 2, 5}


def test_requester_roles():
    role = EHCNA.find("requester_role")
    assert [option.value for option in role.options] == ["parent", "young_person", "acting_for_young_person"]
    assert role.option_label("parent") == "I am the parent or carer of the child"


def test_every_condition_names_a_real_answer_and_its_values():
    found = dict(conditions())
    assert found["yp_own_statement"] == When("requester_role", ("young_person",))
    assert found["post16_course"] == When("child_age_band", ("16_plus",))
    for name, when in found.items():
        assert when.values, name
        if when.field == "child_age_band":
            assert set(when.values) <= set(AGE_BANDS), name
            continue
        target = EHCNA.find(when.field)  # KeyError if the question does not exist
        assert isinstance(target, Field) and target.kind in CHOICE_KINDS, name
        assert set(when.values) <= {option.value for option in target.options}, name
        assert EHCNA.step_of(when.field).number <= EHCNA.step_of(name).number, name


def test_choice_questions_have_at_least_two_distinct_snake_case_options():
    for item in every_field():
        if item.kind in CHOICE_KINDS:
            values = [option.value for option in item.options]
            assert len(values) >= 2, item.name
            assert len(values) == len(set(values)), item.name
            assert all(SNAKE.match(value) for value in values), item.name
            assert all(option.label for option in item.options), item.name
        else:
            assert not item.options, item.name


def test_names_are_snake_case_and_questions_have_labels():
    for item in every_field():
        assert SNAKE.match(item.name), item.name
        assert item.label, item.name
    assert all(SNAKE.match(group.name) for group in groups())


def test_inline_radios_never_reveal():
    for item in every_field():
        if item.inline:
            assert item.kind == "radios", item.name
            assert not any(option.reveals for option in item.options), item.name


def test_groups_are_well_formed():
    assert groups()
    for group in groups():
        names = [item.name for item in group.fields]
        assert names, group.name
        assert len(names) == len(set(names)), group.name
        assert group.title_fields and 1 <= len(group.title_fields) <= 2, group.name
        assert set(group.title_fields) <= set(names), group.name
        assert group.label and group.item_label and group.hint and group.max_items > 0, group.name


@pytest.mark.parametrize("name", ["other_people", "household_members", "previous_settings", "support_in_place",
                                  "specialist_advice", "diagnoses", "professionals", "request_advice_from",
                                  "do_not_contact", "important_people", "documents"])
def test_expected_groups_exist(name):
    assert isinstance(EHCNA.find(name), Group)


def test_documents_group():
    documents = EHCNA.find("documents")
    assert isinstance(documents, Group)
    assert EHCNA.step_of("documents").number == 8
    assert (documents.storage, documents.label, documents.item_label) == ("documents", "Supporting documents",
                                                                          "document")
    assert documents.hint == ("If you have a report or document to support your application from this "
                              "service/professional, please upload here.")
    fields = {item.name: item for item in documents.fields}
    assert list(fields) == ["document_type", "document_from", "date_published", "description"]
    assert {name: (item.kind, item.required) for name, item in fields.items()} == {
        "document_type": ("select", True), "document_from": ("text", True), "date_published": ("date", True),
        "description": ("long_text", False)}
    assert (fields["document_from"].label, fields["document_from"].limit) == ("Document from", 150)
    assert fields["document_from"].hint == "The person or service who wrote it"
    assert fields["date_published"].past_only and fields["date_published"].label == "Date document published"
    assert fields["description"].limit == 800
    assert all(group.storage == "answers" for group in groups() if group is not documents)


def test_every_area_of_need_asks_the_same_questions():
    step = EHCNA.step(6)
    for area in ("communication_interaction", "cognition_learning", "semh", "sensory_physical"):
        section = next(section for section in step.sections if section.key == area)
        assert section.heading and section.body
        assert [item.name for item in section.items] == [f"{area}_{part}" for part in (
            "applies", "difficulties", "what_you_see", "what_helps", "support_impact")]
        difficulties = EHCNA.find(f"{area}_difficulties")
        assert "other" in {option.value for option in difficulties.options}
