"""Units (organisations, bodies, platforms, collectives) named in report text.

Three layers, all driven by data files under ``policygraph/data/units/``:

1. a gazetteer (``national.csv``, ``liaoning.csv``, ``dalian.csv`` … plus ``templates.csv``, whose
   ``{city}``/``{province}`` rows are filled in for the place the report is about, so 市发改委 in a
   沈阳 report becomes 沈阳市发展和改革委员会);
2. generic patterns (``patterns.csv``): a place prefix + name + unit suffix (市“数字大连”领导小组),
   quoted brands with a type word (“信易贷”平台), collectives (35个市直部门 -> 大连市市直部门) and
   anaphors (a bare 专班 is the task force named last);
3. merging: one :class:`~policygraph.records.Unit` per canonical name, with every mention.

"市" alone means the report's city and "省" its province (``city``/``province`` arguments, or
:func:`guess_place`). Short forms are checked against their context (``guard_before``/``guard_after``
rules) so 全市, 城市, 上市 or 办理 never yield a unit.

>>> [u.name for u in find_units("市人大常委会听取了市营商局的报告。", city="大连市", province="辽宁省")]
['大连市人民代表大会常务委员会', '大连市营商环境建设局']
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..records import Mention, Unit

DATA = Path(__file__).resolve().parents[1] / "data" / "units"
HAN = r"\u4e00-\u9fff"
# Relative prefixes: 市 = the report's city, 省 = its province.
RELATIVE = {"市": "city", "省": "province"}


# ----------------------------------------------------------------------------- data loading


@dataclass
class Entry:
    """One gazetteer row, with the place it belongs to (for relative short forms)."""

    name: str
    level: str | None
    kind: str | None
    parent: str | None
    known: bool = True
    forms: list[str] = field(default_factory=list)


def _read(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(full name -> short, city -> province, short -> full) from ``places.csv``."""
    short, prov_of, full = {}, {}, {}
    for r in _read("places.csv"):
        short[r["name"]] = r["short"]
        if r["level"] == "city":
            prov_of[r["name"]] = r["province"]
            full.setdefault(r["short"], r["name"])
        else:
            full.setdefault(r["short"], r["name"])
    return short, prov_of, full


@lru_cache(maxsize=1)
def _rules() -> dict[str, list[dict]]:
    """Rows of ``patterns.csv`` grouped by rule type, regexes compiled once."""
    out: dict[str, list[dict]] = {}
    for r in _read("patterns.csv"):
        r = dict(r)
        if r["rule"] not in ("guard_before", "guard_after"):
            r["rx"] = re.compile(r["pattern"])
        out.setdefault(r["rule"], []).append(r)
    return out


@lru_cache(maxsize=1)
def _guards() -> tuple[dict[str, re.Pattern], dict[str, re.Pattern]]:
    before = {r["pattern"]: re.compile(r["canonical"]) for r in _rules().get("guard_before", [])}
    after = {r["pattern"]: re.compile(r["canonical"]) for r in _rules().get("guard_after", [])}
    return before, after


def _fill(template: str, city: str | None, province: str | None, district: str | None = None) -> str | None:
    """Fill {city} {c} {province} {p} {district}; None when a needed place is unknown."""
    short, _, _ = _places()
    vals = {"city": city, "c": short.get(city or "", (city or "")[:-1] or None),
            "province": province, "p": short.get(province or "", (province or "")[:-1] or None),
            "district": _district_full(district, city)}
    for key, val in vals.items():
        if "{" + key + "}" in template:
            if not val:
                return None
            template = template.replace("{" + key + "}", val)
    return template


def _district_full(district: str | None, city: str | None) -> str | None:
    """黄岛区 in 青岛市 -> 青岛市黄岛区 (the official prefix of a city district); counties stay as they are."""
    if not district:
        return None
    if city and district.endswith("区") and not district.startswith(city):
        return city + district
    return district


@lru_cache(maxsize=32)
def _gazetteer(city: str | None, province: str | None, district: str | None = None) -> dict[str, Entry]:
    """surface form -> Entry for this place. Concrete rows win over templates.

    A relative short form (市营商局, 高新区) of a concrete row applies only when the report's
    city/province is the row's home place, i.e. appears in its canonical name.
    """
    forms: dict[str, Entry] = {}
    short, _, _ = _places()
    here = [p for p in (city, province) if p]
    here_short = [short.get(p, p[:-1]) for p in here]

    def add(surface: str, entry: Entry, *, weak: bool = False):
        surface = surface.strip()
        if surface and (not weak or surface not in forms):
            forms.setdefault(surface, entry)
            if surface not in entry.forms:
                entry.forms.append(surface)

    concrete = sorted(p.name for p in DATA.glob("*.csv")
                      if p.name not in ("templates.csv", "patterns.csv", "places.csv"))
    # the home city/province files first, so their short forms win over other cities'
    concrete.sort(key=lambda n: 0 if any(s and s in n for s in here_short) else 1)
    for fname in concrete:
        for r in _read(fname):
            e = Entry(r["name"], r["level"] or None, r["kind"] or None, r["parent"] or None)
            add(e.name, e)
            local = any(p in e.name or s in e.name for p, s in zip(here, here_short, strict=True))
            home = _home(e.name, short)
            for sf in filter(None, r["short_forms"].split(";")):
                # 大连高新区 names its place: valid anywhere; 高新区 / 市营商局 only at home
                if local or (home and home in sf) or r["level"] == "national" or home is None:
                    add(sf, e)
    for r in _read("templates.csv"):
        scope_val = {"city": city, "province": province, "district": district}[r["scope"]]
        if not scope_val:
            continue
        name = _fill(r["name"], city, province, district)
        if not name:
            continue
        e = forms.get(name) or Entry(name, r["level"] or None, r["kind"] or None,
                                     _fill(r["parent"], city, province, district) or None)
        add(name, e, weak=True)
        for sf in filter(None, r["short_forms"].split(";")):
            sf = _fill(sf, city, province, district)
            if sf:
                add(sf, e, weak=True)
    return forms


def _home(name: str, short: dict[str, str]) -> str | None:
    """Short name of the place a unit name starts with or names first (大连市中山区 -> 大连)."""
    best = None
    for s in set(short.values()):
        if len(s) >= 2:
            k = name.find(s)
            if k >= 0 and (best is None or k < best[0] or (k == best[0] and len(s) > len(best[1]))):
                best = (k, s)
    return best[1] if best else None


@lru_cache(maxsize=32)
def _index(city: str | None, province: str | None, district: str | None = None) -> dict[str, list[str]]:
    """First character -> surface forms, longest first (a tiny trie for longest match)."""
    idx: dict[str, list[str]] = {}
    for s in _gazetteer(city, province, district):
        idx.setdefault(s[0], []).append(s)
    for v in idx.values():
        v.sort(key=len, reverse=True)
    return idx


@lru_cache(maxsize=32)
def _prefixed_rx(city: str | None, province: str | None, district: str | None = None) -> re.Pattern:
    """Place prefix + name body + unit suffix (市“数字大连”领导小组, 沈阳市营商局)."""
    short, _, _ = _places()
    places = sorted({*short, *(p for p in (city, province) if p)}, key=len, reverse=True)
    suffixes = "|".join(r["pattern"] for r in _rules()["suffix"])
    body = rf"(?:[{HAN}]|“[^”\n]{{1,12}}”)"
    prefix = "|".join(map(re.escape, places)) + "|市|省" + ("|区|县" if district else "")
    return re.compile(rf"(?P<prefix>{prefix})(?P<body>{body}{{0,18}}?)(?P<suffix>{suffixes})")


# ----------------------------------------------------------------------------- matching helpers


def _guarded(text: str, start: int, end: int) -> bool:
    """True when the span cuts a word: 全|市 …, 国办|理 (see guard rules in patterns.csv)."""
    before, after = _guards()
    first, last = text[start], text[end - 1]
    if start > 0 and first in before and before[first].fullmatch(text[start - 1]):
        return True
    if end < len(text) and last in after and after[last].fullmatch(text[end]):
        return True
    return False


def _strip(name: str) -> str:
    """Remove terms of office and session numbers: 市十六届人大常委会 -> 市人大常委会."""
    for r in _rules().get("strip", []):
        name = r["rx"].sub("", name)
    return name


def _kind_of_suffix(suffix: str) -> str | None:
    for r in _rules()["suffix"]:
        if r["rx"].fullmatch(suffix):
            return r["kind"] or None
    return None


@dataclass
class _Hit:
    start: int
    end: int
    name: str
    level: str | None
    kind: str | None
    parent: str | None = None
    known: bool = False


def _expand_relative(surface: str, city: str | None, province: str | None,
                     district: str | None = None) -> tuple[str, str | None]:
    """市X -> 大连市X, 省X -> 辽宁省X, 区X -> 青岛市黄岛区X (in a district's report); returns (name, level)."""
    head = surface[0]
    if district and head == district[-1]:
        return _district_full(district, city) + surface[1:], "district"
    if head == "市" and city:
        return city + surface[1:], "municipal"
    if head == "省" and province:
        return province + surface[1:], "provincial"
    return surface, None


def _level_of_place(place: str, city: str | None, province: str | None) -> str | None:
    short, prov_of, _ = _places()
    if place == "市" or place == city or place in prov_of:
        return "municipal"
    if place == "省" or place == province or place in short:
        return "provincial"
    return "district"


# ----------------------------------------------------------------------------- the passes


def _gazetteer_hits(text: str, city, province, district, taken: bytearray) -> list[_Hit]:
    forms = _gazetteer(city, province, district)
    idx = _index(city, province, district)
    hits = []
    i, n = 0, len(text)
    while i < n:
        for s in idx.get(text[i], ()):
            if text.startswith(s, i) and not _guarded(text, i, i + len(s)):
                e = forms[s]
                hit = _Hit(i, i + len(s), e.name, e.level, e.kind, e.parent, True)
                if e.level == "district" or e.name.endswith(("区", "县")):
                    hit = _place_government(text, hit, forms) or hit
                hits.append(hit)
                taken[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)
                i = hit.end
                break
        else:
            i += 1
    return hits


def _place_government(text: str, hit: _Hit, forms: dict[str, Entry]) -> _Hit | None:
    """A district or zone followed by 政府/管委会 … is that place's government (沈抚示范区管委会)."""
    for r in _rules().get("place_suffix", []):
        m = r["rx"].match(text, hit.end)
        if m:
            e = forms.get(hit.name + m.group(0))
            name = e.name if e else hit.name + m.group(0)
            return _Hit(hit.start, m.end(), name, hit.level, r["kind"] or None, hit.name, bool(e))
    return None


def _prefixed_hits(text: str, city, province, district, taken: bytearray) -> list[_Hit]:
    rx = _prefixed_rx(city, province, district)
    stops = [r["rx"] for r in _rules().get("body_stop", [])]
    hits = []
    pos = 0
    while True:
        m = rx.search(text, pos)
        if not m:
            break
        s, e = m.span()
        body = m.group("body")
        bad = (any(taken[s:e]) or _guarded(text, s, s + len(m.group("prefix")))
               or _guarded(text, e - 1, e) or not body or any(x.search(body) for x in stops))
        if bad:
            pos = s + 1
            continue
        surface = m.group(0)
        canon = canonical_unit(surface, city=city, province=province, district=district)
        hits.append(_Hit(s, e, canon.name, canon.level, canon.kind, canon.parent, canon.known))
        taken[s:e] = b"\x01" * (e - s)
        pos = e
    return hits


QUOTE = re.compile(r"“([^”“\n]{1,16})”")


def _quote_hits(text: str, city, taken: bytearray) -> list[_Hit]:
    rules = _rules()
    inner = rules.get("quote_inner", [])
    outer = rules.get("quote_outer", [])
    chain = rules.get("quote_chain", [])
    hits = []
    quotes = list(QUOTE.finditer(text))
    for qi, q in enumerate(quotes):
        s, e = q.span()
        if any(taken[s:e]):
            continue
        local = text[max(0, s - 2):s] in ("我市", "本市") or text[max(0, s - 1):s] == "市"
        level = "municipal" if local else None
        hit = None
        for r in outer:
            m = r["rx"].match(text, e)
            if m:
                hit = _Hit(s, m.end(), text[s:m.end()], level or r["level"] or None, r["kind"] or None)
                break
        if hit is None:
            for r in chain:
                # walk the chain “A”“B”、“C”专席 to its end
                j, end = qi, e
                while True:
                    m = r["rx"].match(text, end)
                    if m:
                        name = text[s:e] + m.group(0)
                        stop = m.end() if j == qi else e
                        hit = _Hit(s, stop, name, level or "municipal", r["kind"] or None)
                        break
                    nxt = quotes[j + 1] if j + 1 < len(quotes) else None
                    gap = text[end:nxt.start()] if nxt else None
                    if nxt is None or gap not in ("", "、", ",", "，"):
                        break
                    j, end = j + 1, nxt.end()
                if hit:
                    break
        if hit is None:
            for r in inner:
                if r["rx"].search(q.group(1)):
                    hit = _Hit(s, e, text[s:e], level or r["level"] or None, r["kind"] or None)
                    break
        if hit:
            hits.append(hit)
            taken[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)
    return hits


def _last_named(hits: list[_Hit], pos: int, suffixes: str) -> str | None:
    """Canonical name of the last unit before ``pos`` whose name ends in one of ``suffixes``."""
    best = None
    for h in hits:
        if h.start < pos and any(h.name.endswith(x) for x in suffixes.split("|")):
            if best is None or h.start > best.start:
                best = h
    return best.name if best else None


def _term_hits(text: str, city, taken: bytearray, earlier: list[_Hit]) -> list[_Hit]:
    hits = []
    found = []
    for r in _rules().get("term", []):
        for m in r["rx"].finditer(text):
            g = next((k for k in ("m", "m2") if k in r["rx"].groupindex and m.group(k)), None)
            s, e = m.span(g) if g else m.span()
            found.append((s, e, r))
    # longest first, then leftmost: 104个地区、部门和单位 beats 各部门 inside it
    found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    for s, e, r in found:
        if any(taken[s:e]):
            continue
        surface = text[s:e]
        canon = r["canonical"].replace("{m}", surface)
        if "{city}" in canon:
            canon = canon.replace("{city}", city or "")
        lm = re.search(r"\{last:([^}]+)\}", canon)
        if lm:
            prev = _last_named(earlier + hits, s, lm.group(1))
            canon = canon.replace(lm.group(0), prev or "")
            if not prev:
                canon = canon.replace("中共", "") if canon.startswith("中共") else canon
                canon = surface if canon in ("成员", "党组") else canon
        hits.append(_Hit(s, e, canon, r["level"] or None, r["kind"] or None))
        taken[s:e] = b"\x01" * (e - s)
    return hits


def _anaphor_hits(text: str, taken: bytearray, earlier: list[_Hit]) -> list[_Hit]:
    hits = []
    for r in _rules().get("anaphor", []):
        word = r["pattern"]
        for m in re.finditer(re.escape(word), text):
            s, e = m.span()
            if any(taken[s:e]):
                continue
            prev = [h for h in earlier if h.start < s and h.name.endswith(word)]
            if not prev:
                continue
            h = max(prev, key=lambda x: x.start)
            hits.append(_Hit(s, e, h.name, h.level, h.kind, h.parent, h.known))
            taken[s:e] = b"\x01" * (e - s)
    return hits


# ----------------------------------------------------------------------------- public API


def find_units(text: str, *, city: str | None = None, province: str | None = None,
               district: str | None = None) -> list[Unit]:
    """Every unit mentioned in ``text``, one :class:`Unit` per canonical name, in order of first mention.

    ``city``/``province`` say what 市 and 省 mean; when not given they are guessed from the text.
    In a district's or county's own report 区/县 mean that district (``district``, else guessed).
    Mentions are exact spans (``text[m.start:m.end] == m.text``); units inside document titles count.

    >>> us = find_units("35个市直部门已公布,依托12345政务服务便民热线。", city="大连市")
    >>> [(u.name, [m.text for m in u.mentions]) for u in us]
    [('大连市市直部门', ['35个市直部门']), ('大连市12345政务服务便民热线', ['12345政务服务便民热线'])]
    """
    if city is None and province is None:
        city, province = guess_place(text)
    elif province is None and city:
        province = _places()[1].get(city)
    if district is None:
        district = guess_district(text, city)
    taken = bytearray(len(text))
    hits = _gazetteer_hits(text, city, province, district, taken)
    hits += _prefixed_hits(text, city, province, district, taken)
    hits += _quote_hits(text, city, taken)
    hits.sort(key=lambda h: h.start)
    hits += _term_hits(text, city, taken, hits)
    hits.sort(key=lambda h: h.start)
    hits += _anaphor_hits(text, taken, hits)
    hits.sort(key=lambda h: h.start)
    return _merge(text, hits)


def _merge(text: str, hits: list[_Hit]) -> list[Unit]:
    units: dict[str, Unit] = {}
    for h in hits:
        u = units.get(h.name)
        if u is None:
            u = units[h.name] = Unit(name=h.name, level=h.level, kind=h.kind, parent=h.parent,
                                     known=h.known)
        u.known = u.known or h.known
        u.level = u.level or h.level
        u.mentions.append(Mention(text[h.start:h.end], h.start, h.end))
        if h.end - h.start and text[h.start:h.end] != u.name and text[h.start:h.end] not in u.aliases:
            u.aliases.append(text[h.start:h.end])
    return list(units.values())


def canonical_unit(name: str, *, city: str | None = None, province: str | None = None,
                   district: str | None = None) -> Unit | None:
    """Resolve one name to its canonical :class:`Unit` (no mentions), or None if it names no unit.

    >>> canonical_unit("市人大常委会", city="大连市").name
    '大连市人民代表大会常务委员会'
    >>> canonical_unit("国务院第66次常务会议").name
    '国务院'
    >>> canonical_unit("第十三届全国人民代表大会常务委员会第十次会议").name
    '全国人民代表大会常务委员会'
    """
    if province is None and city:
        province = _places()[1].get(city)
    name = (name or "").strip()
    if not name:
        return None
    forms = _gazetteer(city, province, district)
    for cand in (name, _strip(name)):
        if cand in forms:
            e = forms[cand]
            return Unit(e.name, level=e.level, kind=e.kind, parent=e.parent, known=True,
                        aliases=[] if cand == e.name else [cand])
    cand = _strip(name)
    expanded, level = _expand_relative(cand, city, province, district)
    if expanded in forms:
        e = forms[expanded]
        return Unit(e.name, level=e.level, kind=e.kind, parent=e.parent, known=True, aliases=[name])
    m = _prefixed_rx(city, province, district).fullmatch(cand)
    if m:
        level = level or _level_of_place(m.group("prefix"), city, province)
        parent = None
        if level == "municipal" and city:
            parent = forms.get(city + "人民政府", Entry(city, None, None, None)).name
        elif level == "district" and district:
            parent = _district_full(district, city) + "人民政府"
        return Unit(expanded, level=level, kind=_kind_of_suffix(m.group("suffix")), parent=parent,
                    known=False, aliases=[name] if expanded != name else [])
    return None


SIGNATURE = re.compile(rf"([{HAN}]{{2,8}}?[市省])(?:人民政府|人民代表大会|人大常委会|委员会)")
PLACE_WORD = re.compile(rf"[{HAN}]{{2,5}}?[市省]")


def guess_place(text: str) -> tuple[str | None, str | None]:
    """The (city, province) a report is about, from the places it names most.

    Signatures and issuers (大连市人民政府) count most; then any known "X市" / "X省"; the province
    follows from the city when the places table knows it.

    >>> guess_place("沈阳市人民政府关于…的报告。我市营商环境…沈阳市")
    ('沈阳市', '辽宁省')
    """
    short, prov_of, full = _places()
    cities: Counter = Counter()
    provinces: Counter = Counter()
    for m in SIGNATURE.finditer(text):
        place = _known_place(m.group(1), short)
        if place:
            (cities if place in prov_of else provinces)[place] += 3
    for s in short.values():
        if len(s) < 2:
            continue
        for m in re.finditer(re.escape(s), text):
            nxt = text[m.end():m.end() + 1]
            whole = (s + nxt) if nxt in "市省" else full.get(s)
            if whole in prov_of:
                cities[whole] += 1 if nxt == "市" else 0.5
            elif whole in short:
                provinces[whole] += 1 if nxt == "省" else 0.5
    city = cities.most_common(1)[0][0] if cities else None
    province = prov_of.get(city) if city else None
    if province is None and provinces:
        province = provinces.most_common(1)[0][0]
    return city, province


def _known_place(word: str, short: dict[str, str]) -> str | None:
    """The longest known place name that ``word`` ends with (推动沈阳市 -> 沈阳市)."""
    for k in range(len(word)):
        if word[k:] in short:
            return word[k:]
    return None


DISTRICT_SELF = re.compile(rf"(?<![{HAN}])(?:[{HAN}]{{2,3}}[市省])?(?P<d>[{HAN}]{{2,3}}?[区县])(?:人民政府|人大常委会|人民代表大会)")
RELATIVE_DISTRICT = re.compile(r"(?<![\u4e00-\u9fff市城园社景片校辖])[区县](?:政府|人大常委会|委|纪委监委|[\u4e00-\u9fff]{1,6}局)")


def guess_district(text: str, city: str | None = None) -> str | None:
    """The district or county whose own report this is (its government signs or heads it), or None.

    Only when the text also speaks of 区政府/区人大常委会/区X局 without a name, so a city's report that
    names a district (大连市金普新区人民政府) keeps 区 as an ordinary word.

    >>> guess_district("青岛市黄岛区人民政府关于…的报告。区人大常委会:区政府…", "青岛市")
    '黄岛区'
    """
    head, tail = text[:400], text[-200:]
    found = [m.group("d") for part in (head, tail) for m in DISTRICT_SELF.finditer(part)]
    if not found or not RELATIVE_DISTRICT.search(text):
        return None
    return Counter(found).most_common(1)[0][0]
