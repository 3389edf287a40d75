"""Units (organisations, bodies, platforms, collectives) named in text, of any place and level.

Candidate sources, all driven by data files under ``policygraph/data/units/`` (see :mod:`.units_data`):

1. gazetteers of concrete bodies (``national.csv``, ``former_names.csv``, ``liaoning.csv``, ``dalian.csv``);
2. place + body + suffix, for any place (:mod:`.places`: 白沙镇人民政府, 海淀区城市管理委员会,
   市发改委 in a city's text, 区市场监管局 in a district's): the body's standard name comes from
   ``organs.csv``, the suffix list from ``suffixes.csv``; a place the text does not resolve is kept
   as written, never guessed;
3. quoted names, collectives and anaphors (``patterns.csv``);
4. optionally a statistical tagger (:mod:`.units_model`).

Overlapping candidates: the longest span wins, then the gazetteer. One :class:`~policygraph.records.Unit`
per canonical name, with every mention (``text[m.start:m.end] == m.text``).

>>> [u.name for u in find_units("市人大常委会听取了市营商局的报告。", city="大连市", province="辽宁省")]
['大连市人民代表大会常务委员会', '大连市营商环境建设局']
>>> [(u.name, u.level) for u in find_units("会同白沙镇人民政府和海淀区市场监管局。", city="大连市")]
[('白沙镇人民政府', 'town'), ('北京市海淀区市场监督管理局', 'district')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..records import Mention, Unit
from . import places as pl
from .places import Place, PlaceToken, find_place, guess_district, guess_place  # noqa: F401  (re-exported)
from .units_data import Entry, gazetteer_files, guards, organ, rows, rules, suffix_alternation, suffix_info

HAN = r"\u4e00-\u9fff"
_places = pl.places  # documents.py imports it from here
places = pl.places


# ----------------------------------------------------------------------------- the place of the text


def context(text: str, city=None, province=None, district=None, place: Place | None = None) -> Place:
    """The place that relative prefixes (市, 省, 区, 镇) stand for, from the arguments or the text.

    Arguments win; what they leave open is read with :func:`~.places.find_place` when it agrees.
    """
    if place is not None:
        return place
    found = find_place(text)
    if city is None and province is None and district is None:
        return found
    if province is None and city:
        province = pl.places()[1].get(city)
    same = found.city in (None, city) and found.province in (None, province)
    if district is None and same:
        district = found.district
    town = found.town if same and found.district == district else None
    level = "town" if town else "district" if district else "municipal" if city else "provincial"
    return Place(province=province, city=city, district=district, town=town, level=level,
                 evidence=found.evidence if same else None)


# ----------------------------------------------------------------------------- gazetteer


@lru_cache(maxsize=32)
def _gazetteer(city: str | None, province: str | None) -> dict[str, Entry]:
    """surface form -> Entry of the concrete gazetteers, for a text of this city/province.

    A relative short form (市营商局, 高新区) applies only when the text's city/province is the row's
    home place, i.e. appears in its canonical name; it is also indexed with the home place written
    out (大连市营商局), so an expanded prefix finds it.
    """
    forms: dict[str, Entry] = {}
    short = pl.places()[0]
    here = [p for p in (city, province) if p]
    here_short = [short.get(p) or p[:-1] for p in here]

    def add(surface: str, entry: Entry):
        surface = surface.strip()
        if surface and surface not in forms:
            forms[surface] = entry
            entry.forms.append(surface)

    files = sorted(gazetteer_files(), key=lambda n: 0 if any(s and s in n for s in here_short) else 1)
    for fname in files:
        for r in rows(fname):
            e = Entry(r["name"], r["level"] or None, r["kind"] or None, r["parent"] or None)
            add(e.name, e)
            local = any(p in e.name or s in e.name for p, s in zip(here, here_short, strict=True))
            home = _home(e.name)
            for sf in filter(None, r["short_forms"].split(";")):
                if sf[0] in "市省" and home:
                    add(home + sf[1:], e)
                if local or (home and _short(home) in sf) or r["level"] == "national" or home is None:
                    add(sf, e)
    return forms


def short_forms(city: str | None = None, province: str | None = None) -> dict[str, list[str]]:
    """Canonical unit name -> every surface form the gazetteer knows for it in a text of ``city``
    (市营商局 -> 大连市营商环境建设局 only where 市 means 大连市).

    >>> "市营商局" in short_forms("大连市", "辽宁省")["大连市营商环境建设局"]
    True
    """
    out: dict[str, list[str]] = {}
    for surface, entry in _gazetteer(city, province).items():
        out.setdefault(entry.name, []).append(surface)
    return out


def _short(place: str) -> str:
    return pl.places()[0].get(place) or place[:-1]


def _home(name: str) -> str | None:
    """Full name of the province or city a unit name names first (中共辽宁省委员会 -> 辽宁省,
    大连高新技术产业园区 -> 大连市), or None for a name of no place (国务院)."""
    short, _, full = pl.places()
    best = None
    for s, f in full.items():
        if len(s) >= 2:
            k = name.find(s)
            if k >= 0 and (best is None or k < best[0] or (k == best[0] and len(s) > len(best[1]))):
                best = (k, s, f)
    return best[2] if best else None


@lru_cache(maxsize=32)
def _index(city: str | None, province: str | None) -> dict[str, list[str]]:
    """First character -> surface forms, longest first (a tiny trie for longest match)."""
    idx: dict[str, list[str]] = {}
    for s in _gazetteer(city, province):
        idx.setdefault(s[0], []).append(s)
    for v in idx.values():
        v.sort(key=len, reverse=True)
    return idx


# ----------------------------------------------------------------------------- matching helpers


@dataclass
class _Hit:
    start: int
    end: int
    name: str
    level: str | None
    kind: str | None
    parent: str | None = None
    known: bool = False
    toks: tuple = ()  # the place chain of a place + body hit (the list that follows may share it)


def _guarded(text: str, start: int, end: int) -> bool:
    """True when the span cuts a word: 全|市 …, 国办|理 (guard rules in patterns.csv)."""
    before, after = guards()
    first, last = text[start], text[end - 1]
    if start > 0 and first in before and before[first].fullmatch(text[start - 1]):
        return True
    if end < len(text) and last in after and after[last].fullmatch(text[end]):
        return True
    return False


def _strip(name: str) -> str:
    """Remove terms of office and session numbers: 市十六届人大常委会 -> 市人大常委会."""
    for r in rules().get("strip", []):
        name = r["rx"].sub("", name)
    return name


@lru_cache(maxsize=1)
def _body_rx() -> re.Pattern:
    body = rf"(?:[{HAN}0-9]|“[^”\n]{{1,12}}”)"  # 96871服务热线: a number may be part of the name
    term = r"(?:第?[一二三四五六七八九十百]+届[ \t\n　]*)?"  # a title block may break the line after 第十四届
    return re.compile(rf"(?P<body>{term}{body}{{0,18}}?)(?P<suffix>{suffix_alternation()})")


@lru_cache(maxsize=1)
def _relatives() -> dict[str, str]:
    """Relative prefixes (省 市 区 县 州 旗 镇 乡 街道) -> their level, from place_suffixes.csv."""
    return {r["suffix"]: r["level"] for r in pl.suffixes() if r["relative"] == "yes"}


def _relative_at(text: str, i: int) -> PlaceToken | None:
    for word, level in sorted(_relatives().items(), key=lambda kv: -len(kv[0])):
        if text.startswith(word, i) and not _guarded(text, i, i + len(word)):
            return PlaceToken(i, i + len(word), word, level, False)
    return None


def _chain_at(text: str, i: int) -> list[PlaceToken]:
    """Place names written one after another from ``i`` (青岛市黄岛区), or one relative prefix (市)."""
    toks: list[PlaceToken] = []
    j = i
    while j < len(text) and len(toks) < 4:
        t = pl.known_at(text, j) or pl.generic_at(text, j, head=not toks)
        if t is None:
            break
        toks.append(t)
        j = t.end
    if not toks:
        r = _relative_at(text, i)
        if r:
            return [r]
        t = pl.short_at(text, i)  # 河池海关, 大连高新区: a city's short name heads the chain
        head_ok = i == 0 or not re.match(f"[{HAN}]", text[i - 1]) or text.endswith(pl.lead_words(), 0, i)
        return [t] if t and head_ok and t.level != "district" and text[t.end:t.end + 1] not in "市省" else []
    return toks


def _is_relative(t: PlaceToken) -> bool:
    return not t.known and t.name in _relatives()


# ----------------------------------------------------------------------------- place + body + suffix


@dataclass
class _Where:
    """The place a unit's prefix names: full name, level, province, and whether it was resolved."""

    name: str
    level: str | None
    province: str | None
    resolved: bool


def _resolve_relative(word: str, ctx: Place) -> str | None:
    """What 市 / 省 / 区 / 镇 … stand for in a text of ``ctx`` (None: the text does not say)."""
    if word == "省" or word == "自治区":
        return ctx.province if ctx.province and ctx.province.endswith(word) else None
    if word == "市":
        if ctx.district and ctx.district.endswith("市") and ctx.level in ("district", "town"):
            return ctx.district  # a county-level city's own text
        return ctx.city
    if word == "州":
        return ctx.city if ctx.city and ctx.city.endswith("州") else None
    if word in ("区", "县", "旗"):
        if ctx.district and ctx.district.endswith(word):
            return pl.full_district(ctx.district, ctx.city)
        if word == "区" and ctx.level == "municipal" and (ctx.province or "").endswith("自治区"):
            return ctx.province  # 区党委, 区直 in a Guangxi city's text: the autonomous region
        return None
    if ctx.town and ctx.town.endswith(word):
        return ctx.town
    return None


def _where(toks: list[PlaceToken], ctx: Place) -> _Where:
    if _is_relative(toks[0]):
        t = toks[0]
        full = _resolve_relative(t.name, ctx)
        return _Where(full or t.name, t.level, ctx.province, bool(full))
    names = [t.name for t in toks]
    first, last = toks[0], toks[-1]
    province = ctx.province
    if first.known and first.level == "district":
        rows_ = [c for c in pl.counties().get(first.name, ())]
        pick = [c for c in rows_ if c.city == ctx.city] or (rows_ if len(rows_) == 1 else [])
        if len(pick) == 1:
            province = pick[0].province
            if pick[0].city and first.name.endswith("区"):
                names[0] = pl.full_district(first.name, pick[0].city)
    elif first.known:
        province = first.name if first.level == "provincial" else pl.places()[1].get(first.name, province)
    return _Where("".join(names), last.level, province, True)


# Relative prefixes that may stay unresolved: 市县, 省市 name levels in general; 州/镇/乡 do not.
_GENERIC_RELATIVES = ("省", "市", "区", "县")


def _unit_of(toks: list[PlaceToken], body: str, suffix: str, ctx: Place, forms: dict,
             tail: str = "") -> _Hit | None:
    """The unit a place chain + body + suffix (+ sub-body) names, or None when the words make no unit.

    A sub-body keeps its wording after its body's canonical name (大连市人民代表大会常务委员会执法检查组)
    unless the whole is a standard organ (市委组织部 -> 中共大连市委员会组织部).
    """
    where = _where(toks, ctx)
    rest = _strip(re.sub(r"\s+", "", body + suffix))
    if tail and not organ(rest + tail, level=where.level, province=where.province):
        base = _unit_of(toks, body, suffix, ctx, forms)
        if base is None:
            return None
        return _Hit(0, 0, base.name + tail, base.level, base.kind, base.name, False)
    rest += tail
    info = suffix_info(suffix) or {}
    org = organ(rest, level=where.level, province=where.province)
    if not body and not tail and not org and info.get("bare") != "yes":
        return None  # 市中心, 区平台: a place and a bare type word
    surface = "".join(t.name for t in toks) if not _is_relative(toks[0]) else toks[0].name
    for cand in (where.name + rest, surface + rest):
        if cand in forms:
            return _entry_hit(forms[cand])
    kind = (org or {}).get("kind") or info.get("kind") or None
    if not where.resolved:
        if where.name not in _GENERIC_RELATIVES:
            return None  # 州, 镇, 街道 mean a place only in that place's own text (广州南沙: no 州)
        return _Hit(0, 0, where.name + rest, where.level, kind, None, False)
    name = where.name + rest
    if org:
        name = org["name"].replace("{place}", where.name).replace("{short}", _short_place(where.name))
    if name in forms:
        return _entry_hit(forms[name])
    parent = where.name + "人民政府" if kind == "government department" and "人民政府" not in name else None
    return _Hit(0, 0, name, where.level, kind, parent, bool(org))


def _entry_hit(e: Entry) -> _Hit:
    return _Hit(0, 0, e.name, e.level, e.kind, e.parent, True)


def _short_place(full: str) -> str:
    short = pl.places()[0].get(full)
    if short:
        return short
    rows_ = pl.counties().get(full)
    if rows_ and rows_[0].short:
        return rows_[0].short
    return full


def _stopped(body: str) -> bool:
    return any(r["rx"].search(body) for r in rules().get("body_stop", []))


def _chain_hit(text: str, i: int, ctx: Place, forms: dict) -> _Hit | None:
    toks = _chain_at(text, i)
    while toks:
        j = toks[-1].end
        m = _body_rx().match(text, j)
        if (m and not (m.group("body") and _stopped(m.group("body"))) and not _guarded(text, m.end() - 1, m.end())
                and not _word_before_suffix(text, m.start("suffix"), m.group("suffix"))):
            info = suffix_info(m.group("suffix")) or {}
            tail = _tail(text, m.end(), info.get("kind"))
            hit = _unit_of(toks, m.group("body"), m.group("suffix"), ctx, forms, tail)
            if hit:
                hit.start, hit.end, hit.toks = i, m.end() + len(tail), tuple(toks)
                return hit
        toks = toks[:-1]  # 大连市中山区… that did not end in a body: try the shorter chain
    return None


def _word_before_suffix(text: str, at: int, suffix: str) -> bool:
    """布|局, 大|厅, 承|办: the suffix is the end of a word, not of a body (suffix_guard rules)."""
    for r in rules().get("suffix_guard", []):
        if suffix == r["pattern"] and at > 0 and r["rx2"].fullmatch(text[at - 1]):
            return True
    return False


def _tail(text: str, end: int, kind: str | None) -> str:
    """Sub-bodies written right after the body (市委|组织部, 市人大|常委会|执法检查组), or ''.

    A continuation row with a kind applies only after a body of that kind (市人大 + 财经委).
    """
    tail = ""
    for _ in range(3):
        for r in rules().get("continuation", []):
            if r["kind"] and r["kind"] != kind:
                continue
            m = r["rx"].match(text, end + len(tail))
            if (m and not _guarded(text, m.end() - 1, m.end())
                    and not re.search("[的了将向把被是在对并及或等和与、，,]", m.group(0))
                    and m.group(0)[0] not in "省市区县"):  # 财经委|和市委, |市财政局: a list, not a tail
                tail += m.group(0)
                break
        else:
            return tail
    return tail


def _chain_hits(text: str, ctx: Place, forms: dict) -> list[_Hit]:
    hits = []
    for i in range(len(text)):
        if not re.match(f"[{HAN}]", text[i]):
            continue
        h = _chain_hit(text, i, ctx, forms)
        if h:
            hits.append(h)
    return hits


# ----------------------------------------------------------------------------- the other passes


def _gazetteer_hits(text: str, ctx: Place, forms: dict) -> list[_Hit]:
    """Every gazetteer form in the text (longest at each position), unless it cuts a word."""
    idx = _index(ctx.city, ctx.province)
    hits = []
    for i, ch in enumerate(text):
        for s in idx.get(ch, ()):
            if text.startswith(s, i) and not _guarded(text, i, i + len(s)):
                e = forms[s]
                hit = _Hit(i, i + len(s), e.name, e.level, e.kind, e.parent, True)
                if e.level == "district" or e.name.endswith(("区", "县")):
                    hit = _place_government(text, hit, forms) or hit
                hits.append(hit)
                break
    return hits


def _place_government(text: str, hit: _Hit, forms: dict) -> _Hit | None:
    """A gazetteer district or zone followed by 政府/管委会 … is that place's government (金普新区管委会)."""
    for r in rules().get("place_suffix", []):
        m = r["rx"].match(text, hit.end)
        if m:
            e = forms.get(hit.name + m.group(0))
            name = e.name if e else hit.name + m.group(0)
            return _Hit(hit.start, m.end(), name, hit.level, r["kind"] or None, hit.name, bool(e))
    return None


_LIST_SEP = re.compile(r"[、和及与]")


def _list_hits(text: str, ctx: Place, forms: dict, hits: list[_Hit], taken: bytearray) -> list[_Hit]:
    """Items of a list that share the place of its first item: 市人社局、民政局、医保局 (the 市 governs
    all three), 省国资运营集团、金控集团、资产公司. An item must itself end in a unit suffix."""
    out = []
    todo = [h for h in hits if h.toks]
    while todo:
        h = todo.pop()
        sep = _LIST_SEP.match(text, h.end)
        if not sep:
            continue
        m = _body_rx().match(text, sep.end())
        if m:
            _yield_bare(text, hits, taken, sep.end(), m.end())
        if (not m or not m.group("body") or len(m.group("body")) > 10 or any(taken[sep.end():m.end()])
                or _stopped(m.group("body")) or _guarded(text, m.end() - 1, m.end())
                or _word_before_suffix(text, m.start("suffix"), m.group("suffix"))):
            continue
        item = _unit_of(list(h.toks), m.group("body"), m.group("suffix"), ctx, forms)
        if item:
            item.start, item.end, item.toks = sep.end(), m.end(), h.toks
            taken[item.start:item.end] = b"\x01" * (item.end - item.start)
            out.append(item)
            todo.append(item)
    return out


def _yield_bare(text: str, hits: list[_Hit], taken: bytearray, start: int, end: int) -> None:
    """A national short form with no place word (发展改革委) inside a list item gives way to the list's
    place: 市市场监管局、发展改革委 is the city's commission."""
    for h in list(hits):
        if h.start == start and h.end == end and h.level == "national" and not re.search(
                "国家|中国|全国|中华|国务院|中央", text[h.start:h.end]):
            hits.remove(h)
            taken[h.start:h.end] = bytes(h.end - h.start)


def _branch(text: str, hit: _Hit) -> _Hit:
    """A national body + a place + 分行/税务局/海关 … is that body's office there (中国人民银行河池市分行)."""
    if hit.level != "national":
        return hit
    chain = []
    j = hit.end
    while (t := pl.known_at(text, j) or pl.short_at(text, j) if not chain else pl.known_at(text, j)):
        chain.append(t)
        j = t.end
    for r in rules().get("branch", []) if chain else ():
        m = r["rx"].match(text, j)
        if m and m.group(0):
            name = hit.name + "".join(t.name for t in chain) + m.group(0)
            return _Hit(hit.start, m.end(), name, chain[-1].level, hit.kind, hit.name, False)
    return hit


def _select(cands: list[_Hit], taken: bytearray) -> list[_Hit]:
    """Non-overlapping candidates: longest first, then gazetteer ones, then leftmost."""
    out = []
    for h in sorted(cands, key=lambda h: (-(h.end - h.start), not h.known, h.start)):
        if h.end > h.start and not any(taken[h.start:h.end]):
            out.append(h)
            taken[h.start:h.end] = b"\x01" * (h.end - h.start)
    return out


QUOTE = re.compile(r"“([^”“\n]{1,16})”")


def _quote_hits(text: str, ctx: Place, taken: bytearray) -> list[_Hit]:
    """Quoted names: “信易贷”平台, “首贷中心”, and chains “A”“B”、“C”专席 (each quoted item one unit)."""
    hits = []
    quotes = list(QUOTE.finditer(text))
    for qi, q in enumerate(quotes):
        s, e = q.span()
        if any(taken[s:e]):
            continue
        local = text[max(0, s - 2):s] in ("我市", "本市", "我省", "我区", "我县") or text[max(0, s - 1):s] in "市省区县"
        level = (ctx.level if local else None)
        hit = _quote_one(text, quotes, qi, level)
        if hit:
            hits.append(hit)
            taken[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)
    return hits


def _quote_one(text: str, quotes: list, qi: int, level: str | None) -> _Hit | None:
    q = quotes[qi]
    s, e = q.span()
    for r in rules().get("quote_outer", []):
        m = r["rx"].match(text, e)
        if m:
            return _Hit(s, m.end(), text[s:m.end()], level or r["level"] or None, r["kind"] or None)
    for r in rules().get("quote_chain", []):
        j, end = qi, e
        while True:  # walk the chain “A”“B”、“C” to the type word after its last item
            m = r["rx"].match(text, end)
            if m:
                stop = m.end() if j == qi else e
                return _Hit(s, stop, text[s:e] + m.group(0), level or r["level"] or None, r["kind"] or None)
            nxt = quotes[j + 1] if j + 1 < len(quotes) else None
            if nxt is None or text[end:nxt.start()] not in ("", "、", ",", "，"):
                break
            j, end = j + 1, nxt.end()
    for r in rules().get("quote_inner", []):
        if r["rx"].search(q.group(1)):
            return _Hit(s, e, text[s:e], level or r["level"] or None, r["kind"] or None)
    return None


_BELOW = {"provincial": "municipal", "municipal": "district", "district": "town", "town": "other"}


def _term_level(code: str, ctx: Place, rel: str | None) -> str | None:
    """Level column of a term row: here = the text's level, below = one down, rel = the prefix's."""
    if code == "here":
        return ctx.level or "other"
    if code == "below":
        return _BELOW.get(ctx.level or "", "other")
    if code == "rel":
        return _relatives().get(rel or "", "other")
    return code or None


def _term_hits(text: str, ctx: Place, taken: bytearray) -> list[_Hit]:
    """Collectives and generic bodies (35个市直部门, 各乡镇, 各级人民政府, 金融机构)."""
    found = []
    for r in rules().get("term", []):
        for m in r["rx"].finditer(text):
            s, e = m.span()
            found.append((s, e, r, m))
    hits = []
    # longest first, then leftmost: 104个地区、部门和单位 beats 各部门 inside it
    for s, e, r, m in sorted(found, key=lambda t: (-(t[1] - t[0]), t[0])):
        if any(taken[s:e]):
            continue
        rel = m.group("rel") if "rel" in r["rx"].groupindex else None
        groups = {k: v or "" for k, v in m.groupdict().items()}
        resolved = _resolve_relative(rel, ctx) if rel else None
        canon = r["canonical"].replace("{relplace}", resolved or "").replace("{relname}", resolved or rel or "")
        canon = canon.replace("{rel}", rel or "").replace("{m}", groups.get("m") or text[s:e])
        hits.append(_Hit(s, e, canon, _term_level(r["level"], ctx, rel), r["kind"] or None))
        taken[s:e] = b"\x01" * (e - s)
    return hits


def _anaphor_hits(text: str, taken: bytearray, earlier: list[_Hit]) -> list[_Hit]:
    """A bare 专班 / 领导小组 / 大厅 is the body of that kind named last before it."""
    hits = []
    for r in sorted(rules().get("anaphor", []), key=lambda r: -len(r["pattern"])):
        word = r["canonical"] or r["pattern"]  # the name ending to look for (大会 for 向大会报告)
        for m in r["rx"].finditer(text):
            s, e = m.span()
            if any(taken[s:e]):
                continue
            prev = [h for h in earlier if h.start < s and h.name.endswith(word)]
            if not prev:
                continue
            h = max(prev, key=lambda x: x.start)
            more = m.group(0)[len(word):] if m.group(0).startswith(word) else ""  # 领导小组 + 办公室
            hits.append(_Hit(s, e, h.name + more, h.level, h.kind, h.parent, h.known and not more))
            taken[s:e] = b"\x01" * (e - s)
    return hits


# ----------------------------------------------------------------------------- public API


def find_units(text: str, *, city: str | None = None, province: str | None = None,
               district: str | None = None, place: Place | None = None, model: bool | None = None,
               warnings: list[str] | None = None) -> list[Unit]:
    """Every unit mentioned in ``text``, one :class:`Unit` per canonical name, in order of first mention.

    ``city``/``province``/``district`` (or a :class:`~.places.Place`) say what 市, 省, 区 … mean; what
    they leave open is read from the text (:func:`~.places.find_place`); a prefix the text does not
    resolve is kept as written (市发改委 in a provincial text). ``model``: also take the candidates of
    the statistical tagger (:mod:`.units_model`; default: on when installed). Coded warnings
    (W-UNITS-…) are appended to ``warnings`` when a list is given.

    >>> us = find_units("35个市直部门已公布,依托12345政务服务便民热线。", city="大连市")
    >>> [(u.name, [m.text for m in u.mentions]) for u in us]
    [('大连市市直部门', ['35个市直部门']), ('12345政务服务便民热线', ['12345政务服务便民热线'])]
    """
    if not text or not text.strip():
        return []
    ctx = context(text, city, province, district, place)
    forms = _gazetteer(ctx.city, ctx.province)
    taken = bytearray(len(text))
    gaz = [_branch(text, h) for h in _gazetteer_hits(text, ctx, forms)]
    hits = _select(gaz + _chain_hits(text, ctx, forms), taken)
    hits += _list_hits(text, ctx, forms, hits, taken)
    hits += _quote_hits(text, ctx, taken)
    hits += _term_hits(text, ctx, taken)
    hits += _model_hits(text, ctx, taken, model, warnings)
    hits.sort(key=lambda h: h.start)
    hits += _anaphor_hits(text, taken, hits)
    hits.sort(key=lambda h: h.start)
    return _merge(text, hits)


def _model_hits(text: str, ctx: Place, taken: bytearray, model: bool | None, warnings) -> list[_Hit]:
    if model is False:
        return []
    from . import units_model

    if not units_model.available():
        if model and warnings is not None:
            warnings.append(units_model.MISSING)
        return []
    if model is None and not units_model.ON_BY_DEFAULT:
        return []
    out = []
    for s, e in units_model.org_spans(text):
        if not any(taken[s:e]) and units_model.plausible(text[s:e]):
            out.append(_Hit(s, e, text[s:e], None, None))
            taken[s:e] = b"\x01" * (e - s)
    return out


def _merge(text: str, hits: list[_Hit]) -> list[Unit]:
    units: dict[str, Unit] = {}
    for h in hits:
        u = units.get(h.name)
        if u is None:
            u = units[h.name] = Unit(name=h.name, level=h.level, kind=h.kind, parent=h.parent, known=h.known)
        u.known = u.known or h.known
        u.level = u.level or h.level
        u.kind = u.kind or h.kind
        u.mentions.append(Mention(text[h.start:h.end], h.start, h.end))
        if text[h.start:h.end] != u.name and text[h.start:h.end] not in u.aliases:
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
    >>> canonical_unit("区市场监管局", city="青岛市", district="黄岛区").name
    '青岛市黄岛区市场监督管理局'
    """
    name = (name or "").strip()
    if not name:
        return None
    if province is None and city:
        province = pl.places()[1].get(city)
    level = "district" if district else "municipal" if city else "provincial" if province else None
    ctx = Place(province=province, city=city, district=district, level=level)
    forms = _gazetteer(city, province)
    for cand in (name, _strip(name)):
        if cand in forms:
            e = forms[cand]
            return Unit(e.name, level=e.level, kind=e.kind, parent=e.parent, known=True,
                        aliases=[] if cand == e.name else [cand])
    cand = _strip(name)
    hit = _chain_hit(cand, 0, ctx, forms)
    if hit and hit.end == len(cand):
        return Unit(hit.name, level=hit.level, kind=hit.kind, parent=hit.parent, known=hit.known,
                    aliases=[name] if hit.name != name else [])
    return None
