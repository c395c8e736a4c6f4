"""What still needs answering in a form, step by step: the stepper's statuses, Save & Continue's check of its
items, and what stops a form being sent — one walk over the definition for all three."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms.schema import FormDefinition, Group, Step

if TYPE_CHECKING:
    from ehcna_portal.services.applications import ApplicationView


@dataclass(frozen=True)
class IncompleteItem:
    """An item of a repeatable group (or an uploaded document) that still needs answers."""

    group: Group
    key: str  # its place in the group, or the document's id
    item: Mapping[str, Any]
    name: str = ""  # a document's file name; answers' items are named from their answers by the caller


@dataclass
class StepProblems:
    step_number: int
    problems: list[form_answers.Problem]
    incomplete: list[IncompleteItem]


def incomplete_items(view: ApplicationView, step: Step, context: Mapping[str, Any],
                     today: date) -> list[IncompleteItem]:
    """The items of the step's shown groups that still need answers (documents are checked on their rows)."""
    found = []
    for group in form_answers.shown_groups(step, context):
        if group.storage == "documents":
            found += [IncompleteItem(group, str(doc.id), doc.details, doc.name) for doc in view.documents
                      if form_answers.check_item(group, doc.details, today)]
        else:
            found += [IncompleteItem(group, str(index), item)
                      for index, item in enumerate(context.get(group.name) or [])
                      if form_answers.check_item(group, item, today)]
    return found


def check_all(form: FormDefinition, view: ApplicationView, today: date) -> list[StepProblems]:
    """What stops the form being sent, step by step (empty when it can be sent)."""
    context = view.context(today)
    found = []
    for step in form.steps:
        problems = form_answers.check_step(step, context, today)
        items = incomplete_items(view, step, context, today)
        if problems or items:
            found.append(StepProblems(step.number, problems, items))
    return found


def step_statuses(form: FormDefinition, view: ApplicationView, today: date) -> dict[int, str]:
    """Each step as the stepper shows it: "completed", "in_progress" or "not_started"."""
    context = view.context(today)
    statuses = {}
    for step in form.steps:
        saved = step.slug in view.answers
        if step.number in view.completed_steps and not form_answers.check_step(step, context, today):
            statuses[step.number] = "completed"
        else:
            statuses[step.number] = "in_progress" if saved else "not_started"
    return statuses
