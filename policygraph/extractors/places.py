"""Places: the table of Chinese places, place names in text, and the place a text speaks for.

Three things, all driven by data files under ``policygraph/data/units/``:

* the tables: ``places.csv`` (provinces and prefecture-level areas) and ``counties.csv``
  (districts, counties, county-level cities, banners), read by :func:`places` and :func:`counties`;
* place names in text (:func:`place_tokens`): known names, and names the tables do not know
  recognised by their suffix (``place_suffixes.csv``: 镇, 乡, 街道, 区, 县, 自治州 …);
* :func:`find_place`: whose government a text speaks for, read from the title, the title block
  (省长 XXX, ——…在XX市第十届人民代表大会…上), the addressee (市人大常委会：), the signature,
  我代表省政府 and the 来源 line (``place_cues.csv``). A place it cannot read stays None.

>>> p = find_place("2026年吉林省政府工作报告\\n省长 胡玉亭\\n各位代表：\\n现在，我代表省政府，向大会报告工作。")
>>> (p.province, p.city, p.level)
('吉林省', None, 'provincial')
>>> find_place("区人大常委会:\\n区政府认真落实。\\n青岛市黄岛区人民政府").district
'黄岛区'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from ..records import Mention
from .wordlists import load_rows

HAN = "\u4e00-\u9fff"
LEVELS = ("provincial", "municipal", "district", "town")  # highest first
_RANK = {lv: i for i, lv in enumerate(LEVELS)}


@dataclass(frozen=True)
class Place:
    """The place a text (or a unit) belongs to. ``level`` is the level of the text's own government.

    ``evidence`` is the span that says so (text, start, end); ``warnings`` carry W-PLACE codes.
    """

    province: str | None = None
    city: str | None = None
    district: str | None = None  # 区 / 县 / 县级市 / 旗
    town: str | None = None  # 乡 / 镇 / 街道
    level: str | None = None  # provincial | municipal | district | town | None
    evidence: Mention | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def name(self) -> str | None:
        """Full name of the lowest place known (黄岛区 in 青岛市 -> 青岛市黄岛区)."""
        if self.town:
            return self.town
        if self.district:
            return full_district(self.district, self.city)
        return self.city or self.province


# ----------------------------------------------------------------------------- tables


@cache
def places() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(full name -> short, city -> province, short -> full) of provinces and prefecture-level areas.

    >>> places()[1]["大连市"]
    '辽宁省'
    """
    short, prov_of, full = {}, {}, {}
    for r in load_rows("units/places.csv"):
        short[r["name"]] = r["short"]
        if r["level"] == "city":
            prov_of[r["name"]] = r["province"]
        if r["short"]:
            full.setdefault(r["short"], r["name"])
    return short, prov_of, full


_places = places  # the name documents.py imports


@dataclass(frozen=True)
class County:
    name: str
    short: str
    level: str
    city: str
    province: str


@cache
def counties() -> dict[str, tuple[County, ...]]:
    """County-level name -> its rows (朝阳区 is in 北京市 and in 长春市).

    >>> [c.city for c in counties()["黄岛区"]]
    ['青岛市']
    """
    out: dict[str, list[County]] = {}
    for r in load_rows("units/counties.csv"):
        out.setdefault(r["name"], []).append(County(r["name"], r["short"], r["level"], r["city"], r["province"]))
    return {k: tuple(v) for k, v in out.items()}


@cache
def suffixes() -> tuple[dict, ...]:
    """Rows of ``place_suffixes.csv``, longest suffix first."""
    return tuple(sorted(load_rows("units/place_suffixes.csv"), key=lambda r: -len(r["suffix"])))


def suffix_level(name: str) -> str | None:
    """Level of a place's government from its suffix (街道 -> town, 自治州 -> municipal)."""
    for r in suffixes():
        if name.endswith(r["suffix"]):
            return r["level"]
    return None


def level_of(name: str) -> str | None:
    """Level of a place name: from the tables first (县级市 瓦房店市 is district), then its suffix.

    >>> level_of("瓦房店市"), level_of("大连市"), level_of("白沙镇"), level_of("广东省")
    ('district', 'municipal', 'town', 'provincial')
    """
    short, prov_of, _ = places()
    if name in prov_of:
        return "municipal"
    if name in short:
        return "provincial"
    if name in counties():
        return "district"
    return suffix_level(name)


def full_district(district: str | None, city: str | None) -> str | None:
    """黄岛区 in 青岛市 -> 青岛市黄岛区 (the official prefix of a city district); counties stay as they are."""
    if not district:
        return None
    if city and district.endswith("区") and not district.startswith(city):
        return city + district
    return district


# ----------------------------------------------------------------------------- place names in text


@dataclass(frozen=True)
class PlaceToken:
    """A place name in text. ``name`` is its full form when known (大连 -> 大连市), else as written."""

    start: int
    end: int
    name: str
    level: str | None
    known: bool


@cache
def _known_index() -> dict[str, tuple[tuple[str, str], ...]]:
    """First character -> (surface, full name), longest first: full names and 'short + 市/省' forms."""
    short, _, _ = places()
    forms: dict[str, str] = {}
    for name in short:
        forms[name] = name
    for name in counties():
        if not _not_places().fullmatch(name):  # 城区, 郊区, 矿区 are words too
            forms.setdefault(name, name)
    idx: dict[str, list[tuple[str, str]]] = {}
    for surface, name in forms.items():
        idx.setdefault(surface[0], []).append((surface, name))
    return {k: tuple(sorted(v, key=lambda t: -len(t[0]))) for k, v in idx.items()}


@cache
def _generic_rx() -> re.Pattern:
    """A name the tables do not know: 2-4 characters and a suffix that may end an unknown name."""
    gen = [re.escape(r["suffix"]) for r in suffixes() if r["generic"] == "yes"]
    return re.compile(rf"[{HAN}]{{2,4}}?(?:{'|'.join(gen)})")


@cache
def lead_words() -> tuple[str, ...]:
    """Words that end right before a unit or place name (由, 会同, 督促 …), longest first."""
    return tuple(sorted((r["word"] for r in load_rows("units/lead_words.csv")), key=len, reverse=True))


def known_at(text: str, i: int) -> PlaceToken | None:
    """The longest known place name starting at ``i`` (大连市, 黄岛区, 延边朝鲜族自治州)."""
    for surface, name in _known_index().get(text[i], ()) if i < len(text) else ():
        if text.startswith(surface, i):
            return PlaceToken(i, i + len(surface), name, level_of(name), True)
    return None


def generic_at(text: str, i: int, *, head: bool) -> PlaceToken | None:
    """An unknown place name starting at ``i`` (白沙镇, 南京路街道), or None.

    A chain head must start at a word boundary: after a non-Han character or a lead word
    (会同白沙镇…), so 推动白沙镇 yields 白沙镇, never 推动白沙镇.
    """
    m = _generic_rx().match(text, i)
    if not m or _word_after(text, m.end()):
        return None
    if head and i > 0 and re.match(f"[{HAN}]", text[i - 1]) and not text.endswith(lead_words(), 0, i):
        return None
    name = m.group(0)
    if _bad_generic(name) or name.startswith(lead_words()):
        return None  # 会同白沙镇: the name starts after the lead word
    return PlaceToken(i, m.end(), name, suffix_level(name), False)


def _word_after(text: str, end: int) -> bool:
    """区域, 县城, 镇村: the suffix starts a word with the next character (units' guard_after rules)."""
    from .units_data import guards

    after = guards()[1].get(text[end - 1])
    return bool(after and end < len(text) and after.fullmatch(text[end]))


@cache
def _not_places() -> re.Pattern:
    """Words ending like a place that are not places (城区, 辖区, 园区, 社区 …), from not_places.csv."""
    words = [r["word"] for r in load_rows("units/not_places.csv")]
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _bad_generic(name: str) -> bool:
    """各区, 全县, 发挥省市县: no place name starts with a quantifier or holds a level word inside."""
    inner = name[:-1] if not name.endswith(("街道", "自治州", "自治县", "自治旗", "新区", "民族乡")) else name[:-2]
    # 日在区, 对该县: a one-character lead word inside cuts the name (known names like 和平区 are known)
    return (bool(_not_places().search(name)) or name[0] in "各全本我该每年月日号"
            or bool(re.search("[省市区县]", inner)) or any(w in inner for w in lead_words() if len(w) == 1))


def place_tokens(text: str) -> list[PlaceToken]:
    """Known place names in ``text`` (longest match, left to right); unknown names are not listed.

    >>> [t.name for t in place_tokens("青岛市黄岛区和大连市")]
    ['青岛市', '黄岛区', '大连市']
    """
    out, i = [], 0
    while i < len(text):
        t = known_at(text, i)
        if t:
            out.append(t)
            i = t.end
        else:
            i += 1
    return out


def parse_chain(s: str) -> list[PlaceToken] | None:
    """The place names ``s`` starts with (青岛市黄岛区行政审批局 -> 青岛市, 黄岛区), or None.

    The first may be a short name (吉林日报 -> 吉林, 泰州关于… -> 泰州市).
    """
    out: list[PlaceToken] = []
    i = 0
    while i < len(s):
        t = known_at(s, i) or generic_at(s, i, head=False) or (None if out else short_at(s, i))
        if t is None:
            break
        out.append(t)
        i = t.end
    return out or None


def short_at(s: str, i: int) -> PlaceToken | None:
    """A province's or city's short name at ``i`` standing for the place (吉林日报, 河池海关)."""
    _, _, full = places()
    for k in range(min(len(s), i + 5), i + 1, -1):
        name = full.get(s[i:k]) or _county_short().get(s[i:k])
        if name:
            return PlaceToken(i, k, name, level_of(name), True)
    return None


@cache
def _county_short() -> dict[str, str]:
    """Short name -> county-level name, for the shorts that name one place only (新晃 -> 新晃侗族自治县)."""
    seen: dict[str, list[str]] = {}
    for name, rows in counties().items():
        for c in rows:
            if c.short:
                seen.setdefault(c.short, []).append(name)
    full = places()[2]
    return {k: v[0] for k, v in seen.items() if len(v) == 1 and k not in full}


# ----------------------------------------------------------------------------- the text's own place


@cache
def _cues() -> tuple[tuple[dict, re.Pattern], ...]:
    chain = f"[{HAN}]{{2,24}}?"
    return tuple((r, re.compile(r["pattern"].replace("{place}", chain))) for r in load_rows("units/place_cues.csv"))


@dataclass
class _Vote:
    level: str | None
    chain: list[PlaceToken] | None
    weight: float
    span: tuple[int, int]


def _votes(text: str) -> list[_Vote]:
    lines = text.split("\n")
    head_end = len("\n".join(lines[:20]))
    tail_start = len(text) - len("\n".join(lines[-12:]))
    rel = {r["suffix"]: r["level"] for r in suffixes()}
    out = []
    for row, rx in _cues():
        lo, hi = {"head": (0, head_end), "tail": (tail_start, len(text)), "all": (0, len(text))}[row["part"]]
        for m in rx.finditer(text, lo, hi):
            words = m.group("place") if "place" in rx.groupindex else None
            chain = parse_chain(words) if words else None
            level = chain[-1].level if chain else rel.get(words[-1]) if words else None
            if "rel" in rx.groupindex and m.group("rel"):
                level = rel.get(m.group("rel"), level)
            if level or chain:
                out.append(_Vote(level, chain, float(row["weight"]), m.span()))
    return out


def find_place(text: str) -> Place:
    """Whose government ``text`` speaks for: its province, city, district, town and level.

    Read from the cues of ``place_cues.csv`` only; the level is the one the strongest cues agree
    on, and each place comes from a cue that names it (or from the tables: 黄岛区 -> 青岛市 -> 山东省).
    A text that says nothing of itself (news, a bare list) gets ``Place()`` and a W-PLACE-001 warning.

    >>> p = find_place("关于落实审议意见情况的报告\\n市人大常委会:\\n…\\n大连市人民政府\\n2021年9月18日")
    >>> (p.province, p.city, p.level, p.evidence.text)
    ('辽宁省', '大连市', 'municipal', '大连市人民政府')
    """
    votes = _votes(text or "")
    if not any(v.chain for v in votes):
        votes += _most_named(text or "", votes)
    if not votes:
        return Place(warnings=("W-PLACE-001 no title, signature, addressee or 我代表…政府 says whose text this is",))
    by_level: Counter = Counter()
    for v in votes:
        if v.level:
            by_level[v.level] += v.weight
    level = by_level.most_common(1)[0][0] if by_level else None
    warnings = []
    if any(v.chain for v in votes) and all(v.weight < 1 for v in votes if v.chain):
        warnings.append("W-PLACE-004 no cue names the place: read from the place the text names most")
    if len(by_level) > 1:
        warnings.append("W-PLACE-002 cues disagree on the level: " + ", ".join(f"{k} {w:g}" for k, w in by_level.items()))
    return _resolve(text, votes, level, warnings)


def _most_named(text: str, votes: list[_Vote]) -> list[_Vote]:
    """No cue names a place: the place the text names most (twice at least), as a weak named vote.

    Only places of the level the cues give (来源:市经信局 -> a city) when they give one. The
    vote carries a W-PLACE-004 warning through its weight of 0.5.
    """
    levels = {v.level for v in votes if v.level}
    counts: Counter = Counter()
    first: dict[str, PlaceToken] = {}
    full = places()[2]
    for t in place_tokens(text):
        counts[t.name] += 1
        first.setdefault(t.name, t)
    for short, name in full.items():
        if len(short) >= 2 and name not in counts:
            for m in re.finditer(re.escape(short), text):
                counts[name] += 1
                first.setdefault(name, PlaceToken(m.start(), m.end(), name, level_of(name), True))
    cands = [(n, c) for n, c in counts.most_common() if c >= 2 and (not levels or level_of(n) in levels)]
    if not cands:
        return []
    t = first[cands[0][0]]
    return [_Vote(t.level, [t], 0.5, (t.start, t.end))]


def _resolve(text: str, votes: list[_Vote], level: str | None, warnings: list[str]) -> Place:
    """Fill province/city/district/town from the named cues consistent with ``level``."""
    named = [v for v in votes if v.chain and (level is None or _fits(v.chain[-1].level, level))]
    named.sort(key=lambda v: -v.weight)
    slots: dict[str, str] = {}
    evidence = None
    for v in named:
        got = _slots(v.chain)
        if any(slots.get(k) not in (None, val) for k, val in got.items()):
            warnings.append(f"W-PLACE-003 a weaker cue names another place: {text[v.span[0]:v.span[1]]}")
            continue
        if evidence is None:
            evidence = Mention(text[v.span[0]:v.span[1]], *v.span)
        for k, val in got.items():
            slots.setdefault(k, val)
    if evidence is None:
        strongest = max(votes, key=lambda v: v.weight)
        evidence = Mention(text[strongest.span[0]:strongest.span[1]], *strongest.span)
    _fill_up(slots)
    lv = level or _lowest(slots)
    # a provincial text names no city of its own, a city's none of its districts
    keep = {"provincial": ("province",), "municipal": ("province", "city"),
            "district": ("province", "city", "district")}.get(lv, ("province", "city", "district", "town"))
    slots = {k: v for k, v in slots.items() if k in keep}
    return Place(level=lv, evidence=evidence, warnings=tuple(warnings), **slots)


def _fits(token_level: str | None, level: str) -> bool:
    """A cue's place fits the text's level when it is that level or above it (省 over 市)."""
    return token_level is None or _RANK.get(token_level, 9) <= _RANK[level]


_SLOT = {"provincial": "province", "municipal": "city", "district": "district", "town": "town"}


def _slots(chain: list[PlaceToken]) -> dict[str, str]:
    out = {}
    for t in chain:
        if t.level in _SLOT:
            out.setdefault(_SLOT[t.level], t.name)
    return out


def _fill_up(slots: dict[str, str]) -> None:
    """Complete the chain upwards from the tables when that is unambiguous."""
    d = slots.get("district")
    if d and d in counties():
        rows = [c for c in counties()[d] if slots.get("city") in (None, c.city)
                and slots.get("province") in (None, c.province)]
        if len(rows) == 1:
            if rows[0].city:
                slots.setdefault("city", rows[0].city)
            slots.setdefault("province", rows[0].province)
    c = slots.get("city")
    if c and c in places()[1]:
        slots.setdefault("province", places()[1][c])


def _lowest(slots: dict[str, str]) -> str | None:
    for lv in reversed(LEVELS):
        if _SLOT[lv] in slots:
            return lv
    return None


def guess_place(text: str) -> tuple[str | None, str | None]:
    """(city, province) of the text's own government, from :func:`find_place`.

    A provincial text has no city: ``('吉林省' …)`` gives ``(None, '吉林省')``.

    >>> guess_place("沈阳市人民政府关于…的报告。我市营商环境…")
    ('沈阳市', '辽宁省')
    """
    p = find_place(text or "")
    return p.city, p.province


def guess_district(text: str, city: str | None = None) -> str | None:
    """The district or county whose own text this is (its government signs or heads it), or None.

    >>> guess_district("青岛市黄岛区人民政府关于…的报告。区人大常委会:区政府…", "青岛市")
    '黄岛区'
    """
    p = find_place(text or "")
    if p.district and (city is None or p.city in (None, city)):
        return p.district
    return None
