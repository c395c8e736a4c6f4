"""One page with one heading and one trivial state: nothing of the portal."""

import reflex as rx


class CounterState(rx.State):
    count: int = 0

    @rx.event
    def increment(self):
        self.count += 1


def index() -> rx.Component:
    return rx.el.main(rx.el.h1("Welcome"), rx.el.p(CounterState.count), id="main-content")


app = rx.App(toaster=None)
app.add_page(index, route="/", title="Welcome")
