"""Finding many fixed strings in a text in one pass (law titles, place names, endings).

A regular expression with a thousand alternatives tries each of them at every position; here the
words are indexed by their first two characters, so a position costs one dictionary look-up
unless a word may start there, and the whole text is read once.

>>> lx = Lexicon(["外商投资法", "外商投资法实施条例", "公司法"])
>>> [(m.start, m.word) for m in lx.finditer("落实外商投资法实施条例和公司法。")]
[(2, '外商投资法实施条例'), (12, '公司法')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    word: str


class Lexicon:
    """Leftmost-longest, non-overlapping matches of words of two or more characters."""

    def __init__(self, words: Iterable[str]):
        self.words = {w for w in words if len(w) >= 2}
        lengths: dict[str, set[int]] = defaultdict(set)
        for w in self.words:
            lengths[w[:2]].add(len(w))
        self._lengths = {h: sorted(ls, reverse=True) for h, ls in lengths.items()}
        # where a word may start: the regex engine skips the other characters in C
        firsts = sorted({w[0] for w in self.words})
        self._first = re.compile("[" + "".join(re.escape(c) for c in firsts) + "]") if firsts else None

    def match_at(self, text: str, i: int) -> str | None:
        """The longest word starting at ``i``, or None."""
        for n in self._lengths.get(text[i:i + 2], ()):
            if text[i:i + n] in self.words:
                return text[i:i + n]
        return None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        end = len(text) if end is None else end
        if self._first is None:
            return
        heads, find, i = self._lengths, self._first.search, start
        while True:
            m = find(text, i, end - 1)
            if m is None:
                return
            i = m.start()
            w = self.match_at(text, i) if text[i:i + 2] in heads else None
            if w is not None and i + len(w) <= end:
                yield Match(i, i + len(w), w)
                i += len(w)
            else:
                i += 1
