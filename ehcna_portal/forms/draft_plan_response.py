"""The family's answer to a draft EHC plan — "Respond to the draft", on the EHC Plan tab once a draft is issued —
and to the amendments proposed after a review — "Respond to the proposed amendments", on the EHCP Reviews tab.

Within at least 15 days of the draft being served the parent or young person may make representations about
its content, ask for a meeting with an officer about it, and ask for a particular school or other institution to
be named (Children and Families Act 2014 s38(2); SEND Regulations 2014 reg 13(1)); the council must then consult
that school (s39(2)). They may also ask for a personal budget (s49(1); Personal Budgets Regulations 2014 reg 4).
Proposed amendments give the same rights for the same 15 days (reg 22(2)–(3)). Saying "I have no comments" lets
the council finalise the plan without waiting for the 15 days to end. Both forms are built by ``response_form``:
the same questions, each form's names its own (``draft_…``, ``amend_…``).
"""

from __future__ import annotations

from ehcna_portal.forms import ehc_plan
from ehcna_portal.forms.schema import Field, FormDefinition, Option, Section, Stage, Step

FORM_KEY = "draft_plan_response"
AMENDMENT_FORM_KEY = "amendment_response"
NO_COMMENTS = "no"


def response_form(key: str, title: str, prefix: str, about: str, stage: Stage) -> FormDefinition:
    """The response to ``about`` ("the draft plan", "the proposed amendments"); questions named ``<prefix>_…``."""
    def comment(section_key: str) -> Field:
        section = ehc_plan.section(section_key)
        return Field(f"{prefix}_comment_{section_key.lower()}", "long_text", f"Section {section_key}: {section.title}",
                     max_length=5000, error_name=f"your comments on section {section_key}")

    comments = Step(1, "Your comments", intro=f"Tell us what you think of each part of {about}: what is missing, "
                    "wrong or not specific enough. You only need to write about the sections you want to comment "
                    "on.", sections=(Section(items=(
                        Field(f"{prefix}_has_comments", "radios", f"Do you have comments on {about}?", required=True,
                              error_name=f"whether you have comments on {about}", options=(
                                  Option("yes", "Yes, I have comments",
                                         reveals=tuple(comment(key) for key in ehc_plan.COMMENTABLE)),
                                  Option(NO_COMMENTS, "I have no comments"),
                              )),
                    )),))
    meeting = Step(2, "A meeting", sections=(Section(items=(
        Field(f"{prefix}_meeting", "radios", f"Would you like a meeting with a council officer to talk about {about}?",
              required=True, inline=True, error_name="whether you would like a meeting", options=(
                  Option("yes", "Yes", reveals=(Field(f"{prefix}_meeting_when", "text", "When could you meet?",
                                                      "For example, weekday mornings", max_length=300,
                                                      error_name="when you could meet"),)),
                  Option("no", "No"),
              )),
    )),))
    school = Step(3, "School or college", intro="You can ask for a particular school or college to be named in the "
                  "plan. The council must ask that school or college whether it can meet your child's needs.",
                  sections=(Section(items=(
                      Field(f"{prefix}_school_wanted", "radios",
                            "Do you want to ask for a particular school or college to be named in the plan?",
                            required=True, inline=True, error_name="whether you want to name a school or college",
                            options=(
                                Option("yes", "Yes", reveals=(
                                    Field(f"{prefix}_school", "school", "Name a school or college",
                                          "Type part of its name, then choose it from the list", required=True,
                                          error_name="the school or college"),
                                    Field(f"{prefix}_school_why", "long_text",
                                          "Why would you like this school or college?", max_length=3000,
                                          error_name="why you would like this school or college"),
                                )),
                                Option("no", "No"),
                            )),
                  )),))
    budget = Step(4, "Personal budget", intro="A personal budget is an amount of money for some of the support in "
                  "the plan. You can have a say in how it is spent.", sections=(Section(items=(
                      Field(f"{prefix}_personal_budget", "radios", "Would you like to ask for a personal budget?",
                            required=True, inline=True, error_name="whether you would like a personal budget",
                            options=(
                                Option("yes", "Yes", reveals=(
                                    Field(f"{prefix}_personal_budget_for", "long_text",
                                          "What would you like it to pay for?", max_length=3000,
                                          error_name="what you would like it to pay for"),)),
                                Option("no", "No"),
                            )),
                  )),))
    return FormDefinition(key=key, version="2026-12", title=title, steps=(comments, meeting, school, budget),
                          stage=stage, filled_by=("parent", "young_person"))


DRAFT_PLAN_RESPONSE = response_form(FORM_KEY, "Respond to the draft", "draft", "the draft plan", "plan")
AMENDMENT_RESPONSE = response_form(AMENDMENT_FORM_KEY, "Respond to the proposed amendments", "amend",
                                   "the proposed amendments", "reviews")
