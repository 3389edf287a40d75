"""Sentences of a measure, with their offsets: the units a link's evidence points at.

A measure is usually a list of actions, one or two per sentence (一是优化审批服务。推行告知承诺制。…);
an article that one action implements should be found even when the other actions are about other
things, and a reader checking the link wants that sentence, not the whole paragraph. Sentences end at
。！？；!?; and at line breaks; pieces with fewer than ``MIN_CHARS`` letters or digits (a bare marker,
a stray bracket) join the next sentence.

>>> text = "一是优化审批服务。推行告知承诺制；压减办理时限。"
>>> [(s, e, text[s:e]) for s, e in sentence_spans(text)]
[(0, 9, '一是优化审批服务。'), (9, 17, '推行告知承诺制；'), (17, 24, '压减办理时限。')]
"""

from __future__ import annotations

import re

_END = re.compile(r"[。！？；!?;]+[”’」』)）]*|\n+")
_WORD = re.compile(r"[\w]", re.UNICODE)

# Shorter pieces are not sentences of their own (一、, （二）, 另外,).
MIN_CHARS = 6


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, end exclusive, whitespace around it excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    carry = None
    for s, e in spans:
        s = carry if carry is not None else s
        if len(_WORD.findall(text[s:e])) < MIN_CHARS:
            carry = s
            continue
        carry = None
        out.append(_strip(text, s, e))
    if carry is not None and len(_WORD.findall(text[carry:])):
        if out:
            out[-1] = _strip(text, out[-1][0], len(text))
        else:
            out.append(_strip(text, carry, len(text)))
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
