"""The draft plan's quality check (SEND Code of Practice 9.69) on a fixture of vague and specific provision:
every vague item is flagged, no specific one is; every need in B must be met by provision in F; every F item says
what, who, how often and for how long; only a vague term may be overridden, and only with a reason."""

from __future__ import annotations

import pytest

from ehcna_portal.services.plan_quality import NEED_UNMET, PART_MISSING, VAGUE, Term, check, vague_terms_in

# The issue's starting list, as the migration seeds it.
TERMS = [Term(phrase, phrase == "small group") for phrase in (
    "access to", "regular", "regularly", "up to", "as appropriate", "as required", "opportunities to",
    "small group", "may", "should", "support with")]

VAGUE_TEXTS = [
    ("Access to speech and language therapy", "access to"),
    ("Regular check-ins with a key adult", "regular"),
    ("Progress will be reviewed regularly", "regularly"),
    ("Up to 10 hours of teaching assistant time", "up to"),
    ("Sensory breaks as appropriate", "as appropriate"),
    ("Movement breaks as required", "as required"),
    ("Opportunities to develop social skills", "opportunities to"),
    ("Small group work for literacy", "small group"),
    ("Daily small-group phonics in a small group", "small group"),
    ("He may benefit from a visual timetable", "may"),
    ("Staff should use Makaton", "should"),
    ("Support with handwriting", "support with"),
    ("SUPPORT   WITH organisation", "support with"),
    ("Up to 2000 words of scribed work", "up to"),  # a year-like number does not make "up to" a date
    ("12 regular sessions", "regular"),  # nor a day-like number before it
    ("Small group, reviewed in 3 weeks", "small group"),  # the number belongs to another clause
    ("Small group and 2 breaks a day", "small group"),
]
SPECIFIC_TEXTS = [
    "A 30-minute one-to-one session with a speech and language therapist, weekly",
    "Precision teaching for 10 minutes every school day, by a teaching assistant trained by the educational "
    "psychologist",
    "A small group of 4 pupils for phonics, three times a week",
    "Small group (no more than six pupils) for maths",
    "Until the annual review in May 2027",
    "From 14 May for one school year",
    "A specialist teacher of the deaf, who is qualified for the role",
    "Twice-weekly sessions of 45 minutes",
    "The accessible toilet nearest the classroom",  # "access" alone is not "access to"
    "A mayoral visit is not provision",  # "may" only as a whole word
    "Shoulder-height coat pegs",  # "should" only as a whole word
    "An irregularly shaped room",  # "regularly" only as a whole word
]


@pytest.mark.parametrize(("text", "term"), VAGUE_TEXTS)
def test_every_vague_item_of_the_fixture_is_flagged_with_its_term(text, term):
    assert term in vague_terms_in(text, TERMS)


@pytest.mark.parametrize("text", SPECIFIC_TEXTS)
def test_no_specific_item_of_the_fixture_is_flagged(text):
    assert vague_terms_in(text, TERMS) == []


def _plan(provisions: list[dict], needs: tuple[str, ...] = ("B1",)) -> dict:
    return {"B": {"items": [{"id": need, "area": "cl", "text": "Reads well below age"} for need in needs]},
            "F": {"items": provisions}}


SPECIFIC = {"id": "F1", "what": "Precision teaching of reading, one to one", "who": "Teaching assistant trained by the "
            "educational psychologist", "how_often": "10 minutes every school day", "how_long": "12 months",
            "needs": ["B1"], "outcomes": ["E1"]}


def test_a_specific_plan_whose_every_need_is_met_passes():
    report = check(_plan([SPECIFIC]), TERMS, [])
    assert report.passed and report.overridden == ()


def test_a_need_in_b_with_no_provision_in_f_is_flagged_and_cannot_be_overridden():
    report = check(_plan([SPECIFIC], needs=("B1", "B2")), TERMS, [{"item": "B2", "term": "", "reason": "fine"}])
    assert [(flag.code, flag.item) for flag in report.flags] == [(NEED_UNMET, "B2")]
    assert not report.flags[0].overridable


def test_a_provision_item_missing_a_part_is_flagged_for_that_part():
    report = check(_plan([{**SPECIFIC, "who": " ", "how_long": ""}]), TERMS, [])
    assert [(flag.code, flag.part) for flag in report.flags] == [(PART_MISSING, "who"), (PART_MISSING, "how_long")]
    assert report.flags[0].message == "Provision F1: enter who provides it"


def test_a_vague_term_is_flagged_until_overridden_with_a_reason():
    vague = {**SPECIFIC, "how_often": "Regular sessions"}
    flagged = check(_plan([vague]), TERMS, [])
    assert [(flag.code, flag.part, flag.term) for flag in flagged.flags] == [(VAGUE, "how_often", "regular")]
    assert flagged.flags[0].overridable and flagged.flags[0].anchor == "plan-F1-how_often-regular"
    blank_reason = check(_plan([vague]), TERMS, [{"item": "F1", "term": "regular", "reason": "  "}])
    assert not blank_reason.passed
    overridden = check(_plan([vague]), TERMS, [{"item": "F1", "term": "regular", "reason": "Agreed with parent"}])
    assert overridden.passed
    assert [(flag.term, reason) for flag, reason in overridden.overridden] == [("regular", "Agreed with parent")]


def test_a_sized_group_is_not_flagged_but_up_to_beside_it_is():
    assert vague_terms_in("A small group of up to 4 pupils", TERMS) == ["up to"]


def test_the_list_is_data_a_term_removed_is_no_longer_flagged_and_a_term_added_is():
    text = "Opportunities to join a lunchtime club, termly"
    assert vague_terms_in(text, TERMS) == ["opportunities to"]
    assert vague_terms_in(text, [term for term in TERMS if term.phrase != "opportunities to"]) == []
    assert vague_terms_in(text, [*TERMS, Term("termly")]) == ["opportunities to", "termly"]
