"""The quality check a draft plan passes before it is issued (SEND Code of Practice 9.69: provision "must be
detailed and specific and should normally be quantified").

Three rules, each a flag on a section and item: every need in section B is met by at least one provision in
section F; every F item says what, who, how often and for how long; and no F item uses a vague term from the
council's list (``vague_term``, which admins keep). Only a vague term may be overridden, and only with a reason
(the override is kept on the plan version and audited): a missing part or an unmet need is never "fine".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.forms import ehc_plan
from ehcna_portal.models import VagueTerm

NEED_UNMET = "need_unmet"
PART_MISSING = "part_missing"
VAGUE = "vague"
NUMBER_WINDOW = 40  # characters after a term such as "small group" in which a number makes it specific
_NUMBER = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;.:]|\b(and|but|then|reviewed|for)\b", re.IGNORECASE)  # where "small group" stops
# A term that is also a month's name ("may") is a date, not a maybe, beside a year or a day: "May 2027", "14 May".
MONTHS = frozenset({"may"})
_DATE_AFTER = re.compile(r"\s+\d{4}\b")
_DAY_BEFORE = re.compile(r"\b\d{1,2}\s+$")


@dataclass(frozen=True)
class Term:
    phrase: str
    unless_number: bool = False


@dataclass(frozen=True)
class Flag:
    code: str  # NEED_UNMET, PART_MISSING or VAGUE
    section: str
    item: str  # the item's id ("B2", "F3")
    part: str = ""  # what / who / how_often / how_long (PART_MISSING, VAGUE)
    term: str = ""  # the vague term found (VAGUE)

    @property
    def overridable(self) -> bool:
        return self.code == VAGUE

    @property
    def anchor(self) -> str:
        """The id of what the error summary links to: one per flag on the page."""
        if self.code == NEED_UNMET:
            return f"plan-{self.item}-unmet"
        if self.code == VAGUE:
            return f"plan-{self.item}-{self.part}-{re.sub(r'[^a-z0-9]+', '-', self.term.lower()).strip('-')}"
        return f"plan-{self.item}-{self.part}"

    @property
    def message(self) -> str:
        if self.code == NEED_UNMET:
            return f"Need {self.item} in section B is not met by any provision in section F"
        if self.code == PART_MISSING:
            return f"Provision {self.item}: enter {ehc_plan.PROVISION_PARTS[self.part]}"
        return f"Provision {self.item} uses “{self.term}” in {ehc_plan.PROVISION_PARTS[self.part]}: say exactly " \
               "what, how much and how often, or override with a reason"


@dataclass(frozen=True)
class Report:
    flags: tuple[Flag, ...]  # what stops the plan being issued
    overridden: tuple[tuple[Flag, str], ...]  # flags a caseworker overrode, with the reason

    @property
    def passed(self) -> bool:
        return not self.flags


@lru_cache(maxsize=256)
def _pattern(phrase: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(word) for word in phrase.split())
    return re.compile(rf"(?<![\w'’-]){words}(?![\w'’-])", re.IGNORECASE)


def _clause_after(text: str, start: int) -> str:
    """The words after a term up to the end of its clause: a size must belong to the group, not to the next
    clause ("small group, reviewed in 3 weeks" has no size)."""
    after = text[start:start + NUMBER_WINDOW]
    end = _CLAUSE_END.search(after, 1)
    return after[:end.start()] if end else after


def vague_terms_in(text: str, terms: Iterable[Term]) -> list[str]:
    """The terms of the list that ``text`` uses vaguely, in the list's order."""
    found = []
    for term in terms:
        for match in _pattern(term.phrase).finditer(text):
            if term.phrase in MONTHS and (_DATE_AFTER.match(text, match.end())
                                          or _DAY_BEFORE.search(text[:match.start()])):
                continue
            if term.unless_number and _NUMBER.search(_clause_after(text, match.end())):
                continue
            found.append(term.phrase)
            break
    return found


def check(content: dict, terms: Sequence[Term], overrides: Iterable[dict]) -> Report:
    """Check a plan's content; ``overrides`` are the version's ({"item", "term", "reason"})."""
    reasons = {(entry.get("item"), entry.get("term")): entry.get("reason", "") for entry in overrides
               if str(entry.get("reason", "")).strip()}
    provisions = content.get("F", {}).get("items", [])
    met = {need for item in provisions for need in item.get("needs", [])}
    flags: list[Flag] = [Flag(NEED_UNMET, "B", need["id"]) for need in content.get("B", {}).get("items", [])
                         if need.get("id") not in met]
    overridden: list[tuple[Flag, str]] = []
    for item in provisions:
        for part in ehc_plan.PROVISION_PARTS:
            text = str(item.get(part, "")).strip()
            if not text:
                flags.append(Flag(PART_MISSING, "F", item["id"], part))
                continue
            for phrase in vague_terms_in(text, terms):
                flag = Flag(VAGUE, "F", item["id"], part, phrase)
                reason = reasons.get((item["id"], phrase))
                if reason:
                    overridden.append((flag, reason))
                else:
                    flags.append(flag)
    return Report(tuple(flags), tuple(overridden))


def terms(db: Session) -> list[Term]:
    """The terms switched on, in the caller's transaction."""
    rows = db.exec(select(VagueTerm).where(col(VagueTerm.active)).order_by(col(VagueTerm.id))).all()
    return [Term(row.phrase, row.unless_number) for row in rows]


def active_terms(engine: Engine) -> list[Term]:
    with Session(engine) as db:
        return terms(db)
