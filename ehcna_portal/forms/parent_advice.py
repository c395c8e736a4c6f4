"""The family's own advice for the assessment (SEND Regulations 2014 reg 6(1)(a)): "Your advice and information
for the assessment", on the Assessment tab once the council has decided to assess.

The council must seek the views of the parent, or of the young person, as part of the assessment, and must
take them into account (Children and Families Act 2014 s19). The law sets no format: every question may be left
blank, and a family may send documents instead of writing. The sections follow the stages notes (the child now,
what goes well, what is difficult, hopes, the support the family thinks is needed, anything else, documents).
"""

from __future__ import annotations

from ehcna_portal.forms.schema import Field, FormDefinition, Group, Section, Step

BLANK_IS_FINE = ("Write as much or as little as you like. You can leave any question blank, and you can send "
                 "reports or other documents instead of writing.")
FOR_YOURSELF = "If you are a young person filling this in for yourself, tell us about you."


def _text(name: str, label: str, hint: str = "", error_name: str = "") -> Field:
    return Field(name, "long_text", label, hint, max_length=5000, error_name=error_name)


STEP_1 = Step(1, "Your child now", intro=BLANK_IS_FINE, sections=(
    Section(key="now", body=FOR_YOURSELF, items=(
        _text("advice_about_now", "What is your child like now?",
              "For example, their personality, what they enjoy and are good at, and how they get on with others",
              "what your child is like now"),
        _text("advice_going_well", "What is going well?",
              "At home, at school or college, and anywhere else", "what is going well"),
    )),
))

STEP_2 = Step(2, "What is difficult", sections=(
    Section(items=(
        _text("advice_difficult", "What is difficult for your child?",
              "For example, learning, communicating, behaviour, health, friendships or getting to school",
              "what is difficult for your child"),
        _text("advice_difficult_effect", "How does this affect your child and your family day to day?",
              error_name="how this affects your child and your family"),
    )),
))

STEP_3 = Step(3, "What you would like to happen", sections=(
    Section(items=(
        _text("advice_hopes", "What would you like your child to achieve?",
              "In the next year, and in the longer term: for example, at school, with friends, or towards "
              "adult life", "what you would like your child to achieve"),
        _text("advice_support_needed", "What support do you think your child needs?",
              "Say who you think should give it and how often, if you can", "the support you think is needed"),
        _text("advice_tried", "What support has already been tried, and did it help?",
              error_name="the support already tried"),
    )),
))

ADVICE_DOCUMENTS = Group(
    "advice_documents", "Documents", "document", hint="For example, a diary of a typical week, a report or a letter",
    fields=(Field("description", "long_text", "What is this document?", "For example, \"Speech therapy report, "
                  "March 2026\"", max_length=500, error_name="what the document is"),),
    storage="documents")

STEP_4 = Step(4, "Anything else and documents", sections=(
    Section(items=(
        _text("advice_anything_else", "Is there anything else you would like the council to know?",
              error_name="anything else"),
        ADVICE_DOCUMENTS,
    )),
))

PARENT_ADVICE = FormDefinition(
    key="parent_advice",
    version="2026-12",
    title="Your advice and information for the assessment",
    steps=(STEP_1, STEP_2, STEP_3, STEP_4),
    stage="assessment",
    filled_by=("parent", "young_person"),
    gives_advice="family",  # reg 6(1)(a): it answers the case's request for the family's own advice
)
