"""The advice a professional gives for an EHC needs assessment (SEND Regulations 2014 reg 6(1)(b)–(h)), through
the link in their request's email: by area of need, the needs seen, the provision required (what, who, how often,
how long) and the outcomes it should achieve.

The four areas are the SEND Code of Practice's (6.28–6.35); health and social care advice have their own
sections (plan sections C/G and D/H), shown only to the people asked for that advice (the ``advice_type`` fact).
Provision is asked for as its parts because the plan's section F must be "detailed and specific and should
normally be quantified" (Code 9.69): a draft plan (issue 21) is built from these items, each traceable to the
advice it came from. Every area may be left blank: a professional answers where their advice has something to
say, and may send their full report instead of writing (the form's upload).
"""

from __future__ import annotations

from ehcna_portal.forms.schema import Field, FormDefinition, Kind, Section, Step, When

FORM_KEY = "professional_advice"
# The advice types that see an area only they are asked about (models/advice.AdviceType values).
HEALTH_ONLY = When("advice_type", ("medical",))
SOCIAL_CARE_ONLY = When("advice_type", ("social_care",))


def _area(number: int, prefix: str, title: str, about: str, show_if: When | None = None) -> Step:
    """One area's questions: what was seen, the provision it needs, and what that provision should achieve."""
    def text(name: str, kind: Kind, label: str, hint: str, what: str, limit: int) -> Field:
        return Field(f"{prefix}_{name}", kind, label, hint, max_length=limit, error_name=f"{what} ({about})",
                     show_if=show_if)

    return Step(number, title, sections=(Section(items=(
        text("needs", "long_text", "What needs have you seen?",
             "What you saw or assessed, and how it affects the child's learning and daily life",
             "the needs you have seen", 5000),
        text("provision_what", "long_text", "What provision is needed?",
             "Be specific: for example, \"a 30-minute speech and language session\", not \"access to speech "
             "therapy\"", "the provision needed", 3000),
        text("provision_who", "text", "Who should provide it?",
             "The role, for example a specialist teacher or a speech and language therapist",
             "who should provide it", 300),
        text("provision_how_often", "text", "How often?", "For example, 3 times a week", "how often", 200),
        text("provision_how_long", "text", "For how long?",
             "For example, 30 minutes each time, for the next 12 months", "for how long", 200),
        text("outcomes", "long_text", "What outcomes should it achieve?",
             "What the child or young person should be able to do, and by when", "the outcomes", 3000),
    )),))


ABOUT_YOU = Step(1, "About you", intro="Tell us who is giving this advice and how you gathered it.", sections=(
    Section(items=(
        Field("adviser_name", "text", "Your name", required=True, max_length=200, error_name="your name"),
        Field("adviser_role", "text", "Your job title", "For example, educational psychologist",
              required=True, max_length=200, error_name="your job title"),
        Field("adviser_how", "long_text", "How did you gather this advice?",
              "For example, when and where you saw the child or young person, and who you spoke to",
              max_length=3000, error_name="how you gathered this advice"),
    )),
))

ANYTHING_ELSE = Step(8, "Anything else", sections=(Section(items=(
    Field("adviser_anything_else", "long_text", "Is there anything else the council should know?",
          max_length=5000, error_name="anything else"),
)),))

PROFESSIONAL_ADVICE = FormDefinition(
    key=FORM_KEY,
    version="2026-12",
    title="Advice for an EHC needs assessment",
    steps=(
        ABOUT_YOU,
        _area(2, "ci", "Communication and interaction", "communication and interaction"),
        _area(3, "cl", "Cognition and learning", "cognition and learning"),
        _area(4, "semh", "Social, emotional and mental health", "social, emotional and mental health"),
        _area(5, "sp", "Sensory and/or physical", "sensory and/or physical"),
        _area(6, "medical", "Health", "health", HEALTH_ONLY),
        _area(7, "care", "Social care", "social care", SOCIAL_CARE_ONLY),
        ANYTHING_ELSE,
    ),
    stage="assessment",
    filled_by=("professional",),
)
# The questions that carry advice: a submission must answer one of them or attach a report.
ADVICE_FIELDS = tuple(field.name for step in PROFESSIONAL_ADVICE.steps[1:] for field in step.fields())
