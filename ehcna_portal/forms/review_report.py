"""The review report a school, college or other setting sends for an annual review of an EHC plan, through the
link in its invitation (SEND Regulations 2014 reg 20(3)–(7): the council seeks advice and information about the
child from the head teacher or principal, and from health and social care where they are in the plan; the report
is sent within 2 weeks of the meeting). Health and social care answer the same form; attendance is asked of
schools and colleges only.

Progress is asked for each outcome in section E of the plan in force and delivery for each provision in section F
("plan_items" questions: the items are the plan's, supplied as a fact), so the council can see what was not
delivered — SEND Code of Practice 9.176: the review must consider the child's progress towards the outcomes and
whether the provision remains appropriate.
"""

from __future__ import annotations

from ehcna_portal.forms import ehc_plan
from ehcna_portal.forms.schema import Field, FormDefinition, Option, Section, Step, When

FORM_KEY = "review_report"
SCHOOLS_ONLY = When("advice_type", ("educational",))


def _change(key: str) -> Field:
    section = ehc_plan.section(key)
    return Field(f"review_report_change_{key.lower()}", "long_text", f"Section {key}: {section.title}",
                 max_length=3000, error_name=f"the changes you recommend to section {key}")


OUTCOMES = Step(1, "Progress towards outcomes", intro="For each outcome in section E of the plan, tell us how the "
                "child or young person is getting on.", sections=(Section(items=(
                    Field("review_report_outcomes", "plan_items", "Progress towards this outcome", required=True,
                          plan_section="E", max_length=2000, error_name="the progress towards outcome", options=(
                              Option("achieved", "Achieved"),
                              Option("on_track", "On track to be achieved"),
                              Option("some_progress", "Some progress"),
                              Option("no_progress", "No progress"),
                          )),
                )),))

PROVISION = Step(2, "Provision", intro="For each provision in section F of the plan, tell us whether it was "
                 "delivered as the plan says. If it was not, say what happened.", sections=(Section(items=(
                     Field("review_report_provision", "plan_items", "Was this provision delivered?", required=True,
                           plan_section="F", max_length=2000, error_name="whether the provision was delivered",
                           options=(
                               Option("delivered", "Yes, as the plan says"),
                               Option("partly", "Partly"),
                               Option("not_delivered", "No"),
                           )),
                 )),))

VIEWS = Step(3, "Views from the meeting", sections=(Section(items=(
    Field("review_report_child_views", "long_text", "The child's or young person's views",
          "What they said at the meeting or before it, in their own words where you can", max_length=5000,
          error_name="the child's or young person's views"),
    Field("review_report_family_views", "long_text", "The parents' views",
          "What the child's parents said at the meeting or before it", max_length=5000,
          error_name="the parents' views"),
)),))

CHANGES = Step(4, "Recommended changes", intro="Tell us what should change in the plan, section by section. Leave a "
               "section blank if nothing should change.", sections=(Section(items=tuple(
                   _change(key) for key in ehc_plan.COMMENTABLE)),))

ATTENDANCE = Step(5, "Attendance", sections=(Section(items=(
    Field("review_report_attendance", "number", "Attendance this school year (%)",
          "A whole number, for example 92", max_length=3, show_if=SCHOOLS_ONLY,
          error_name="the attendance this school year"),
    Field("review_report_attendance_notes", "long_text", "Anything the council should know about attendance",
          "For example, part-time timetables, exclusions or health appointments", max_length=3000,
          show_if=SCHOOLS_ONLY, error_name="what the council should know about attendance"),
    Field("review_report_attended", "long_text", "Who attended the review meeting?",
          "Names and roles", max_length=2000, error_name="who attended the review meeting"),
)),))

ABOUT_YOU = Step(6, "About you", sections=(Section(items=(
    Field("review_report_name", "text", "Your name", required=True, max_length=200, error_name="your name"),
    Field("review_report_role", "text", "Your job title", "For example, SENCO", required=True, max_length=200,
          error_name="your job title"),
)),))

REVIEW_REPORT = FormDefinition(
    key=FORM_KEY,
    version="2026-12",
    title="Review report",
    steps=(OUTCOMES, PROVISION, VIEWS, CHANGES, ATTENDANCE, ABOUT_YOU),
    stage="reviews",
    filled_by=("school", "professional"),
)
