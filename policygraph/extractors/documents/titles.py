"""Titles in 《》 (with nested 〈〉, <> or 《》 titles) and the document numbers after them, in one pass.

《…》 opens anywhere; 〈…〉 and <…> count only inside a 《…》 (elsewhere < > are other signs). An
unclosed bracket never spans a line. Titles nest: the inner ones are documents too, and the outer
one cites them.

>>> [(t.title, t.depth, [u.title for u in t.inner]) for t in bracket_titles("落实《大连市贯彻<辽宁省办法>细则》")]
[('大连市贯彻<辽宁省办法>细则', 0, ['辽宁省办法']), ('辽宁省办法', 1, [])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPEN = {"《": "》", "〈": "〉", "<": ">"}
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[【（(]\d{4}[〕\]】）)]第?\d+号")


@dataclass
class Title:
    start: int  # of the opening bracket
    end: int  # after the closing bracket
    title: str  # the text inside
    depth: int = 0
    inner: list[Title] = field(default_factory=list)
    parent: Title | None = None


def bracket_titles(text: str, unclosed: list[int] | None = None) -> list[Title]:
    """Every bracketed title, outer and nested, in order of its opening bracket.

    ``unclosed`` collects the offsets of brackets that never close (a warning for the caller).
    """
    out: list[Title] = []
    stack: list[tuple[str, int, list[Title]]] = []  # (bracket, offset, closed children)
    for m in re.finditer(r"[《〈<》〉>\n]", text):
        ch, i = m.group(), m.start()
        if ch == "《" or (stack and ch in "〈<"):
            stack.append((ch, i, []))
        elif stack and ch == OPEN[stack[-1][0]]:
            _, s, children = stack.pop()
            t = Title(s, i + 1, text[s + 1:i], inner=children)
            for c in children:
                c.parent = t
            out.append(t)
            if stack:
                stack[-1][2].append(t)
        elif ch == "\n" and stack:
            if unclosed is not None:
                unclosed.extend(s for b, s, _ in stack if b == "《")
            stack.clear()
    if unclosed is not None:
        unclosed.extend(s for b, s, _ in stack if b == "《")
    out.sort(key=lambda t: t.start)
    for t in out:  # parents open before their children, so one pass in order of start sets depths
        t.depth = t.parent.depth + 1 if t.parent else 0
    return out


def doc_number_after(text: str, end: int) -> str | None:
    """The document number right after a title: 《…》(大发改法规字〔2021〕374号) or 《…》国发〔2021〕24号."""
    m = DOC_NUMBER.match(text, end + (1 if text[end:end + 1] in "(（" else 0))
    return m.group(0) if m else None
