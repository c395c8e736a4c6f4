"""Every form of the portal, by key: the one place a form is added.

A form is a definition (``schema.FormDefinition``): which stage's tab lists it, who fills it in, its version and
its steps. The wizard, the tab's form list, the summary, the print view, the staff case page, the JSON export,
the confirmation email and the catalog checks find forms here, never by importing a definition. Adding a form
is a definition file, its line below and its catalog entries (docs/ARCHITECTURE.md, "How to add a form").
"""

from __future__ import annotations

from ehcna_portal.forms.draft_plan_response import AMENDMENT_RESPONSE, DRAFT_PLAN_RESPONSE
from ehcna_portal.forms.ehcna import EHCNA
from ehcna_portal.forms.parent_advice import PARENT_ADVICE
from ehcna_portal.forms.professional_advice import PROFESSIONAL_ADVICE
from ehcna_portal.forms.review_report import REVIEW_REPORT
from ehcna_portal.forms.review_views import CHILD_VIEWS, FAMILY_VIEWS
from ehcna_portal.forms.schema import FAMILY, FormDefinition, Role, Stage

FORMS: tuple[FormDefinition, ...] = (EHCNA, PARENT_ADVICE, PROFESSIONAL_ADVICE, DRAFT_PLAN_RESPONSE, FAMILY_VIEWS,
                                     CHILD_VIEWS, AMENDMENT_RESPONSE, REVIEW_REPORT)
REQUEST_FORM = EHCNA.key  # the form whose sending opens a case
# The forms a family fills in through the wizard (the others are answered through an invitation link).
FAMILY_FORMS = tuple(form for form in FORMS if any(role in form.filled_by for role in FAMILY))
_BY_KEY = {form.key: form for form in FORMS}
# Earlier versions stay readable here once a form changes: (key, version) -> definition.
_BY_VERSION = {(form.key, form.version): form for form in FORMS}


def check_names(forms: tuple[FormDefinition, ...]) -> None:
    """Question and group names are their catalog keys' identity, so no two forms may share one."""
    seen: dict[str, str] = {}
    for form in forms:
        for name in form.names():
            if name in seen and seen[name] != form.key:
                raise ValueError(f"question name {name!r} is used by the {seen[name]} and {form.key} forms")
            seen[name] = form.key


check_names(FORMS)


def form(key: str, version: str = "") -> FormDefinition:
    """The form ``key`` as it was at ``version`` (its current definition when no older one is kept);
    KeyError for a form the portal does not have."""
    return _BY_VERSION.get((key, version)) or _BY_KEY[key]


def is_form(key: str) -> bool:
    return key in _BY_KEY


def for_stage(stage: Stage, role: Role) -> list[FormDefinition]:
    """The forms a stage's tab offers to ``role``, in the order they were registered."""
    return [form for form in FORMS if form.stage == stage and role in form.filled_by]
