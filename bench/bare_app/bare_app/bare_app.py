"""One page with one heading and one trivial state: nothing of the portal.

With ``BARE_RADIX=1`` the same page is drawn with Radix Themes (Reflex's default component
library), so the page weight of both can be measured in the same run (bench/page_weight.py)."""

import os

import reflex as rx

RADIX = os.environ.get("BARE_RADIX") == "1"


class CounterState(rx.State):
    count: int = 0

    @rx.event
    def increment(self):
        self.count += 1


def index() -> rx.Component:
    if RADIX:
        return rx.container(rx.heading("Welcome", as_="h1"), rx.text(CounterState.count),
                            rx.button("Add one", on_click=CounterState.increment), id="main-content")
    return rx.el.main(rx.el.h1("Welcome"), rx.el.p(CounterState.count), id="main-content")


app = rx.App(toaster=None)
app.add_page(index, route="/", title="Welcome")
