"""Turn one GOV.UK Notify-style source into the plain-text and HTML parts of an email.

The source allows what Notify allows — ``#`` heading, ``##`` subheading,
bullets (``*`` or ``-``), ``^`` inset text, ``---`` rule and paragraphs — and
nothing else (no bold or italics). Text is HTML-escaped, and only URLs that
start with the portal's own public URL become links, so a value typed by a
user (a name, say) can never turn into a clickable phishing link.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)]")

_FONT = "font-family: Helvetica, Arial, sans-serif; color: #0b0c0c;"
_P = f"{_FONT} font-size: 19px; line-height: 25px; margin: 0 0 20px 0;"
_H1 = f"{_FONT} font-size: 28px; line-height: 1.3; font-weight: bold; margin: 0 0 20px 0;"
_H2 = f"{_FONT} font-size: 24px; line-height: 1.3; font-weight: bold; margin: 0 0 15px 0;"
_INSET = "border-left: 10px solid #b1b4b6; padding: 15px 0 0.1px 15px; margin: 0 0 20px 0;"
_HR = "border: 0; height: 1px; background: #b1b4b6; margin: 30px 0;"
_LINK = "color: #1d70b8; text-decoration: underline;"


@dataclass(frozen=True)
class EmailBody:
    text: str
    html: str


@dataclass(frozen=True)
class _Block:
    kind: str  # h1, h2, p, ul, inset, hr
    lines: tuple[str, ...]


def _blocks(source: str) -> list[_Block]:
    blocks: list[_Block] = []
    for chunk in re.split(r"\n\s*\n", source.strip()):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        first = lines[0]
        if first == "---":
            blocks.append(_Block("hr", ()))
        elif first.startswith("## "):
            blocks.append(_Block("h2", (first[3:],)))
        elif first.startswith("# "):
            blocks.append(_Block("h1", (first[2:],)))
        elif first.startswith("^"):
            blocks.append(_Block("inset", tuple(line.lstrip("^ ").strip() for line in lines)))
        elif all(line[:2] in {"* ", "- "} for line in lines):
            blocks.append(_Block("ul", tuple(line[2:] for line in lines)))
        else:
            blocks.append(_Block("p", tuple(lines)))
    return blocks


def _inline_html(text: str, link_prefix: str) -> str:
    """Escape text and link the URLs that point at this portal."""
    out: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        out.append(html.escape(text[position:match.start()]))
        url = match.group(0)
        if link_prefix and url.startswith(link_prefix):
            out.append(f'<a href="{html.escape(url)}" style="{_LINK}">{html.escape(url)}</a>')
        else:
            out.append(html.escape(url))
        position = match.end()
    out.append(html.escape(text[position:]))
    return "".join(out)


def _text_part(blocks: list[_Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if block.kind == "hr":
            parts.append("-" * 40)
        elif block.kind == "ul":
            parts.append("\n".join(f"• {line}" for line in block.lines))
        elif block.kind == "inset":
            parts.append("\n".join(f"  {line}" for line in block.lines))
        else:
            parts.append("\n".join(block.lines))
    return "\n\n".join(parts) + "\n"


def _html_part(blocks: list[_Block], title: str, service_name: str, link_prefix: str, lang: str) -> str:
    body: list[str] = []
    for block in blocks:
        inline = [_inline_html(line, link_prefix) for line in block.lines]
        if block.kind == "hr":
            body.append(f'<hr style="{_HR}">')
        elif block.kind == "h1":
            body.append(f'<h1 style="{_H1}">{inline[0]}</h1>')
        elif block.kind == "h2":
            body.append(f'<h2 style="{_H2}">{inline[0]}</h2>')
        elif block.kind == "ul":
            items = "".join(f'<li style="{_P} margin-bottom: 5px;">{line}</li>' for line in inline)
            body.append(f'<ul style="padding-left: 20px; margin: 0 0 20px 0;">{items}</ul>')
        elif block.kind == "inset":
            quoted = "<br>".join(inline)
            body.append(f'<blockquote style="{_INSET}"><p style="{_P}">{quoted}</p></blockquote>')
        else:
            body.append(f'<p style="{_P}">{"<br>".join(inline)}</p>')
    return (
        f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head>"
        '<body style="margin: 0; padding: 0; background: #ffffff;">'
        f'<div style="background: #0b0c0c; padding: 15px 20px;"><span style="{_FONT} color: #ffffff; '
        f'font-size: 24px; font-weight: bold;">{html.escape(service_name)}</span></div>'
        f'<div style="max-width: 580px; padding: 30px 20px;">{"".join(body)}</div>'
        "</body></html>"
    )


def render_email(source: str, *, title: str, service_name: str, link_prefix: str, lang: str = "en") -> EmailBody:
    """Both parts of one email from one source (``lang`` marks the HTML part's language)."""
    blocks = _blocks(source)
    return EmailBody(text=_text_part(blocks), html=_html_part(blocks, title, service_name, link_prefix, lang))
