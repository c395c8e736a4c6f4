"""Turn a GOV.UK Notify-style template and its values into the plain-text and HTML parts of an email
or a letter.

The *template* is the catalog's text: it alone may use Notify's markup — ``#`` heading, ``##``
subheading, bullets (``*`` or ``-``), ``^`` inset text, ``---`` rule and paragraphs (no bold or
italics) — and its ``{placeholders}`` say where the values go. The *values* are data: names, reasons,
references and answers are put in after the template has been split into blocks, HTML-escaped, and
never read as markup, so a forename holding a line break and ``#`` stays text. Links come only from
:class:`Link` values (the template's link slots), and only when the link's origin — scheme, host and
port, parsed — is exactly the portal's own; a URL anywhere else is text.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

_FONT = "font-family: Helvetica, Arial, sans-serif; color: #0b0c0c;"
_P = f"{_FONT} font-size: 19px; line-height: 25px; margin: 0 0 20px 0;"
_H1 = f"{_FONT} font-size: 28px; line-height: 1.3; font-weight: bold; margin: 0 0 20px 0;"
_H2 = f"{_FONT} font-size: 24px; line-height: 1.3; font-weight: bold; margin: 0 0 15px 0;"
_INSET = "border-left: 10px solid #b1b4b6; padding: 15px 0 0.1px 15px; margin: 0 0 20px 0;"
_HR = "border: 0; height: 1px; background: #b1b4b6; margin: 30px 0;"
_LINK = "color: #1d70b8; text-decoration: underline;"
# Where a value goes in the template while its blocks are found: private-use characters that no catalog
# text holds, so a value can never be mistaken for markup (it is not there yet).
_SLOT = re.compile("\ue000(\\d+)\ue001")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Link:
    """A link slot's value: an absolute URL of this portal (``outbox.SitePath`` becomes one)."""

    url: str


@dataclass(frozen=True)
class EmailBody:
    text: str
    html: str


Value = str | int | Link | Sequence[str]
Segment = tuple[str, object]  # ("text", catalog text) or ("value", a value)


@dataclass(frozen=True)
class _Block:
    kind: str  # h1, h2, p, ul, inset, hr
    lines: tuple[tuple[Segment, ...], ...]


def origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an absolute http(s) URL; None for anything else, or one carrying a user
    name or password (``https://portal.example@evil.example/`` is evil.example's)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        return None
    return parts.scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[parts.scheme]


def one_line(text: str) -> str:
    """A value fit for a subject line or a page title: line breaks and control characters become spaces."""
    return re.sub(r"\s+", " ", _CONTROL.sub(" ", text.replace("\n", " "))).strip()


def _clean(value: object) -> str:
    """A value as text: control characters other than line breaks dropped (they mean nothing in a letter)."""
    return _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def _with_slots(template: str, params: Mapping[str, object]) -> tuple[str, list[object]]:
    """The template with each ``{name}`` replaced by a slot marker, and the values in slot order."""
    out: list[str] = []
    values: list[object] = []
    for literal, field, _spec, _conversion in string.Formatter().parse(template):
        out.append(literal.replace("\ue000", "").replace("\ue001", ""))
        if field is not None:
            out.append(f"\ue000{len(values)}\ue001")
            values.append(params[field])
    return "".join(out), values


def _segments(line: str, values: list[object]) -> tuple[Segment, ...]:
    parts: list[Segment] = []
    position = 0
    for match in _SLOT.finditer(line):
        if match.start() > position:
            parts.append(("text", line[position:match.start()]))
        parts.append(("value", values[int(match.group(1))]))
        position = match.end()
    if position < len(line):
        parts.append(("text", line[position:]))
    return tuple(parts)


def _is_list(value: object) -> bool:
    return isinstance(value, list | tuple)


def _blocks(source: str, values: list[object]) -> list[_Block]:
    """The template's blocks, found from its own text only (values are still slot markers)."""
    blocks: list[_Block] = []
    for chunk in re.split(r"\n\s*\n", source.strip()):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        first = lines[0]
        if first == "---":
            blocks.append(_Block("hr", ()))
        elif first.startswith("## "):
            blocks.append(_Block("h2", (_segments(first[3:], values),)))
        elif first.startswith("# "):
            blocks.append(_Block("h1", (_segments(first[2:], values),)))
        elif first.startswith("^"):
            blocks.append(_Block("inset", tuple(_segments(line.lstrip("^ ").strip(), values) for line in lines)))
        elif all(line[:2] in {"* ", "- "} for line in lines):
            blocks.append(_Block("ul", tuple(_segments(line[2:], values) for line in lines)))
        elif len(lines) == 1 and (only := _SLOT.fullmatch(first)) and _is_list(values[int(only.group(1))]):
            items = values[int(only.group(1))]
            blocks.append(_Block("ul", tuple((("value", item),) for item in items)))  # type: ignore[union-attr]
        else:
            blocks.append(_Block("p", tuple(_segments(line, values) for line in lines)))
    return blocks


def _value_text(value: object) -> str:
    if isinstance(value, Link):
        return value.url
    if _is_list(value):
        return ", ".join(_clean(item) for item in value)  # type: ignore[union-attr]
    return _clean(value)


def _value_html(value: object, portal: tuple[str, str, int] | None) -> str:
    if isinstance(value, Link):
        url = html.escape(value.url)
        if portal is not None and origin(value.url) == portal:
            return f'<a href="{url}" style="{_LINK}">{url}</a>'
        return url
    return html.escape(_value_text(value)).replace("\n", "<br>")


def _line_text(segments: tuple[Segment, ...]) -> str:
    return "".join(str(part) if kind == "text" else _value_text(part) for kind, part in segments)


def _line_html(segments: tuple[Segment, ...], portal: tuple[str, str, int] | None) -> str:
    return "".join(html.escape(str(part)) if kind == "text" else _value_html(part, portal)
                   for kind, part in segments)


def _text_part(blocks: list[_Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        lines = [_line_text(line) for line in block.lines]
        if block.kind == "hr":
            parts.append("-" * 40)
        elif block.kind == "ul":
            parts.append("\n".join(f"• {line}" for line in lines))
        elif block.kind == "inset":
            parts.append("\n".join(f"  {line}" for line in lines))
        else:
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _html_part(blocks: list[_Block], title: str, service_name: str, portal: tuple[str, str, int] | None,
               lang: str) -> str:
    body: list[str] = []
    for block in blocks:
        inline = [_line_html(line, portal) for line in block.lines]
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
        f"<title>{html.escape(one_line(title))}</title></head>"
        '<body style="margin: 0; padding: 0; background: #ffffff;">'
        f'<div style="background: #0b0c0c; padding: 15px 20px;"><span style="{_FONT} color: #ffffff; '
        f'font-size: 24px; font-weight: bold;">{html.escape(service_name)}</span></div>'
        f'<div style="max-width: 580px; padding: 30px 20px;">{"".join(body)}</div>'
        "</body></html>"
    )


def render(template: str, params: Mapping[str, object] | None = None, *, title: str, service_name: str,
           portal_url: str, lang: str = "en") -> EmailBody:
    """Both parts of one email or letter: ``template`` (catalog text, the only markup) with ``params``
    (data, each ``{name}`` of the template) put in; links only from :class:`Link` values on
    ``portal_url``'s origin. ``lang`` marks the HTML part's language."""
    source, values = _with_slots(template, params or {})
    blocks = _blocks(source, values)
    portal = origin(portal_url)
    return EmailBody(text=_text_part(blocks), html=_html_part(blocks, title, service_name, portal, lang))


def plain_values(params: Mapping[str, object]) -> dict[str, str]:
    """The values as one-line text, for a subject or a title (a link as its address, a list joined)."""
    return {name: one_line(_value_text(value)) for name, value in params.items()}
