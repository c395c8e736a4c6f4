"""What a form's pages draw, as plain data: answered rows, group items, steps, and the form defaults of a
saved answer. Built from any registered form's answers; shared by the parent's wizard, its summary and print
view, and the staff case page."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms import text as form_text
from ehcna_portal.forms.schema import Field, Group
from ehcna_portal.i18n import Language, t
from ehcna_portal.ids import parse_id
from ehcna_portal.services.document_store import REFUSAL_CODES
from ehcna_portal.services.form_checks import IncompleteItem


@dataclasses.dataclass
class RowView:
    question: str
    answer: str
    href: str = ""


@dataclasses.dataclass
class ItemView:
    title: str
    rows: list[RowView]
    key: str
    change: str  # the _action value that opens the item
    remove: str  # the _action value that removes it ("" when it cannot be removed)
    problem: bool = False
    download: str = ""
    scan: str = ""  # a document's virus scan when it cannot be downloaded: pending or infected


@dataclasses.dataclass
class GroupView:
    name: str
    label: str
    item_label: str
    members: list[ItemView]
    add: str = ""


@dataclasses.dataclass
class StepView:
    number: int
    title: str
    href: str
    status: str  # completed, in_progress, not_started
    rows: list[RowView]
    groups: list[GroupView]


@dataclasses.dataclass
class SentFormView:
    """Another form the family sent (their advice…), as a caseworker reads it: name, date, answers."""

    name: str
    received: str
    steps: list[StepView]


def stored_strings(fields: list[Field], values: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """Saved answers as form defaults: text by field id, and the ticked "field-value" boxes."""
    shown: dict[str, str] = {}
    ticked: list[str] = []
    for field in fields:
        value = values.get(field.name)
        if field.kind == "date":
            parts = value if isinstance(value, dict) else {}
            for part in ("day", "month", "year"):
                shown[f"{field.name}-{part}"] = str(parts.get(part, ""))
        elif field.kind == "checkboxes":
            ticked.extend(f"{field.name}-{item}" for item in (value or []))
        elif field.kind == "school":  # the URN the page posts, and the name the list gave it
            chosen = value if isinstance(value, dict) else {}
            shown[field.name], shown[f"{field.name}-name"] = str(chosen.get("urn", "")), str(chosen.get("name", ""))
        else:
            shown[field.name] = "" if value is None else str(value)
    return shown, ticked


def all_fields(fields: tuple[Field, ...] | list[Field]) -> list[Field]:
    """The fields and the questions their options reveal, in page order."""
    found = []
    for field in fields:
        found.append(field)
        found.extend(field.revealed())
    return found


def answer_views(steps: list[form_answers.StepSummary], statuses: dict[int, str],
                 change_href: Callable[[form_answers.StepSummary], str]) -> list[StepView]:
    """Every step's answered questions, ready to draw (summary, print view, staff case page).

    Questions left blank are not listed (most are optional); "Change" on the step reaches them."""
    shown = []
    for step in steps:
        href = change_href(step)
        rows = [RowView(row.question, row.answer, f"{href}#{row.field_id}" if href else "")
                for row in step.rows if row.answer]
        groups = [GroupView(group.name, group.label, group.item_label, [
            ItemView(item.title, [RowView(row.question, row.answer) for row in item.rows if row.answer],
                     item.key, "", "") for item in group.items]) for group in step.groups]
        shown.append(StepView(step.number, step.title, href, statuses.get(step.number, ""), rows, groups))
    return shown


def item_cards(group: Group, summary: form_answers.GroupSummary, *, editable: set[str], removable: set[str],
               problems: set[str], downloads: dict[str, str], scans: dict[str, str]) -> GroupView:
    """A group's items as cards, with the buttons each may have (Change, Remove) and a document's download."""
    cards = [ItemView(item.title, [RowView(row.question, row.answer) for row in item.rows if row.answer],
                      item.key, f"edit:{group.name}:{item.key}" if item.key in editable else "",
                      f"remove:{group.name}:{item.key}" if item.key in removable else "",
                      item.key in problems, downloads.get(item.key, ""), scans.get(item.key, ""))
             for item in summary.items]
    return GroupView(group.name, summary.label, summary.item_label, cards,
                     "" if group.storage == "documents" else f"add:{group.name}")


def incomplete_messages(incomplete: list[IncompleteItem], lang: Language) -> list[tuple[str, str]]:
    """(field id, message) for each group item that still needs answers."""
    found = []
    for entry in incomplete:
        noun = form_text.group_item(entry.group, lang).capitalize()
        title = entry.name or form_answers.item_title(entry.group, entry.item, lang, f"{noun} {int(entry.key) + 1}")
        found.append((f"{entry.group.name}-{entry.key}", t("application.item_incomplete", lang, item=title)))
    return found


def banner_key(query: dict[str, str]) -> str:
    """The success banner a page's address asks for (an upload that arrived)."""
    uploaded = query.get("uploaded", "")
    if parse_id(uploaded) and not query.get("upload_error"):
        return "application.uploaded"
    return ""


def upload_error_message(query: dict[str, str], lang: Language, max_mb: int) -> str:
    """The refused upload the address reports (the upload route redirects back with its reason)."""
    code = query.get("upload_error", "")
    if code not in REFUSAL_CODES:
        return ""
    name = query.get("file", "")[:120]
    detected = query.get("detected", "")
    kinds = {"pdf": "PDF", "doc": "Word", "docx": "Word", "odt": "ODT", "jpg": "JPG", "png": "PNG"}
    return t(f"error.upload.{code}", lang, file=name, max=max_mb, detected=kinds.get(detected, detected))
