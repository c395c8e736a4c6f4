"""The consents and declaration on the summary page, as data (domain.md §3, "Summary consents").

Who is asking decides what is asked: a parent (seed 1.4.2, word for word), a young person aged 16 to 25 asking
for themselves (the same agreements written to them, and whether their parents are copied in), or a parent
asking for a young person aged 16 or over (does the young person know and agree). Everyone signs the
declaration with their full name. The summary page, the submit check, the print view, the staff case page
and the export all walk these tuples; every text is a catalog key (``consent.…``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PARENT = "parent"
YOUNG_PERSON = "young_person"
PARENT_FOR_YOUNG_PERSON = "parent_for_young_person"
REQUESTERS = (PARENT, YOUNG_PERSON, PARENT_FOR_YOUNG_PERSON)

# The consent wording is versioned: the version agreed to is stored with the application.
TEXT_VERSION = "2026-12"


@dataclass(frozen=True)
class ConsentItem:
    """One thing agreed to or answered. ``paragraphs`` are shown above it (what is being agreed to);
    ``label`` is the box's or question's text; radios list their option values
    (labels ``consent.<name>.<value>``)."""

    name: str
    kind: Literal["checkbox", "radios", "text"]
    label: str
    paragraphs: tuple[str, ...] = ()
    hint: str = ""
    options: tuple[str, ...] = ()
    inset: str = ""  # a paragraph shown as inset text (the privacy notice)

    @property
    def error(self) -> str:
        return f"error.{self.name}"

    def answered(self, value: str) -> bool:
        """A box ticked, one of the options chosen, or some text typed."""
        if self.kind == "checkbox":
            return value == "yes"
        return value in self.options if self.kind == "radios" else bool(value)


PRIVACY = ConsentItem("consent_privacy", "checkbox", "consent.privacy_box",
                      paragraphs=("consent.privacy_intro",), inset="consent.privacy_notice")
SHARE = ConsentItem("consent_share", "checkbox", "consent.i_agree",
                    paragraphs=("consent.code_of_practice", "consent.share_intro", "consent.share_must_agree",
                                "consent.share_statement"))
SHARE_YP = ConsentItem("consent_share", "checkbox", "consent.i_agree",
                       paragraphs=("consent.code_of_practice", "consent.yp.share_intro", "consent.yp.share_must_agree",
                                   "consent.yp.share_statement"))
COPY_PARENTS = ConsentItem("copy_parents", "radios", "consent.copy_parents", hint="consent.copy_parents_hint",
                           options=("yes", "no"))
YOUNG_PERSON_AGREES = ConsentItem("young_person_agrees", "radios", "consent.young_person_agrees",
                                  hint="consent.young_person_agrees_hint", options=("yes", "no", "cannot_decide"))
DECLARATION = ConsentItem("declaration", "checkbox", "consent.declaration_box",
                          paragraphs=("consent.declaration_intro",))
DECLARATION_NAME = ConsentItem("declaration_name", "text", "consent.declaration_name",
                               hint="consent.declaration_name_hint")

ITEMS: dict[str, tuple[ConsentItem, ...]] = {
    PARENT: (PRIVACY, SHARE, DECLARATION, DECLARATION_NAME),
    YOUNG_PERSON: (PRIVACY, SHARE_YP, COPY_PARENTS, DECLARATION, DECLARATION_NAME),
    PARENT_FOR_YOUNG_PERSON: (PRIVACY, SHARE, YOUNG_PERSON_AGREES, DECLARATION, DECLARATION_NAME),
}

NAME_MAX = 200
# Every item's name (a refused submit draws the form again with what was given)
NAMES = tuple(dict.fromkeys(item.name for requester in REQUESTERS for item in ITEMS[requester]))
