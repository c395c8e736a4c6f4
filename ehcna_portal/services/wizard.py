"""A wizard page submitted, for any registered form: what the answers mean, whether the step is complete, which
page comes next, and the save — one read and one conditional write, in one transaction.

The state handler that calls this only checks who is asking and shows the result (docs/ARCHITECTURE.md). The
version the page was drawn from decides the save: a press from a stale tab changes nothing and is told so, with
the answers as they now stand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms.schema import FormDefinition, Step
from ehcna_portal.services import applications, schools
from ehcna_portal.services.applications import SUMMARY, ApplicationView
from ehcna_portal.services.form_checks import IncompleteItem, incomplete_items

# What the buttons of a step page ask for (the form's hidden ``_action``); anything else stays on the step.
CONTINUE, BACK, HOME = "continue", "back", "home"


@dataclass
class PageResult:
    """``view`` is the application after the save, or as it now stands when the save lost a race; None when it
    is not the caller's. ``destination``: the page to show next — a step's slug, ``summary``, or "" to leave
    the form (Back on its first step)."""

    view: ApplicationView | None
    saved: bool = False
    conflict: bool = False
    problems: list[form_answers.Problem] = field(default_factory=list)
    incomplete: list[IncompleteItem] = field(default_factory=list)
    destination: str = ""

    @property
    def stays(self) -> bool:
        """Save & Continue found answers to put right: the step is shown again with its error summary."""
        return bool(self.problems or self.incomplete)


def next_page(form: FormDefinition, step: Step, action: str, *, to_summary: bool) -> str:
    """Where a button leads: Save & Continue to the next step (the summary after the last, or straight back to
    the summary when the parent came from there to change an answer); Back to the step before, or out of the
    form from the first; every other button stays on the step."""
    if action == CONTINUE:
        return SUMMARY if to_summary or step.number == len(form.steps) else f"step-{step.number + 1}"
    if action == BACK:
        return f"step-{step.number - 1}" if step.number > 1 else ""
    return step.slug


def _shows_documents(form: FormDefinition, page: str) -> bool:
    """Does ``page`` list the family's uploads (the summary does, and a step with a documents group)?"""
    steps = {step.slug: step for step in form.steps}
    return page == SUMMARY or (page in steps and any(group.storage == "documents" for group in steps[page].groups()))


def submit_page(engine: Engine, parent_id: int, application_id: int, version: int, step_number: int,
                form_data: Mapping[str, Any], *, action: str, to_summary: bool, today: date) -> PageResult:
    """Save a step page's answers as pressed. The step is recorded complete when Save & Continue finds nothing to
    put right (or it was complete and another button kept it so); the page it leads to is remembered as the
    place to continue from. A sent application's answers are never changed (only its documents can be added)."""
    with Session(engine, expire_on_commit=False) as db:
        found = applications.owned_row(db, parent_id, application_id)
        if found is None:
            return PageResult(None)
        application, child = found
        form = applications.form_for(application)
        step = form.step(step_number)
        documents = any(group.storage == "documents" for group in step.groups())
        view = applications.view_of(db, application, child, documents=documents)
        if not view.is_draft:
            return PageResult(view, destination=step.slug)
        if view.version != version:
            return PageResult(view, conflict=True, destination=step.slug)
        values = schools.named(db, step.fields(), form_answers.parse_step(step, form_data))
        answers = {**view.answers, step.slug: {**view.answers.get(step.slug, {}), **values}}
        context = form_answers.flatten(answers, view.facts(today))
        problems = form_answers.check_step(step, context, today)
        incomplete = incomplete_items(view, step, context, today) if action == CONTINUE else []
        complete = not problems and not incomplete and (action == CONTINUE or step.number in view.completed_steps)
        destination = next_page(form, step, action, to_summary=to_summary)
        moves_on = (action == CONTINUE and complete) or (action == BACK and bool(destination))
        done = set(view.completed_steps) | {step.number} if complete else set(view.completed_steps) - {step.number}
        change = {"answers": answers, "completed_steps": sorted(done),
                  "last_page": destination if moves_on else step.slug, **applications.typed_columns(answers)}
        saved = applications.conditional_save(db, parent_id, application_id, version, change)
        if not saved:  # another tab saved since this page was drawn: show what it saved
            db.rollback()
            db.expire_all()
            again = applications.owned_row(db, parent_id, application_id)
            return PageResult(applications.view_of(db, *again) if again else None, conflict=True,
                              destination=step.slug)
        db.commit()
        after = applications.with_columns(view, change)
        if not documents and _shows_documents(form, destination):
            after.documents = applications.family_documents(db, application_id)
        if action == CONTINUE and (problems or incomplete):
            return PageResult(after, saved=True, problems=problems, incomplete=incomplete, destination=step.slug)
        return PageResult(after, saved=True, destination=destination)
