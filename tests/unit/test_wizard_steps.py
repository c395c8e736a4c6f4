"""The wizard's steps drawn from data (pages/wizard_steps.py): every question is there once, in each language."""

from __future__ import annotations

from ehcna_portal.forms import registry
from ehcna_portal.forms.schema import Group
from ehcna_portal.pages.wizard_steps import DRAWN_FROM_DATA, step_data


def _items(step):
    for section in step["sections"]:
        for item in section["items"]:
            yield item
            for option in item.get("options", []):
                yield from option["reveals"]


def test_every_question_of_every_family_form_is_drawn_from_data_or_compiled_apart():
    steps, specials = step_data("en")
    assert [step["key"] for step in steps] == [f"{form.key}:{step.slug}" for form in registry.FAMILY_FORMS
                                               for step in form.steps]
    names = {item["name"] for step in steps for item in _items(step)}
    for form in registry.FAMILY_FORMS:
        for step in form.steps:
            for item in step.items():
                assert item.name in names
                if not isinstance(item, Group):
                    for option in item.options:
                        assert {sub.name for sub in option.reveals} <= names
    used = {item["special"] for step in steps for item in _items(step) if item["kind"] == "special"}
    assert used == set(specials)
    assert all(item["kind"] in DRAWN_FROM_DATA for step in steps for item in _items(step) if item["kind"] != "special")


def test_a_choice_carries_the_id_the_error_summary_links_to():
    steps, _ = step_data("en")
    radios = next(item for step in steps for item in _items(step) if item["kind"] == "radios")
    assert [option["id"] for option in radios["options"]][:2] == [radios["name"], f"{radios['name']}-2"]


def test_the_welsh_steps_are_welsh():
    english, _ = step_data("en")
    welsh, _ = step_data("cy")
    assert english[0]["heading"] != welsh[0]["heading"]
    assert welsh[0]["heading"].startswith("Cam 1 o 8")


def test_the_page_holds_each_question_once():
    """The steps are written into the compiled page once (a template that named the data in several places
    would repeat it, and the page would weigh more than the components it replaced)."""
    from reflex.compiler.compiler import _compile_component

    from ehcna_portal.pages.application import application_page

    steps, _ = step_data("en")
    question = next(item for item in _items(steps[3]) if item["kind"] == "long_text")
    assert _compile_component(application_page("en")).count(f'"{question["name"]}"') == 1
