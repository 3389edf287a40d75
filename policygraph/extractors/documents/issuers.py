"""Issuer and level of a document: from the laws table, its number, the body before it, its title's place.

In order, the first that speaks wins for the issuer (the level may come from a later one):

1. the laws table (``national_laws.csv``): a national law's or regulation's adopter;
2. the document number's prefix (国办发 -> 国务院办公厅, ``doc_number_prefixes.csv``);
3. the units named right before the title, possibly through 印发的 / 制定的 / 委托作的
   (国务院《…》, 中办、国办印发的《…》, 受市政府委托作的《…》);
4. the issuer its own title names before 关于 (国务院关于…的意见);
5. a local regulation's place (辽宁省…条例 -> 辽宁省人民代表大会常务委员会, ``doc_issuers.csv``).

The level also follows from a marker before the title (国家《…》, 我市《…》) and from the place its
title opens with.
"""

from __future__ import annotations

import re

from ..units import canonical_unit
from .model import Doc
from .places import Place, local_issuer, marker_before, number_issuer, title_level
from .tables import laws

# what may stand between an issuing body and the title it issued: 国务院印发的《…》, 受市政府委托作的《…》
ISSUED_BY = re.compile(r"(?:委托)?(?:作|印发|制定|出台|发布|颁布|联合印发)?的?")
JOINT = "、和与及"


def canonical_title(title: str) -> str:
    """A national law's short title gets its full name (中小企业促进法 -> 中华人民共和国中小企业促进法)."""
    row = laws().get(title)
    return row["title"] if row else title


class UnitsBefore:
    """The units of a text by the offset where their mention ends, for 国务院《…》 and 中办、国办印发的《…》."""

    def __init__(self, text: str, units: list):
        self.text = text
        # 向X印发 makes X a recipient, not the issuer
        self.by_end = {m.end: (m.start, u) for u in units for m in u.mentions
                       if text[max(0, m.start - 1):m.start] not in ("向", "给", "对", "致")}
        self.by_start = {m.start: u for u in units for m in u.mentions}

    def starting_at(self, pos: int) -> tuple[str, str | None] | None:
        u = self.by_start.get(pos)
        return (u.name, u.level) if u else None

    def issuer(self, pos: int) -> tuple[str, str | None] | None:
        """(name, level) of the unit or joint units that issue the title opening at ``pos``."""
        for k in range(min(8, pos) + 1):
            end = pos - k
            if end in self.by_end and ISSUED_BY.fullmatch(self.text, end, pos):
                start, unit = self.by_end[end]
                names = [unit.name]
                while start > 0 and self.text[start - 1] in JOINT and start - 1 in self.by_end:
                    start, unit = self.by_end[start - 1]
                    names.insert(0, unit.name)
                return "、".join(names), unit.level
        return None


def set_issuer_level(d: Doc, text: str, start: int, units: UnitsBefore, place: Place, opens_at) -> None:
    """Fill ``d.issuer`` and ``d.level`` from what the text says around the mention opening at ``start``."""
    law = laws().get(d.title)
    if law:
        d.issuer = d.issuer or law["issuer"] or None
        d.level = d.level or "national"
    by = units.issuer(start)
    if by:
        d.issuer = d.issuer or by[0]
        d.level = d.level or by[1]
    if d.level is None:
        marker = marker_before(text, start, opens_at=opens_at)
        d.level = place.level_of(marker.scope) if marker else title_level(d.title, place)
    head = d.title.split("关于", 1)[0] if "关于" in d.title[1:] else ""
    if d.issuer is None and 2 <= len(head) <= 30:
        u = canonical_unit(head, city=place.city, province=place.province)
        if u is not None:
            d.issuer = u.name
            d.level = d.level if d.level not in (None, "other") else u.level
    d.issuer = d.issuer or local_issuer(d.dtype, d.title)


def set_number(d: Doc, number: str | None, place: Place) -> None:
    """A document number and the issuer its prefix names (大发改法规字〔2021〕374号 -> 大连市发展和改革委员会)."""
    if not number:
        return
    d.number = d.number or number
    found = number_issuer(number, place)
    if found:
        d.issuer, d.level = d.issuer or found[0], d.level or found[1]
