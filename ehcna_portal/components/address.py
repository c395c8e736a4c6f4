"""The address finder's markup: postcode, Find address, a list to pick from, or the address typed in."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ehcna_portal.components.content import button
from ehcna_portal.components.forms import select, text_input, typed_value
from ehcna_portal.components.text import paragraph
from ehcna_portal.i18n import Language, t


def address_finder(state: Any, errors: Any, lang: Language, legend_key: str, defaults: Any = None) -> rx.Component:
    """``state`` is a state using AddressFinderMixin; ``errors`` its errors Var; ``defaults`` (a dict Var)
    pre-fills the typed address (a child's address starts as the parent's)."""
    def default(name: str) -> dict[str, Any]:
        return {"default_value": defaults[name]} if defaults is not None else {}

    status = state.lookup_status
    show_list = (state.addresses.length() > 0) & ~state.manual
    chooser = select("uprn", t("address.select", lang), state.addresses, lang, error=errors["uprn"],
                     prompt_key="address.count")
    manual_fields = rx.fragment(
        text_input("address_line_1", t("field.address_line_1", lang), lang, error=errors["address_line_1"],
                   auto_complete="address-line1", **default("address_line_1")),
        text_input("address_line_2", t("field.address_line_2", lang), lang, error=errors["address_line_2"],
                   auto_complete="address-line2", **default("address_line_2")),
        text_input("town", t("field.town", lang), lang, error=errors["town"], auto_complete="address-level2",
                   width_class="govuk-!-width-two-thirds", **default("town")),
    )
    return rx.el.fieldset(
        rx.el.legend(t(legend_key, lang), class_name="govuk-fieldset__legend govuk-fieldset__legend--m"),
        paragraph("register.address_hint", lang, class_name="govuk-hint"),
        text_input("postcode", t("field.postcode", lang), lang, error=errors["postcode"],
                   auto_complete="postal-code", width_class="govuk-input--width-10",
                   custom_attrs={"data-enter-presses": "postcode-find"},
                   # Not bound key by key (a round trip per key loses characters typed quickly):
                   # Find address sends what the box holds.
                   default_value=state.postcode),
        # Always offered: a child's address starts typed in as the parent's, and can still be found.
        # Enter in the postcode box finds the address (not the whole form); focus then moves to the list
        button(t("address.find", lang), kind="secondary", type="button", id="postcode-find",
               on_click=state.find_address(typed_value("postcode")),
               custom_attrs={"data-focus-after": "uprn", "data-focus-signal": "postcode-status"}),
        rx.el.div(
            rx.match(
                status,
                ("found", rx.el.p(t("address.found", lang), " ", state.addresses.length().to_string(),
                                  class_name="govuk-body")),
                ("none", paragraph("address.none", lang)),
                ("unavailable", paragraph("address.unavailable", lang)),
                ("invalid", paragraph("address.invalid", lang)),
                rx.fragment(),
            ),
            role="status", id="postcode-status",
        ),
        rx.cond(show_list, chooser),
        rx.cond(state.manual, manual_fields,
                button(t("address.manual", lang), kind="secondary", type="button", on_click=state.enter_manually,
                       custom_attrs={"data-focus-after": "address_line_1"})),
        class_name="govuk-fieldset",
    )
