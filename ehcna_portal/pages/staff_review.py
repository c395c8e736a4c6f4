"""The Reviews section of the staff case page: the plan in force and its next review, "Arrange review", the open
review's dates, "Record review decision" (maintain, amend with the proposed amendments, cease) and "Issue amended
plan"."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import button, error_summary, summary_list_of, table, table_row
from ehcna_portal.components.forms import date_input, long_text, radios
from ehcna_portal.i18n import t
from ehcna_portal.pages.staff import EN
from ehcna_portal.state.staff_review import ReviewState


def _t(key: str) -> str:
    return t(f"staff.review.{key}", EN)


def _arrange() -> rx.Component:
    return rx.cond(ReviewState.may_arrange, rx.el.form(
        rx.el.h3(_t("arrange"), class_name="govuk-heading-m"),
        date_input("meeting", _t("meeting"), EN, hint=_t("meeting_hint"), error=ReviewState.errors["meeting"],
                   legend_class="govuk-fieldset__legend govuk-fieldset__legend--s"),
        button(_t("arrange")),
        on_submit=ReviewState.arrange_review, no_validate=True, reset_on_submit=False, id="arrange-review"))


def _decide() -> rx.Component:
    options = [(decision, _t(f"decision.{decision}")) for decision in ("maintain", "amend", "cease")]
    return rx.cond(ReviewState.may_decide, rx.el.form(
        rx.el.h3(_t("record"), class_name="govuk-heading-m"),
        radios("review_decision", _t("decision_legend"), options, EN, error=ReviewState.errors["review_decision"],
               legend_class="govuk-fieldset__legend govuk-fieldset__legend--s", hint=_t("amend_hint")),
        long_text("review_reasons", _t("reasons"), EN, max_length=5000, default_value=rx.Var.create(""),
                  error=ReviewState.errors["review_reasons"]),
        button(_t("record")),
        on_submit=ReviewState.record_review_decision, no_validate=True, reset_on_submit=False,
        id="record-review-decision"))


def _amended() -> rx.Component:
    return rx.cond(ReviewState.may_issue_amended, rx.el.form(
        rx.el.h3(_t("issue_amended"), class_name="govuk-heading-m"),
        rx.el.input(type="hidden", name="revision", value=ReviewState.revision.to_string()),
        button(_t("issue_amended")),
        on_submit=ReviewState.issue_amended_plan, no_validate=True, reset_on_submit=False, id="issue-amended"))


def review_section() -> rx.Component:
    state = ReviewState
    past = rx.cond(state.past.length() > 0, table(
        [_t("past.meeting"), _t("past.decision"), _t("past.decided")],
        rx.foreach(state.past, lambda row: table_row(row["meeting"], row["decision"], row["decided"])),
        caption=_t("past.title"), caption_size="s", id="past-reviews"))
    in_force = rx.fragment(
        rx.el.p(_t("due"), " ", rx.el.strong(state.review_due), class_name="govuk-body", id="review-due"),
        rx.el.p(rx.el.a(_t("plan_pdf"), href=state.plan_pdf, class_name="govuk-link", custom_attrs={"download": ""}),
                class_name="govuk-body"),
        rx.cond(state.open_review.length() > 0, summary_list_of(state.open_review, id="open-review")),
        _arrange(), _decide(),
        rx.cond(state.may_issue_amended, rx.el.p(
            _t("amendments_on_plan"), " ",
            rx.el.a(_t("plan_link"), href=routes.staff_case(state.case_id, "plan"), class_name="govuk-link"),
            class_name="govuk-body")),
        _amended(), past)
    return rx.fragment(
        error_summary(state.error_list, EN),
        rx.el.h2(_t("title"), class_name="govuk-heading-m", id="reviews-title"),
        rx.cond(state.in_force, in_force, rx.el.p(_t("none"), class_name="govuk-body")))
