"""The Advice section of the staff case page: "Request advice" (reg 6(1)), then the advice tracker — who was
asked, when, by when (reg 8(1)), where it stands — and what a caseworker can do with a request. Its handlers are
the case page's (state/staff_case.py)."""

from __future__ import annotations

import reflex as rx

from ehcna_portal.components.content import ADVICE_TAG_COLOURS, button, details, table, table_row, tag_by
from ehcna_portal.components.forms import long_text, radios_from, text_input
from ehcna_portal.i18n import t
from ehcna_portal.models import AdviceType
from ehcna_portal.pages.answers import sent_forms
from ehcna_portal.pages.staff import EN
from ehcna_portal.state.staff_case import CaseState

OUTCOMES = [{"value": "exception", "label": t("advice.status.exception", EN)},
            {"value": "withdrawn", "label": t("advice.status.withdrawn", EN)}]


def _source(kind: str) -> rx.Component:
    """One source of advice in "Request advice": who to ask (suggested from the address book), or for a required
    professional source, the reason existing advice is enough (reg 6(4))."""
    proposed = CaseState.advice_proposed[kind].to(dict[str, str])
    errors = CaseState.errors
    fields = [
        rx.el.input(type="hidden", name=f"{kind}-present", value="yes"),
        rx.el.input(type="hidden", name=f"{kind}-professional", value=proposed["professional"]),
        text_input(f"{kind}-name", t("staff.advice.name", EN), EN, default_value=proposed["name"],
                   error=errors[f"{kind}-name"], width_class="govuk-!-width-two-thirds"),
    ]
    if kind != AdviceType.FAMILY:
        fields += [text_input(f"{kind}-organisation", t("staff.advice.organisation", EN), EN,
                              default_value=proposed["organisation"], error=errors[f"{kind}-organisation"],
                              width_class="govuk-!-width-two-thirds")]
    fields += [text_input(f"{kind}-email", t("staff.advice.email", EN), EN, input_type="email",
                          default_value=proposed["email"], error=errors[f"{kind}-email"], spell_check=False,
                          auto_complete="off", width_class="govuk-!-width-two-thirds")]
    if kind not in (AdviceType.FAMILY, AdviceType.OTHER, AdviceType.FAMILY_ASKED):
        fields += [details(t("staff.advice.existing", EN),
                           text_input(f"{kind}-existing_reason", t("staff.advice.existing_reason", EN), EN,
                                      hint=t("staff.advice.existing_hint", EN),
                                      error=errors[f"{kind}-existing_reason"]))]
    hint = t("staff.advice.optional", EN) if kind in (AdviceType.OTHER, AdviceType.FAMILY_ASKED) else ""
    return rx.cond(CaseState.advice_proposed.contains(kind), rx.el.fieldset(
        rx.el.legend(t(f"advice.type.{kind}", EN), class_name="govuk-fieldset__legend govuk-fieldset__legend--s"),
        rx.el.div(hint, class_name="govuk-hint") if hint else rx.fragment(),
        *fields, class_name="govuk-fieldset app-advice-source"))


def _request_form() -> rx.Component:
    return rx.cond(CaseState.advice_proposed.length() > 0, rx.el.form(
        rx.el.h2(t("staff.advice.request", EN), class_name="govuk-heading-m"),
        rx.el.p(t("staff.advice.request_intro", EN), class_name="govuk-body"),
        *(_source(kind) for kind in AdviceType.ALL),
        button(t("staff.advice.send", EN)),
        on_submit=CaseState.advice_send, no_validate=True, reset_on_submit=False, id="request-advice"))


def _row_action(label: str, handler: rx.event.EventHandler, row: rx.Var) -> rx.Component:
    """An action on one request, named for it for screen readers ("Send again (Psychological advice)")."""
    return rx.el.button(label, rx.el.span(" (", row["type"], ")", class_name="govuk-visually-hidden"),
                        type="button",
                        class_name="app-link-button govuk-body govuk-!-margin-bottom-1",
                        on_click=handler(row["id"]))


def _tracker() -> rx.Component:
    def row(entry: rx.Var) -> rx.Component:
        return table_row(
            rx.el.th(entry["type"], scope="row", class_name="govuk-table__header"),
            rx.fragment(entry["who"], rx.el.br(), entry["organisation"], rx.el.br(),
                        rx.el.span(entry["email"], class_name="govuk-hint app-break-anywhere")),
            rx.fragment(entry["due"], rx.cond(entry["sent"] != "", rx.el.span(
                t("staff.advice.sent_on", EN), " ", entry["sent"], class_name="govuk-hint govuk-!-display-block"))),
            rx.fragment(tag_by(entry["status"], entry["status_label"], ADVICE_TAG_COLOURS),
                        rx.cond(entry["received"] != "", rx.el.span(
                            t("staff.advice.received_on", EN), " ", entry["received"],
                            class_name="govuk-hint govuk-!-display-block")),
                        rx.cond(entry["document"] != "", rx.el.a(
                            t("staff.advice.document", EN), rx.el.span(" (", entry["type"], ")",
                                                                      class_name="govuk-visually-hidden"),
                            href=entry["document"], class_name="govuk-link govuk-!-display-block",
                            custom_attrs={"download": ""})),
                        rx.cond(entry["reason"] != "", rx.el.p(entry["reason"], class_name="govuk-body-s")),
                        rx.cond(entry["waiting"] == "yes", rx.el.div(
                            _row_action(t("staff.advice.resend", EN), CaseState.advice_resend, entry), rx.el.br(),
                            _row_action(t("staff.advice.mark_received", EN), CaseState.advice_received, entry),
                            class_name="govuk-!-margin-top-2"))),
            **{"data-status": entry["status"]})

    headers = [t(key, EN) for key in ("staff.advice.type", "staff.advice.who", "staff.advice.due",
                                      "staff.advice.status")]
    tracker = table(headers, rx.foreach(CaseState.advice, row), caption=t("staff.advice.tracker", EN),
                    id="advice-tracker")
    # A wide table scrolls sideways in the column rather than running under the actions beside it.
    return rx.cond(CaseState.advice.length() > 0,
                   rx.el.div(tracker, class_name="app-scrollable", tab_index=0, role="region",
                             aria_label=t("staff.advice.tracker", EN)),
                   rx.cond(CaseState.advice_proposed.length() == 0,
                           rx.el.p(t("staff.advice.none_yet", EN), class_name="govuk-body")))


def _settle_form() -> rx.Component:
    """Record a reg 8(2) exception, or withdraw a request, with the reason."""
    errors = CaseState.errors
    return rx.cond(CaseState.advice_waiting.length() > 0, details(
        t("staff.advice.settle", EN),
        rx.el.form(
            radios_from("advice_request", t("staff.advice.which", EN), CaseState.advice_waiting, EN,
                        error=errors["advice_request"]),
            radios_from("advice_status", t("staff.advice.outcome", EN), rx.Var.create(OUTCOMES), EN,
                        error=errors["advice_status"]),
            radios_from("advice_exception", t("staff.advice.exception", EN), CaseState.advice_exceptions, EN,
                        error=errors["advice_exception"]),
            long_text("advice_reason", t("staff.advice.reason", EN), EN, max_length=500,
                      default_value=rx.Var.create(""), error=errors["advice_reason"]),
            button(t("staff.advice.save", EN), kind="secondary"),
            on_submit=CaseState.advice_settle, no_validate=True, reset_on_submit=False)))


def _redirect_form() -> rx.Component:
    """Ask someone else instead (the first has left, or the wrong person was asked): a new link, 6 new weeks."""
    errors = CaseState.errors
    return rx.cond(CaseState.advice_waiting.length() > 0, details(
        t("staff.advice.redirect", EN),
        rx.el.form(
            radios_from("redirect_request", t("staff.advice.which", EN), CaseState.advice_waiting, EN,
                        error=errors["redirect_request"]),
            text_input("redirect-name", t("staff.advice.name", EN), EN, error=errors["redirect-name"]),
            text_input("redirect-organisation", t("staff.advice.organisation", EN), EN,
                       error=errors["redirect-organisation"]),
            text_input("redirect-email", t("staff.advice.email", EN), EN, input_type="email",
                       error=errors["redirect-email"], spell_check=False, auto_complete="off"),
            button(t("staff.advice.redirect_send", EN), kind="secondary"),
            on_submit=CaseState.advice_redirect, no_validate=True, reset_on_submit=False)))


def advice_section() -> rx.Component:
    return rx.fragment(  # its problems are in the case page's error summary
        rx.el.h2(t("staff.advice.title", EN), class_name="govuk-heading-m"),
        _tracker(), _redirect_form(), _settle_form(), _request_form(),
        rx.el.div(sent_forms(CaseState.advice_given, EN), id="advice-given"))
