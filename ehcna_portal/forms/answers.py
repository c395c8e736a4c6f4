"""Reading, checking and showing answers — all driven by the form definition.

``parse_*`` turn a submitted page into stored values (nothing is refused: a
draft keeps whatever was typed). ``check_*`` list the problems a page has, only
for the questions that are shown. ``summarise`` and ``export`` present every
shown answer, for the summary, print view, staff view and JSON export.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any

from ehcna_portal.forms import text
from ehcna_portal.forms.schema import CHOICE_KINDS, PLAN_ITEMS, Field, FormDefinition, Group, Step
from ehcna_portal.i18n import Language, long_date, t
from ehcna_portal.services.dates import parse_date
from ehcna_portal.services.validation import email_error, normalise_phone

Answers = dict[str, Any]
_URN = re.compile(r"^[0-9]{5,8}$")  # a school's unique reference number (GIAS)
_WHOLE_NUMBER = re.compile(r"^[0-9]{1,6}$")  # ASCII digits only: \d also matches other scripts' digits
_ITEM_ID = re.compile(r"^[A-Z][A-Z0-9]{0,3}[0-9]{1,3}$")  # a plan item's id: "E1", "F12", "H1 3" is not one
MAX_PLAN_ITEMS = 100


# ---------------------------------------------------------------- reading a submitted page

def _plan_items(field: Field, raw: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """A "plan_items" answer as typed: ``<name>.<item id>`` is the choice, ``<name>.<item id>.note`` the note."""
    prefix = f"{field.name}."
    ids = [key[len(prefix):] for key in raw if isinstance(key, str) and key.startswith(prefix)
           and _ITEM_ID.match(key[len(prefix):].removesuffix(".note"))]
    chosen = {choice.value for choice in field.options}
    parsed: dict[str, dict[str, str]] = {}
    for item_id in dict.fromkeys(item.removesuffix(".note") for item in ids):
        if len(parsed) >= MAX_PLAN_ITEMS:
            break
        choice = _clean(raw.get(f"{prefix}{item_id}"))
        parsed[item_id] = {"choice": choice if choice in chosen else "",
                           "note": _clean(raw.get(f"{prefix}{item_id}.note"))[: field.limit * 2]}
    return parsed


def parse_field(field: Field, raw: Mapping[str, Any]) -> Any:
    if field.kind == "plan_items":
        return _plan_items(field, raw)
    if field.kind == "checkboxes":
        return [choice.value for choice in field.options if raw.get(f"{field.name}-{choice.value}")]
    if field.kind == "date":
        return {part: _clean(raw.get(f"{field.name}-{part}"))[:10] for part in ("day", "month", "year")}
    value = _clean(raw.get(field.name))
    if field.kind == "school":  # a URN from the list; the service checks it exists and adds the school's name
        return {"urn": value, "name": ""} if _URN.match(value) else {}
    if field.kind in CHOICE_KINDS:
        return value if value in {choice.value for choice in field.options} else ""
    return value[: field.limit * 2]  # keep what was typed (it is flagged if too long), within reason


def _clean(value: object) -> str:
    return value.strip().replace("\r\n", "\n") if isinstance(value, str) else ""


def _with_reveals(fields: Iterable[Field]) -> Iterator[Field]:
    for field in fields:
        yield field
        yield from field.revealed()


def parse_step(step: Step, raw: Mapping[str, Any]) -> Answers:
    """Every single question of the step as typed (groups are saved item by item)."""
    return {field.name: parse_field(field, raw) for field in step.fields()}


def parse_item(group: Group, raw: Mapping[str, Any]) -> Answers:
    return {field.name: parse_field(field, raw) for field in _with_reveals(group.fields)}


def is_empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(is_empty(part) for part in value.values())
    return not value


# ---------------------------------------------------------------- what is shown

def flatten(answers_by_step: Mapping[str, Answers], facts: Mapping[str, Any]) -> Answers:
    """All answers in one mapping (names are unique across the form), plus facts such as the child's age."""
    flat: Answers = {}
    for values in answers_by_step.values():
        flat.update(values)
    flat.update(facts)
    return flat


def _shown(fields: Iterable[Field], answers: Mapping[str, Any], context: Mapping[str, Any]) -> Iterator[Field]:
    for field in fields:
        if field.show_if and not field.show_if.holds(context):
            continue
        yield field
        chosen = answers.get(field.name)
        for choice in field.options:
            if choice.reveals and (chosen == choice.value or (isinstance(chosen, list) and choice.value in chosen)):
                yield from choice.reveals


def shown_fields(step: Step, context: Mapping[str, Any]) -> list[Field]:
    fields = [item for item in step.items() if isinstance(item, Field)]
    return list(_shown(fields, context, context))


def shown_groups(step: Step, context: Mapping[str, Any]) -> list[Group]:
    return [group for group in step.groups() if not group.show_if or group.show_if.holds(context)]


def shown_item_fields(group: Group, item: Mapping[str, Any]) -> list[Field]:
    return list(_shown(group.fields, item, item))


# ---------------------------------------------------------------- checking

@dataclass(frozen=True)
class Problem:
    """One thing wrong with one answer: ``field_id`` is where the error summary link lands."""

    field_id: str
    field: Field
    code: str  # a catalog key: form.error.* or error.date.*
    group: Group | None = None
    parts: tuple[str, ...] = ()  # date boxes to highlight
    item: str = ""  # "plan_items": the plan item the problem is with ("E2")


def check_field(field: Field, value: Any, today: date, group: Group | None = None) -> Problem | None:
    def problem(code: str, parts: tuple[str, ...] = ()) -> Problem:
        return Problem(field.name, field, code, group, parts)

    if is_empty(value):
        if not field.required:
            return None
        if field.kind == "date":
            return problem("error.date.empty")
        return problem("form.error.required_choice" if field.kind in CHOICE_KINDS else "form.error.required_text")
    if field.kind == "date":
        typed = value if isinstance(value, dict) else {}
        parsed = parse_date(typed.get("day", ""), typed.get("month", ""), typed.get("year", ""))
        if parsed.value is None:
            return problem(parsed.error, parsed.parts)
        if field.past_only and parsed.value > today:
            return problem("form.error.future")
        return None
    if field.kind in CHOICE_KINDS:
        return None
    if len(value) > field.limit:
        return problem("form.error.too_long")
    if field.kind == "email" and email_error(value):
        return problem("error.email.format")
    if field.kind == "tel" and not normalise_phone(value):
        return problem("form.error.tel")
    if field.kind == "nhs_number" and not is_nhs_number(value):
        return problem("form.error.nhs_number")
    if field.kind == "number" and not _WHOLE_NUMBER.match(value):
        return problem("form.error.number")
    return None


def is_nhs_number(value: str) -> bool:
    """Ten digits whose last is the modulus 11 check digit of the first nine (NHS Data Dictionary)."""
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def asked_items(field: Field, context: Mapping[str, Any]) -> list[dict[str, str]]:
    """The plan items a "plan_items" question asks about (the service's fact): ``{"id", "text"}`` each."""
    return list((context.get(PLAN_ITEMS) or {}).get(field.plan_section, []))


def check_plan_items(field: Field, value: Any, context: Mapping[str, Any]) -> list[Problem]:
    """Each item asked about needs a choice (when the question is required) and a note within the limit."""
    answers = value if isinstance(value, dict) else {}
    problems = []
    for item in asked_items(field, context):
        given = answers.get(item["id"]) or {}
        if field.required and not given.get("choice"):
            problems.append(Problem(f"{field.name}-{item['id']}", field, "form.error.required_item", item=item["id"]))
        elif len(given.get("note", "")) > field.limit:
            problems.append(Problem(f"{field.name}-{item['id']}-note", field, "form.error.item_too_long",
                                    item=item["id"]))
    return problems


def plan_item_views(step: Step, saved: dict[str, Any], facts: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """Each "plan_items" question of the step: the plan's items it asks about, with what was saved for each."""
    views = {}
    for field in step.fields():
        if field.kind == "plan_items":
            given = saved.get(field.name) if isinstance(saved.get(field.name), dict) else {}
            views[field.name] = [{"id": item["id"], "text": item["text"],
                                  "choice": str((given.get(item["id"]) or {}).get("choice", "")),
                                  "note": str((given.get(item["id"]) or {}).get("note", ""))}
                                 for item in asked_items(field, facts)]
    return views


def check_step(step: Step, context: Mapping[str, Any], today: date) -> list[Problem]:
    """Problems with the step's single questions as they stand in ``context`` (groups are checked per item)."""
    problems: list[Problem] = []
    for field in shown_fields(step, context):
        if field.kind == "plan_items":
            problems.extend(check_plan_items(field, context.get(field.name), context))
        elif problem := check_field(field, context.get(field.name), today):
            problems.append(problem)
    return problems


def check_item(group: Group, item: Mapping[str, Any], today: date) -> list[Problem]:
    found = (check_field(field, item.get(field.name), today, group) for field in shown_item_fields(group, item))
    return [problem for problem in found if problem]


def message(problem: Problem, lang: Language) -> str:
    """The GOV.UK-style message for a problem, in ``lang``."""
    what = text.what(problem.field, lang, problem.group)
    label = text.label(problem.field, lang, problem.group)
    return t(problem.code, lang, what=what, label=what, Label=what[:1].upper() + what[1:],
             Question=label, max=problem.field.limit, item=problem.item)


# ---------------------------------------------------------------- showing

def display(field: Field, value: Any, lang: Language, group: Group | None = None) -> str:
    """An answer as a person reads it ("12 March 2017", "Yes", "Anxiety, Friendships")."""
    if is_empty(value):
        return ""
    if field.kind == "date":
        typed = value if isinstance(value, dict) else {}
        parsed = parse_date(typed.get("day", ""), typed.get("month", ""), typed.get("year", ""))
        if parsed.value is None:
            return " ".join(typed.get(part, "") for part in ("day", "month", "year")).strip()
        return long_date(parsed.value, lang)
    if field.kind == "checkboxes":
        return ", ".join(text.option(field, item, lang, group) for item in value)
    if field.kind == "school":
        return str(value.get("name") or value.get("urn", "")) if isinstance(value, dict) else str(value)
    if field.kind == "plan_items":
        return "\n".join(f"{item_id}: {item_answer(field, given, lang)}" for item_id, given in value.items()
                         if not is_empty(given))
    if field.kind in CHOICE_KINDS:
        return text.option(field, value, lang, group)
    return str(value)


@dataclass
class Row:
    question: str
    answer: str
    field_id: str


def item_answer(field: Field, given: Mapping[str, str], lang: Language) -> str:
    """One plan item's answer: the choice in words, then the note."""
    choice = text.option(field, given.get("choice", ""), lang) if given.get("choice") else ""
    return "\n".join(part for part in (choice, given.get("note", "")) if part)


def rows_of(field: Field, value: Any, context: Mapping[str, Any], lang: Language) -> list[Row]:
    """A question's rows in a summary: one, or for "plan_items" one per item asked about ("E1: …")."""
    if field.kind != "plan_items":
        return [Row(text.label(field, lang), display(field, value, lang), field.name)]
    answers = value if isinstance(value, dict) else {}
    return [Row(f"{item['id']}: {item['text']}", item_answer(field, answers.get(item["id"]) or {}, lang),
                f"{field.name}-{item['id']}") for item in asked_items(field, context)]


@dataclass
class Item:
    title: str
    rows: list[Row]
    index: int
    key: str = ""  # documents: the document's id


@dataclass
class GroupSummary:
    name: str
    label: str
    item_label: str
    items: list[Item]


@dataclass
class StepSummary:
    number: int
    slug: str
    title: str
    rows: list[Row] = dataclass_field(default_factory=list)
    groups: list[GroupSummary] = dataclass_field(default_factory=list)


def item_title(group: Group, item: Mapping[str, Any], lang: Language, fallback: str) -> str:
    parts = [display(group.field(name), item.get(name), lang, group) for name in group.title_fields]
    return ", ".join(part for part in parts if part) or fallback


def summarise_items(group: Group, items: list[Mapping[str, Any]], lang: Language,
                    names: list[str] | None = None, keys: list[str] | None = None) -> GroupSummary:
    """A group's items; ``names`` titles them instead (documents are known by their file names)."""
    summary = GroupSummary(group.name, text.group_label(group, lang), text.group_item(group, lang), [])
    for index, item in enumerate(items):
        fallback = f"{text.group_item(group, lang).capitalize()} {index + 1}"
        rows = [Row(text.label(field, lang, group), display(field, item.get(field.name), lang, group), field.name)
                for field in shown_item_fields(group, item)]
        title = names[index] if names else item_title(group, item, lang, fallback)
        summary.items.append(Item(title, rows, index, keys[index] if keys else str(index)))
    return summary


def summarise(form: FormDefinition, answers_by_step: Mapping[str, Answers], facts: Mapping[str, Any],
              lang: Language, documents: list[dict[str, Any]] | None = None) -> list[StepSummary]:
    """Every step's shown answers in order; ``documents`` are ``{"id", "name", "details"}`` dicts."""
    context = flatten(answers_by_step, facts)
    steps = []
    for step in form.steps:
        summary = StepSummary(step.number, step.slug, text.step_title(step, lang))
        summary.rows = [row for field in shown_fields(step, context)
                        for row in rows_of(field, context.get(field.name), context, lang)]
        for group in shown_groups(step, context):
            if group.storage == "documents":
                docs = documents or []
                summary.groups.append(summarise_items(group, [doc["details"] for doc in docs], lang,
                                                      [doc["name"] for doc in docs], [str(doc["id"]) for doc in docs]))
            else:
                summary.groups.append(summarise_items(group, list(context.get(group.name) or []), lang))
        steps.append(summary)
    return steps


def export(form: FormDefinition, answers_by_step: Mapping[str, Answers], facts: Mapping[str, Any],
           documents: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The answers as JSON for other systems: each question with its English text, value and display."""
    context = flatten(answers_by_step, facts)
    steps = []
    for step in form.steps:
        questions = {field.name: {"question": field.label, "value": context.get(field.name),
                                  "answer": display(field, context.get(field.name), "en")}
                     for field in shown_fields(step, context)}
        groups = {}
        for group in shown_groups(step, context):
            items = [doc["details"] for doc in documents or []] if group.storage == "documents" \
                else list(context.get(group.name) or [])
            groups[group.name] = [
                {f.name: {"question": f.label, "value": item.get(f.name), "answer": display(f, item.get(f.name), "en")}
                 for f in shown_item_fields(group, item)}
                for item in items]
        steps.append({"number": step.number, "title": step.title, "answers": questions, "groups": groups})
    return {"form": form.key, "form_version": form.version, "steps": steps}
