"""Using a page with the keyboard only, the way a keyboard user does: Tab to a control (never
clicking, never focusing from script), then type, Space, Enter or the arrow keys.

Every stop on the way is checked: it is visible, and it shows where focus is (WCAG 2.4.7, 2.4.11).
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Locator, Page

MAX_TABS = 250

# What the focused element shows: GOV.UK's yellow focus state is an outline, a box-shadow or a yellow
# background; radios and checkboxes draw it on their label's ::before/::after.
FOCUS_STATE = """target => {
  const e = document.activeElement;
  if (!e || e === document.body) return {tag: 'body', visible: false, shown: false, reached: false};
  const r = e.getBoundingClientRect();
  const styled = (el, pseudo) => {
    const s = getComputedStyle(el, pseudo);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && s.outlineColor !== 'rgba(0, 0, 0, 0)')
      || (s.boxShadow && s.boxShadow !== 'none') || s.backgroundColor === 'rgb(255, 221, 0)';
  };
  let shown = styled(e);
  if (!shown && (e.type === 'radio' || e.type === 'checkbox')) {
    const label = e.labels && e.labels[0];
    shown = Boolean(label) && (styled(label, '::before') || styled(label, '::after'));
  }
  const box = (e.type === 'radio' || e.type === 'checkbox') && e.labels && e.labels[0]
    ? e.labels[0].getBoundingClientRect() : r;
  return {tag: e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''), visible: box.width > 0 && box.height > 0,
          shown, reached: e === target};
}"""


class Keyboard:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.stops = 0

    def _is_focused(self, target: Locator) -> bool:
        return bool(target.evaluate("e => e === document.activeElement"))

    def tab_to(self, target: Locator, *, backwards: bool = False) -> None:
        """Press Tab until ``target`` has focus, checking each stop on the way (none when it has focus already:
        a press that moves focus to what comes next, a search's results, leaves the user there)."""
        target.wait_for(state="attached")
        if self._is_focused(target):
            return
        for _ in range(MAX_TABS):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            self.stops += 1
            state = target.evaluate(FOCUS_STATE)  # one round trip a stop: how focus looks, and whether it arrived
            if state["tag"] != "body":
                assert state["visible"], f"focus went to something invisible: {state['tag']} on {self.page.url}"
                assert state["shown"], f"focus is not visible on {state['tag']} on {self.page.url}"
            if state["reached"]:
                return
        raise AssertionError(f"{MAX_TABS} presses of Tab never reached {target} on {self.page.url}")

    def type(self, target: Locator, text: str) -> None:
        self.tab_to(target)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)

    def press(self, target: Locator) -> None:
        """Tab to a link or button and press Enter."""
        self.tab_to(target)
        self.page.keyboard.press("Enter")

    def tick(self, target: Locator) -> None:
        """Tab to a checkbox and press Space."""
        self.tab_to(target)
        self.page.keyboard.press("Space")
        assert target.is_checked()

    def choose(self, target: Locator) -> None:
        """A radio: Tab into its group (focus lands on the chosen one, or the first), then arrow to it."""
        name = target.get_attribute("name")
        group = self.page.locator(f'input[type="radio"][name="{name}"]')
        first = group.first
        checked = self.page.locator(f'input[type="radio"][name="{name}"]:checked')
        self.tab_to(checked if checked.count() else first)
        for _ in range(group.count() + 1):
            if self._is_focused(target):
                break
            self.page.keyboard.press("ArrowDown")
        assert self._is_focused(target), f"the arrow keys never reached {target}"
        self.page.keyboard.press("Space")
        assert target.is_checked()

    def select(self, target: Locator, value: str) -> None:
        """A <select>: Tab to it, then the arrow keys (as on Windows and Linux) until ``value`` is chosen."""
        self.tab_to(target)
        self.page.keyboard.press("Home")
        for _ in range(target.locator("option").count() + 1):
            if target.input_value() == value:
                return
            self.page.keyboard.press("ArrowDown")
        assert target.input_value() == value, f"could not choose {value!r} in {target}"

    def focused_matches(self, selector: str) -> bool:
        return bool(self.page.evaluate("s => Boolean(document.activeElement?.matches(s))", selector))


def fill_in_registration(keys: Keyboard, field: Callable[[str], Locator], email: str, password: str,
                         name: tuple[str, str], *, type_: Callable[[Locator, str], None] | None = None) -> None:
    """Register's questions up to the postcode, by keyboard (``type_``: how to type, with any check after it)."""
    typing = type_ or keys.type
    typing(field("email"), email)
    typing(field("confirm_email"), email)
    typing(field("password"), password)
    keys.select(field("title"), "Ms")
    typing(field("forename"), name[0])
    typing(field("surname"), name[1])
    keys.select(field("gender"), "female")
    typing(field("postcode"), "cv1 9xa")


def fill_in_child(keys: Keyboard, field: Callable[[str], Locator], name: tuple[str, str], gender: str,
                  born: tuple[str, str, str], *, type_: Callable[[Locator, str], None] | None = None) -> None:
    """Add child's questions up to the school search box, by keyboard."""
    typing = type_ or keys.type
    typing(field("forename"), name[0])
    typing(field("surname"), name[1])
    keys.select(field("gender_at_birth"), gender)
    for part, value in zip(("day", "month", "year"), born, strict=True):
        typing(field(f"dob-{part}"), value)
    typing(field("school_query"), "sample primary")
