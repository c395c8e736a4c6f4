"""Staff pages for managers and admins: figures, who opened what, staff accounts and emails, paper requests,
stage texts."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.content import button, error_summary, in_page_link, notification_banner, table, table_row
from ehcna_portal.components.forms import (
    date_input,
    long_text,
    password_input,
    radios,
    select,
    text_input,
)
from ehcna_portal.components.text import paragraph
from ehcna_portal.i18n import LANGUAGES, t
from ehcna_portal.pages.staff import EN
from ehcna_portal.services.stage_texts import STAGES
from ehcna_portal.state.staff_admin import AccessLogState, KpiState, PaperRequestState, StaffAdminState, StageTextState

KPI_COLUMNS = (("month", "staff.kpi.month"), ("received", "staff.kpi.received"), ("decisions", "staff.kpi.decisions"),
               ("within_6", "staff.kpi.within_6"), ("agreed", "staff.kpi.agreed"), ("refused", "staff.kpi.refused"),
               ("plans", "staff.kpi.plans"), ("within_20", "staff.kpi.within_20"),
               ("within_20_ex", "staff.kpi.within_20_ex"), ("weeks", "staff.kpi.weeks"))


def kpi_page(_lang: str = EN) -> rx.Component:
    state = KpiState
    cell = "govuk-table__cell"
    table = rx.el.table(
        rx.el.caption(t("staff.kpi.caption", EN), class_name="govuk-table__caption govuk-table__caption--m"),
        rx.el.thead(rx.el.tr(*(rx.el.th(t(key, EN), scope="col", class_name="govuk-table__header")
                               for _name, key in KPI_COLUMNS), class_name="govuk-table__row"),
                    class_name="govuk-table__head"),
        rx.el.tbody(rx.foreach(state.months, lambda month: rx.el.tr(
            rx.el.th(month["month"], scope="row", class_name="govuk-table__header"),
            *(rx.el.td(month[name], class_name=f"{cell} govuk-table__cell--numeric") for name, _key in KPI_COLUMNS[1:]),
            class_name="govuk-table__row")), class_name="govuk-table__body"),
        class_name="govuk-table", id="kpis")
    return rx.fragment(
                  rx.el.h1(t("staff.kpi.title", EN), class_name="govuk-heading-l"),
                  paragraph("staff.kpi.intro", EN),
                  rx.el.p(t("staff.kpi.overdue", EN), " ", rx.el.strong(state.overdue.to_string(), id="overdue-now"),
                          class_name="govuk-body-l"),
                  # A wide table scrolls sideways on small screens: reachable and named for keyboard users.
                  rx.el.div(table, class_name="app-scrollable", tab_index=0, role="region",
                            aria_label=t("staff.kpi.title", EN)),
                  rx.el.p(in_page_link(t("staff.kpi.csv", EN), target=state.csv_href, class_name="govuk-link"),
                          class_name="govuk-body"),
                  _advice_figures(), _review_figures())


def _review_figures() -> rx.Component:
    """The reviews' measures (services/review_figures.py), by month then by year."""
    state = KpiState
    names = ("period", "decisions", "held", "in_4_weeks", "outcomes", "amended", "in_12_weeks", "transfers",
             "by_deadline", "ended")
    rows = rx.foreach(state.reviews, lambda row: table_row(
        rx.el.th(row["period"], scope="row", class_name="govuk-table__header"), *(row[name] for name in names[1:])))
    return rx.fragment(
        rx.el.h2(t("staff.kpi.reviews.title", EN), class_name="govuk-heading-m"),
        paragraph("staff.kpi.reviews.intro", EN),
        rx.el.div(table([t(f"staff.kpi.reviews.{name}", EN) for name in names], rows, id="review-figures"),
                  class_name="app-scrollable", tab_index=0, role="region", aria_label=t("staff.kpi.reviews.title", EN)),
        rx.el.p(in_page_link(t("staff.kpi.reviews.csv", EN), target=state.reviews_csv_href, class_name="govuk-link"),
                class_name="govuk-body"))


def _advice_figures() -> rx.Component:
    """Advice returned within the 6 weeks of regulation 8(1), by month, type and organisation."""
    state = KpiState
    headers = [t(key, EN) for key in ("staff.kpi.advice.month", "staff.kpi.advice.name", "staff.kpi.advice.due",
                                      "staff.kpi.advice.within", "staff.kpi.advice.percent")]
    rows = rx.foreach(state.advice, lambda figure: table_row(
        rx.el.th(figure["month"], scope="row", class_name="govuk-table__header"),
        rx.cond(figure["by"] == "type", rx.el.strong(figure["name"]), figure["name"]),
        figure["due"], figure["within"], figure["percent"]))
    return rx.fragment(
        rx.el.h2(t("staff.kpi.advice.title", EN), class_name="govuk-heading-m"),
        paragraph("staff.kpi.advice.intro", EN),
        rx.cond(state.advice.length() > 0, table(headers, rows, id="advice-figures"),
                paragraph("staff.kpi.advice.none", EN)),
        rx.el.p(in_page_link(t("staff.kpi.advice.csv", EN), target=state.advice_csv_href, class_name="govuk-link"),
                class_name="govuk-body"))


def access_log_page(_lang: str = EN) -> rx.Component:
    state = AccessLogState
    headers = [t(key, EN) for key in ("staff.access.when", "staff.access.who", "staff.access.what",
                                      "staff.queue.reference")]
    return rx.fragment(
                  rx.el.h1(t("staff.access.title", EN), class_name="govuk-heading-l"),
                  paragraph("staff.access.intro", EN),
                  table(headers, rx.foreach(state.entries, lambda entry: table_row(
                      entry["when"], entry["who"], entry["what"],
                      in_page_link(entry["reference"], target=entry["href"], class_name="govuk-link"))),
                        id="access-log"))


def admin_page(_lang: str = EN) -> rx.Component:
    state = StaffAdminState

    def member_row(member) -> rx.Component:
        who = rx.el.span(" ", member["name"], class_name="govuk-visually-hidden")
        toggle_label = rx.cond(member["active"] == "yes", t("staff.admin.switch_off", EN),
                               t("staff.admin.switch_on", EN))
        actions = rx.fragment(
            rx.el.button(toggle_label, who, type="button", class_name="app-link-button govuk-body",
                         on_click=state.toggle(member["id"])), rx.el.br(),
            rx.el.button(t("staff.admin.reset_app", EN), who, type="button", class_name="app-link-button govuk-body",
                         on_click=state.reset_app(member["id"])))
        return table_row(member["name"], member["email"], member["role"], member["state"], member["app"], actions)

    roles = [(role, t(f"role.{role}", EN)) for role in ("caseworker", "manager", "admin")]
    return rx.fragment(
                  error_summary(state.error_list, EN),
                  rx.el.p(in_page_link(t("staff.texts.link", EN), target=routes.STAFF_STAGE_TEXTS,
                                       class_name="govuk-link"), class_name="govuk-body"),
                  rx.el.p(in_page_link(t("staff.book.link", EN), target=routes.STAFF_PROFESSIONALS,
                                       class_name="govuk-link"), class_name="govuk-body"),
                  rx.el.p(in_page_link(t("staff.vague.link", EN), target=routes.STAFF_VAGUE_TERMS,
                                       class_name="govuk-link"), class_name="govuk-body"),
                  rx.cond(state.added != "", notification_banner(state.added, EN, success=True)),
                  rx.el.h1(t("staff.admin.title", EN), class_name="govuk-heading-l"),
                  table([t(key, EN) for key in ("staff.admin.name", "field.email", "staff.admin.role",
                                                "staff.admin.status", "staff.admin.app", "staff.admin.actions")],
                        rx.foreach(state.members, member_row), id="staff-accounts"),
                  rx.el.h2(t("staff.admin.add_title", EN), class_name="govuk-heading-m"),
                  rx.el.form(
                      text_input("name", t("staff.admin.name", EN), EN, error=state.errors["name"]),
                      text_input("email", t("field.email", EN), EN, error=state.errors["email"], input_type="email",
                                 spell_check=False),
                      select("role", t("staff.admin.role", EN), roles, EN, error=state.errors["role"]),
                      password_input("password", t("staff.admin.password", EN), EN, error=state.errors["password"],
                                     hint=t("staff.admin.password_hint", EN), autocomplete="new-password"),
                      button(t("staff.admin.add", EN)),
                      on_submit=state.add, no_validate=True, reset_on_submit=True),
                  _dead_letters(state))


def _dead_letters(state) -> rx.Component:
    """Emails the mail server kept refusing (outbox dead letters), each with "Try again"."""

    def letter_row(letter) -> rx.Component:
        action = rx.cond(
            letter["can_retry"] == "yes",
            rx.el.button(t("staff.admin.emails.retry", EN),
                         rx.el.span(" ", t("staff.admin.emails.email_to", EN), " ", letter["to"],
                                    class_name="govuk-visually-hidden"),
                         type="button", class_name="app-link-button govuk-body",
                         on_click=state.retry_email(letter["id"])),
            rx.el.span(t("staff.admin.emails.address_removed", EN)))
        return table_row(letter["when"], letter["template"], letter["to"], letter["error"], letter["attempts"],
                         action)

    return rx.el.div(
        rx.el.h2(t("staff.admin.emails.title", EN), class_name="govuk-heading-m", id="undelivered-emails"),
        rx.cond(state.retried != "", notification_banner(state.retried, EN, success=True)),
        rx.cond(state.dead_letters.length() > 0,
                rx.fragment(
                    paragraph("staff.admin.emails.intro", EN),
                    table([t(f"staff.admin.emails.{key}", EN)
                           for key in ("date", "template", "to", "error", "attempts", "action")],
                          rx.foreach(state.dead_letters, letter_row), id="undelivered-emails-table")),
                paragraph("staff.admin.emails.none", EN)))


def paper_request_page(_lang: str = EN) -> rx.Component:
    state = PaperRequestState
    errors = state.errors
    return rx.fragment(
                  error_summary(state.error_list, EN),
                  rx.el.h1(t("staff.paper.title", EN), class_name="govuk-heading-l"),
                  paragraph("staff.paper.intro", EN),
                  rx.cond(state.ready, rx.el.form(
                      date_input("received", t("staff.paper.received", EN), EN,
                                 hint=t("staff.paper.received_hint", EN), error=errors["received"]),
                      radios("channel", t("staff.paper.channel", EN),
                             [(channel, t(f"staff.paper.channel.{channel}", EN)) for channel in ("post", "email")],
                             EN, error=errors["channel"], inline=True),
                      rx.el.h2(t("staff.paper.requester", EN), class_name="govuk-heading-m"),
                      text_input("requester_name", t("staff.paper.requester_name", EN), EN,
                                 error=errors["requester_name"]),
                      text_input("requester_email", t("staff.paper.requester_email", EN), EN, input_type="email",
                                 hint=t("staff.paper.requester_email_hint", EN), error=errors["requester_email"],
                                 spell_check=False),
                      rx.el.h2(t("summary.child", EN), class_name="govuk-heading-m"),
                      text_input("forename", t("child.forename", EN), EN, error=errors["forename"]),
                      text_input("surname", t("child.surname", EN), EN, error=errors["surname"]),
                      select("gender_at_birth", t("child.gender", EN),
                             [(value, t(f"gender.{value}", EN)) for value in ("female", "male")], EN,
                             error=errors["gender_at_birth"]),
                      date_input("dob", t("child.dob", EN), EN, error=errors["dob"]),
                      text_input("address_line_1", t("staff.paper.address_line_1", EN), EN,
                                 error=errors["address_line_1"]),
                      text_input("town", t("staff.paper.town", EN), EN, error=errors["town"],
                                 width_class="govuk-!-width-one-half"),
                      text_input("postcode", t("staff.paper.postcode", EN), EN, error=errors["postcode"],
                                 width_class="govuk-input--width-10"),
                      text_input("school_name", t("staff.paper.school", EN), EN, hint=t("staff.paper.school_hint", EN)),
                      button(t("staff.paper.submit", EN)),
                      on_submit=state.submit, no_validate=True, reset_on_submit=False)))


def stage_texts_page(_lang: str = EN) -> rx.Component:
    state = StageTextState
    fields = []
    for stage in STAGES:
        fields.append(rx.el.h2(t(f"tab.{stage}", EN), class_name="govuk-heading-m"))
        for part in ("what_happens", "information"):
            for lang in LANGUAGES:
                name = f"{lang}-tab.{stage}.{part}"
                fields.append(long_text(name, t(f"staff.texts.{part}.{lang}", EN), EN, max_length=1000,
                                        default_value=state.texts[name], error=state.errors[name], rows=3))
    return rx.fragment(
                  error_summary(state.error_list, EN),
                  rx.cond(state.saved, notification_banner(t("staff.texts.saved", EN), EN, success=True)),
                  rx.el.h1(t("staff.texts.title", EN), class_name="govuk-heading-l"),
                  paragraph("staff.texts.intro", EN),
                  # drawn only once the texts are read: typing into a box that the read then redraws would be lost
                  rx.cond(state.revision > 0,
                          rx.el.form(*fields, button(t("staff.texts.save", EN)), on_submit=state.save,
                                     no_validate=True, reset_on_submit=False, key=state.revision.to_string())))
