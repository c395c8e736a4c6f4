"""Relationship and parental responsibility are asked once (issue 18): what Add child recorded is what Step 2
shows until the request has its own answer (services/applications.answers_from_child, ApplicationView.drawn)."""

from __future__ import annotations

from datetime import date

import pytest

from ehcna_portal.models import Child
from ehcna_portal.services.applications import answers_from_child


def child(relationship: str, responsibility: bool) -> Child:
    return Child(parent_id=1, forename="A", surname="B", gender_at_birth="male", date_of_birth=date(2017, 3, 12),
                 relationship=relationship, parental_responsibility=responsibility)


@pytest.mark.parametrize(("typed", "responsibility", "expected"), [
    ("Father", True, {"relationship_to_child": "father", "has_parental_responsibility": "yes"}),
    (" step-parent ", False, {"relationship_to_child": "step_parent", "has_parental_responsibility": "no"}),
    ("Foster carer", True, {"relationship_to_child": "foster_carer", "has_parental_responsibility": "yes"}),
    ("Aunt", True, {"has_parental_responsibility": "yes"}),  # not one of the options: left for the parent
])
def test_add_childs_answers_become_step_2s(typed, responsibility, expected):
    assert answers_from_child(child(typed, responsibility)) == expected
