"""Sections and measures of a report, whatever its layout.

Chinese official texts number their parts with a fixed set of marker styles, from coarse to fine:
``一、`` (sections), ``（一）``, ``1.``/``1、``, ``（1）``, ``①``, and the inline enumerations
``一是……二是……`` and ``第一，……``. Many texts (government work reports above all) also open
paragraphs with a short heading sentence instead of a number (``持续优化营商环境。……``).

Rules (the conventions of ``../shared/gold/README.md``):

* **Sections** are the coarsest paragraph-level style whose numbers count up (一、二、三、); an
  excerpt may skip numbers (一、 then 三、) when the paragraph is a heading line. When a text has no
  ``一、`` headings but has ``（一）``, those are the sections. A text without any is one implicit
  section ``S0`` (no :class:`Section` record); so are the items of a preamble before the first section.
* **Measures** are every marked item inside a section at any depth (``（一）``, ``1.``, ``（1）``,
  ``①``, ``一是``, ``第一，``, a dash ``——`` opening a paragraph) and every paragraph that opens with a
  short heading sentence. The list
  is flat; :attr:`Measure.level` and the id (``S2.M5.1`` is the first item inside ``S2.M5``) keep the
  nesting. Numbers may start anywhere (excerpts, numbering continued across sections) but then count
  up by one, or restart at one inside a new parent.
* A measure that opens a paragraph runs to the next measure (across paragraphs: a marker alone on
  its line takes the paragraphs below it); an inline ``一是`` item runs to the next item or the end
  of its paragraph. The text before the first inline item of the same paragraph is measure 0 (the
  lead, marker ``""``). A paragraph that stands alone before the first item (an overview, or a line
  announcing the list: 主要做了以下工作) is not a measure. A section without any item has one measure
  per body paragraph.
* heading = text after the marker up to the first ``。`` (or the end of the line).
* Title blocks, tables of contents (目录 and its entries), closing formulas (特此报告) and the
  signature are not part of any section.

The marker styles are in :data:`STYLES`; the words of transition lines and closing formulas are
data (``report_words.csv``).

>>> secs, ms = find_structure("一、加强领导\\n一是建机制。已建立。二是抓落实。\\n二、优化服务\\n（一）推进网办。持续推进。")
>>> [s.heading for s in secs], [(m.id, m.marker, m.heading) for m in ms]
(['加强领导', '优化服务'], [('S1.M1', '一是', '建机制'), ('S1.M2', '二是', '抓落实'), ('S2.M1', '（一）', '推进网办')])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numerals import cn_int
from ..records import Measure, Section, Span
from .wordlists import words

_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Paragraph-level marker styles, coarse to fine: (name, regex at the start of a stripped line).
STYLES = [
    ("cn_dun", re.compile(rf"(?:#+\s*)?([{_CN}]{{1,3}})\s*[、．.]")),
    ("cn_paren", re.compile(rf"[（(]\s*([{_CN}]{{1,3}})\s*[）)]\s*[、．.]?")),
    ("arabic", re.compile(r"(\d{1,2})\s*(?:[、．]|\.(?!\d))")),
    ("arabic_paren", re.compile(r"[（(]\s*(\d{1,2})\s*[）)]\s*[、．.]?")),
    ("circled", re.compile(rf"([{_CIRCLED}])\s*")),
]
# Inline enumerations, anywhere a clause may start.
_INLINE = re.compile(rf"(?:(?<=^)|(?<=[。；;！!？?：:，,\s]))(?:其)?([{_CN}]{{1,3}})是(?=[\u4e00-\u9fff“\"《（(])")
_ORDINAL = re.compile(rf"(?:(?<=^)|(?<=[。；;！!？?：:\s]))第([{_CN}]{{1,3}})[，,、](?=[\u4e00-\u9fff“\"《])")
# A dash item: ——决胜“十四五”，我们群策群力抓发展……
_DASH = re.compile(r"——(?=[\u4e00-\u9fff“\"《])")
# A heading sentence: short, no clause punctuation, ends with 。 and is followed by the body.
# (figures: a sentence with 3.9% or 15万亿元 reports a result, it does not head a paragraph)
_HEADING_SENTENCE = re.compile(r"([^。，,；;：:！？!?\n\d%％]{4,28})。(?=\S)")
_HEADING_LINE_MAX = 40  # a section heading standing on its own line is at most this long


@dataclass
class _Para:
    start: int  # offset of the first non-blank char
    end: int  # offset of the line end (exclusive), trailing blanks removed
    text: str


@dataclass
class _Item:
    """One measure start: where it is, its marker, number, style rank and whether it opens a line."""

    start: int
    marker: str
    number: int
    rank: int  # index into STYLES; 10 = inline 一是, 11 = 第一，, HEADING_RANK = heading sentence
    opens_paragraph: bool
    para_end: int


def paragraphs(text: str) -> list[_Para]:
    """Non-empty lines with their offsets, leading/trailing blanks excluded."""
    out = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            a = pos + (len(line) - len(line.lstrip()))
            out.append(_Para(a, a + len(stripped), stripped))
        pos += len(line) + 1
    return out


def _marker(style: int, para: _Para) -> tuple[int, str] | None:
    m = STYLES[style][1].match(para.text)
    if not m:
        return None
    g = m.group(1)
    n = _CIRCLED.index(g) + 1 if g in _CIRCLED else cn_int(g)
    return (n, m.group(0)) if n else None


def _heading(text: str) -> str:
    return re.split(r"[。\n]", text, maxsplit=1)[0].strip()


def _is_heading_line(p: _Para, marker: str) -> bool:
    """A paragraph that is only a heading (一、工作回顾), not a numbered sentence of the body."""
    rest = p.text[len(marker):]
    return len(p.text) <= _HEADING_LINE_MAX and "。" not in rest.rstrip("。")


# ------------------------------------------------------------------ frame: what is not body text

_DATE_LINE = re.compile(r"^(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日$")
_SIGNER = re.compile(r"^[^，。；：,;:！？!?“”\s]{2,30}$")


def body_range(paras: list[_Para]) -> tuple[int, int]:
    """(first, last+1) indices of the body paragraphs: the title block, a table of contents, the
    closing formula (特此报告) and the signature are left out."""
    return _body_start(paras), _body_end(paras)


def _body_start(paras: list[_Para]) -> int:
    """Index of the first body paragraph: after the salutation line (市人大常委会：, 各位代表：) when
    there is one near the top, else after the short title-block lines and a table of contents."""
    for i, p in enumerate(paras[:15]):
        if re.fullmatch(r"[^\s。，,；;]{2,40}[:：]", p.text):
            return _after_toc(paras, i + 1)
        if len(p.text) > 60 or "。" in p.text:
            break
    i = 0
    while i < min(len(paras), 12) and len(paras[i].text) <= 40 and "。" not in paras[i].text \
            and not any(s[1].match(paras[i].text) for s in STYLES[:2]):
        i += 1
    return _after_toc(paras, i)


def _after_toc(paras: list[_Para], i: int) -> int:
    """Skip a table of contents (目录 followed by its entries, which recur as headings below)."""
    if i < len(paras) and re.sub(r"\s", "", paras[i].text) in ("目录", "目次"):
        j = i + 1
        entries = set()
        while j < len(paras) and len(paras[j].text) <= 40 and paras[j].text not in entries:
            entries.add(paras[j].text)
            j += 1
        return j
    return i


def _body_end(paras: list[_Para]) -> int:
    """Index after the last body paragraph: closing formula (特此报告) and signature excluded.

    Without a closing formula, a signature block at the very end (one or two short lines naming
    the signer, no sentence punctuation, above a date line such as 2022年8月15日) is excluded.
    """
    closing = words("report_words.csv", "kind", "closing")
    for i, p in enumerate(paras):
        if any(p.text.startswith(w) for w in closing):
            return i
    end = len(paras)
    if end and _DATE_LINE.match(paras[end - 1].text):
        end -= 1
        for _ in range(2):  # the signer, possibly over two lines (机关 + 办公室)
            if end and _SIGNER.match(paras[end - 1].text) and not re.match(r"^[（(]?[一二三四五六七八九十\d]", paras[end - 1].text):
                end -= 1
    return end


# ------------------------------------------------------------------ sections


def _section_sequence(paras: list[_Para], style: int) -> list[tuple[int, int, str]]:
    """(paragraph index, number, marker) of the section headings in this style.

    Numbers count up by one; a jump forward (an excerpt: 一、 then 三、) is accepted when the
    paragraph is a heading line, so that a numbered sentence of the body is never a section.
    """
    out: list[tuple[int, int, str]] = []
    for i, p in enumerate(paras):
        mk = _marker(style, p)
        if not mk:
            continue
        n, marker = mk
        last = out[-1][1] if out else 0
        if n == last + 1 or (n > last + 1 and _is_heading_line(p, marker)):
            out.append((i, n, marker))
    return out


def find_sections(text: str, paras: list[_Para]) -> tuple[list[Section], int | None]:
    """The sections of the body paragraphs ``paras`` and the style index they use (None: none)."""
    for style in range(len(STYLES) - 1):
        seq = _section_sequence(paras, style)
        if len(seq) >= 2 or (seq and style == 0):
            break
    else:
        return [], None
    sections = []
    for k, (pi, num, mk) in enumerate(seq):
        nxt = seq[k + 1][0] if k + 1 < len(seq) else len(paras)
        head, last = paras[pi], paras[nxt - 1]
        after = head.text[len(mk):]
        heading = _heading(after)
        hs = head.start + len(mk) + (len(after) - len(after.lstrip()))
        sections.append(Section(f"S{num}", num, heading, mk.strip(), head.start, last.end,
                                Span(hs, hs + len(heading), text[hs:hs + len(heading)])))
    return sections, style


# ------------------------------------------------------------------ items inside a section


def _paragraph_items(p: _Para, min_style: int, transition: list[str], *, headings: bool = True) -> list[_Item]:
    """Item starts in one paragraph: a paragraph-level marker, an inline enumeration, or (when
    ``headings``) a heading sentence at its start; then the inline enumerations inside it."""
    items = []
    for style in range(min_style, len(STYLES)):
        mk = _marker(style, p)
        if mk:
            items.append(_Item(p.start, mk[1], mk[0], style, True, p.end))
            break
    skip = len(items[0].marker) if items else 0
    for rx, rank in ((_INLINE, 10), (_ORDINAL, 11)):
        for m in rx.finditer(p.text, skip):
            n = cn_int(m.group(1))
            if n:
                items.append(_Item(p.start + m.start(), m.group(0), n, rank, m.start() == 0, p.end))
    if not items and _DASH.match(p.text):
        items.append(_Item(p.start, "——", 0, DASH_RANK, True, p.end))
    if headings and not any(it.opens_paragraph for it in items):
        m = _HEADING_SENTENCE.match(p.text)
        if m and not any(w in m.group(1) for w in transition):
            items.append(_Item(p.start, "", 0, HEADING_RANK, True, p.end))
    items.sort(key=lambda it: it.start)
    return items


HEADING_RANK = 12
DASH_RANK = 13  # unnumbered, like heading sentences


def _coarseness(it: _Item) -> int:
    """How coarse an item is: paragraph styles in their order, then an enumeration that opens its
    paragraph (一是 on its own line), then heading sentences, then enumerations inside a paragraph."""
    if it.rank < len(STYLES):
        return it.rank
    if it.rank in (HEADING_RANK, DASH_RANK):
        return len(STYLES) + 1
    return len(STYLES) if it.opens_paragraph else len(STYLES) + 2


def _counted(items: list[_Item]) -> list[_Item]:
    """The items whose numbers count.

    The first item of a style may carry any number when it opens a paragraph (an excerpt starting
    at 五是, numbering continued across sections), else it must be one; then numbers go up by one,
    or restart at one (1. 2. under each （一）, a new 一是 list in a new paragraph). A stray 三是 in a
    sentence is not an item.
    """
    last: dict[int, int] = {}
    out = []
    for it in items:
        if it.rank in (HEADING_RANK, DASH_RANK):
            out.append(it)
            continue
        prev = last.get(it.rank)
        ok = (it.number == 1 or (prev is None and it.opens_paragraph)
              or (prev is not None and it.number == prev + 1))
        if ok:
            out.append(it)
            last[it.rank] = it.number
    return out


def _bare(p: _Para, it: _Item) -> bool:
    """An item whose paragraph holds only its heading: its body is the paragraph below."""
    rest = p.text[len(it.marker):].strip()
    return len(rest) <= _HEADING_LINE_MAX and rest.count("。") <= 1 and rest[-1:] in ("。", "") \
        and "。" not in rest[:-1]


def _tree(sid: str, items: list[_Item]) -> list[tuple[int, str, int]]:
    """(level, id, ordinal) of each item: an item's parent is the nearest earlier item that is
    coarser. Ids nest (S2.M5.1 is the first item inside S2.M5); unnumbered items (heading
    sentences) are counted among their siblings."""
    stack: list[tuple[int, str]] = []  # (coarseness, id) of the open ancestors
    count: dict[str, int] = {}
    seen: set[str] = set()
    list_c: dict[int, int] = {}  # rank -> coarseness of the list it started (二是 follows 一是)
    out = []
    for it in items:
        if it.number <= 1 or it.rank not in list_c:
            list_c[it.rank] = _coarseness(it)
        c = list_c[it.rank]
        while stack and stack[-1][0] >= c:
            stack.pop()
        parent = stack[-1][1] if stack else f"{sid}.M"
        key = f"{parent}#{it.rank}"
        count[key] = count.get(key, 0) + 1
        num = it.number or count[key]
        mid = f"{parent}{'.' if stack else ''}{num}"
        while mid in seen:  # two lists of one style under one parent: ids stay unique
            mid += "b"
        seen.add(mid)
        stack.append((c, mid))
        out.append((len(stack), mid, num))
    return out


def find_measures(text: str, sid: str, body: list[_Para], sec_style: int | None, *,
                  plain: bool = True) -> list[Measure]:
    """The measures of one section whose body paragraphs (heading paragraph excluded) are ``body``.
    Without items, each paragraph is a measure when ``plain`` (not in the preamble of a text)."""
    transition = words("report_words.csv", "kind", "transition")
    min_style = 0 if sec_style is None else sec_style + 1
    found: list[_Item] = []
    bare = False  # the paragraph before was an item line without a body (四是持续优化营商环境。)
    for p in body:
        its = _paragraph_items(p, min_style, transition, headings=not bare)
        found += its
        bare = bool(its) and its[0].opens_paragraph and _bare(p, its[0])
    items = _counted(found)
    if not items:
        return _plain_paragraphs(text, sid, body, transition) if plain else []
    out = []
    lead = _lead(text, sid, body, items[0])
    if lead:
        out.append(lead)
    for k, (it, (level, mid, num)) in enumerate(zip(items, _tree(sid, items), strict=True)):
        nxt = items[k + 1].start if k + 1 < len(items) else body[-1].end
        end = nxt if it.opens_paragraph else min(nxt, it.para_end)
        m = _make(text, sid, mid, num, it.marker, it.start, end, level)
        if m:
            out.append(m)
    return out


def _make(text, sid, mid, num, marker, start, end, level=1) -> Measure | None:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    if end <= start:
        return None
    body = text[start:end]
    heading = _heading(body[len(marker):])
    return Measure(mid, sid, num, marker, heading, body, start, end, level=level)


def _lead(text, sid, body, first: _Item) -> Measure | None:
    """Measure 0: text before the first item in the same paragraph (全面贯彻…。一是…)."""
    if first.opens_paragraph:
        return None
    para = next(p for p in body if p.start <= first.start < p.end + 1)
    lead = text[para.start:first.start].strip()
    if len(lead) < 4 or (lead[-1] in "：:" and any(w in lead for w in words("report_words.csv", "kind", "transition"))):
        return None  # 这次执法检查有以下特点：announces the items, it states no work
    return _make(text, sid, f"{sid}.M0", 0, "", para.start, first.start)


def _plain_paragraphs(text, sid, body, transition) -> list[Measure]:
    """A section without items: each body paragraph is a measure (a transition line is not)."""
    out = []
    for p in body:
        if len(p.text) < 8 or any(w in p.text for w in transition) and len(p.text) < 30:
            continue
        k = len(out) + 1
        m = _make(text, sid, f"{sid}.M{k}", k, "", p.start, p.end)
        if m:
            out.append(m)
    return out


def find_structure(text: str, *, skip: list[tuple[int, int]] = ()) -> tuple[list[Section], list[Measure]]:
    """Sections and measures of ``text`` (see the module docstring for the rules). ``skip``: spans
    of the text's frame (its title, addressee, signature) that hold no measure wherever they stand."""
    paras = paragraphs(text)
    first, stop = body_range(paras)
    paras = [p for p in paras[first:stop] if not any(a < p.end and p.start < b for a, b in skip)]
    if not paras:
        return [], []
    sections, style = find_sections(text, paras)
    if not sections:
        return [], find_measures(text, "S0", paras, None)
    # items before the first section (这次执法检查有以下特点：一是…) are measures of an implicit S0
    preamble = [p for p in paras if p.end <= sections[0].start]
    measures: list[Measure] = find_measures(text, "S0", preamble, style, plain=False) if preamble else []
    for sec in sections:
        inner = [p for p in paras if sec.start <= p.start and p.end <= sec.end]
        head = inner[0]
        rest = sec.heading_span.end + 1 if sec.heading_span else head.end
        body = inner[1:]
        if rest < head.end and text[rest - 1] == "。":  # 一、加强统筹。成立…: the rest is body
            body = [_Para(rest, head.end, text[rest:head.end])] + body
        if body:
            measures.extend(find_measures(text, sec.id, body, style))
    return sections, measures
