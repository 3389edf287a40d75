"""The documents of one text while they are being read: one :class:`Doc` per title, all its mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ...records import DocumentRef, Mention
from .tables import types

PRIORITY = ["is_about", "implements", "issues", "drafts", "revises", "cites"]
STATUS_OF = {"is_about": "in force", "implements": "in force", "issues": "in force",
             "revises": "in force", "drafts": "drafting", "cites": "referenced"}


@lru_cache(maxsize=8192)
def doc_type(title: str) -> str | None:
    """The type a title's last word gives (see ``doc_types.csv``).

    >>> doc_type("大连市高层次人才认定办法(试行)"), doc_type("中华人民共和国外商投资法")
    ('办法', '法律')
    """
    t = title.strip()
    for rx in types().strip:
        t = rx.sub("", t)
    for word, kind in types().suffix:
        if t.endswith(word):
            return kind
    return None


@lru_cache(maxsize=8192)
def type_word(title: str) -> str | None:
    """The listed ending itself (审议意见, 条例): used for aliases such as a bare 《条例》."""
    for word, kind in types().suffix:
        if kind and title.endswith(word):
            return word
    return None


def norm(title: str) -> str:
    return re.sub(r"[《》〈〉<>\s]", "", title).replace("（", "(").replace("）", ")")


@dataclass
class Doc:
    title: str
    first: int
    mentions: list[Mention] = field(default_factory=list)
    relations: list[tuple[str, str | None, int]] = field(default_factory=list)
    issuer: str | None = None
    level: str | None = None
    number: str | None = None
    cites: list[str] = field(default_factory=list)
    dtype: str | None = None
    in_title_line: bool = False
    titled: bool = False  # named by a full title somewhere (not only by an alias)

    def relation(self) -> tuple[str, str]:
        """The strongest relation of all mentions (is_about > implements > … > cites) and its first status."""
        rels = [r for r in self.relations if r[0]]
        if not rels:
            return "cites", "referenced"
        rel = min(rels, key=lambda r: (PRIORITY.index(r[0]), r[2]))[0]
        status = next((st for r, st, _ in sorted(rels, key=lambda r: r[2]) if r == rel and st), STATUS_OF[rel])
        return rel, status

    def ref(self, rel: str, status: str) -> DocumentRef:
        self.mentions.sort(key=lambda m: m.start)
        return DocumentRef(title=self.title, mentions=self.mentions, doc_type=self.dtype, issuer=self.issuer,
                           level=self.level, doc_number=self.number, status_in_report=status,
                           relation=rel, cites=self.cites)


class Docs:
    """Documents keyed by normalised title, in order of first mention."""

    def __init__(self, text: str):
        self.text = text
        self.by_key: dict[str, Doc] = {}
        self._spans: set[tuple[int, int, int]] = set()

    def get(self, title: str, pos: int) -> Doc:
        key = norm(title)
        d = self.by_key.get(key)
        if d is None:
            d = self.by_key[key] = Doc(title, pos, dtype=doc_type(title))
        d.first = min(d.first, pos)
        return d

    def mention(self, d: Doc, start: int, end: int) -> None:
        if (id(d), start, end) not in self._spans:
            self._spans.add((id(d), start, end))
            d.mentions.append(Mention(self.text[start:end], start, end))

    def merge(self, alias: Doc, into: Doc) -> None:
        """``alias`` was another name of ``into``: its mentions and relations move there."""
        for m in alias.mentions:
            self.mention(into, m.start, m.end)
        into.relations += alias.relations
        into.first = min(into.first, alias.first)
        self.by_key.pop(norm(alias.title), None)

    def __iter__(self):
        return iter(sorted(self.by_key.values(), key=lambda d: d.first))
