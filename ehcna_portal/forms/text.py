"""The form's text in a language: each label, hint and option has a catalog key, English as fallback.

Keys (for translators): ``form.<form>.name``, ``form.<form>.step.<n>.title|intro``,
``form.<form>.section.<n>.<key>.heading|body``, ``form.field.<name>.label|hint|what``,
``form.field.<name>.option.<value>``,
``form.group.<name>.label|hint|item`` and ``form.group.<group>.<field>.label|hint|what|option.<value>``.
Question and group names are unique across the portal's forms (forms/registry.py checks), so their keys need
no form; step numbers repeat from form to form, so step and section keys name theirs.
"""

from __future__ import annotations

from collections.abc import Iterator

from ehcna_portal.forms.schema import Field, FormDefinition, Group, Section, Step
from ehcna_portal.i18n import Language, t_default


def _base(field: Field, group: Group | None) -> str:
    return f"form.group.{group.name}.{field.name}" if group else f"form.field.{field.name}"


def label(field: Field, lang: Language, group: Group | None = None) -> str:
    return t_default(f"{_base(field, group)}.label", field.label, lang)


def hint(field: Field, lang: Language, group: Group | None = None) -> str:
    return t_default(f"{_base(field, group)}.hint", field.hint, lang) if field.hint else ""


def what(field: Field, lang: Language, group: Group | None = None) -> str:
    return t_default(f"{_base(field, group)}.what", field.what, lang)


def option(field: Field, value: str, lang: Language, group: Group | None = None) -> str:
    return t_default(f"{_base(field, group)}.option.{value}", field.option_label(value), lang)


def options(field: Field, lang: Language, group: Group | None = None) -> list[tuple[str, str]]:
    return [(choice.value, option(field, choice.value, lang, group)) for choice in field.options]


def _step_key(step: Step) -> str:
    return f"form.{step.form_key}.step.{step.number}"


def _section_key(step: Step, section: Section) -> str:
    return f"form.{step.form_key}.section.{step.number}.{section.key}"


def form_name(form: FormDefinition, lang: Language) -> str:
    return t_default(f"form.{form.key}.name", form.title, lang)


def step_title(step: Step, lang: Language) -> str:
    return t_default(f"{_step_key(step)}.title", step.title, lang)


def step_intro(step: Step, lang: Language) -> str:
    return t_default(f"{_step_key(step)}.intro", step.intro, lang) if step.intro else ""


def section_heading(step: Step, section: Section, lang: Language) -> str:
    return t_default(f"{_section_key(step, section)}.heading", section.heading, lang) if section.heading else ""


def section_body(step: Step, section: Section, lang: Language) -> str:
    return t_default(f"{_section_key(step, section)}.body", section.body, lang) if section.body else ""


def group_label(group: Group, lang: Language) -> str:
    return t_default(f"form.group.{group.name}.label", group.label, lang)


def group_hint(group: Group, lang: Language) -> str:
    return t_default(f"form.group.{group.name}.hint", group.hint, lang) if group.hint else ""


def group_item(group: Group, lang: Language) -> str:
    return t_default(f"form.group.{group.name}.item", group.item_label, lang)


def catalog_entries(form: FormDefinition) -> Iterator[tuple[str, str]]:
    """Every (key, English) pair of the form, for translators' extraction and completeness checks."""
    def field_entries(field: Field, group: Group | None) -> Iterator[tuple[str, str]]:
        base = _base(field, group)
        yield f"{base}.label", field.label
        if field.hint:
            yield f"{base}.hint", field.hint
        yield f"{base}.what", field.what
        for choice in field.options:
            yield f"{base}.option.{choice.value}", choice.label
            for revealed in choice.reveals:
                yield from field_entries(revealed, group)

    yield f"form.{form.key}.name", form.title
    for step in form.steps:
        yield f"{_step_key(step)}.title", step.title
        if step.intro:
            yield f"{_step_key(step)}.intro", step.intro
        for section in step.sections:
            if section.heading:
                yield f"{_section_key(step, section)}.heading", section.heading
            if section.body:
                yield f"{_section_key(step, section)}.body", section.body
            for item in section.items:
                if isinstance(item, Group):
                    yield f"form.group.{item.name}.label", item.label
                    if item.hint:
                        yield f"form.group.{item.name}.hint", item.hint
                    yield f"form.group.{item.name}.item", item.item_label
                    for member in item.fields:
                        yield from field_entries(member, item)
                else:
                    yield from field_entries(item, None)
