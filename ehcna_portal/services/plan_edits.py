"""One change to a plan's content, checked: pure functions from (content, edit) to new content and a line saying
what changed, or the problems by field. ``services/plans.py`` keeps each result as a new version.

Items have ids that are never reused ("F3" stays gone once removed), so an override, a family's comment or a
"meets need B2" always points at the item it was made about.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from ehcna_portal.forms import ehc_plan

NEXT = "_next"  # the content's counters: the number the next item of each section gets


class EditRefused(ValueError):
    """What is wrong, by field name (the staff page shows them as a GOV.UK error summary)."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class Edit:
    kind: str  # "text", "item", "remove", "placement"
    section: str
    item: str = ""  # the item changed or removed ("" adds one)
    values: Mapping[str, object] = field(default_factory=dict)


def edit_for(section: str, item: str, values: Mapping[str, object]) -> Edit:
    """What the page for one part of the plan asks for: a section's words or its placement, or one item
    ("new" adds one)."""
    kind = ehc_plan.section(section).kind if section in ehc_plan.BY_KEY else ""
    if kind in ("text", "placement"):
        return Edit(kind, section, "", values)
    return Edit("item", section, "" if item == "new" else item, values)


def new_item_id(content: dict, section: str) -> tuple[str, dict]:
    counters = dict(content.get(NEXT, {}))
    existing = [int(item["id"][len(section):]) for item in content.get(section, {}).get("items", [])
                if str(item.get("id", "")).startswith(section) and item["id"][len(section):].isdigit()]
    number = max([counters.get(section, 1), *(n + 1 for n in existing)])
    counters[section] = number + 1
    return f"{section}{number}", counters


def ids_in(content: dict, kinds: tuple[str, ...]) -> set[str]:
    return {item["id"] for found in ehc_plan.SECTIONS if found.kind in kinds
            for item in content.get(found.key, {}).get("items", [])}


def _text(values: Mapping[str, object], name: str) -> str:
    value = values.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _refs(values: Mapping[str, object], name: str, allowed: set[str]) -> list[str]:
    raw = values.get(name, [])
    chosen = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, (list, tuple)) else []
    return [ref for ref in dict.fromkeys(str(ref) for ref in chosen) if ref in allowed]


def _source(values: Mapping[str, object], sources: Collection[int]) -> int | None:
    raw = values.get("source")
    return raw if isinstance(raw, int) and raw in sources else None


def _item(section: ehc_plan.PlanSection, values: Mapping[str, object], content: dict,
          sources: Collection[int]) -> dict:
    problems: dict[str, str] = {}
    item: dict[str, object] = {"source": _source(values, sources)}
    if section.kind == "provision":
        for part, what in ehc_plan.PROVISION_PARTS.items():
            item[part] = _text(values, part)
            if len(str(item[part])) > ehc_plan.PART_LIMIT:
                problems[part] = f"{what.capitalize()} must be {ehc_plan.PART_LIMIT} characters or fewer"
        item["needs"] = _refs(values, "needs", ids_in(content, ("needs",)))
        item["outcomes"] = _refs(values, "outcomes", ids_in(content, ("outcomes",)))
        if not any(item[part] for part in ehc_plan.PROVISION_PARTS):
            problems["what"] = "Enter what the provision is"
    else:
        item["text"] = _text(values, "text")
        if not item["text"]:
            problems["text"] = "Enter the need" if section.kind == "needs" else "Enter the outcome"
        elif len(str(item["text"])) > ehc_plan.TEXT_LIMIT:
            problems["text"] = f"The text must be {ehc_plan.TEXT_LIMIT} characters or fewer"
        if section.kind == "needs":
            area = _text(values, "area")
            item["area"] = area if area in ehc_plan.AREAS else ""
            if not item["area"]:
                problems["area"] = "Select the area of need"
        else:
            item["steps"] = _text(values, "steps")[:ehc_plan.TEXT_LIMIT]
    if problems:
        raise EditRefused(problems)
    return item


def apply(content: dict, edit: Edit, *, sources: Collection[int] = (), schools: Mapping[str, str] | None = None
          ) -> tuple[dict, str]:
    """``content`` with ``edit`` made (a copy: the version it came from is never changed) and what changed.
    ``sources`` are the ids of the case's received advice an item may name; ``schools`` the URNs a placement may
    name, with their names."""
    if edit.section not in ehc_plan.BY_KEY:
        raise EditRefused({"section": "There is no such section"})
    section = ehc_plan.section(edit.section)
    changed = copy.deepcopy(content)
    block = changed.setdefault(section.key, {})
    if edit.kind == "text" and section.kind == "text":
        text = _text(edit.values, "text")
        if len(text) > ehc_plan.TEXT_LIMIT:
            raise EditRefused({"text": f"The text must be {ehc_plan.TEXT_LIMIT} characters or fewer"})
        block["text"] = text
        return changed, f"{section.key}: changed"
    if edit.kind == "placement" and section.kind == "placement":
        urn = _text(edit.values, "school_urn")
        if urn and urn not in (schools or {}):
            raise EditRefused({"school_urn": "Select a school or college from the list"})
        block.update(school_urn=urn, name=(schools or {}).get(urn, ""), type=_text(edit.values, "type")[:200])
        return changed, f"{section.key}: named {block['name']}" if urn else f"{section.key}: cleared"
    items = block.setdefault("items", [])
    if edit.kind == "remove":
        if not any(item["id"] == edit.item for item in items):
            raise EditRefused({"item": "That item is no longer in the plan"})
        block["items"] = [item for item in items if item["id"] != edit.item]
        for other in changed.values():
            for item in other.get("items", []) if isinstance(other, dict) else []:
                for refs in ("needs", "outcomes"):
                    if edit.item in item.get(refs, []):
                        item[refs] = [ref for ref in item[refs] if ref != edit.item]
        return changed, f"{section.key}: removed {edit.item}"
    if edit.kind != "item" or section.kind not in ("needs", "outcomes", "provision"):
        raise EditRefused({"section": "That section cannot be changed that way"})
    item = _item(section, edit.values, changed, sources)
    if edit.item:
        index = next((n for n, found in enumerate(items) if found["id"] == edit.item), None)
        if index is None:
            raise EditRefused({"item": "That item is no longer in the plan"})
        item["source"] = item["source"] or items[index].get("source")  # the advice it came from stays named
        items[index] = {"id": edit.item, **item}
        return changed, f"{section.key}: changed {edit.item}"
    item_id, changed[NEXT] = new_item_id(changed, section.key)
    items.append({"id": item_id, **item})
    return changed, f"{section.key}: added {item_id}"
