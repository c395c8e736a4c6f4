"""Every step of every family form drawn by one template from data (issue 23: page weight).

Compiling each step's questions as components put every family form's every question, expanded into its
GOV.UK markup, into the wizard's page: 52 KB of its 242 KB. Here each step is data built from the form
definition at compile time (its heading and, section by section, each question's kind, name, texts, options
and width) and a single template per question kind draws whichever step ``S.shown`` names. The step list is
written into the page once, as a literal the template loops over. The few items that are not plain questions
(repeatable groups, the school search) are compiled as before and picked by key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx
from reflex.vars import Var

from ehcna_portal.components.forms import (
    checkboxes_of,
    choice_item,
    date_input,
    fieldset,
    long_text,
    required_label,
    select,
    text_input,
)
from ehcna_portal.forms import registry
from ehcna_portal.forms import text as form_text
from ehcna_portal.forms.schema import Field, FormDefinition, Group, Section, Step
from ehcna_portal.i18n import Language, t
from ehcna_portal.state.application import ApplicationState as S

Items = list[dict[str, Any]]
DRAWN_FROM_DATA = ("text", "email", "tel", "number", "nhs_number", "long_text", "radios", "checkboxes", "select",
                   "date")
_INPUT_TYPES = {"email": "email", "tel": "tel"}
_WIDTHS = {"tel": "govuk-input--width-20", "number": "govuk-input--width-4", "nhs_number": "govuk-input--width-10"}
_LEGEND = "govuk-fieldset__legend govuk-fieldset__legend--s"


@dataclass(frozen=True)
class Special:
    """An item compiled as components, not drawn from data: a repeatable group (titled or not, as its section
    heading decides) or a question of a kind the template does not draw."""

    item: Field | Group
    titled: bool = True
    follow_up: bool = False  # a radio's follow-up question (drawn by the template for follow-ups)


def _option_id(name: str, index: int) -> str:
    """The first choice carries the question's name, so the error summary's link lands on it."""
    return name if index == 0 else f"{name}-{index + 1}"


def _question(field: Field, lang: Language, specials: dict[str, Special], follow_up: bool = False) -> dict[str, Any]:
    """A question as data: only what its kind's template reads (the steps are part of every wizard page's
    weight); a key left out reads as false in the template."""
    shown_if = {"conditional": True} if field.show_if is not None else {}
    if field.kind not in DRAWN_FROM_DATA:
        specials[f"field:{field.name}"] = Special(field, follow_up=follow_up)
        return {"kind": "special", "special": f"field:{field.name}", "name": field.name, **shown_if}
    question = {"kind": field.kind, "name": field.name, "label": form_text.label(field, lang),
                "hint": form_text.hint(field, lang), "required": field.required, **shown_if}
    if field.kind == "long_text":
        return {**question, "limit": field.limit}
    if field.options:
        labels = dict(form_text.options(field, lang))
        options = [{"value": option.value, "label": labels[option.value], "id": _option_id(field.name, index),
                    "reveals": [_question(sub, lang, specials, True) for sub in option.reveals]}
                   for index, option in enumerate(field.options)]
        return {**question, "options": options, "inline": field.inline}
    if field.kind == "date":
        return question
    return {**question, **text_look(field)}


def text_look(field: Field) -> dict[str, Any]:
    """How a one-line question looks: its input type, width, numeric keyboard and spell check (one rule for the
    steps drawn from data and the questions compiled apart: item pages, a professional's advice)."""
    width = _WIDTHS.get(field.kind, "govuk-!-width-two-thirds" if field.limit > 60 else "govuk-!-width-one-half")
    return {"type": _INPUT_TYPES.get(field.kind, "text"), "numeric": field.kind in ("number", "nhs_number"),
            "width": width, "spell": field.kind == "text"}


def _section(step: Step, section: Section, lang: Language, specials: dict[str, Special]) -> dict[str, Any]:
    heading = form_text.section_heading(step, section, lang)
    items = []
    for item in section.items:
        if isinstance(item, Group):
            titled = form_text.group_label(item, lang) != heading
            key = f"group:{item.name}:{'titled' if titled else 'untitled'}"
            specials[key] = Special(item, titled)
            items.append({"kind": "special", "special": key, "name": item.name})
        else:
            items.append(_question(item, lang, specials))
    return {"heading": heading, "body": form_text.section_body(step, section, lang), "child": section.show_child,
            "items": items}


def step_view(form: FormDefinition, step: Step, lang: Language, specials: dict[str, Special]) -> dict[str, Any]:
    """One step as data (``key`` is what ``S.shown`` names); items compiled apart are added to ``specials``."""
    return {"key": f"{form.key}:{step.slug}",
            "heading": t("application.step_heading", lang, number=step.number, total=len(form.steps),
                         title=form_text.step_title(step, lang)),
            "intro": form_text.step_intro(step, lang),
            "upload": any(group.storage == "documents" for group in step.groups()),
            "sections": [_section(step, section, lang, specials) for section in step.sections]}


def step_data(lang: Language) -> tuple[Items, dict[str, Special]]:
    """Every family form's steps as data, and the items compiled apart."""
    specials: dict[str, Special] = {}
    steps = [step_view(form, step, lang, specials) for form in registry.FAMILY_FORMS for step in form.steps]
    return steps, specials


def _label(item: Var, lang: Language) -> rx.Component:
    return required_label(item["label"].to(str), lang, required=item["required"].to(bool))


def _radios(item: Var, lang: Language, reveal: Any) -> rx.Component:
    """One choice from a short list; a choice's follow-up questions (``reveal``) open under it, in CSS."""
    name = item["name"].to(str)

    def choice(option: Var) -> rx.Component:
        input_id = option["id"].to(str)
        follow_ups = option["reveals"].to(Items)
        opens = follow_ups.length() > 0
        controls = rx.cond(opens, "conditional-" + input_id, None)  # no aria-expanded: not allowed on a radio
        radio = choice_item("radio", name, option["value"], option["label"], input_id,
                            checked=S.values[name] == option["value"], controls=controls)
        if reveal is None:
            return radio
        return rx.fragment(radio, rx.cond(opens, rx.el.div(
            rx.foreach(follow_ups, reveal), id="conditional-" + input_id,
            class_name="govuk-radios__conditional app-reveal")))

    body = rx.el.div(rx.foreach(item["options"].to(Items), choice),
                     class_name=rx.cond(item["inline"], "govuk-radios govuk-radios--inline", "govuk-radios"))
    return fieldset(name, _label(item, lang), item["hint"].to(str), S.errors[name], lang, body, _LEGEND)


def _question_control(item: Var, lang: Language, specials: dict[str, rx.Component], reveal: Any) -> rx.Component:
    """The GOV.UK control for one question of the step, by its kind, filled with the saved answer."""
    name, hint, error = item["name"].to(str), item["hint"].to(str), S.errors[item["name"].to(str)]
    label = _label(item, lang)
    special = rx.match(item["special"].to(str), *specials.items(), rx.fragment())
    date_parts = (S.values[name + "-day"], S.values[name + "-month"], S.values[name + "-year"])
    control = rx.match(
        item["kind"].to(str),
        ("special", special),
        ("long_text", long_text(name, label, lang, max_length=item["limit"].to(int), default_value=S.values[name],
                                hint=hint, error=error)),
        ("radios", _radios(item, lang, reveal)),
        ("checkboxes", checkboxes_of(name, label, item["options"].to(Items), lang, hint=hint, error=error,
                                     checked=S.ticked, legend_class=_LEGEND)),
        ("select", select(name, label, item["options"].to(Items), lang, hint=hint, error=error,
                          default_value=S.values[name])),
        ("date", date_input(name, label, lang, hint=hint, error=error, values=date_parts,
                            error_parts=S.date_parts[name].to(list[str]), legend_class=_LEGEND)),
        text_input(name, label, lang, hint=hint, error=error, input_type=item["type"].to(str),
                   width_class=item["width"].to(str), default_value=S.values[name],
                   spell_check=item["spell"].to(bool),
                   input_mode=rx.cond(item["numeric"].to(bool), "numeric", "text")),
    )
    # questions that depend on another step's answer are drawn only when the server says they apply
    return rx.cond(~item["conditional"].to(bool) | S.values.contains(name), control)


def questions(items: Var, lang: Language, specials: dict[str, Special],
              compile_special: Callable[[Special], rx.Component]) -> rx.Component:
    """A section's items; a radio's follow-up questions are drawn by the same template (they reveal none), each
    template holding only the compiled items that can appear in it."""
    def compiled(follow_up: bool) -> dict[str, rx.Component]:
        return {key: compile_special(special) for key, special in specials.items() if special.follow_up == follow_up}

    top, nested = compiled(False), compiled(True)

    def follow_up(sub: Var) -> rx.Component:
        return _question_control(sub, lang, nested, None)

    return rx.foreach(items.to(Items), lambda item: _question_control(item, lang, top, follow_up))
