"""Sections and measures of a report.

Chinese government reports number their parts with a fixed set of marker styles, from coarse to
fine: ``一、`` (sections), ``（一）``, ``1.``/``1、``/``1．``, ``（1）``, and the inline enumeration
``一是……二是……`` inside a paragraph.

Rules (documented choice for mixed styles):

* Sections are the coarsest paragraph-level style found in sequence (usually ``一、``). When a
  report has no ``一、`` headings but has ``（一）``, those are the sections.
* Inside a section, measures are the next finer paragraph-level style present (``（一）``, else
  ``1.``, else ``（1）``); when the section has none, the inline ``一是`` items are the measures.
  Finer items (``1.`` under a ``（一）``, ``一是`` inside a ``1.``) stay in their measure's text:
  a ``（一）`` subsection is the unit a report states a commitment with, and keeping it gives
  stable ids (S1.M2) that do not depend on how deep one author numbered.
* Text of a section before its first measure marker is measure 0 with marker ``""`` (the lead).
* Measures keep the number written: when a report numbers （一）…（六） on across sections, the
  second section's measures are S2.M4, S2.M5 ….
* A paragraph-level measure runs to the next marker of its level (or the section end); an inline
  ``一是`` measure runs to the next ``二是`` or the end of its paragraph.
* heading = text after the marker up to the first ``。`` (or the end of the line).

A marker sequence must count up from one (一、二、三、 …) so that a stray "三、" in a sentence is
not a section.

>>> secs, ms = find_structure("一、加强领导\\n一是建机制。已建立。二是抓落实。\\n二、优化服务\\n（一）推进网办。持续推进。")
>>> [s.heading for s in secs], [(m.id, m.marker, m.heading) for m in ms]
(['加强领导', '优化服务'], [('S1.M1', '一是', '建机制'), ('S1.M2', '二是', '抓落实'), ('S2.M1', '（一）', '推进网办')])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Measure, Section, Span
from .dates import cn_int
from .wordlists import words

_CN = "一二三四五六七八九十"
# paragraph-level styles, coarse to fine: (name, regex at the start of a stripped line)
_STYLES = [
    ("cn_dun", re.compile(rf"(?:#+\s*)?([{_CN}]{{1,3}})\s*[、．.]")),
    ("cn_paren", re.compile(rf"[（(]\s*([{_CN}]{{1,3}})\s*[）)]\s*[、．.]?")),
    ("arabic", re.compile(r"(\d{1,2})\s*(?:[、．]|\.(?!\d))")),
    ("arabic_paren", re.compile(r"[（(]\s*(\d{1,2})\s*[）)]")),
]
_INLINE = re.compile(rf"(?:(?<=^)|(?<=[。；;！!？?：:，,\s]))(?:其)?([{_CN}]{{1,3}})是(?=[\u4e00-\u9fff“\"《])")


@dataclass
class _Para:
    start: int  # offset of the first non-blank char
    end: int  # offset of the line end (exclusive), trailing blanks removed
    text: str


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
    m = _STYLES[style][1].match(para.text)
    if not m:
        return None
    n = cn_int(m.group(1))
    return (n, m.group(0)) if n else None


def _sequence(paras: list[_Para], style: int, *, start_any: bool = False) -> list[tuple[int, int, str]]:
    """(paragraph index, number, marker) of paragraphs that count up 1, 2, 3 … in this style.

    ``start_any``: the first number may be any (measures numbered on across sections: （四）（五）).
    """
    out: list[tuple[int, int, str]] = []
    for i, p in enumerate(paras):
        mk = _marker(style, p)
        if mk and (mk[0] == out[-1][1] + 1 if out else (start_any or mk[0] == 1)):
            out.append((i, mk[0], mk[1]))
    return out


def _heading(text: str) -> str:
    return re.split(r"[。\n]", text, maxsplit=1)[0].strip()


_DATE_LINE = re.compile(r"^(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日$")
_SIGNER = re.compile(r"^[^，。；：,;:！？!?“”\s]{2,30}$")


def _body_end(paras: list[_Para]) -> int:
    """Index after the last body paragraph: closing formula (特此报告) and signature excluded.

    Without a closing formula, a signature block at the very end — one or two short lines naming
    the signer (no sentence punctuation) above a date line such as 2022年8月15日 — is excluded.
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


def find_structure(text: str) -> tuple[list[Section], list[Measure]]:
    """Sections and measures of ``text`` (see the module docstring for the rules)."""
    paras = paragraphs(text)
    stop = _body_end(paras)
    paras = paras[:stop]
    sec_style = None
    seq: list = []
    for style in range(len(_STYLES)):
        seq = _sequence(paras, style)
        if len(seq) >= 2 or (seq and style == 0):
            sec_style = style
            break
    if sec_style is None:
        return [], []
    sections: list[Section] = []
    measures: list[Measure] = []
    for k, (pi, num, mk) in enumerate(seq):
        nxt = seq[k + 1][0] if k + 1 < len(seq) else len(paras)
        body = paras[pi:nxt]
        head_para = body[0]
        sid = f"S{num}"
        after = head_para.text[len(mk):]
        heading = _heading(after)
        hs = head_para.start + len(mk) + (len(after) - len(after.lstrip()))
        sec = Section(sid, num, heading, mk.strip(), head_para.start, body[-1].end,
                      Span(hs, hs + len(heading), text[hs:hs + len(heading)]))
        sections.append(sec)
        # text of the heading paragraph after its first 。 belongs to the body
        rest_start = hs + len(heading)
        if rest_start < head_para.end and text[rest_start] == "。":
            rest_start += 1
        measures.extend(_measures(text, sid, body, rest_start, sec_style))
    return sections, measures


def _measures(text: str, sid: str, body: list[_Para], rest_start: int, sec_style: int) -> list[Measure]:
    inner = body[1:]
    for style in range(sec_style + 1, len(_STYLES)):
        seq = _sequence(inner, style, start_any=True)
        if seq:
            return _block_measures(text, sid, body, rest_start, inner, seq)
    return _inline_measures(text, sid, body, rest_start)


def _make(text, sid, num, marker, start, end) -> Measure | None:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    if end <= start:
        return None
    body = text[start:end]
    heading = _heading(body[len(marker):])
    return Measure(f"{sid}.M{num}", sid, num, marker, heading, body, start, end)


def _lead(text, sid, body, rest_start, first_marker_pos) -> Measure | None:
    """Measure 0: the unnumbered lead text between the heading and the first marker.

    It is the first lead paragraph only, as a measure ends with its paragraph.
    """
    start = rest_start
    for p in body:
        if p.end > start and p.start >= start:
            start = p.start
            break
        if p.start <= start < p.end:
            break
    else:
        return None
    if start >= first_marker_pos:
        return None
    para_end = next((p.end for p in body if p.start <= start < p.end), first_marker_pos)
    return _make(text, sid, 0, "", start, min(para_end, first_marker_pos))


def _block_measures(text, sid, body, rest_start, inner, seq) -> list[Measure]:
    out = []
    lead = _lead(text, sid, body, rest_start, inner[seq[0][0]].start)
    if lead:
        out.append(lead)
    for k, (pi, num, mk) in enumerate(seq):
        end = inner[seq[k + 1][0] - 1].end if k + 1 < len(seq) else inner[-1].end
        m = _make(text, sid, num, mk, inner[pi].start, end)
        if m:
            out.append(m)
    return out


def _inline_measures(text, sid, body, rest_start) -> list[Measure]:
    """一是/二是 items: numbered across the section, each ending at its paragraph's end."""
    hits = []  # (pos, number, marker, paragraph end)
    expected = 1
    for p in body:
        lo = max(p.start, rest_start)
        if lo >= p.end:
            continue
        for m in _INLINE.finditer(text, lo, p.end):
            n = cn_int(m.group(1))
            if n == expected:
                hits.append((m.start(), n, m.group(0), p.end))
                expected += 1
    first = hits[0][0] if hits else body[-1].end + 1
    out = []
    lead = _lead(text, sid, body, rest_start, first)
    if lead:
        out.append(lead)
    for k, (pos, n, mk, pend) in enumerate(hits):
        end = min(pend, hits[k + 1][0]) if k + 1 < len(hits) else pend
        m = _make(text, sid, n, mk, pos, end)
        if m:
            out.append(m)
    return out
