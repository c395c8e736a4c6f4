"""The Plan section of the staff case page (compose, check, "Issue draft plan", "Consult schools", "Issue final
plan"), the page that changes one part of the plan, and the preview of the plan as the family will see it."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import (
    ADVICE_TAG_COLOURS,
    button,
    details,
    error_summary,
    summary_list_of,
    table,
    table_row,
    tag_by,
)
from ehcna_portal.components.forms import long_text, radios_from, select, text_input
from ehcna_portal.i18n import LANGUAGES, t
from ehcna_portal.pages.answers import answers
from ehcna_portal.pages.plan_document import plan_document
from ehcna_portal.pages.school_field import schools_found
from ehcna_portal.pages.staff import EN
from ehcna_portal.state.staff_plan import PlanPreviewState, PlanState


def _t(key: str) -> str:
    return t(f"staff.plan.{key}", EN)


CONSULTATION_COLOURS = {**ADVICE_TAG_COLOURS, "agreed": "green", "cannot_meet": "red"}


def _revision() -> rx.Component:
    return rx.el.input(type="hidden", name="revision", value=PlanState.revision.to_string())


def _flag(flag: rx.Var, item: rx.Var) -> rx.Component:
    """A problem the quality check found in an item; a vague term may be accepted, with a reason (each box and
    button named for its item and term, so a screen reader tells them apart)."""
    field_id = flag["anchor"].to(str) + "-reason"
    error = PlanState.errors[field_id]
    which = rx.el.span(" (", item["id"], ", “", flag["term"], "”)", class_name="govuk-visually-hidden")
    override = rx.el.form(
        _revision(), rx.el.input(type="hidden", name="item", value=item["id"]),
        rx.el.input(type="hidden", name="term", value=flag["term"]),
        rx.el.input(type="hidden", name="anchor", value=flag["anchor"]),
        rx.el.div(
            rx.el.label(_t("override_reason"), which, html_for=field_id, class_name="govuk-label govuk-label--s"),
            rx.cond(error != "", rx.el.p(rx.el.span(t("error.prefix", EN), class_name="govuk-visually-hidden"),
                                         " ", error, class_name="govuk-error-message", id=field_id + "-error")),
            rx.el.textarea(name="reason", rows=2,
                           class_name=rx.cond(error != "", "govuk-textarea govuk-textarea--error", "govuk-textarea"),
                           aria_describedby=rx.cond(error != "", field_id + "-error", flag["anchor"]),
                           custom_attrs={"id": field_id, "maxlength": "500"}),
            class_name=rx.cond(error != "", "govuk-form-group govuk-form-group--error", "govuk-form-group")),
        rx.el.button(_t("override"), which, type="submit", class_name="govuk-button govuk-button--secondary"),
        on_submit=PlanState.override, no_validate=True, reset_on_submit=False)
    return rx.el.div(rx.el.p(rx.el.strong(_t("flag_prefix"), " "), flag["message"], class_name="govuk-error-message",
                             id=flag["anchor"]),
                     rx.cond(flag["term"] != "", override), class_name="app-plan-flag")


def _item(section: rx.Var, item: rx.Var) -> rx.Component:
    remove = rx.el.form(
        _revision(), rx.el.input(type="hidden", name="section", value=section["key"]),
        rx.el.input(type="hidden", name="item", value=item["id"]),
        rx.el.button(_t("remove"), rx.el.span(" ", item["id"], class_name="govuk-visually-hidden"),
                     class_name="app-link-button govuk-body"),
        on_submit=PlanState.remove_item, no_validate=True, reset_on_submit=False, class_name="app-inline-form")
    return rx.el.div(
        rx.cond(item["id"] != "", rx.el.h4(item["id"], class_name="govuk-heading-s")),
        summary_list_of(item["rows"].to(list[dict[str, str]])),
        rx.cond(item["source"] != "", rx.el.p(item["source"], class_name="govuk-body-s")),
        rx.foreach(item["accepted"].to(list[dict[str, str]]), lambda accepted: rx.el.p(
            _t("accepted"), " “", accepted["term"], "” – ", accepted["reason"], class_name="govuk-body-s")),
        rx.foreach(item["flags"].to(list[dict[str, str]]), lambda flag: _flag(flag, item)),
        rx.cond(item["id"] != "", rx.el.p(
            rx.el.a(_t("change"), rx.el.span(" ", item["id"], class_name="govuk-visually-hidden"),
                    href=routes.staff_plan_item(PlanState.case_id, section["key"].to(str), item["id"].to(str)),
                    class_name="govuk-link"), " ", remove, class_name="govuk-body")),
        class_name="app-plan-item", id=item["anchor"])


def _section(section: rx.Var) -> rx.Component:
    items = section["items"].to(list[dict])
    change = rx.cond(section["add"] != "",
                     rx.el.a(section["add"], class_name="govuk-link",
                             href=routes.staff_plan_item(PlanState.case_id, section["key"].to(str), "new")),
                     rx.cond(section["editable"] != "",
                             rx.el.a(_t("change"), rx.el.span(" ", section["key"], class_name="govuk-visually-hidden"),
                                     href=routes.staff_plan_item(PlanState.case_id, section["key"].to(str), "section"),
                                     class_name="govuk-link")))
    return rx.el.section(
        rx.el.h3(section["title"], class_name="govuk-heading-m"),
        rx.cond(section["text"] != "", rx.el.p(section["text"], class_name="govuk-body app-plan-text")),
        rx.foreach(items, lambda item: _item(section, item)),
        rx.cond((section["text"] == "") & (items.length() == 0), rx.el.p(section["empty"], class_name="govuk-body")),
        rx.el.p(change, class_name="govuk-body"),
        class_name="app-plan-section", id=section["anchor"])


def _quality() -> rx.Component:
    problems = rx.el.div(
        rx.el.h3(_t("quality"), class_name="govuk-heading-s"),
        rx.el.ul(rx.foreach(PlanState.flags, lambda flag: rx.el.li(
            rx.el.a(flag["message"], href="#" + flag["field"], class_name="govuk-link"))),
            class_name="govuk-list govuk-list--bullet"),
        class_name="govuk-inset-text app-plan-quality", id="plan-quality")
    passes = rx.el.p(_t("passes"), class_name="govuk-body",
                     id="plan-quality")
    return rx.cond(PlanState.flags.length() > 0, problems, passes)


def _drafts() -> rx.Component:
    return rx.cond(PlanState.drafts.length() > 0, rx.el.ul(rx.foreach(PlanState.drafts, lambda draft: rx.el.li(
        rx.el.strong(draft["title"]), " – ", _t("issued"), " ", draft["issued"], "; ", _t("served"), " ",
        draft["served"], "; ", _t("respond_until"), " ", draft["respond_by"], ". ",
        rx.el.a(_t("pdf"), rx.el.span(" ", draft["title"], class_name="govuk-visually-hidden"), href=draft["pdf"],
                class_name="govuk-link", custom_attrs={"download": ""}))),
        class_name="govuk-list", id="drafts-issued"))


def _consult() -> rx.Component:
    state = PlanState
    family = rx.cond(state.family_school.contains("urn"), rx.el.p(
        _t("family_asked"), " ",
        rx.el.strong(state.family_school["name"]),
        class_name="govuk-inset-text", id="family-school"))
    search = rx.el.form(
        text_input("school_search", _t("find"), EN, hint=_t("find_hint")),
        button(_t("find_button"), kind="secondary"), schools_found(state, EN),
        on_submit=state.find_school, no_validate=True, reset_on_submit=False)
    family_choice = rx.cond(state.family_school.contains("urn"),
                            rx.Var.create([{"value": state.family_school["urn"],
                                            "label": state.family_school["name"]}]),
                            rx.Var.create([]))
    choices = rx.cond(state.school_results.length() > 0, state.school_results, family_choice)
    send = rx.el.form(
        radios_from("school_urn", _t("school"), choices.to(list[dict[str, str]]), EN,
                    error=state.errors["school_urn"]),
        text_input("school_email", _t("school_email"), EN, input_type="email",
                   error=state.errors["school_email"], spell_check=False, auto_complete="off"),
        select("school_language", t("staff.book.language", EN),
               [(lang, t(f"staff.book.language.{lang}", EN)) for lang in LANGUAGES], EN),
        button(_t("send_consultation")),
        on_submit=state.consult, no_validate=True, reset_on_submit=False, id="consult-form")
    rows = rx.foreach(state.consultations, lambda row: table_row(
        rx.el.th(row["school"], rx.cond(row["family_asked"] != "", rx.el.span(" ", _t("asked_by_family"),
                                                                              class_name="govuk-hint")),
                 scope="row", class_name="govuk-table__header"),
        rx.fragment(row["sent"], rx.el.span(_t("due"), " ", row["due"], class_name="govuk-hint govuk-!-display-block")),
        rx.fragment(tag_by(row["status"], row["status_label"], CONSULTATION_COLOURS),
                    rx.cond(row["responder"] != "", rx.el.p(row["responder"], ", ", row["answered"],
                                                            class_name="govuk-body-s")),
                    rx.cond(row["reasons"] != "", rx.el.p(row["reasons"], class_name="govuk-body-s"))),
        **{"data-status": row["status"]}))
    tracker = rx.cond(state.consultations.length() > 0,
                      table([_t("school"), _t("sent"), _t("answer")], rows, caption=_t("consultations"),
                            caption_size="s", id="consultations"))
    return rx.cond(state.may_consult, rx.el.div(
        rx.el.h3(_t("consult"), class_name="govuk-heading-m"), family, tracker, search, send, id="consult"))


def _final() -> rx.Component:
    state = PlanState
    form = rx.el.form(
        _revision(),
        long_text("final_notes", _t("final_notes"), EN, max_length=5000,
                  default_value=rx.Var.create("")),
        button(_t("issue_final")),
        on_submit=state.issue_final, no_validate=True, reset_on_submit=False, id="issue-final")
    issued = rx.el.p(_t("final_issued"), " ", state.final["issued"], ". ", _t("weeks"), " ",
                     state.final["weeks"], " (", rx.cond(state.final["within"] == "yes", _t("within"),
                                                  _t("late")), "). ",
                     rx.el.a(_t("final_pdf"), href=state.final["pdf"], class_name="govuk-link",
                             custom_attrs={"download": ""}), class_name="govuk-body", id="final-issued")
    return rx.fragment(rx.cond(state.final.contains("issued"), issued),
                       rx.cond(state.may_issue_final, rx.fragment(
                           rx.el.h3(_t("issue_final"), class_name="govuk-heading-m"), form)))


def _versions() -> rx.Component:
    rows = rx.foreach(PlanState.versions, lambda row: table_row(row["revision"], row["when"], row["by"],
                                                                row["change"]))
    headers = [_t("version"), _t("when"), _t("who"), _t("what_changed")]
    return details(_t("versions"), table(headers, rows, id="versions"))


def plan_section() -> rx.Component:
    state = PlanState
    start = rx.cond(state.may_start,
                    rx.el.div(rx.el.p(_t("start_intro"),
                                      class_name="govuk-body"),
                              button(_t("start"), type="button", on_click=state.start_plan)),
                    rx.el.p(_t("not_yet"), class_name="govuk-body"))
    issue_draft = rx.cond(state.may_issue_draft, rx.el.form(
        _revision(), button(_t("issue_draft")), on_submit=state.issue_draft, no_validate=True,
        reset_on_submit=False, id="issue-draft"))
    started = rx.fragment(
        _quality(),
        rx.el.p(rx.el.a(_t("preview"), href=routes.staff_plan_preview(state.case_id), class_name="govuk-link"),
                class_name="govuk-body"),
        rx.foreach(state.sections, _section),
        issue_draft, _drafts(),
        rx.cond(state.drafts.length() > 0, rx.el.p(_t("served_rule"), class_name="govuk-hint")),
        rx.cond(state.response.length() > 0, rx.el.div(rx.el.h3(_t("response"), class_name="govuk-heading-m"),
                                                     answers(state.response, EN), id="family-response")),
        _consult(), _final(), _versions())
    return rx.fragment(
        error_summary(state.error_list, EN),
        rx.el.h2(_t("title"), class_name="govuk-heading-m", id="plan-title"),
        rx.cond(state.started, started, start))


def preview_page(_lang: str = EN) -> rx.Component:
    state = PlanPreviewState
    return rx.cond(state.found, rx.fragment(
        rx.el.span(_t("preview_caption"), class_name="govuk-caption-l"),
        rx.el.h1(state.title, class_name="govuk-heading-l"), plan_document(state.sections)),
        rx.el.h1(t("notfound.title", EN), class_name="govuk-heading-l"))
