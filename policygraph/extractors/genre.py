"""The genre of a text and the tense of each of its parts.

A reader of Chinese official texts knows from the title what kind of text it is (政府工作报告,
行动方案, 答复, 执法检查报告, 工作总结 …) and from the headings which parts tell work already done
(工作回顾, 主要成效), work to be done (工作安排, 下一步工作打算) or problems (存在的问题). The status
of a measure is read against that tense (:mod:`policygraph.extractors.status`). Genre words are in
``data/genres.csv``, tense cues in ``data/tense_cues.csv``.

>>> find_genre("2026年吉林省政府工作报告", "")
('government work report', 'present')
>>> find_genre("关于印发某市优化营商环境三年行动方案的通知", "")[0]
'plan'
>>> heading_tense("2025年工作回顾"), heading_tense("2026年工作安排"), heading_tense("存在的问题")
('done', 'planned', 'problems')
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..records import Measure, Section, Span, TensePart
from .wordlists import load_rows

TENSES = ("done", "planned", "present", "problems")
_SUB_HEADING_MAX = 16  # a sub-section heading that sets a tense is short (下一步工作打算)


@lru_cache(maxsize=1)
def _genres() -> list[tuple[str, str, re.Pattern, str]]:
    return [(r["genre"], r["where"], re.compile(r["pattern"]), r["tense"]) for r in load_rows("genres.csv")]


def kind_of_genre(genre: str | None) -> str | None:
    """The :attr:`DocumentInfo.kind` of a text of this genre (government work report -> work report).

    >>> kind_of_genre("reply to proposal")
    'reply'
    """
    return next((r["kind"] for r in load_rows("genres.csv") if r["genre"] == genre), None)


@lru_cache(maxsize=1)
def _cues() -> dict[tuple[str, str], re.Pattern]:
    out: dict[tuple[str, str], list[str]] = {}
    for r in load_rows("tense_cues.csv"):
        out.setdefault((r["where"], r["tense"]), []).append(r["pattern"])
    return {k: re.compile("|".join(f"(?:{p})" for p in v)) for k, v in out.items()}


# A cover notice that issues or forwards a document is read as the document it carries.
_COVER = re.compile(r"^(?:.{0,20}?关于)?(?:印发|转发|发布|公布)(?P<inner>.+?)的通知$")


def find_genre(title: str | None, opening: str) -> tuple[str | None, str]:
    """(genre, default tense) from the title, else from the opening lines; (None, 'present') when
    neither says (a text of unknown genre: its clauses decide).

    The head of a Chinese title stands at its end (…执法检查报告审议意见研究处理情况的报告 is a report
    on review opinions), so of the genre words found the one ending last wins; a cover notice
    (关于印发…行动方案的通知) is read as the document it issues.
    """
    title = re.sub(r"\s", "", title or "")
    cover = _COVER.match(title)
    title = cover.group("inner") if cover else title
    for where, text in (("title", title), ("opening", opening), ("fallback", title)):
        best = None
        for genre, w, rx, tense in _genres():
            m = rx.search(text) if w == where and text else None
            if m and (best is None or (where != "opening" and m.end() > best[0])):
                best = (m.end(), genre, tense)
        if best:
            return best[1], best[2]
    return None, "present"


def heading_tense(heading: str, *, sub: bool = False) -> str | None:
    """The tense a heading sets, or None. A sub-section heading (``sub``) sets one only when it is
    short and is a part heading (``where=subheading`` cues: （三）下一步工作打算), so that 实施人才计划
    is no plan part."""
    cues = _cues()
    text = re.sub(r"\s", "", heading).rstrip("。：:")
    if sub and len(text) > _SUB_HEADING_MAX:
        return None
    hits = {}
    for t in ("done", "planned", "problems"):
        rx = cues.get(("subheading" if sub else "heading", t))
        m = rx.search(text) if rx else None
        if m:
            hits[t] = m.start()
    if "done" in hits and "planned" in hits:
        return "present"  # 主要成效和下一步打算: both in one part
    for t in ("planned", "problems", "done"):
        if t in hits:
            return t
    return None


def opening_tense(paragraph: str) -> str | None:
    """The tense a paragraph's opening words set for the rest of its section (下一步，… -> planned)."""
    cues = _cues()
    for t in ("planned", "done"):
        rx = cues.get(("opening", t))
        if rx and rx.match(paragraph):
            return t
    return None


def tense_parts(text: str, body: tuple[int, int], default: str, sections: list[Section],
                measures: list[Measure]) -> list[TensePart]:
    """Stretches of one tense over the body ``(start, end)``: the genre's ``default``, overridden by
    section headings, by paragraph openings (下一步…) up to the end of their section, and by short
    headings of blocks of measures. Later (finer) parts win where they overlap."""
    parts = [TensePart(body[0], body[1], default)]
    for s in sections:
        t = heading_tense(s.heading)
        if t:
            parts.append(TensePart(s.start, s.end, t, s.heading_span))
    ends = [s.end for s in sections] or [body[1]]
    for m in re.finditer(r"(?m)^[ \t\u3000]*(\S)", text[body[0]:body[1]]):
        start = body[0] + m.start(1)
        t = opening_tense(text[start:start + 30])
        if t:
            end = next((e for e in ends if e > start), body[1])
            parts.append(TensePart(start, end, t, Span(start, start + 2, text[start:start + 2])))
    for ms in measures:  # a block heading with items inside it: （二）下一步工作打算
        end = _block_end(ms, measures)
        t = heading_tense(ms.heading, sub=True) if ms.marker and end > ms.end else None
        if t:
            parts.append(TensePart(ms.start, end, t))
    return parts


def _block_end(m: Measure, measures: list[Measure]) -> int:
    """End of a measure and the measures nested inside it."""
    end = m.end
    for x in measures:
        if x.start >= m.start and x.id.startswith(m.id + ".") and x.section == m.section:
            end = max(end, x.end)
    return end


def tense_at(parts: list[TensePart], pos: int) -> str:
    """The tense at offset ``pos``: the last (finest) part that covers it."""
    out = "present"
    for p in parts:
        if p.start <= pos < p.end:
            out = p.tense
    return out
