"""Who is asking for the assessment, and what they agreed to (domain.md §3 "Summary consents"; CFA 2014 s36(1)
and the Mental Capacity Act 2005 for young people).

A young person is over compulsory school age and under 25; the portal takes 16 on the day of submission as the
line, worked out from the date of birth on the child's record (SEND Code of Practice 2015, 8.13 and 9.8: the
rights pass to the young person, who may ask for themselves; a parent asking for a young person needs their
agreement, or to be deciding for them under the Mental Capacity Act).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from ehcna_portal.forms import consents as definition
from ehcna_portal.forms.consents import ConsentItem
from ehcna_portal.i18n import Language, long_date, t
from ehcna_portal.services import outbox
from ehcna_portal.services.dates import age_on, uk_date
from ehcna_portal.services.validation import clean, email_error
from ehcna_portal.settings import Settings

YOUNG_PERSON_AGE = 16


def requested_by(requester_role: str, born: date, on: date) -> str:
    """"parent", "young_person" (asking for themselves) or "parent_for_young_person" (a parent or someone
    acting for a young person aged 16 or over on ``on``, the day of submission)."""
    if requester_role == "young_person":
        return definition.YOUNG_PERSON
    if age_on(born, on) >= YOUNG_PERSON_AGE:
        return definition.PARENT_FOR_YOUNG_PERSON
    return definition.PARENT


def items(requester: str) -> tuple[ConsentItem, ...]:
    return definition.ITEMS.get(requester, definition.ITEMS[definition.PARENT])


@dataclass
class ConsentRecord:
    """What was agreed, as stored with the request (with the text version and the time)."""

    requested_by: str
    declaration_name: str
    copy_parents: bool | None = None
    young_person_agrees: str = ""

    def columns(self, now: datetime) -> dict[str, Any]:
        return {"requested_by": self.requested_by, "consent_text_version": definition.TEXT_VERSION,
                "consent_privacy_at": now, "consent_share_at": now, "declaration_at": now,
                "declaration_name": self.declaration_name, "copy_parents": self.copy_parents,
                "young_person_agrees": self.young_person_agrees}


@dataclass
class ConsentCheck:
    record: ConsentRecord | None
    errors: dict[str, str] = field(default_factory=dict)  # item name -> catalog key


def check(requester: str, given: Mapping[str, Any]) -> ConsentCheck:
    """Every box ticked, every question answered, a full name typed; each gap named by its item."""
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for item in items(requester):
        value = " ".join(clean(given.get(item.name, "")).split())
        if not item.answered(value):
            errors[item.name] = item.error
        elif item.kind == "text" and len(value) > definition.NAME_MAX:
            errors[item.name] = f"{item.error}.too_long"
        values[item.name] = value
    if errors:
        return ConsentCheck(None, errors)
    copy = values.get("copy_parents")
    return ConsentCheck(ConsentRecord(requester, values["declaration_name"],
                                      copy_parents=None if copy is None else copy == "yes",
                                      young_person_agrees=values.get("young_person_agrees", "")))


@dataclass(frozen=True)
class Agreed:
    """What a sent request's requester agreed to, as stored (read by the print view, staff and the export)."""

    requested_by: str
    text_version: str
    copy_parents: bool | None
    young_person_agrees: str
    declaration_name: str
    declaration_at: datetime


def agreed(application: Any) -> Agreed | None:
    """The consents of a sent application row; None for a draft, or a request sent before they were kept."""
    if application.declaration_at is None:
        return None
    return Agreed(application.requested_by, application.consent_text_version, application.copy_parents,
                  application.young_person_agrees, application.declaration_name, application.declaration_at)


@dataclass(frozen=True)
class AgreedRow:
    label: str
    value: str


def agreed_rows(given: Agreed | None, lang: Language) -> list[AgreedRow]:
    """Who asked, each answer, and the declaration with its name and day, as rows (print view, staff case)."""
    if given is None:
        return []
    when = long_date(uk_date(given.declaration_at), lang)
    rows = [AgreedRow(t("consent.row.requested_by", lang), t(f"consent.requested_by.{given.requested_by}", lang))]
    for item in items(given.requested_by):
        if item.kind == "checkbox":
            rows.append(AgreedRow(t(item.label, lang), t("consent.row.agreed_on", lang, day=when)))
        elif item.name == "copy_parents":
            answer = "yes" if given.copy_parents else "no"
            rows.append(AgreedRow(t(item.label, lang), t(f"consent.copy_parents.{answer}", lang)))
        elif item.name == "young_person_agrees":
            rows.append(AgreedRow(t(item.label, lang),
                                  t(f"consent.young_person_agrees.{given.young_person_agrees}", lang)))
    rows.append(AgreedRow(t("consent.row.signed", lang), given.declaration_name))
    return rows


def export(given: Agreed | None) -> dict[str, Any] | None:
    """The consents of a sent request for the staff export (values, not words)."""
    if given is None:
        return None
    return {"requested_by": given.requested_by, "text_version": given.text_version,
            "young_person_agrees": given.young_person_agrees or None, "copy_parents": given.copy_parents,
            "declaration": {"name": given.declaration_name, "at": given.declaration_at.isoformat()}}


def copied_to(given: ConsentRecord | Agreed | None, answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Who gets copies of what is sent about a request: when a young person asking for themselves said yes,
    the people named in step 2 with parental responsibility and an email address ((name, address) pairs)."""
    if given is None or given.requested_by != definition.YOUNG_PERSON or not given.copy_parents:
        return []
    people = answers.get("step-2", {}).get("other_people", [])
    copies = []
    for person in people if isinstance(people, list) else []:
        email = clean(person.get("email")) if isinstance(person, dict) else ""
        if email and email_error(email) is None and person.get("has_parental_responsibility") == "yes":
            copies.append((" ".join(clean(person.get(part)) for part in ("forename", "surname")).strip(), email))
    return copies


def send_copies(db: Session, settings: Settings, recipients: list[tuple[str, str]], *, key: str, lang: Language,
                reference: str, young_person: str, event: str) -> None:
    """Queue a copy (in the young person's language) for each of ``recipients``; ``key`` is the idempotency
    key of what is copied, so a copy is never sent twice either."""
    for number, (name, email) in enumerate(recipients):
        outbox.enqueue(db, settings, template="copy_to_parent", to=email, lang=lang,
                       idempotency_key=f"{key}:copy:{number}", name=name, young_person=young_person,
                       reference=reference, event=event)
