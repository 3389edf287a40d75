"""The sentence a piece of evidence sits in, for quotes that cannot be read alone.

A span such as 持续 (a status word) or 市营商局 (a unit) is exact but says nothing by itself; the
reader needs the sentence around it. A ranked link rests on a whole measure; the reader needs the
sentence whose words matched.

>>> text = "一、总体情况。市营商局牵头，持续推进改革。二、下一步"
>>> s, e = sentence_span(text, 7, 11); text[s:e]
'市营商局牵头，持续推进改革。'
"""

from __future__ import annotations

import re

# Sentence ends in Chinese official prose; a line break ends a heading or list item.
_END = re.compile(r"[。！？；!?;\n]")
MAX_SENTENCE = 200  # a "sentence" of a list without full stops is cut to a window this wide


def sentence_span(text: str, start: int, end: int, limit: int = MAX_SENTENCE) -> tuple[int, int]:
    """``(s, e)`` of the sentence of ``text`` holding ``text[start:end]``, ending mark included.

    Sentences longer than ``limit`` are narrowed to a window around the quote.

    >>> sentence_span("甲。乙丙丁。", 3, 4)
    (2, 6)
    """
    s = start
    while s > 0 and not _END.match(text[s - 1]):
        s -= 1
    m = _END.search(text, end)
    e = m.end() if m else len(text)
    if text[e - 1:e] == "\n":
        e -= 1
    while s < start and text[s].isspace():
        s += 1
    if e - s > limit:  # keep the quote in the middle of what is shown
        half = max(0, (limit - (end - start)) // 2)
        s, e = max(s, start - half), min(e, end + half)
    return s, e


def _report_side(term: str) -> str:
    # matched terms are shown as report~article wording when a concept matched
    return term.split("~", 1)[0]


def best_sentence(passage: dict, matched: list[str]) -> dict:
    """The sentence of ``passage`` (an evidence dict over a measure's text) with most matched terms.

    Returns an evidence dict whose ``quote`` is that sentence and whose ``start``/``end`` are its
    own offsets in the source, with ``within`` giving the whole passage's span.

    >>> p = {"quote": "加强组织。推进政务服务便民热线建设。", "source": "r", "start": 10, "end": 28}
    >>> best_sentence(p, ["12345~政务服务便民热线", "热线"])["quote"]
    '推进政务服务便民热线建设。'
    """
    text, base = passage["quote"], int(passage["start"])
    terms = [_report_side(t) for t in matched if t]
    best, best_score, pos = (0, len(text)), -1, 0
    for m in list(_END.finditer(text)) + [None]:
        e = m.end() if m else len(text)
        piece = text[pos:e]
        if piece.strip():
            score = sum(piece.count(t) * len(t) for t in terms)
            if score > best_score:
                best, best_score = (pos, e), score
        pos = e
        if m is None:
            break
    s, e = best
    while s < e and text[s].isspace():
        s += 1
    out = {k: v for k, v in passage.items() if k not in ("quote", "start", "end", "context")}
    out.update(quote=text[s:e].rstrip("\n"), start=base + s, end=base + s + len(text[s:e].rstrip("\n")),
               within={"start": base, "end": int(passage["end"])})
    return out
