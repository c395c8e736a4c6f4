"""The vocabulary a form is written in: steps, sections, fields, repeatable groups, conditions.

A form is plain frozen data. Everything that shows or checks answers — the wizard
pages, server-side validation, the summary, the print view, the staff case view,
the JSON export and the confirmation email — walks the same definition, so a
question is added or changed in one place.

English text lives here, as the source; each piece of text also has a stable
catalog key (``form.<name>.label`` …) through which a translation is looked up.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

# The child's page has a tab per statutory stage; every form belongs to one.
Stage = Literal["request", "assessment", "plan", "reviews"]
STAGES: tuple[Stage, ...] = ("request", "assessment", "plan", "reviews")
# Who fills a form in: families (a parent, or a young person for themselves), professionals and schools with
# an invitation link, or council staff.
Role = Literal["parent", "young_person", "professional", "school", "staff"]
FAMILY: tuple[Role, ...] = ("parent", "young_person")

# "school": one school or college chosen from the schools list (its URN is the answer).
# "plan_items": one answer (a choice and a note) for each item of a section of the child's EHC plan — the outcomes
# of section E, the provision of section F — which the service supplies as a fact (``PLAN_ITEMS``).
Kind = Literal["text", "email", "tel", "number", "nhs_number", "long_text", "radios", "checkboxes", "select", "date",
               "school", "plan_items"]
PLAN_ITEMS = "plan_items"  # the fact naming the plan's items: {"E": [{"id": "E1", "text": …}, …], …}

CHOICE_KINDS = frozenset({"radios", "checkboxes", "select", "school"})
DEFAULT_MAX = {"text": 200, "email": 254, "tel": 30, "number": 6, "nhs_number": 12, "long_text": 3000,
               "school": 10, "plan_items": 2000}


@dataclass(frozen=True)
class When:
    """Show (and check) a question only when another answer is one of ``values``.

    ``field`` names any question in the form, or a fact about the request that
    the service supplies (``child_age_band``: "under_16" or "16_plus")."""

    field: str
    values: tuple[str, ...]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        answer = answers.get(self.field)
        if isinstance(answer, list):
            return any(item in self.values for item in answer)
        return answer in self.values


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str = ""
    # Questions revealed under this option (the GOV.UK conditional reveal).
    reveals: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Field:
    """One question. ``error_name`` completes "Enter …"/"Select …" ("the child's NHS number")."""

    name: str
    kind: Kind
    label: str
    hint: str = ""
    required: bool = False
    options: tuple[Option, ...] = ()
    max_length: int = 0
    show_if: When | None = None
    error_name: str = ""
    past_only: bool = False  # dates: not in the future
    inline: bool = False  # radios side by side (short yes/no lists)
    plan_section: str = ""  # "plan_items": the plan section whose items are asked about ("E", "F")

    @property
    def limit(self) -> int:
        return self.max_length or DEFAULT_MAX.get(self.kind, 0)

    @property
    def what(self) -> str:
        """The noun phrase error messages use."""
        label = self.label.rstrip("?")
        keep_case = label[1:2].isupper()  # an initialism such as "GP's name" keeps its capitals
        return self.error_name or (label if keep_case else label[:1].lower() + label[1:])

    def option_label(self, value: str) -> str:
        return next((option.label for option in self.options if option.value == value), value)

    def revealed(self) -> Iterator[Field]:
        for option in self.options:
            yield from option.reveals


@dataclass(frozen=True)
class Group:
    """A repeatable set of questions ("add another"): people, professionals, support, diagnoses.

    Each item is entered on its own page; the step lists the items with Change and Remove.
    ``storage="documents"`` keeps the items on uploaded document rows instead of in the answers."""

    name: str
    label: str  # "People with parental responsibility"
    item_label: str  # "person" — "Add a person", "Remove this person"
    fields: tuple[Field, ...]
    hint: str = ""
    title_fields: tuple[str, ...] = ()  # the answers that name an item in lists ("Jo Bloggs, Mother")
    max_items: int = 20
    show_if: When | None = None
    storage: Literal["answers", "documents"] = "answers"

    @property
    def kind(self) -> str:
        return "group"

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class Section:
    heading: str = ""
    body: str = ""  # guidance shown above the questions
    items: tuple[Field | Group, ...] = ()
    key: str = ""  # catalog key part for the heading and body
    show_child: bool = False  # step 1: the child's record, read-only, with a link to change it


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    intro: str = ""
    sections: tuple[Section, ...] = ()
    form_key: str = ""  # set by the form that holds the step: it scopes the step's catalog keys

    @property
    def slug(self) -> str:
        return f"step-{self.number}"

    def items(self) -> Iterator[Field | Group]:
        for section in self.sections:
            yield from section.items

    def fields(self) -> Iterator[Field]:
        """Every single question of the step, revealed ones included (not group members)."""
        for item in self.items():
            if isinstance(item, Field):
                yield item
                yield from item.revealed()

    def groups(self) -> Iterator[Group]:
        for item in self.items():
            if isinstance(item, Group):
                yield item


@dataclass(frozen=True)
class FormDefinition:
    """One form of the portal: which stage's tab lists it, who fills it in, and its steps.

    ``key`` names it in addresses, storage, exports and catalog keys (``form.<key>.name``, the form's name
    in a language; ``form.<key>.step.<n>.title`` …); ``version`` is stored with every answer set, so old
    answers are read with the questions they were given to."""

    key: str
    version: str  # stored with every application, so old answers are read with the right questions
    title: str
    steps: tuple[Step, ...]
    stage: Stage = "request"
    filled_by: tuple[Role, ...] = FAMILY
    # The kind of advice (models/advice.AdviceType) that sending this form gives: the case's request for that
    # advice is then received ("" for a form that answers none).
    gives_advice: str = ""
    _index: dict[str, Field | Group] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(replace(step, form_key=self.key) for step in self.steps))
        seen: dict[str, Field | Group] = {}
        for step in self.steps:
            for item in [*step.fields(), *step.groups()]:
                if item.name in seen:
                    raise ValueError(f"question name used twice: {item.name}")
                seen[item.name] = item
        self._index.update(seen)

    def names(self) -> frozenset[str]:
        """Every question and group name: names are unique across the portal's forms (their catalog keys)."""
        return frozenset(self._index)

    def step(self, number: int) -> Step:
        return self.steps[number - 1]

    def slugs(self) -> tuple[str, ...]:
        """The steps' page names in the wizard's addresses (``step-1`` …)."""
        return tuple(step.slug for step in self.steps)

    def documents_group(self) -> Group | None:
        """The group whose items are uploaded files (kept as documents, not answers), if the form has one."""
        return next((group for step in self.steps for group in step.groups() if group.storage == "documents"),
                    None)

    def find(self, name: str) -> Field | Group:
        return self._index[name]

    def step_of(self, name: str) -> Step:
        return next(step for step in self.steps if any(item.name == name for item in [*step.fields(),
                                                                                       *step.groups()]))
