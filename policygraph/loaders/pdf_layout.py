"""From the lines on a PDF page to the paragraphs of its text.

A PDF (and an OCR result) knows lines, not paragraphs: a sentence that wraps at the right margin is
two lines. The report extractors read a paragraph per line, so wrapped lines are joined again. A line
continues into the next when it reaches the right margin of the page's text and the next line is
neither indented (Chinese paragraphs start two characters in) nor set apart by a larger gap. A page
number alone in the header or footer line (``— 3 —``, ``第3页 共10页``; patterns in
``data/pdf_furniture.csv``) is dropped.

Coordinates are in any unit, y growing downwards (``top < bottom``); thresholds are in ``em``, the
width of one full-width character.

>>> a = Line("一是推进政务服务改革，已建", 0, 130, 0, 10)
>>> b = Line("成驿站30个。", 0, 65, 12, 22)
>>> c = Line("二是优化审批。", 20, 90, 24, 34)
>>> paragraphs([a, b, c, Line("全面推进市县国企改革，提升财政", 0, 130, 36, 46)], em=10)
['一是推进政务服务改革，已建成驿站30个。', '二是优化审批。', '全面推进市县国企改革，提升财政']
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from functools import lru_cache

FULL = 1.6  # a line ending within this many em of the right margin is full (wraps on)
INDENT = 0.8  # a line starting this many em right of the left margin is indented
GAP = 0.9  # a gap above a line larger than this share of a line's height starts a paragraph


@dataclass
class Line:
    """One line of a page: its text and the box around it."""

    text: str
    left: float
    right: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1e-6)


@lru_cache(maxsize=1)
def _furniture() -> list[re.Pattern]:
    from ..extractors.wordlists import load_rows

    return [re.compile(r["pattern"]) for r in load_rows("pdf_furniture.csv")]


def is_page_number(text: str) -> bool:
    """True for a line that is only a page number (``- 3 -``, ``第 3 页``, ``3/10``).

    >>> is_page_number("— 12 —"), is_page_number("2025年")
    (True, False)
    """
    s = text.strip()
    return len(s) <= 20 and any(rx.search(s) for rx in _furniture())


def drop_page_numbers(lines: list[Line]) -> list[Line]:
    """The lines without a page number standing first or last on the page."""
    out = list(lines)
    if out and is_page_number(out[-1].text):
        out.pop()
    if out and is_page_number(out[0].text):
        out.pop(0)
    return out


def em_of(lines: list[Line]) -> float:
    """The width of a full-width character: the median of the lines' width per character, taken
    over lines of mostly CJK text (else the median line height)."""
    widths = [(ln.right - ln.left) / len(ln.text) for ln in lines
              if len(ln.text) >= 4 and sum(ord(c) > 0x2e80 for c in ln.text) >= 0.8 * len(ln.text)]
    if widths:
        return statistics.median(widths)
    heights = [ln.height for ln in lines]
    return statistics.median(heights) if heights else 1.0


def margins(lines: list[Line], em: float) -> tuple[float, float] | None:
    """(left, right) edges of the page's text, or None when fewer than two lines reach the right
    edge (a page of short lines has no margin to wrap at)."""
    if not lines:
        return None
    right = max(ln.right for ln in lines)
    if sum(ln.right >= right - 0.5 * em for ln in lines) < 2:
        return None
    return min(ln.left for ln in lines), right


def continues(line: Line, nxt: Line, edges: tuple[float, float] | None, em: float) -> bool:
    """Whether ``nxt`` goes on with the paragraph ``line`` wraps out of."""
    if edges is None or line.right < edges[1] - FULL * em:
        return False
    if nxt.left > edges[0] + INDENT * em:
        return False
    return nxt.top - line.bottom <= GAP * max(line.height, nxt.height)


def glue(a: str, b: str) -> str:
    """What goes between two wrapped pieces of one paragraph: nothing in Chinese, a space between
    two words of a Latin script."""
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalnum():
        return " "
    return ""


def paragraphs(lines: list[Line], em: float | None = None,
               edges: tuple[float, float] | None = None) -> list[str]:
    """The paragraphs of one page's lines (in reading order): wrapped lines joined."""
    if not lines:
        return []
    em = em or em_of(lines)
    edges = edges or margins(lines, em)
    out = [lines[0].text]
    for prev, line in zip(lines, lines[1:], strict=False):
        if continues(prev, line, edges, em):
            out[-1] += glue(out[-1], line.text) + line.text
        else:
            out.append(line.text)
    return out


def group_boxes(boxes: list[tuple[str, float, float, float, float]]) -> list[Line]:
    """Lines from OCR boxes ``(text, left, right, top, bottom)``: boxes whose vertical middles fall
    inside one another's height are one line, read left to right (a gap of half an em or more
    becomes a space)."""
    rows: list[list[tuple[str, float, float, float, float]]] = []
    for box in sorted(boxes, key=lambda b: (b[3] + b[4]) / 2):
        mid = (box[3] + box[4]) / 2
        if rows and rows[-1][0][3] <= mid <= rows[-1][0][4]:
            rows[-1].append(box)
        else:
            rows.append([box])
    out = []
    for row in rows:
        row.sort(key=lambda b: b[1])
        em = statistics.median([(b[2] - b[1]) / max(len(b[0]), 1) for b in row])
        text = row[0][0]
        for prev, box in zip(row, row[1:], strict=False):
            text += (" " if box[1] - prev[2] >= 0.5 * em else "") + box[0]
        out.append(Line(text, row[0][1], max(b[2] for b in row), min(b[3] for b in row),
                        max(b[4] for b in row)))
    return out
