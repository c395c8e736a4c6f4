"""WCAG 1.4.10 Reflow: at 320 CSS pixels wide (400% zoom of a 1280 px screen) nothing scrolls sideways;
1.4.12 Text spacing: with the spacing a reader may force, no text is cut off; 2.5.8 Target size: controls
are at least 24 by 24 pixels. In English and in Welsh."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from ehcna_portal.i18n import localised_path
from tests.support import ehcna_steps as steps
from tests.support.browser import open_page
from tests.support.parent_pages import start_application
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser
WIDTH = 320

OVERFLOW = """() => ({width: document.documentElement.scrollWidth,
  wide: Array.from(document.querySelectorAll('body *'))
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)})"""


def assert_reflows(page: Page) -> None:
    found = page.evaluate(OVERFLOW)
    assert found["width"] <= WIDTH, f"{page.url} scrolls sideways at {WIDTH}px: {found['wide']}"


@pytest.fixture
def narrow(browser: Browser, served_app: ServedApp):
    context = browser.new_context(base_url=served_app.url, viewport={"width": WIDTH, "height": 640})
    yield context.new_page()
    context.close()


def test_public_pages_reflow(narrow: Page):
    for path in ("/", "/sign-in", "/register", "/forgotten-password", "/privacy", "/accessibility", "/guidance",
                 "/cy", "/cy/sign-in"):
        open_page(narrow, path, check_accessibility=False)
        assert_reflows(narrow)
    # the check notices a page that does scroll sideways
    narrow.evaluate("() => document.querySelector('main').append(Object.assign(document.createElement('div'), "
                    "{style: 'width: 400px; height: 1px'}))")
    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_reflows(narrow)


def test_the_parent_journey_reflows(narrow: Page, served_app: ServedApp):
    start_application(narrow, served_app)
    assert_reflows(narrow)
    steps.step_1(narrow)
    assert_reflows(narrow)
    # Step 2 starts filled in from Add child: emptied, it shows its errors
    narrow.get_by_label(steps.label("What is your relationship to the child?")).select_option("")
    narrow.get_by_role("button", name="Save & Continue").click()
    expect(narrow.locator("#error-summary")).to_be_visible()
    assert_reflows(narrow)  # with the error summary and messages shown
    for fill in (steps.step_2, steps.step_3, steps.step_4, steps.step_5, steps.step_6, steps.step_7):
        fill(narrow)
        assert_reflows(narrow)  # the next step, and (from step 2) item lists with Change and Remove
    narrow.get_by_role("button", name="Save & Continue").click()
    expect(narrow.locator("h1")).to_have_text("Summary")
    steps.wait_until_loaded(narrow)
    assert_reflows(narrow)


# WCAG 1.4.12 Text spacing: the spacing a reader may force, from the W3C's own test bookmarklet.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p, li, dd, .govuk-body { margin-bottom: 2em !important; }"""
CLIPPED = """() => Array.from(document.querySelectorAll('main *, header *, nav *, footer *'))
  .filter(e => e.offsetParent !== null && e.textContent.trim())
  .filter(e => { const s = getComputedStyle(e);
    const hides = v => v === 'hidden' || v === 'clip';
    return (hides(s.overflowX) && e.scrollWidth > e.clientWidth + 1)
        || (hides(s.overflowY) && e.scrollHeight > e.clientHeight + 1); })
  .filter(e => !e.closest('.govuk-visually-hidden'))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40))"""
# WCAG 2.5.8 Target size (minimum): 24 by 24 CSS pixels, unless a link sits inside a sentence, or the
# target is spaced out: a 24px circle on its centre touches no other target nor another small one's circle.
SMALL_TARGETS = """() => {
  const all = Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea'))
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
                   && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[inert], dialog:not([open])')
                   && !e.matches('.govuk-skip-link:not(:focus)'); });
  const inline = e => e.tagName === 'A' && getComputedStyle(e).display === 'inline'
                      && e.parentElement.textContent.trim() !== e.textContent.trim();
  const small = e => { const r = e.getBoundingClientRect(); return r.width < 24 || r.height < 24; };
  const centre = e => { const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; };
  const distanceToBox = ([x, y], e) => { const r = e.getBoundingClientRect();
    return Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom)); };
  const crowded = e => all.some(o => o !== e && !o.contains(e) && !e.contains(o)
    && (distanceToBox(centre(e), o) < 12
        || (small(o) && Math.hypot(centre(e)[0] - centre(o)[0], centre(e)[1] - centre(o)[1]) < 24)));
  return all.filter(e => small(e) && !inline(e) && crowded(e)).map(e => {
    const r = e.getBoundingClientRect(), text = (e.textContent || e.name || '').trim();
    return `${e.tagName.toLowerCase()} "${text.slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`; });
}"""


def assert_text_spacing_and_targets(page: Page) -> None:
    assert page.evaluate(SMALL_TARGETS) == [], f"targets smaller than 24x24 on {page.url}"
    page.add_style_tag(content=TEXT_SPACING)
    assert page.evaluate(CLIPPED) == [], f"text cut off with increased spacing on {page.url}"
    assert_reflows(page)


WELSH_AND_ENGLISH_PAGES = ["/", "/register", "/sign-in", "/forgotten-password", "/privacy", "/accessibility",
                           "/cookies", "/contact", "/guidance"]


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_public_pages_keep_text_spacing_and_target_size_at_320px(narrow: Page, lang: str):
    for path in WELSH_AND_ENGLISH_PAGES:
        open_page(narrow, localised_path(path, lang), check_accessibility=False)  # type: ignore[arg-type]
        assert_text_spacing_and_targets(narrow)
    # the checks notice a clipped box and a tiny button
    narrow.evaluate("""() => document.querySelector('main').append(...['x', 'y'].map(text => Object.assign(
      document.createElement('button'), {textContent: text, style: 'width:10px;height:10px;padding:0'})))""")
    with pytest.raises(AssertionError, match="24x24"):
        assert_text_spacing_and_targets(narrow)
    narrow.evaluate("""() => { document.querySelectorAll('main > button').forEach(b => b.remove());
      document.querySelector('main').append(Object.assign(document.createElement('p'),
        {textContent: 'A long sentence that cannot fit', style: 'height: 5px; overflow: hidden'})); }""")
    with pytest.raises(AssertionError, match="cut off"):
        assert_text_spacing_and_targets(narrow)


def test_the_application_in_welsh_reflows_and_keeps_text_spacing(narrow: Page, served_app: ServedApp):
    start_application(narrow, served_app)
    narrow.get_by_role("link", name="Cymraeg").click()
    expect(narrow.locator("h1")).to_contain_text("Cam 1 o 8")
    steps.wait_until_loaded(narrow)
    base = narrow.url.rsplit("/", 1)[0]
    narrow.get_by_role("button", name="Cadw a Pharhau").click()  # nothing answered: errors shown
    expect(narrow.locator("#error-summary")).to_be_visible()
    assert_reflows(narrow)
    assert_text_spacing_and_targets(narrow)
    for page_name in [f"step-{number}" for number in range(2, 9)] + ["summary"]:
        open_page(narrow, f"{base}/{page_name}", check_accessibility=False)
        steps.wait_until_loaded(narrow)
        assert_text_spacing_and_targets(narrow)
