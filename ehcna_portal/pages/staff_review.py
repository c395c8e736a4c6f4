"""The Reviews section of the staff case page: the plan in force and its next review, "Arrange review", the open
review's dates, "Record review decision" (maintain, amend with the proposed amendments, cease) and "Issue amended
plan"."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import button, error_summary, summary_list_of, table, table_row
from ehcna_portal.components.forms import date_input, long_text, radios, text_input
from ehcna_portal.i18n import t
from ehcna_portal.pages.answers import sent_forms
from ehcna_portal.pages.staff import EN
from ehcna_portal.state.staff_review import ReviewState


def _t(key: str) -> str:
    return t(f"staff.review.{key}", EN)


def _invite_from_book(kind: str) -> rx.Component:
    """Health or social care from the address book, offered where the plan has their provision."""
    choices = ReviewState.invite_choices[kind].to(list[dict[str, str]])
    name = f"invite_{kind}"
    return rx.cond(ReviewState.invite_choices.contains(kind) & (choices.length() > 0), rx.el.div(
        rx.el.label(_t(f"invite.{kind}"), html_for=name, class_name="govuk-label govuk-label--s"),
        rx.cond(ReviewState.errors[name] != "", rx.el.p(ReviewState.errors[name], id=f"{name}-error",
                                                        class_name="govuk-error-message")),
        rx.el.select(rx.el.option(_t("invite.nobody"), value=""),
                     rx.foreach(choices, lambda choice: rx.el.option(choice["label"], value=choice["value"])),
                     name=name, id=name, class_name="govuk-select"),
        class_name="govuk-form-group"))


def _arrange() -> rx.Component:
    return rx.cond(ReviewState.may_arrange, rx.el.form(
        rx.el.h3(_t("arrange"), class_name="govuk-heading-m"),
        date_input("meeting", _t("meeting"), EN, hint=_t("meeting_hint"), error=ReviewState.errors["meeting"],
                   legend_class="govuk-fieldset__legend govuk-fieldset__legend--s"),
        rx.el.h4(_t("invite.title"), class_name="govuk-heading-s"),
        rx.el.p(_t("invite.intro"), class_name="govuk-hint"),
        text_input("school_name", _t("invite.school_name"), EN, error=ReviewState.errors["school_name"],
                   default_value=ReviewState.school_name, width_class="govuk-!-width-two-thirds"),
        text_input("school_email", _t("invite.school_email"), EN, error=ReviewState.errors["school_email"],
                   input_type="email", hint=_t("invite.school_email_hint"), spell_check=False,
                   width_class="govuk-!-width-two-thirds"),
        _invite_from_book("medical"), _invite_from_book("social_care"),
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


def _reports() -> rx.Component:
    """The reports asked for at the open review, where each stands, then those sent (their answers)."""
    rows = rx.foreach(ReviewState.reports, lambda row: table_row(row["who"], row["email"], row["due"],
                                                                 row["status"], row["received"]))
    return rx.fragment(
        rx.cond(ReviewState.reports.length() > 0, table(
            [_t("reports.who"), _t("reports.email"), _t("reports.due"), _t("reports.status"),
             _t("reports.received")], rows, caption=_t("reports.title"), caption_size="s", id="review-reports")),
        rx.cond(ReviewState.received.length() > 0, rx.el.div(
            rx.el.h3(_t("reports.sent"), class_name="govuk-heading-m"), sent_forms(ReviewState.received, EN),
            id="review-reports-sent")))


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
        _reports(), _arrange(), _decide(),
        rx.cond(state.response.length() > 0, rx.fragment(
            rx.el.h3(_t("response.title"), class_name="govuk-heading-m"),
            summary_list_of(state.response, id="amendment-response"))),
        rx.cond(state.may_issue_amended, rx.el.p(
            _t("amendments_on_plan"), " ",
            rx.el.a(_t("plan_link"), href=routes.staff_case(state.case_id, "plan"), class_name="govuk-link"),
            class_name="govuk-body")),
        _amended(), past)
    return rx.fragment(
        error_summary(state.error_list, EN),
        rx.el.h2(_t("title"), class_name="govuk-heading-m", id="reviews-title"),
        rx.cond(state.in_force, in_force, rx.el.p(_t("none"), class_name="govuk-body")))
