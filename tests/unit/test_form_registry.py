"""The form registry: every form is found there, by stage and by who fills it in, and adding one is a
definition file, its line in the registry and its catalog entries — nothing else in the package names it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ehcna_portal.forms import registry
from ehcna_portal.forms.draft_plan_response import AMENDMENT_RESPONSE, DRAFT_PLAN_RESPONSE
from ehcna_portal.forms.ehcna import EHCNA
from ehcna_portal.forms.parent_advice import PARENT_ADVICE
from ehcna_portal.forms.professional_advice import PROFESSIONAL_ADVICE
from ehcna_portal.forms.review_report import REVIEW_REPORT
from ehcna_portal.forms.review_views import CHILD_VIEWS, FAMILY_VIEWS
from ehcna_portal.forms.schema import Field, FormDefinition, Section, Step
from ehcna_portal.forms.text import catalog_entries, step_title
from ehcna_portal.i18n import catalog
from tests.support.paths import ROOT

PACKAGE = ROOT / "ehcna_portal"


def test_each_stage_tab_offers_its_own_forms_to_the_family():
    assert registry.for_stage("request", "parent") == [EHCNA]
    assert registry.for_stage("assessment", "parent") == [PARENT_ADVICE]
    assert registry.for_stage("assessment", "young_person") == [PARENT_ADVICE]
    assert registry.for_stage("assessment", "professional") == [PROFESSIONAL_ADVICE]
    assert registry.for_stage("reviews", "school") == [REVIEW_REPORT]
    assert registry.for_stage("reviews", "parent") == [FAMILY_VIEWS, CHILD_VIEWS, AMENDMENT_RESPONSE]
    assert registry.REQUEST_FORM == "ehcna"


def test_only_family_forms_are_drawn_by_the_family_wizard():
    """A professional's form is answered through its link: the family's wizard neither compiles nor opens it."""
    assert registry.FAMILY_FORMS == (EHCNA, PARENT_ADVICE, DRAFT_PLAN_RESPONSE, FAMILY_VIEWS, CHILD_VIEWS,
                                     AMENDMENT_RESPONSE)
    assert PROFESSIONAL_ADVICE not in registry.FAMILY_FORMS and REVIEW_REPORT not in registry.FAMILY_FORMS


def test_a_form_is_found_by_key_and_version_and_an_unknown_key_is_refused():
    assert registry.form("parent_advice", PARENT_ADVICE.version) is PARENT_ADVICE
    assert registry.form("ehcna", "an-old-version") is EHCNA  # only one version kept so far: the current one
    assert registry.is_form("ehcna") and not registry.is_form("nope")
    with pytest.raises(KeyError):
        registry.form("nope")


def test_steps_know_their_form_so_two_forms_step_1_have_their_own_catalog_keys():
    keys = {key for form in registry.FORMS for key, _ in catalog_entries(form)}
    assert {"form.ehcna.step.1.title", "form.parent_advice.step.1.title", "form.parent_advice.name"} <= keys
    assert step_title(PARENT_ADVICE.step(1), "cy") == "Eich plentyn nawr"
    assert step_title(EHCNA.step(1), "en") == EHCNA.step(1).title


def test_no_two_forms_share_a_question_name():
    clash = FormDefinition("clash", "1", "Clash", (Step(1, "One", sections=(Section(items=(
        Field("advice_hopes", "text", "Copied"),)),)),))
    with pytest.raises(ValueError, match="advice_hopes"):
        registry.check_names((*registry.FORMS, clash))
    registry.check_names(registry.FORMS)


@pytest.mark.parametrize("form", registry.FORMS, ids=lambda form: form.key)
def test_every_registered_form_is_in_welsh(form: FormDefinition):
    missing = [key for key, _ in catalog_entries(form) if key not in catalog("cy")]
    assert missing == []


def test_adding_the_advice_form_took_its_definition_the_registry_line_and_the_catalogs_only():
    """The files of the package that name the second form: nothing else had to change to add it."""
    naming = sorted(str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*")
                    if path.is_file() and path.suffix in (".py", ".po")
                    and re.search(r"parent_advice|PARENT_ADVICE|advice_documents", path.read_text()))
    assert naming == ["ehcna_portal/forms/parent_advice.py", "ehcna_portal/forms/registry.py",
                      "ehcna_portal/i18n/locales/cy.po"]


def test_the_request_form_keeps_its_place_in_the_package():
    assert Path(PACKAGE / "forms" / "ehcna.py").exists()


def test_a_form_that_gives_advice_names_a_kind_of_advice_the_council_asks_for():
    from ehcna_portal.models import AdviceType

    assert PARENT_ADVICE.gives_advice == AdviceType.FAMILY and EHCNA.gives_advice == ""
    assert all(form.gives_advice in ("", *AdviceType.ALL) for form in registry.FORMS)
