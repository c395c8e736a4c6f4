"""SEND Home, Add child (seed 1.2.2) and the child's page with its four stage tabs (seed 1.2.3)."""

from __future__ import annotations

import reflex as rx

from ehcna_portal import routes
from ehcna_portal.components.address import address_finder
from ehcna_portal.components.content import (
    ADVICE_TAG_COLOURS,
    button,
    details,
    error_summary,
    in_page_link,
    notification_banner,
    summary_list,
    summary_list_of,
    table,
    table_row,
    tag_by,
    warning_text,
)
from ehcna_portal.components.forms import date_input, radios, select, starred, text_input, typed_value
from ehcna_portal.components.text import paragraph
from ehcna_portal.i18n import Language, localised_path, t
from ehcna_portal.pages.answers import answers
from ehcna_portal.pages.school_field import schools_found
from ehcna_portal.services.children import GENDERS_AT_BIRTH
from ehcna_portal.state.accounts import EhcAreaState
from ehcna_portal.state.children import TABS, ChildFormState, ChildPageState
from ehcna_portal.state.form_views import SentFormView


def send_home(lang: Language) -> rx.Component:
    """The children list shown on EHC Assessment and Review once two-step verification is done."""
    child = lambda c: rx.el.div(  # noqa: E731 - one row of rx.foreach
        rx.el.div(
            rx.el.h2(rx.el.a(c["name"], href=routes.child_page(c["id"], "request", lang), class_name="govuk-link"),
                     class_name="govuk-summary-card__title"),
            class_name="govuk-summary-card__title-wrapper",
        ),
        rx.el.div(summary_list([(t("child.born", lang), c["born"]),
                                (t("child.status", lang), c["status"])]),
                  class_name="govuk-summary-card__content"),
        class_name="govuk-summary-card",
    )
    return rx.fragment(
        rx.el.h1(t("ehc.title", lang), class_name="govuk-heading-l"),
        rx.cond(EhcAreaState.children.length() > 0,
                rx.el.div(rx.foreach(EhcAreaState.children, child), id="children"),
                paragraph("ehc.no_children", lang)),
        rx.el.a(t("ehc.add_child", lang), href=localised_path(routes.ADD_CHILD, lang),
                class_name="govuk-button govuk-button--secondary", role="button", draggable=False),
        paragraph("ehc.account", lang, routes.hrefs(lang)),
    )


def ehc_area(lang: Language) -> rx.Component:
    """EHC Assessment and Review: SEND Home with two-step verification, the seed's gate page without."""
    two_step_area = rx.fragment(
        rx.el.h1(t("two_step_area.title", lang), class_name="govuk-heading-l"),
        paragraph("two_step_area.body", lang),
        rx.el.p(rx.el.a(t("two_step_area.enable", lang), href=localised_path(routes.ACCOUNT_TWO_STEP, lang),
                        class_name="govuk-link"), class_name="govuk-body"),
    )
    column = rx.el.div(rx.cond(EhcAreaState.two_step_verified, send_home(lang), two_step_area),
                       class_name="govuk-grid-column-two-thirds")
    return rx.fragment(rx.el.div(column, class_name="govuk-grid-row"))


def _school(lang: Language) -> rx.Component:
    state = ChildFormState
    errors = state.errors
    results = select("school_urn", t("child.school_results", lang), state.school_results, lang,
                     error=errors["school_urn"], default_value=state.defaults["school_urn"])
    return rx.el.fieldset(
        rx.el.legend(starred("child.school", lang),
                     class_name="govuk-fieldset__legend govuk-fieldset__legend--m"),
        text_input("school_query", t("child.school_search", lang), lang, hint=t("child.school_search_hint", lang),
                   default_value=state.school_query, name="school_query",
                   custom_attrs={"data-enter-presses": "school_query-search"}),
        button(t("child.school_search_button", lang), kind="secondary", type="button", id="school_query-search",
               on_click=state.search_school(typed_value("school_query")),
               custom_attrs={"data-focus-after": "school_urn", "data-focus-signal": "school_query-status"}),
        schools_found(state, lang, none_key="child.school_none", id="school_query-status"),
        rx.cond(state.school_searched & (state.school_results.length() > 0), results),
        radios("school_status", t("child.school_status", lang),
               [("listed", t("child.school_status.listed", lang)),
                ("not_listed", t("child.school_status.not_listed", lang)),
                ("not_in_school", t("child.school_status.not_in_school", lang))],
               lang, legend_class="govuk-fieldset__legend govuk-fieldset__legend--s",
               selected=state.defaults["school_status"]),
        text_input("school_name", t("child.school_name", lang), lang, error=errors["school_name"],
                   hint=t("child.school_name_hint", lang), default_value=state.defaults["school_name"]),
        class_name="govuk-fieldset",
    )


def _child_form(lang: Language, title_key: str, submit_key: str) -> rx.Component:
    state = ChildFormState
    errors = state.errors
    answers = state.defaults
    genders = [(value, t(f"gender.{value}", lang)) for value in GENDERS_AT_BIRTH]
    duplicate = notification_banner(
        rx.el.span(t("child.duplicate", lang), " ",
                   rx.el.a(t("child.duplicate_link", lang), href=routes.child_page(state.duplicate_id, "request", lang),
                           class_name="govuk-notification-banner__link")),
        lang)
    return rx.fragment(rx.el.div(rx.el.div(
        error_summary(state.error_list, lang),
        rx.cond(state.duplicate_id != "", duplicate),
        rx.el.h1(t(title_key, lang), class_name="govuk-heading-l"),
        rx.cond(state.ready, rx.el.form(
            text_input("forename", starred("child.forename", lang), lang, error=errors["forename"], spell_check=False,
                       default_value=answers["forename"]),
            text_input("middle_name", t("child.middle_name", lang), lang, error=errors["middle_name"],
                       spell_check=False, default_value=answers["middle_name"]),
            text_input("surname", starred("child.surname", lang), lang, error=errors["surname"], spell_check=False,
                       default_value=answers["surname"]),
            select("gender_at_birth", starred("child.gender", lang), genders, lang, error=errors["gender_at_birth"],
                   default_value=answers["gender_at_birth"]),
            date_input("dob", starred("child.dob", lang), lang, hint=t("child.dob_hint", lang), error=errors["dob"],
                       values=(answers["dob-day"], answers["dob-month"], answers["dob-year"]),
                       error_parts=state.date_parts),
            _school(lang),
            text_input("relationship", starred("child.relationship", lang), lang, error=errors["relationship"],
                       hint=t("child.relationship_hint", lang), width_class="govuk-!-width-one-half",
                       default_value=answers["relationship"]),
            radios("parental_responsibility", starred("child.responsibility", lang),
                   [("yes", t("answer.yes", lang)), ("no", t("answer.no", lang))], lang,
                   hint=t("child.responsibility_hint", lang), error=errors["parental_responsibility"], inline=True,
                   selected=answers["parental_responsibility"]),
            address_finder(state, errors, lang, "child.address", defaults=state.address_defaults),
            button(t(submit_key, lang)),
            key=state.editing_id,
            on_submit=state.submit, no_validate=True, reset_on_submit=False,
        )),
        class_name="govuk-grid-column-two-thirds",
    ), class_name="govuk-grid-row"))


def add_child(lang: Language) -> rx.Component:
    return _child_form(lang, "child.add.title", "child.add.submit")


def edit_child(lang: Language) -> rx.Component:
    return _child_form(lang, "child.edit.title", "child.edit.submit")


def _tab_link(section: str, lang: Language) -> rx.Component:
    label = t(f"tab.{section}", lang)
    href = routes.child_page(ChildPageState.child_id, section, lang)
    # one link whatever the tab, so the link just pressed keeps focus while the stage is drawn
    return rx.el.li(
        rx.el.a(label, href=href, class_name="govuk-tabs__tab",
                aria_current=rx.cond(ChildPageState.tab == section, "page", None)),
        class_name=rx.cond(ChildPageState.tab == section,
                           "govuk-tabs__list-item govuk-tabs__list-item--selected", "govuk-tabs__list-item"),
    )


def _forms_list(lang: Language) -> rx.Component:
    """Seed 1.2.3 and 1.3.6: the EHCNA form with Start, or the started one first with Continue."""
    state = ChildPageState
    name = t("form.ehcna.name", lang)
    draft_row = rx.el.tr(
        rx.el.td(name, class_name="govuk-table__cell"),
        rx.el.td(state.draft["status"], class_name="govuk-table__cell"),
        rx.el.td(rx.el.a(t("child.form.continue", lang), rx.el.span(" ", name, class_name="govuk-visually-hidden"),
                         href=state.draft["href"], class_name="govuk-button govuk-!-margin-bottom-0", role="button",
                         draggable=False),
                 rx.el.br(),
                 rx.el.a(t("child.form.delete", lang), rx.el.span(" ", name, class_name="govuk-visually-hidden"),
                         href=state.draft["delete"], class_name="govuk-link app-draft-delete"),
                 class_name="govuk-table__cell govuk-table__cell--numeric"),
        class_name="govuk-table__row", id="draft-form",
    )
    start_row = rx.el.tr(
        rx.el.td(name, class_name="govuk-table__cell"),
        rx.el.td(t("child.form.not_started", lang), class_name="govuk-table__cell"),
        rx.el.td(rx.el.button(t("child.form.start", lang), type="button", on_click=state.start_application,
                              aria_label=t("child.form.start_label", lang),
                              class_name="govuk-button govuk-!-margin-bottom-0"),
                 class_name="govuk-table__cell govuk-table__cell--numeric"),
        class_name="govuk-table__row", id="start-form",
    )

    def sent_row(item) -> rx.Component:
        return rx.el.tr(
            rx.el.td(name, rx.el.br(), t("child.form.reference", lang), " ", rx.el.strong(item["reference"]),
                     class_name="govuk-table__cell"),
            rx.el.td(item["status"], class_name="govuk-table__cell"),
            rx.el.td(rx.el.a(t("child.form.view", lang),
                             rx.el.span(" ", item["reference"], class_name="govuk-visually-hidden"),
                             href=item["href"], class_name="govuk-link"), rx.el.br(),
                     rx.el.a(t("child.form.documents", lang),
                             rx.el.span(" ", item["reference"], class_name="govuk-visually-hidden"),
                             href=item["documents"], class_name="govuk-link"),
                     class_name="govuk-table__cell govuk-table__cell--numeric"),
            class_name="govuk-table__row",
        )

    return _forms_table(rx.fragment(rx.cond(state.draft.contains("href"), draft_row, start_row),
                                    rx.foreach(state.sent, sent_row)), lang, "forms")


def _forms_table(rows: rx.Component, lang: Language, table_id: str) -> rx.Component:
    """A tab's forms: Form, Status and the action, under "Forms" (seed 1.2.3)."""
    headers = [t("child.forms.form", lang), t("child.forms.status", lang),
               rx.el.span(t("child.forms.action", lang), class_name="govuk-visually-hidden")]
    return table(headers, rows, caption=t("child.forms.title", lang), class_name="app-table--stacked", id=table_id)


def _stage_forms(lang: Language) -> rx.Component:
    """The open tab's own forms (the family's advice on the Assessment tab): Start, Continue or View."""
    state = ChildPageState

    def row(form) -> rx.Component:
        which = rx.el.span(" ", form["name"], class_name="govuk-visually-hidden")
        start = rx.el.button(t("child.form.start", lang), which, type="button", on_click=state.start_form(form["key"]),
                             class_name="govuk-button govuk-!-margin-bottom-0")
        opened = rx.el.a(form["link"], which, href=form["href"], class_name="govuk-link")
        return rx.el.tr(
            rx.el.td(form["name"], class_name="govuk-table__cell"),
            rx.el.td(form["status"], class_name="govuk-table__cell"),
            rx.el.td(rx.cond(form["href"] != "", opened, start),
                     class_name="govuk-table__cell govuk-table__cell--numeric"),
            class_name="govuk-table__row", id="form-" + form["key"],
        )

    table = rx.fragment(paragraph("child.forms.select", lang),
                        _forms_table(rx.foreach(state.tab_forms, row), lang, "stage-forms"))
    return rx.cond(state.tab_forms.length() > 0, table)


def _dates() -> rx.Component:
    state = ChildPageState
    return rx.cond(state.dates.length() > 0, summary_list_of(state.dates, id="request-dates"))


def _letters(section: str, lang: Language) -> rx.Component:
    """Letters shared with the parent at this stage (a decision, with their rights), newest first."""
    shared = ChildPageState.letters[section].to(list[dict[str, str]])
    listed = rx.el.ul(rx.foreach(shared, lambda letter: rx.el.li(
        in_page_link(letter["title"], target=letter["href"], class_name="govuk-link"), " ",
        rx.el.span(letter["date"], class_name="govuk-hint govuk-!-display-inline"),
        rx.cond(letter["pdf"] != "", rx.fragment(" ", rx.el.a(
            t("tab.letter_pdf", lang), rx.el.span(" (", letter["title"], ")", class_name="govuk-visually-hidden"),
            href=letter["pdf"], class_name="govuk-link", custom_attrs={"download": ""}))))),
        class_name="govuk-list", id=f"letters-{section}")
    return rx.cond(shared.length() > 0, listed, paragraph("tab.no_letters", lang))


def _advice(lang: Language) -> rx.Component:
    """The Assessment tab: who the council has asked for advice, by when, and whether it has come."""
    state = ChildPageState
    headers = [t(key, lang) for key in ("child.advice.type", "child.advice.from", "child.advice.asked",
                                        "child.advice.due", "child.advice.status")]
    rows = rx.foreach(state.advice, lambda row: table_row(
        rx.el.th(row["type"], scope="row", class_name="govuk-table__header"), row["from"], row["asked"], row["due"],
        rx.fragment(tag_by(row["state"], row["status"], ADVICE_TAG_COLOURS),
                    rx.cond(row["document"] != "", rx.el.a(
                        t("child.advice.read", lang), rx.el.span(" (", row["type"], ")",
                                                                 class_name="govuk-visually-hidden"),
                        href=row["document"], class_name="govuk-link app-advice-read",
                        custom_attrs={"download": ""}))),
        **{"data-status": row["state"]}))
    return rx.fragment(
        rx.el.h3(t("child.advice.title", lang), class_name="govuk-heading-m"),
        rx.cond(state.advice.length() > 0,
                table(headers, rows, class_name="app-table--stacked", id="advice-requests"),
                paragraph("child.advice.none", lang)))


def _plans(lang: Language) -> rx.Component:
    """The EHC Plan tab: each draft and the final plan, to read, print or download; by when to respond."""
    state = ChildPageState
    listed = rx.el.ul(rx.foreach(state.plans, lambda plan: rx.el.li(
        rx.el.h4(rx.el.a(plan["title"], href=plan["href"], class_name="govuk-link"), class_name="govuk-heading-s"),
        rx.el.p(t("plan.page.issued_on", lang), " ", plan["issued"], class_name="govuk-body govuk-!-margin-bottom-1"),
        rx.cond(plan["respond"] != "", rx.el.p(plan["respond"], class_name="govuk-body govuk-!-font-weight-bold")),
        rx.el.p(rx.el.a(t("plan.page.download", lang), rx.el.span(" (", plan["title"], ")",
                                                                  class_name="govuk-visually-hidden"),
                        href=plan["pdf"], class_name="govuk-link", custom_attrs={"download": ""}),
                class_name="govuk-body"))), class_name="govuk-list", id="plans")
    return rx.fragment(rx.el.h3(t("plan.page.title", lang), class_name="govuk-heading-m"),
                       rx.cond(state.plans.length() > 0, listed, paragraph("plan.page.none", lang)))


def _review_dates(lang: Language) -> rx.Component:
    """The EHCP Reviews tab: by when the next review must be held, the meeting once it is arranged, and the
    reports sent for it (each opened when wanted)."""
    def report(entry: SentFormView) -> rx.Component:
        return details(rx.fragment(t("review.tab.report_from", lang), " ", entry.name, " (", entry.received, ")"),
                       answers(entry.steps, lang))

    return rx.fragment(
        rx.el.ul(rx.foreach(ChildPageState.review_dates, lambda text: rx.el.li(text)), class_name="govuk-list",
                 id="review-dates"),
        rx.cond(ChildPageState.review_reports.length() > 0, rx.el.div(
            rx.el.h3(t("review.tab.reports", lang), class_name="govuk-heading-m"),
            rx.foreach(ChildPageState.review_reports.to(list[SentFormView]), report), id="review-reports")))


def _tab_panel(section: str, lang: Language) -> rx.Component:
    return rx.el.section(
        # the stage's heading takes focus when a tab is pressed (scripts/page-change.js: data-page-heading)
        rx.el.h2(t(f"tab.{section}", lang), class_name="govuk-heading-l", id=f"tab-heading-{section}",
                 custom_attrs={"data-page-heading": ""}),
        _dates(),
        rx.el.h3(t("tab.what_happens", lang), class_name="govuk-heading-m"),
        rx.el.p(ChildPageState.stage_texts[f"tab.{section}.what_happens"], class_name="govuk-body"),
        rx.el.h3(t("tab.information", lang), class_name="govuk-heading-m"),
        rx.el.p(ChildPageState.stage_texts[f"tab.{section}.information"], class_name="govuk-body"),
        _forms_list(lang) if section == "request" else _stage_forms(lang),
        _advice(lang) if section == "assessment" else _plans(lang) if section in ("plan", "reviews") else rx.fragment(),
        _review_dates(lang) if section == "reviews" else rx.fragment(),
        rx.el.h3(t("tab.letters", lang), class_name="govuk-heading-m"),
        _letters(section, lang),
        class_name="govuk-tabs__panel",
        aria_labelledby=f"tab-heading-{section}",
        id=f"panel-{section}",
    )


def child_page_title(lang: Language) -> rx.Var:
    """"Assessment – Your child – …": each stage tab is a page of its own, with its own title (WCAG 2.4.2)."""
    def titled(section: str) -> str:
        return t("page.title", lang, page=f"{t(f'tab.{section}', lang)} – {t('child.page_title', lang)}")

    return rx.match(ChildPageState.tab, *((section, titled(section)) for section in TABS),
                    t("page.title", lang, page=t("child.page_title", lang)))


def child_page(lang: Language) -> rx.Component:
    state = ChildPageState
    warning = warning_text(t("child.no_responsibility", lang), lang)
    page = rx.fragment(
        rx.el.span(t("child.caption", lang), class_name="govuk-caption-l"),
        rx.el.h1(state.name, class_name="govuk-heading-l"),
        rx.cond(state.saved, notification_banner(t("child.saved", lang), lang, success=True)),
        rx.cond(state.deleted, notification_banner(t("child.deleted", lang), lang, success=True)),
        summary_list([(t("child.born", lang), state.born), (t("child.school", lang), state.school)]),
        rx.el.p(rx.el.a(t("child.change", lang), href=routes.edit_child(state.child_id, lang),
                        class_name="govuk-link"), class_name="govuk-body"),
        rx.cond(state.parental_responsibility, rx.fragment(), warning),
        rx.el.div(
            rx.el.nav(rx.el.ul(*(_tab_link(section, lang) for section in TABS), class_name="govuk-tabs__list"),
                      aria_label=t("tab.label", lang)),
            rx.match(state.tab, *((section, _tab_panel(section, lang)) for section in TABS),
                     _tab_panel("request", lang)),
            class_name="govuk-tabs app-tabs",
        ),
    )
    missing = rx.fragment(rx.el.h1(t("notfound.title", lang), class_name="govuk-heading-l"),
                          paragraph("child.not_found", lang, routes.hrefs(lang)))
    return rx.fragment(rx.cond(state.found, page, missing))
