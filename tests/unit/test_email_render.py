"""Emails and letters: the catalog's template is the only markup, values are data, links come only from
link slots on the portal's own origin (security.md §0 item 13)."""

import pytest

from ehcna_portal.services.email_render import Link, origin, render

PORTAL = "https://portal.example.gov.uk"
TEMPLATE = """# Your staff account is ready

Hello {name},

* first point
* second point

^ Keep this email safe

---

Sign in at {link}
Not ours: https://evil.example/phish"""


def rendered(name: str = "<Sam>", link: object = None, portal: str = PORTAL):
    return render(TEMPLATE, {"name": name, "link": link or Link(f"{PORTAL}/staff/sign-in")}, title="Subject",
                  service_name="Portal", portal_url=portal)


def test_text_part_keeps_the_words_and_structure():
    text = rendered().text
    assert text.startswith("Your staff account is ready\n\nHello <Sam>,")
    assert "• first point\n• second point" in text
    assert "https://portal.example.gov.uk/staff/sign-in" in text


def test_html_part_escapes_values_and_links_only_link_slots_on_our_origin():
    html = rendered().html
    assert "<h1" in html and "Your staff account is ready</h1>" in html
    assert "Hello &lt;Sam&gt;," in html and "<Sam>" not in html
    assert '<a href="https://portal.example.gov.uk/staff/sign-in"' in html
    assert 'href="https://evil.example' not in html and "https://evil.example/phish" in html
    assert "<ul" in html and "<blockquote" in html and "<hr" in html


def test_a_name_with_line_breaks_and_markup_stays_text():
    """The probe's forename: a heading, a bullet and a rule typed into a name become none of them."""
    name = "Eve\n\n# URGENT: your account is suspended\n\n* click https://portal.example.gov.uk.evil.example/x\n---"
    body = rendered(name=name)
    assert body.html.count("<h1") == 1 and body.html.count("<hr") == 1 and body.html.count("<li") == 2
    assert "URGENT" in body.html and "<h1 style" not in body.html.split("URGENT")[0].split("Hello")[-1]
    assert 'href="https://portal.example.gov.uk.evil.example' not in body.html
    assert body.html.count("<a ") == 1  # the template's own link slot only
    assert "# URGENT: your account is suspended" in body.text  # as typed, in its paragraph


@pytest.mark.parametrize("url", [
    "https://portal.example.gov.uk@evil.example/staff/sign-in",  # user info: the host is evil.example
    "https://portal.example.gov.uk.evil.example/staff/sign-in",  # a longer host that starts the same
    "https://portal.example.gov.uk:8443/staff/sign-in",  # another port
    "http://portal.example.gov.uk/staff/sign-in",  # another scheme
    "javascript:alert(1)//https://portal.example.gov.uk/",
    "https://PORTAL.example.gov.uk:443/ok",  # same origin, spelt differently: linked
])
def test_a_link_slot_is_linked_only_on_exactly_our_origin(url: str):
    html = rendered(link=Link(url)).html
    linked = "<a " in html
    assert linked is (url == "https://PORTAL.example.gov.uk:443/ok"), url


def test_a_url_typed_as_a_value_is_never_a_link_even_on_our_origin():
    html = render("Reason: {reason}", {"reason": f"see {PORTAL}/sign-in"}, title="t", service_name="s",
                  portal_url=PORTAL).html
    assert "<a " not in html and f"see {PORTAL}/sign-in" in html


def test_origin_is_parsed_not_compared_by_prefix():
    assert origin("https://portal.example.gov.uk/x") == ("https", "portal.example.gov.uk", 443)
    assert origin("https://portal.example.gov.uk@evil.example/") is None
    assert origin("https://portal.example.gov.uk.evil.example/")[1] == "portal.example.gov.uk.evil.example"
    assert origin("ftp://portal.example.gov.uk/") is None and origin("https://x:99999/") is None


def test_a_list_value_alone_in_its_block_is_a_bulleted_list_of_data():
    body = render("Steps:\n\n{steps}\n\nEnd", {"steps": ["Step 1 – About you", "# not a heading"]},
                  title="t", service_name="s", portal_url=PORTAL)
    assert "• Step 1 – About you\n• # not a heading" in body.text
    assert body.html.count("<li") == 2 and "<h1" not in body.html


def test_multi_paragraph_reasons_keep_their_breaks_as_text():
    body = render("## Our reasons\n\n{reasons}", {"reasons": "First.\r\n\r\n## Second\x1b[31m"}, title="t",
                  service_name="s", portal_url=PORTAL)
    assert body.html.count("<h2") == 1 and "First.<br><br>## Second" in body.html
    assert "\x1b" not in body.html and "\x1b" not in body.text


def test_the_title_is_one_line():
    html = render("x", {}, title="Reference\r\nBcc: someone", service_name="s", portal_url=PORTAL).html
    assert "<title>Reference Bcc: someone</title>" in html
