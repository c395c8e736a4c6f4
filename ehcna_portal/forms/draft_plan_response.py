"""The family's answer to a draft EHC plan: "Respond to the draft", on the EHC Plan tab once a draft is issued.

Within at least 15 days of the draft being served the parent or young person may make representations about
its content, ask for a meeting with an officer about it, and ask for a particular school or other institution to
be named (Children and Families Act 2014 s38(2); SEND Regulations 2014 reg 13(1)); the council must then consult
that school (s39(2)). They may also ask for a personal budget (s49(1); Personal Budgets Regulations 2014 reg 4).
Saying "I have no comments" lets the council finalise the plan without waiting for the 15 days to end.
"""

from __future__ import annotations

from ehcna_portal.forms import ehc_plan
from ehcna_portal.forms.schema import Field, FormDefinition, Option, Section, Step

FORM_KEY = "draft_plan_response"
NO_COMMENTS = "no"


def _comment(key: str) -> Field:
    section = ehc_plan.section(key)
    return Field(f"draft_comment_{key.lower()}", "long_text", f"Section {key}: {section.title}",
                 max_length=5000, error_name=f"your comments on section {key}")


COMMENTS = Step(1, "Your comments", intro="Tell us what you think of each part of the draft plan: what is missing, "
                "wrong or not specific enough. You only need to write about the sections you want to comment on.",
                sections=(Section(items=(
                    Field("draft_has_comments", "radios", "Do you have comments on the draft plan?", required=True,
                          error_name="whether you have comments on the draft plan", options=(
                              Option("yes", "Yes, I have comments",
                                     reveals=tuple(_comment(key) for key in ehc_plan.COMMENTABLE)),
                              Option(NO_COMMENTS, "I have no comments"),
                          )),
                )),))

MEETING = Step(2, "A meeting", sections=(Section(items=(
    Field("draft_meeting", "radios", "Would you like a meeting with a council officer to talk about the draft plan?",
          required=True, inline=True, error_name="whether you would like a meeting", options=(
              Option("yes", "Yes", reveals=(Field("draft_meeting_when", "text", "When could you meet?",
                                                  "For example, weekday mornings", max_length=300,
                                                  error_name="when you could meet"),)),
              Option("no", "No"),
          )),
)),))

SCHOOL = Step(3, "School or college", intro="You can ask for a particular school or college to be named in the "
              "plan. The council must ask that school or college whether it can meet your child's needs.",
              sections=(Section(items=(
                  Field("draft_school_wanted", "radios",
                        "Do you want to ask for a particular school or college to be named in the plan?",
                        required=True, inline=True, error_name="whether you want to name a school or college",
                        options=(
                            Option("yes", "Yes", reveals=(
                                Field("draft_school", "school", "Name a school or college",
                                      "Type part of its name, then choose it from the list", required=True,
                                      error_name="the school or college"),
                                Field("draft_school_why", "long_text", "Why would you like this school or college?",
                                      max_length=3000, error_name="why you would like this school or college"),
                            )),
                            Option("no", "No"),
                        )),
              )),))

PERSONAL_BUDGET = Step(4, "Personal budget", intro="A personal budget is an amount of money for some of the support in "
                       "the plan. You can have a say in how it is spent.", sections=(Section(items=(
                           Field("draft_personal_budget", "radios", "Would you like to ask for a personal budget?",
                                 required=True, inline=True, error_name="whether you would like a personal budget",
                                 options=(
                                     Option("yes", "Yes", reveals=(
                                         Field("draft_personal_budget_for", "long_text",
                                               "What would you like it to pay for?", max_length=3000,
                                               error_name="what you would like it to pay for"),)),
                                     Option("no", "No"),
                                 )),
                       )),))

DRAFT_PLAN_RESPONSE = FormDefinition(
    key=FORM_KEY,
    version="2026-12",
    title="Respond to the draft",
    steps=(COMMENTS, MEETING, SCHOOL, PERSONAL_BUDGET),
    stage="plan",
    filled_by=("parent", "young_person"),
)
