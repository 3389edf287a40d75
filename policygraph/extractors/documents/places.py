"""Whose a document is: the place its title or the words before it name, its level and issuer.

- a title that opens with a place is that place's (吉林省优化营商环境条例 -> provincial);
- 本市/我市/市, 本省/我省/省 before a title mean the text's own city or province
  (``doc_places.csv``): 我市深化…分工方案 is the city's, and a bare 本市优化营商环境条例 is named
  with the city's full name; an unknown place is never guessed;
- 国务院, 国家, 中央 before a title make it national;
- a document number's prefix names its issuer (``doc_number_prefixes.csv``): 国办发 the General
  Office of the State Council, 辽政发 the Liaoning government, 大发改 in a Dalian text the city's
  development and reform commission;
- a local regulation (…条例 of a province or city) is adopted by that place's people's congress
  standing committee (``doc_issuers.csv``).

>>> title_level("吉林省优化营商环境条例", Place(None, "吉林省", None)), title_level("中华人民共和国外商投资法", Place())
('provincial', 'national')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..units import _places, canonical_unit
from .tables import PlaceWord, issuer_rules, number_prefixes, place_abbreviations, place_words

LEVEL_OF_SCOPE = {"city": "municipal", "province": "provincial", "district": "district", "national": "national"}
DISTRICT_HEAD = re.compile(r"[\u4e00-\u9fff]{2,3}(?:新区|区|县)(?![\u4e00-\u9fff]{0,2}关于)")


@dataclass(frozen=True)
class Place:
    """The text's own places: what 市, 省 and 区 stand for (None: not known, so never guessed)."""

    city: str | None = None
    province: str | None = None
    district: str | None = None

    def of(self, scope: str) -> str | None:
        return {"city": self.city, "province": self.province, "district": self.district}.get(scope)

    def level_of(self, scope: str) -> str | None:
        """The level of what a scope word stands for: 市 in a Chongqing text is a province-level city."""
        if scope == "city" and self.city and self.city == self.province:
            return "provincial"
        return LEVEL_OF_SCOPE.get(scope)


@cache
def _place_names() -> dict[str, str]:
    """Full place name -> level (provincial, municipal)."""
    short, prov_of, _ = _places()
    # a municipality (北京市) is listed as a city of itself: it is provincial
    return {name: ("municipal" if prov_of.get(name, name) != name else "provincial") for name in short}


def known_place_at(text: str, i: int) -> str | None:
    """The longest known full place name starting at ``i`` (吉林省, 大连市)."""
    names = _place_names()
    for n in range(8, 1, -1):
        if text[i:i + n] in names:
            return text[i:i + n]
    return None


def title_level(title: str, place: Place) -> str | None:
    """The level a title's opening words give, or None."""
    w = marker_at(title, 0, opens=False)
    if w is not None:
        return LEVEL_OF_SCOPE.get(w.scope)
    head = known_place_at(title, 0)
    if head:
        return _place_names()[head]
    if not title.startswith("关于") and DISTRICT_HEAD.match(title):
        return "district"  # 黄岛区促进…措施: a district's own document
    return None


def marker_at(text: str, i: int, *, opens: bool) -> PlaceWord | None:
    """The word at ``i`` that says whose the title it opens is (我市, 国务院; 市 only if ``opens``)."""
    for w in place_words():
        if text.startswith(w.word, i):
            if w.single and (not opens or text[i + 1:i + 2] in tuple(w.not_before)):
                continue
            return w
    return None


def marker_before(text: str, pos: int, *, opens_at) -> PlaceWord | None:
    """The marker that ends right before ``pos`` (我市《…》, 国务院《…》), or None.

    ``opens_at(i)`` says whether a title may open at ``i`` (after a verb or a break): only there
    does a one-character 市 or 省 count, never as the end of a word (城市, 全省).
    """
    for w in place_words():
        s = pos - len(w.word)
        if s < 0 or not text.startswith(w.word, s):
            continue
        if w.single and not opens_at(s):
            continue
        if not w.single and len(w.word) <= 2 and s > 0 and text[s - 1] in "全各":
            continue  # 全国 is a scope word, 各省 a collective
        return w
    return None


def local_issuer(doc_type: str | None, title: str) -> str | None:
    """A local regulation's issuer from the place its title opens with (辽宁省…条例)."""
    head = known_place_at(title, 0)
    if not head or not doc_type:
        return None
    template = issuer_rules().get((doc_type, "province" if _place_names()[head] == "provincial" else "city"))
    return template.replace("{place}", head) if template else None


@cache
def _prefix_table(place: Place) -> dict[str, list[tuple[str, int, tuple[str, str] | None]]]:
    """First character -> (prefix, row, (place, kind) or None for a national code), longest first.

    The text's city comes before the provinces, so that 青政发 is Qingdao's in a Qingdao text and
    Qinghai's elsewhere.
    """
    where: list[tuple[str, str, str]] = []
    if place.city:
        abbr = place_abbreviations().get(place.city) or (_places()[0].get(place.city) or place.city)[:1]
        where.append((place.city, abbr, "city"))
    where += [(p, a, "province") for p, a in place_abbreviations().items() if _place_names().get(p) == "provincial"]
    rows: list[tuple[str, int, tuple[str, str] | None]] = []
    for i, r in enumerate(number_prefixes()):
        if r["scope"] == "national":
            rows.append((r["prefix"], i, None))
        else:
            rows += [(r["prefix"].replace("{p}", abbr), i, (p, kind)) for p, abbr, kind in where]
    table: dict[str, list] = {}
    for row in sorted(rows, key=lambda t: -len(t[0])):  # stable: the city before a province
        table.setdefault(row[0][0], []).append(row)
    return table


@cache
def _prefix_unit(i: int, where: tuple[str, str], province: str | None) -> tuple[str, str] | None:
    r = number_prefixes()[i]
    p, kind = where
    unit = canonical_unit(r["province_unit"] if kind == "province" else r["city_unit"],
                          city=p if kind == "city" else None, province=p if kind == "province" else province)
    return (unit.name, unit.level or LEVEL_OF_SCOPE[kind]) if unit is not None else None


def number_issuer(number: str, place: Place) -> tuple[str, str] | None:
    """(issuer, level) a document number's prefix names, or None. The longest matching prefix wins."""
    for prefix, i, where in _prefix_table(place).get(number[:1], ()):
        if number.startswith(prefix):
            if where is None:
                return number_prefixes()[i]["issuer"], "national"
            return _prefix_unit(i, where, place.province)
    return None
