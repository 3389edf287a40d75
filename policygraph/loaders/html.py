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


_LIST_TAGS = frozenset({"ul", "ol", "table", "div", "p"})


def _link_lists(body) -> list:
    """The outermost blocks (``ul``, ``ol``, ``table``, ``div``, ``p``) whose text is short (at most
    400 characters) and mostly link text, with two links or more: menus and lists of related pages.

    One pass down the tree and one back up (a block's text and link counts are the sums of its
    children's), so deeply nested pages take linear time.
    """
    nodes = list(body.traverse(include_text=True))  # pre-order: a parent before its children
    text: dict[int, int] = {}
    link_text: dict[int, int] = {}
    links: dict[int, int] = {}
    in_link: dict[int, bool] = {}
    for n in nodes:
        parent = n.parent.mem_id if n.parent is not None else None
        in_link[n.mem_id] = n.tag == "a" or in_link.get(parent, False)
        text[n.mem_id] = link_text[n.mem_id] = links[n.mem_id] = 0
    for n in reversed(nodes):  # children before parents: add each node's sums to its parent
        k = n.mem_id
        if n.is_text_node:
            size = len("".join((n.text_content or "").split()))
            text[k] = size
            link_text[k] = size if in_link[k] else 0
        if n.parent is not None:
            up = n.parent.mem_id
            text[up] = text.get(up, 0) + text[k]
            link_text[up] = link_text.get(up, 0) + link_text[k]
            links[up] = links.get(up, 0) + links[k] + (n.tag == "a")
    out, inside = [], {}
    for n in nodes:  # outermost only: a chosen block's descendants go with it
        parent = n.parent.mem_id if n.parent is not None else None
        covered = inside.get(parent, False)
        chosen = (not covered and n.tag in _LIST_TAGS and 0 < text[n.mem_id] <= 400
                  and links[n.mem_id] >= 2 and link_text[n.mem_id] / text[n.mem_id] > 0.7)
        if chosen:
            out.append(n)
        inside[n.mem_id] = covered or chosen
    return out


# Block elements whose start tag makes an HTML parser look down its stack of open elements (for a
# <p> to close): nested without end, each costs as much as the nesting depth.
_BLOCK_TAG = re.compile(r"<(/?)(div|section|article|aside|blockquote|center|nav|header|footer|main|ul|ol|dl|"
                        r"fieldset|figure|form|details|menu|dir|address|hgroup)\b", re.I)
MAX_NESTING_WORK = 50_000_000  # sum of the depths at each block start tag: about half a second of parsing


def nesting_work(html: str) -> tuple[int, int]:
    """(deepest nesting, parser work) of the block elements of a page, counted from its tags alone.

    >>> nesting_work("<div><div></div><div></div></div>")
    (2, 5)
    """
    depth = deepest = work = 0
    for m in _BLOCK_TAG.finditer(html):
        if m.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            work += depth
            deepest = max(deepest, depth)
    return deepest, work


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
    for n in _link_lists(body):
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
    warnings: list = []
    text, enc = decode_bytes(raw, path, warnings)
    m = re.search(r"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", text[:3000], re.I)
    if m and enc not in ("utf-8", "utf-8-sig") and m.group(1).lower() not in (enc.lower(),):
        try:  # the page declares its encoding: trust it over the guess
            text = raw.decode(m.group(1))
            warnings = []
        except (LookupError, UnicodeDecodeError):
            pass
    deepest, work = nesting_work(text)
    if work > MAX_NESTING_WORK:  # an HTML parser takes quadratic time on such nesting
        raise InputError(path, f"the web page nests block elements {deepest:,} deep (unclosed <div> tags?): "
                               "too costly to parse; save the page again or as text")
    body = html_to_text(text)
    if not body.strip():
        raise InputError(path, "the web page holds no readable text")
    return Source(str(path), body, enc, "text/html", hashlib.sha256(raw).hexdigest(), warnings=warnings)
