"""The EHC plan as data: sections A–K of the SEND Code of Practice 9.62, and the shape of each section's content.

One definition drives the staff composer, the quality check, the family's view, the PDF, the school's view and
the catalog keys (``plan.section.<key>.title`` …). Needs, outcomes and provision are items, not one text box: a
provision item says what, who provides it, how often and for how long, which needs and outcomes it meets, and the
advice it came from (CoP 9.69: "detailed and specific and should normally be quantified").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SectionKind = Literal["text", "needs", "outcomes", "provision", "placement", "advice"]


@dataclass(frozen=True)
class PlanSection:
    key: str  # "A" … "K", "H1", "H2"
    title: str
    kind: SectionKind
    hint: str = ""


SECTIONS: tuple[PlanSection, ...] = (
    PlanSection("A", "The views, interests and aspirations of the child and their parents, or of the young person",
                "text"),
    PlanSection("B", "Special educational needs", "needs"),
    PlanSection("C", "Health needs related to special educational needs", "needs"),
    PlanSection("D", "Social care needs related to special educational needs or disability", "needs"),
    PlanSection("E", "Outcomes", "outcomes"),
    PlanSection("F", "Special educational provision", "provision"),
    PlanSection("G", "Health provision", "provision"),
    PlanSection("H1", "Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970",
                "provision"),
    PlanSection("H2", "Other social care provision", "provision"),
    PlanSection("I", "Placement: the name and type of school or other institution", "placement",
                "Left blank in a draft plan (Children and Families Act 2014 s38(5))"),
    PlanSection("J", "Personal budget", "text"),
    PlanSection("K", "Advice and information", "advice"),
)
BY_KEY = {section.key: section for section in SECTIONS}
# The sections the family comments on in "Respond to the draft" (I is blank in a draft; K is the advice list).
COMMENTABLE = tuple(section.key for section in SECTIONS if section.kind not in ("placement", "advice"))

# The areas of need of the Code of Practice (6.28–6.35), which each need item names.
AREAS = {
    "ci": "Communication and interaction",
    "cl": "Cognition and learning",
    "semh": "Social, emotional and mental health",
    "sp": "Sensory and/or physical",
    "health": "Health",
    "care": "Social care",
}

# The parts of a provision item, each required (CoP 9.69), with what error messages call them.
PROVISION_PARTS = {
    "what": "what the provision is",
    "who": "who provides it",
    "how_often": "how often",
    "how_long": "for how long",
}
TEXT_LIMIT = 5000
PART_LIMIT = 1000


def section(key: str) -> PlanSection:
    return BY_KEY[key]


def of_kind(kind: SectionKind) -> tuple[PlanSection, ...]:
    return tuple(found for found in SECTIONS if found.kind == kind)


def asked_about(content: dict) -> dict[str, list[dict[str, str]]]:
    """The plan's items a form's "plan_items" questions ask about, by section: each id with the words that name
    it (an outcome's text, a provision's "what")."""
    asked: dict[str, list[dict[str, str]]] = {}
    for found in SECTIONS:
        if found.kind in ("outcomes", "provision"):
            part = "text" if found.kind == "outcomes" else "what"
            asked[found.key] = [{"id": str(item.get("id", "")), "text": str(item.get(part, ""))}
                                for item in content.get(found.key, {}).get("items", [])]
    return asked


def empty_content() -> dict:
    """A plan with nothing in it yet: every section present, in its shape."""
    shapes = {"text": {"text": ""}, "placement": {"school_urn": "", "name": "", "type": ""}}
    return {found.key: dict(shapes.get(found.kind, {"items": []})) for found in SECTIONS}
