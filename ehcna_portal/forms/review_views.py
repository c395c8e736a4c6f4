"""The family's views for an annual review, and the child's or young person's own (SEND Regulations 2014 reg 20:
the review must take account of the views, wishes and feelings of the child and their parent, or of the young
person; SEND Code of Practice 9.166–9.168). On the EHCP Reviews tab while a plan is in force; every question may
be left blank.
"""

from __future__ import annotations

from ehcna_portal.forms.schema import Field, FormDefinition, Group, Section, Step

BLANK_IS_FINE = "Write as much or as little as you like. You can leave any question blank."


def _text(name: str, label: str, what: str, hint: str = "") -> Field:
    return Field(name, "long_text", label, hint, max_length=5000, error_name=what)


def _recordings(name: str, hint: str) -> Group:
    """Views may be recorded or drawn rather than written (SEND Code of Practice 9.166: in the way that suits the
    child): audio, video, pictures or documents, each described."""
    return Group(name, "Recordings, pictures and documents", "recording or document", hint=hint,
                 fields=(Field("description", "long_text", "What is this?",
                               "For example, \"Ali talking about school, recorded at home\"", max_length=500,
                               error_name="what it is"),),
                 storage="documents")


FAMILY_VIEWS = FormDefinition(
    key="review_family_views",
    version="2026-12",
    title="Your views for the review",
    steps=(Step(1, "Your views", intro=BLANK_IS_FINE, sections=(Section(items=(
        _text("review_going_well", "What is going well for your child?", "what is going well",
              "At home, at school or college, and anywhere else"),
        _text("review_hard", "What is hard at the moment?", "what is hard at the moment"),
        _text("review_progress", "How is your child getting on with the outcomes in section E of the plan?",
              "how your child is getting on with the outcomes"),
        _text("review_change", "What would you like to change in the plan?", "what you would like to change",
              "For example, support that is not happening, or needs that have changed"),
        _text("review_anything_else", "Is there anything else you would like the council to know?",
              "anything else"),
        _recordings("review_family_recordings", "You can add a voice or video recording, a picture or a document"),
    )),)),),
    stage="reviews",
    filled_by=("parent", "young_person"),
)

CHILD_VIEWS = FormDefinition(
    key="review_child_views",
    version="2026-12",
    title="Your child's or young person's views",
    steps=(Step(1, "In their own words", intro="Help your child to answer in their own words, or write down what "
                "they tell you. A young person can fill this in for themselves.", sections=(Section(items=(
                    _text("review_child_good_at", "What do you like doing, and what are you good at?",
                          "what you like doing"),
                    _text("review_child_hard", "What is hard for you?", "what is hard for you"),
                    _text("review_child_help", "Who helps you, and how?", "who helps you"),
                    _text("review_child_change", "What would you like to change?", "what you would like to change"),
                    _recordings("review_child_recordings", "Your child can record what they think, or draw it, "
                                "instead of writing"),
                )),)),),
    stage="reviews",
    filled_by=("parent", "young_person"),
)
