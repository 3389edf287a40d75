"""Saved web pages (.html, .htm) as plain text, registered in :data:`policygraph.loaders.text.READERS`.

Government sites wrap a report in navigation, scripts and footers. This reader keeps the page
title and the text of the body, drops furniture (``script``/``style``/``nav``/``header``/``footer``,
link lists, lines matching ``data/html_boilerplate.csv``) and keeps the source block such as
``来源:大连人大 编辑:大连人大 2021年09月27日``, which gives the publisher and published date.
Block elements end a line; inline elements (``span``, ``a`` inside a paragraph) do not, so a
sentence split by styling stays one sentence. ``Source.text`` is the extracted text: offsets refer
to it, not to the HTML.

>>> src = read_html(Path("r.html"), "<title>关于X的报告_某网</title><nav>首页</nav><p>正<span>文</span>。</p>".encode())
>>> src.text
'关于X的报告\\n正文。'
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..records import Source
from .text import decode_bytes, register_reader

_DROP = "script, style, noscript, template, iframe, nav, header, footer, aside, form, select, button, svg, object, embed"
_BLOCKS = ("p, div, br, li, tr, h1, h2, h3, h4, h5, h6, table, section, article, ul, ol, dd, dt, "
           "blockquote, pre, hr, center")


@lru_cache(maxsize=1)
def _boilerplate() -> list[tuple[re.Pattern, str]]:
    from ..extractors.wordlists import load_rows

    return [(re.compile(r["pattern"]), r["action"]) for r in load_rows("html_boilerplate.csv")]


def _clean_line(line: str) -> str | None:
    """The line without furniture; None when the whole line is furniture."""
    s = line.strip()
    if len(s) >= 80:
        return line
    for rx, action in _boilerplate():
        if rx.search(s):
            if action == "drop":
                return None
            s = rx.sub("", s).strip()
    return (line[: len(line) - len(line.lstrip())] + s) if s else None


def _is_link_list(node) -> bool:
    """A block whose text is mostly link text and short: a menu or a list of related articles."""
    text = node.text(deep=True, separator="").strip()
    if not text or len(text) > 400:
        return False
    links = sum(len(a.text(deep=True, separator="").strip()) for a in node.css("a"))
    return links / len(text) > 0.7 and len(node.css("a")) >= 2


def html_to_text(html: str) -> str:
    """The readable text of an HTML page, one block per line, title first."""
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError as exc:  # pragma: no cover - selectolax is a declared dependency
        raise RuntimeError("selectolax is required to read HTML") from exc
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    title = title_node.text(deep=True, separator="").strip() if title_node else ""
    # site suffixes: 关于…的报告_大连人大 / 关于…的报告 - 某市人民政府
    title = re.split(r"\s*(?:_|\||｜| - | — )\s*", title)[0].strip()
    body = tree.body or tree.root
    if body is None:
        return title
    for n in body.css(_DROP):
        n.decompose()
    for n in body.css("ul, ol, table, div, p"):
        if n.parent is not None and _is_link_list(n):
            n.decompose()
    for n in body.css(_BLOCKS):
        n.insert_after("\n")
    raw = body.text(deep=True, separator="")
    lines = []
    for line in raw.replace("\r", "\n").replace("\xa0", " ").replace("\u3000", "  ").split("\n"):
        line = line.rstrip()
        if not line.strip():
            continue
        cleaned = _clean_line(line)
        if cleaned is not None:
            lines.append(cleaned)
    if title and not any(title in ln for ln in lines[:8]):
        lines.insert(0, title)
    return "\n".join(lines)


@register_reader(".html", ".htm", ".xhtml", ".shtml")
def read_html(path: Path, raw: bytes) -> Source:
    """Reader for saved web pages: decoded, furniture removed; InputError when no text is left."""
    text, enc = decode_bytes(raw, path)
    m = re.search(r"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", text[:3000], re.I)
    if m and enc not in ("utf-8", "utf-8-sig") and m.group(1).lower() not in (enc.lower(),):
        try:  # the page declares its encoding: trust it over the guess
            text = raw.decode(m.group(1))
        except (LookupError, UnicodeDecodeError):
            pass
    body = html_to_text(text)
    if not body.strip():
        raise InputError(path, "the web page holds no readable text")
    return Source(str(path), body, enc, "text/html", hashlib.sha256(raw).hexdigest())
