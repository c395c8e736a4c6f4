"""The postcode finder, for any form that asks for an address (the parent's now, a child's next).

Enter a postcode, press Find address, pick from the list — or "Use another
address" and type it. Whatever the lookup says (nothing found, not a
postcode, finder unavailable), the manual route stays open.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from ehcna_portal.db import get_engine
from ehcna_portal.services.addresses import LookupStatus, lookup, provider_for
from ehcna_portal.services.validation import clean
from ehcna_portal.settings import get_settings
from ehcna_portal.state.guards import public

_POSTCODE_MAX = 20


class AddressFinderMixin(rx.State, mixin=True):
    postcode: str = ""
    lookup_status: str = ""  # a LookupStatus value once the parent has pressed Find address
    addresses: list[dict[str, str]] = []  # {"value": uprn, "label"} for the list
    manual: bool = False
    _found: dict[str, dict[str, str]] = {}

    @rx.event
    @public
    async def find_address(self, typed: str = ""):
        """``typed`` is what the postcode box holds when Find address is pressed (the box is not
        bound to the server key by key, so nothing typed is lost and nothing stale is searched)."""
        self.postcode = typed[:_POSTCODE_MAX]
        result = await asyncio.to_thread(lookup, provider_for(get_settings(), get_engine()), self.postcode)
        self.lookup_status = result.status.value
        if result.status != LookupStatus.INVALID:
            self.postcode = result.postcode
        self._found = {a.uprn: {"address_line_1": a.line_1, "address_line_2": a.line_2, "town": a.town,
                                "postcode": a.postcode, "uprn": a.uprn} for a in result.addresses}
        self.addresses = [{"value": a.uprn, "label": a.label} for a in result.addresses]
        self.manual = result.status in (LookupStatus.NONE, LookupStatus.UNAVAILABLE)
        # The box is uncontrolled (no character lost to a round trip): show the tidied postcode in it — only
        # when tidying changed it, so that nothing typed since the press is overwritten with the same text.
        return rx.set_value("postcode", self.postcode) if self.postcode != typed else None

    @rx.event
    @public
    def enter_manually(self):
        self.manual = True

    def _reset_finder(self) -> None:
        self.postcode = self.lookup_status = ""
        self.addresses = []
        self.manual = False
        self._found = {}

    def _address_answers(self, form_data: dict) -> tuple[dict[str, str], dict[str, str]]:
        """(address values, errors) from either the chosen list entry or the typed fields."""
        if self.manual:
            values = {name: clean(form_data.get(name)) for name in ("address_line_1", "address_line_2", "town")}
            return {**values, "postcode": clean(form_data.get("postcode")), "uprn": ""}, {}
        chosen = self._found.get(clean(form_data.get("uprn")))
        if chosen:
            return dict(chosen), {}
        if self.addresses:
            return {}, {"uprn": "error.address.choose"}
        if not clean(form_data.get("postcode")):
            return {}, {"postcode": "error.postcode.empty"}
        return {}, {"postcode": "error.address.find_first"}
