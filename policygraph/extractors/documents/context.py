"""What governs a document mention: the verb before or after it, modal markers, the tense of its part.

:class:`TextContext` reads a text once: clause and sentence breaks, every governing verb and modal
marker, with the documents' own spans blanked so that a verb inside a title governs nothing (and
落实《A》和《B》 governs B too). Each look-up is then a binary search, so reading the relation of
every mention is linear in the text, however many titles a clause holds.

>>> ctx = TextContext("起草《甲市工作规则》并征求意见。", [(2, 10)])
>>> ctx.relation(2, 10)
('drafts', 'drafting')
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from .tables import Verb, verbs

CLAUSE_END = "。；;！？!?\n,，:："
SENTENCE_END = "。；;！？!?\n"
BLANK = "□"
_CLAUSE_RX = re.compile("[" + re.escape(CLAUSE_END) + "]")
_SENTENCE_RX = re.compile("[" + re.escape(SENTENCE_END) + "]")
_RIGHT_WINDOW = 8  # a verb just after a title: 《X》制定工作, 分工方案落地落细落实
_MAX_STEPS = 64  # verbs looked at inside one clause: bounds pathological texts, never reached in prose


@dataclass(frozen=True)
class VerbHit:
    start: int
    end: int
    verb: Verb


class TextContext:
    """Verbs, breaks and tense of one text, with ``spans`` (the titles) blanked.

    ``tense_at(offset)`` -> "done" | "planned" | None is the tense of the part an offset stands in
    (a review part tells done work, a plan part work to be done). Markers in the text itself win over
    it: 拟, 下一步, 即将 earlier in the sentence make a document planned, 已 earlier in the clause done.
    """

    def __init__(self, text: str, spans: list[tuple[int, int]],
                 tense_at: Callable[[int], str | None] | None = None):
        self.text = text
        self.masked = _blank(text, spans)
        self.taken = bytearray(len(text))  # documents found since: verbs inside them govern nothing
        self.tense_at = tense_at
        self._clauses = [m.end() for m in _CLAUSE_RX.finditer(self.masked)]
        self._sentences = [m.end() for m in _SENTENCE_RX.finditer(self.masked)]
        self._modals = [m.start() for m in verbs().modal.finditer(self.masked)]
        self._perfectives = [m.start() for m in verbs().perfective.finditer(self.masked)]
        by_word = verbs().by_word
        self.verbs = [VerbHit(m.start(), m.end(), by_word[m.group()]) for m in verbs().left.finditer(self.masked)
                      if not self.masked.startswith(verbs().noun_suffix, m.end())]
        self._verb_ends = [v.end for v in self.verbs]
        self._boundary_ends = [m.end() for m in verbs().boundary.finditer(self.masked)]

    def take(self, start: int, end: int) -> None:
        """Mark a document found without brackets: it is blanked for later look-ups."""
        self.taken[start:end] = b"\x01" * (end - start)

    def is_taken(self, start: int, end: int) -> bool:
        return any(self.taken[start:end]) or BLANK in self.masked[start:end]

    def clause_start(self, pos: int) -> int:
        i = bisect_right(self._clauses, pos) - 1
        return self._clauses[i] if i >= 0 else 0

    def sentence_start(self, pos: int) -> int:
        i = bisect_right(self._sentences, pos) - 1
        return self._sentences[i] if i >= 0 else 0

    def modal_between(self, start: int, end: int) -> bool:
        return _any_between(self._modals, start, end)

    def tense(self, pos: int) -> str | None:
        """planned (拟, 下一步 earlier in the sentence), done (已 earlier in the clause), else the part's tense."""
        if self.modal_between(self.sentence_start(pos), pos):
            return "planned"
        if _any_between(self._perfectives, self.clause_start(pos), pos):
            return "done"
        return self.tense_at(pos) if self.tense_at else None

    def verb_before(self, pos: int, floor: int | None = None) -> VerbHit | None:
        """The nearest governing verb ending at or before ``pos`` in its clause (or after ``floor``)."""
        floor = self.clause_start(pos) if floor is None else floor
        i = bisect_right(self._verb_ends, pos) - 1
        for _ in range(_MAX_STEPS):
            if i < 0 or self.verbs[i].start < floor:
                return None
            if not self.taken[self.verbs[i].start]:
                return self.verbs[i]
            i -= 1
        return None

    def boundary_before(self, pos: int, floor: int) -> int | None:
        """The end of the last boundary verb (推进, 开展) in [floor, pos), or None."""
        i = bisect_right(self._boundary_ends, pos) - 1
        return self._boundary_ends[i] if i >= 0 and self._boundary_ends[i] > floor else None

    def verb_after(self, end: int) -> Verb | None:
        """A verb right after a title, within its clause (分工方案落地落细落实)."""
        after = re.split(r"[。；;,，！？!?\n《□]", self.masked[end:end + _RIGHT_WINDOW], maxsplit=1)[0]
        found = [(after.find(v.word), -len(v.word), v.word) for v in verbs().right if v.word in after]
        return verbs().by_word[min(found)[2]] if found else None

    def relation(self, start: int, end: int) -> tuple[str, str | None]:
        """(relation, status) of the mention [start, end): its verb, read against the tense of its part."""
        verb, attributive_planned = self.verb_after(end), False
        if verb is None:
            hit = self.verb_before(start)
            for _ in range(_MAX_STEPS):
                if hit is None or not self.masked.startswith("的", hit.end):
                    break
                # 国家即将出台的《X》, 新修订的《A》、《B》: that verb describes the title after it; the
                # report's own verb stands further left
                if not self.masked[hit.end + 1:start].strip():
                    attributive_planned = self.modal_between(self.clause_start(start), hit.start)
                hit = self.verb_before(hit.start)
            verb = hit.verb if hit else None
        if verb is None:
            return "cites", "planned" if attributive_planned else None
        rel, status = verb.relation or "cites", verb.status
        tense = self.tense(start)
        shifted = verb.planned if tense == "planned" else verb.done if tense == "done" else None
        if shifted:
            rel, status = shifted
        elif attributive_planned:
            status = "planned"
        return rel, status


def _any_between(positions: list[int], start: int, end: int) -> bool:
    i = bisect_right(positions, end - 1) - 1
    return i >= 0 and positions[i] >= start


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every span replaced by blanks of the same length (offsets stay the same)."""
    parts, last = [], 0
    for s, e in sorted(spans):
        if s < last:
            continue  # nested in a span already blanked
        parts += [text[last:s], BLANK * (e - s)]
        last = e
    parts.append(text[last:])
    return "".join(parts)
