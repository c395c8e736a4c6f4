"""One Notify-style source gives matching plain-text and HTML parts, safely escaped."""

from ehcna_portal.services.email_render import render_email

SOURCE = """# Your staff account is ready

Hello <Sam>,

* first point
* second point

^ Keep this email safe

---

Sign in at https://portal.example.gov.uk/staff/sign-in
Not ours: https://evil.example/phish"""


def render():
    return render_email(SOURCE, title="Subject", service_name="Portal",
                        link_prefix="https://portal.example.gov.uk")


def test_text_part_keeps_the_words_and_structure():
    text = render().text
    assert text.startswith("Your staff account is ready\n\nHello <Sam>,")
    assert "• first point\n• second point" in text
    assert "https://portal.example.gov.uk/staff/sign-in" in text


def test_html_part_escapes_user_text_and_links_only_our_urls():
    html = render().html
    assert "<h1" in html and "Your staff account is ready</h1>" in html
    assert "Hello &lt;Sam&gt;," in html and "<Sam>" not in html
    assert '<a href="https://portal.example.gov.uk/staff/sign-in"' in html
    assert 'href="https://evil.example' not in html and "https://evil.example/phish" in html
    assert "<ul" in html and "<blockquote" in html and "<hr" in html
