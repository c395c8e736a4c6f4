"""The Welsh catalog says each legal and SEND term one way, quotes buttons as they are labelled, and writes letters
formally (issue 24). Each check is a function the tests below also feed a planted mistake, so a check that could
never fail would show.

* **Glossary.** ``ehcna_portal/i18n/glossary.csv`` gives each term's one Welsh form, its source and the known wrong
  variants (``|``-separated). A Welsh entry fails if it contains a variant, whatever its case and whether or not
  its first word is mutated after a preposition or possessive (soft, nasal or aspirate mutation, or ``h-`` before a
  vowel: "drwy Gynllun Fy Nghymorth" is caught by "Cynllun Fy Nghymorth").
* **Quoted buttons.** Guidance, letters and hints name buttons, links and tabs by their labels, unmutated and
  exactly as drawn ("dewiswch Ychwanegu plentyn"): ``QUOTED`` says which entry quotes which label.
* **Formal letters.** ``letter.*`` avoid colloquial forms ("does dim" → "nid oes", "Dydw i ddim" → "Nid wyf"), and
  a yes/no question keeps the interrogative "A" ("A wnaeth…?", not "Wnaeth…?").
* **"Whether".** A question's error name (``.what``) uses the interrogative "a" ("Dewiswch a oes…"), never the
  conditional "os".
* **Apostrophes.** The Welsh catalog uses the straight apostrophe (') only. The English catalog and the form
  definitions use it (en.po: 83 entries to 19), it is what people and tests type, so searching a page, a letter or
  a pasted answer finds the same text in both languages, and screen readers read the two alike. ‘…’ stay as
  quotation marks.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from ehcna_portal.forms.registry import FORMS
from ehcna_portal.forms.text import catalog_entries
from ehcna_portal.i18n import Language, catalog, t_default

GLOSSARY_CSV = Path(__file__).parents[2] / "ehcna_portal" / "i18n" / "glossary.csv"


@dataclass(frozen=True)
class Term:
    english: str
    welsh: tuple[str, ...]  # the glossary's forms ("feirws; feirysau")
    source: str
    variants: tuple[str, ...]


@cache
def glossary() -> tuple[Term, ...]:
    with GLOSSARY_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(Term(row["english"].strip(), tuple(form.strip() for form in row["welsh"].split(";")),
                          row["source"].strip(), tuple(v.strip() for v in row["variants"].split("|") if v.strip()))
                     for row in csv.DictReader(handle))


# ---------------------------------------------------------------- mutation-aware matching

_SOFT = {"p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "g": "", "m": "f", "ll": "l", "rh": "r"}
_NASAL = {"p": "mh", "t": "nh", "c": "ngh", "b": "m", "d": "n", "g": "ng"}
_ASPIRATE = {"p": "ph", "t": "th", "c": "ch"}
_UNMUTATED = ("ch", "dd", "ff", "ng", "ph", "th")  # already a single consonant that does not mutate
_VOWELS = "aeiouwyâêîôûŵŷ"


def mutations(phrase: str) -> set[str]:
    """The phrase as written and with its first word mutated: "cynllun" → gynllun, nghynllun, chynllun."""
    phrase = _plain(phrase)
    forms = {phrase}
    for initial in ("ll", "rh"):
        if phrase.startswith(initial):
            return forms | {_SOFT[initial] + phrase[2:]}
    if phrase.startswith(_UNMUTATED) or not phrase:
        return forms
    first, rest = phrase[0], phrase[1:]
    forms |= {table[first] + rest for table in (_SOFT, _NASAL, _ASPIRATE) if first in table}
    if first in _VOWELS:
        forms.add("h" + phrase)
    return forms


def _plain(text: str) -> str:
    return text.lower().replace("\u2019", "'")


def _matcher(phrases: Iterable[str]) -> re.Pattern[str]:
    forms = sorted({form for phrase in phrases for form in mutations(phrase)}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(form) for form in forms) + r")(?!\w)")


@cache
def _variant_matchers() -> tuple[tuple[Term, re.Pattern[str]], ...]:
    return tuple((term, _matcher(term.variants)) for term in glossary() if term.variants)


def variants_in(text: str) -> list[tuple[str, str]]:
    """(English term, variant as found) for every non-glossary variant in ``text``."""
    plain = _plain(text)
    return [(term.english, found.group(0)) for term, matcher in _variant_matchers()
            for found in matcher.finditer(plain)]


def glossary_problems(entries: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(key, English term, variant) for each catalog entry that uses a non-glossary variant."""
    return [(key, english, variant) for key, text in entries.items() for english, variant in variants_in(text)]


# ---------------------------------------------------------------- buttons quoted by name

# Label key → the entries that name it. Labels are quoted as drawn, minus the "+ " a link may carry for decoration.
QUOTED: dict[str, tuple[str, ...]] = {
    "nav.register": ("guidance.register.body",),
    "register.submit": ("guidance.register.body",),
    "account.ehc": ("guidance.2sv.body", "guidance.child.body"),
    "two_step_area.enable": ("guidance.2sv.body",),
    "two_step.save": ("guidance.2sv.body",),
    "ehc.add_child": ("guidance.child.body",),
    "child.add.submit": ("guidance.child.body",),
    "tab.request": ("guidance.child.body", "guidance.form.body"),
    "tab.assessment": ("guidance.child.body",),
    "tab.plan": ("guidance.child.body", "letter.draft_plan.body", "letter.final_plan.body", "plan.page.respond_how"),
    "tab.reviews": ("guidance.child.body", "letter.review_amend.body", "letter.amended_plan.body",
                    "plan.page.respond_how.proposed"),
    "form.ehcna.name": ("guidance.form.body",),
    "application.save_continue": ("guidance.form.body", "a11y.other.body"),
    "application.back": ("guidance.form.body",),
    "application.send_home": ("guidance.resume.body",),
    "child.form.continue": ("guidance.resume.body",),
    "consent.i_agree": ("guidance.submit.body",),
    "summary.submit": ("guidance.submit.body",),
    "form.draft_plan_response.name": ("letter.draft_plan.body", "plan.page.respond_how"),
    "form.amendment_response.name": ("plan.page.respond_how.proposed",),
    "consent.young_person_agrees.cannot_decide": ("consent.young_person_agrees_hint",),
}
# Quoted in Welsh only: the English says "Select yes", an instruction rather than the label.
QUOTED_IN_WELSH: dict[str, tuple[str, ...]] = {
    "answer.yes": ("error.child.parental_responsibility.empty",),
    "consent.copy_parents.yes": ("error.copy_parents",),
}


@cache
def _form_english() -> dict[str, str]:
    return {key: english for form in FORMS for key, english in catalog_entries(form)}


def text_of(key: str, lang: Language, entries: Mapping[str, str] | None = None) -> str:
    """An entry in ``lang`` (from ``entries`` if given), the form's English for form keys without an English entry."""
    if entries is not None and key in entries:
        return entries[key]
    return t_default(key, _form_english()[key], lang) if key in _form_english() else catalog(lang)[key]


def misquoted(lang: Language, entries: Mapping[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(label key, label, quoting key) wherever an entry does not quote a label exactly as drawn: the label is
    missing, or written with other capitals (two controls may share a label, so each mention is checked)."""
    table = {**QUOTED, **(QUOTED_IN_WELSH if lang == "cy" else {})}
    labels = {label_key: text_of(label_key, lang, entries).removeprefix("+ ") for label_key in table}
    problems = []
    for label_key, quoting in table.items():
        label = labels[label_key]
        for key in quoting:
            text = text_of(key, lang, entries)
            quoted_here = {labels[other] for other, where in table.items() if key in where}
            if " " in label:
                mentions = re.findall(re.escape(label), text, re.IGNORECASE)
            else:  # a one-word label ("Cais", "Oes") is also an ordinary word: only its presence is checked
                mentions = [label] if label in text else []
            if label not in mentions or any(mention not in quoted_here for mention in mentions):
                problems.append((label_key, label, key))
    return problems


# ---------------------------------------------------------------- formal letters

COLLOQUIAL = re.compile(
    r"\b(?:does dim|does gen\w*|dydw i|dwi|dw i|dydy|dyw|dydyn|dych chi|sdim|doedd)\b"
    # a yes/no question without the interrogative "A": "Wnaeth y cyngor…?", "Ydy'r plentyn…?"
    r"|(?:^|(?<=[.!?:]\s)|(?<=\n))(?:wnaeth|wnaethoch|ydy|ydych|ydyn|oes|fydd|fyddwch)\b[^?\n]*\?",
    re.IGNORECASE)


def colloquial_in(text: str) -> list[str]:
    return [match.group(0) for match in COLLOQUIAL.finditer(_plain(text))]


def letters(entries: Mapping[str, str]) -> dict[str, str]:
    return {key: text for key, text in entries.items() if key.startswith("letter.")}


# ---------------------------------------------------------------- apostrophes

def curly_apostrophes(text: str) -> int:
    """How many ’ are apostrophes rather than the closing mark of a ‘quotation’."""
    return re.sub(r"\u2018[^\u2018\u2019]*\u2019", "", text).count("\u2019")


# ================================================================ tests

def test_every_glossary_row_has_a_welsh_term_a_source_and_known_variants():
    assert len(glossary()) >= 15
    for term in glossary():
        assert term.english and all(term.welsh) and term.variants, term
        assert len(term.source) > 40, f"{term.english}: say where the Welsh comes from"
    english = [term.english for term in glossary()]
    assert len(english) == len(set(english))


def test_no_variant_matches_its_own_glossary_term():
    """Otherwise the glossary's own Welsh would fail the check."""
    for term in glossary():
        assert variants_in("; ".join(term.welsh)) == [], term.english


def test_every_glossary_term_is_used_in_the_welsh_catalog():
    """A glossary that names a term the catalog no longer uses is out of date."""
    welsh = "\n".join(_plain(text) for text in catalog("cy").values())
    assert [term.english for term in glossary() if not _matcher(term.welsh).search(welsh)] == []


def test_no_welsh_entry_uses_a_non_glossary_variant():
    assert glossary_problems(catalog("cy")) == []


def test_a_planted_variant_is_caught_mutated_or_not():
    assert variants_in("Cynllun Fy Nghymorth") == [("My Support Plan", "cynllun fy nghymorth")]
    assert variants_in("er enghraifft drwy Gynllun Fy Nghymorth.") == [("My Support Plan", "gynllun fy nghymorth")]
    assert variants_in("Er enghraifft, nain neu fam-gu") == [("grandparent", "fam-gu")]
    assert variants_in("methodd wiriad firws; a Chod Ymarfer SEND") == [
        ("SEND Code of Practice", "chod ymarfer send"), ("virus (computer)", "firws")]
    assert variants_in("drwy My Support Plan (Fy Nghynllun Cymorth)") == []
    planted = {**catalog("cy"), "letter.not_assess.body": catalog("cy")["letter.not_assess.body"].replace(
        "My Support Plan (Fy Nghynllun Cymorth)", "Gynllun Fy Nghymorth (My Support Plan)")}
    assert glossary_problems(planted) == [("letter.not_assess.body", "My Support Plan", "gynllun fy nghymorth")]


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_guidance_quotes_each_button_as_it_is_labelled(lang: Language):
    assert misquoted(lang) == []


def test_a_misquoted_button_is_caught():
    body = text_of("guidance.child.body", "cy")
    planted = {"guidance.child.body": body.replace("dewiswch Ychwanegu plentyn.", "dewiswch Ychwanegu Plentyn.")}
    assert planted["guidance.child.body"] != body
    assert misquoted("cy", planted) == [("ehc.add_child", "Ychwanegu plentyn", "guidance.child.body"),
                                        ("child.add.submit", "Ychwanegu plentyn", "guidance.child.body")]
    assert misquoted("cy", {"guidance.submit.body": text_of("guidance.submit.body", "cy").replace(
        "dewiswch Cyflwyno", "dewiswch Anfon")}) == [("summary.submit", "Cyflwyno", "guidance.submit.body")]


def test_formal_letters_use_no_colloquial_forms():
    assert letters(catalog("cy"))
    assert {key: colloquial_in(text) for key, text in letters(catalog("cy")).items() if colloquial_in(text)} == {}


def test_a_planted_colloquial_form_is_caught():
    assert colloquial_in("(does dim rhaid i chi gymryd rhan). Dydw i ddim yn siŵr.") == ["does dim", "dydw i"]
    assert colloquial_in("Darllenwch y llythyr. Wnaeth y cyngor ymateb?") == ["wnaeth y cyngor ymateb?"]
    assert colloquial_in("Nid oes rhaid i chi. A wnaeth y cyngor ymateb? Ffeil PDF ydyw.") == []


def test_whether_questions_use_the_interrogative_a_not_os():
    """The error reads "Dewiswch a oes gennych…", not "Dewiswch os oes gennych…"."""
    assert [key for key, text in catalog("cy").items() if key.endswith(".what") and text.startswith("os ")] == []


def test_the_welsh_catalog_uses_straight_apostrophes_only():
    assert {key: text for key, text in catalog("cy").items() if curly_apostrophes(text)} == {}
    assert curly_apostrophes("Dewiswch ‘Ydw’ os ydych eisiau i'ch rhieni") == 0
    assert curly_apostrophes("Dewiswch ‘Ydw’ os ydych eisiau i’ch rhieni") == 1
