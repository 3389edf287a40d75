"""Named documents in report text: titles, numbers, types, issuers, aliases and how the report uses them.

What is found (all rules and word lists are data: ``doc_types.csv``, ``relation_verbs.csv``,
``doc_number_prefixes.csv``, ``national_laws.csv`` under ``policygraph/data/``):

- titles in 《》, with nested 〈〉, <> or 《》 titles: the inner ones are documents too and the outer
  one ``cites`` them;
- document numbers (大发改法规字〔2021〕374号) right after a title; the issuer comes from the prefix;
- aliases: (以下简称“X”), 两个《条例》 (the last two 条例 named), a bare 《条例》 (the last 条例 with a
  full title), a national law's short name without 《》 (外商投资法);
- documents named without 《》 by general patterns (…28条意见, 我市…分工方案) and the untitled
  opinions a report title says it carries out (关于落实X审议意见情况的报告 -> X);
- for each document the governing verb (贯彻/落实 -> implements, 起草/制定 -> drafts, 印发 ->
  issues, 修订 -> revises, else cites; the titles inside the report's own title -> is_about) and
  the status that follows (in force / drafting / planned / referenced).

>>> [d.title for d in find_documents("贯彻落实《中华人民共和国外商投资法》,起草《大连市外商投资促进条例》。")]
['中华人民共和国外商投资法', '大连市外商投资促进条例']
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..records import DocumentRef, Mention
from .units import _places, canonical_unit, find_units, guess_place

DATA = Path(__file__).resolve().parents[1] / "data"
OPEN = {"《": "》", "〈": "〉", "<": ">"}
CLAUSE_END = "。；;！？!?\n,，:："
SENTENCE_END = "。；;！？!?\n"
COUNT = re.compile(r"([两二三四五六七八九十\d]+)个$")
CN_NUM = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[【（(]\d{4}[〕\]】）)]第?\d+号")
ALIAS_DEF = re.compile(r"[(（]以下简称[:：]?(?P<a>“[^”]{1,20}”|[^)）]{1,20})[)）]")
PRIORITY = ["is_about", "implements", "issues", "drafts", "revises", "cites"]
STATUS_OF = {"is_about": "in force", "implements": "in force", "issues": "in force",
             "revises": "in force", "drafts": "drafting", "cites": "referenced"}


def _read(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def _types() -> dict[str, list]:
    out: dict[str, list] = {"suffix": [], "strip": [], "untitled": [], "report_title": []}
    for r in _read("doc_types.csv"):
        if r["rule"] == "suffix":
            out["suffix"].append((r["pattern"], r["doc_type"] or None))
        else:
            out[r["rule"]].append((r["pattern"], r["doc_type"] or None))
    out["suffix"].sort(key=lambda t: -len(t[0]))
    out["strip"] = [re.compile(p) for p, _ in out["strip"]]
    out["report_title"] = [(re.compile(p, re.M), t) for p, t in out["report_title"]]
    return out


@lru_cache(maxsize=1)
def _verbs() -> tuple[list, list, list]:
    """(left verbs, right verbs, modal markers), longest first."""
    left, right, modal = [], [], []
    for r in _read("relation_verbs.csv"):
        item = (r["word"], r["relation"] or None, r["status"] or None)
        if r["where"] in ("left", "both"):
            left.append(item)
        if r["where"] in ("right", "both"):
            right.append(item)
        if r["where"] == "modal":
            modal.append(item)
    for lst in (left, right, modal):
        lst.sort(key=lambda t: -len(t[0]))
    return left, right, modal


@lru_cache(maxsize=1)
def _laws() -> dict[str, dict]:
    """Title and short title (without 中华人民共和国) -> national law row."""
    out = {}
    for r in _read("national_laws.csv"):
        out.setdefault(r["title"], r)
        if r["short_title"]:
            out.setdefault(r["short_title"], r)
    return out


@lru_cache(maxsize=1)
def _prefixes() -> list[tuple[str, str, str]]:
    rows = [(r["prefix"], r["issuer"], r["level"]) for r in _read("doc_number_prefixes.csv")]
    return sorted(rows, key=lambda t: -len(t[0]))


@lru_cache(maxsize=8)
def _untitled(city: str | None) -> list[tuple[re.Pattern, str | None]]:
    pats = []
    for p, t in _types()["untitled"]:
        if "{city}" in p:
            p = p.replace("{city}", re.escape(city) if city else "(?!)")
        pats.append((re.compile(p), t))
    return pats


def doc_type(title: str) -> str | None:
    """The type a title's last word gives (see ``doc_types.csv``).

    >>> doc_type("大连市高层次人才认定办法(试行)"), doc_type("中华人民共和国外商投资法")
    ('办法', '法律')
    """
    t = title.strip()
    for rx in _types()["strip"]:
        t = rx.sub("", t)
    for word, kind in _types()["suffix"]:
        if t.endswith(word):
            return kind
    return None


def _type_word(title: str) -> str | None:
    """The listed ending itself (审议意见, 条例): used for aliases such as a bare 《条例》."""
    for word, kind in _types()["suffix"]:
        if kind and title.endswith(word):
            return word
    return None


def _norm(title: str) -> str:
    return re.sub(r"[《》〈〉<>\s]", "", title).replace("（", "(").replace("）", ")")


# ----------------------------------------------------------------------------- bracket parsing


@dataclass
class _Title:
    start: int  # of the opening bracket
    end: int  # after the closing bracket
    title: str  # text inside
    depth: int
    inner: list = field(default_factory=list)


def _titles(text: str) -> list[_Title]:
    """All bracketed titles, outer and nested, in order of their opening bracket.

    《…》 opens anywhere; 〈…〉 and <…> count only inside a 《…》 (elsewhere < > are other signs).
    """
    out: list[_Title] = []
    stack: list[tuple[str, int, _Title | None]] = []
    for i, ch in enumerate(text):
        if ch == "《" or (stack and ch in "〈<"):
            stack.append((ch, i, None))
        elif stack and ch == OPEN[stack[-1][0]]:
            _, s, _ = stack.pop()
            t = _Title(s, i + 1, text[s + 1:i], len(stack))
            out.append(t)
        elif ch == "\n" and stack:
            stack.clear()  # an unclosed bracket never spans lines
    out.sort(key=lambda t: t.start)
    for t in out:
        t.inner = [u for u in out if u.depth == t.depth + 1 and t.start < u.start and u.end < t.end]
    return out


# ----------------------------------------------------------------------------- context rules


def _clause_left(text: str, pos: int, blank: list[tuple[int, int]]) -> str:
    """The clause before ``pos`` with other titles blanked out (so 落实《A》和《B》 governs B too)."""
    s = pos
    while s > 0 and text[s - 1] not in CLAUSE_END:
        s -= 1
    chars = list(text[s:pos])
    for bs, be in blank:
        for k in range(max(bs, s), min(be, pos)):
            chars[k - s] = "□"
    return "".join(chars)


def _relation(text: str, start: int, end: int, blank) -> tuple[str, str | None]:
    """(relation, status) from the verbs around a full-title mention."""
    left, right, modal = _verbs()
    # a verb just after the title, within its clause (《X》制定工作, 分工方案落地落细落实)
    after = re.split(r"[。；;,，！？!?\n《]", text[end:end + 8], maxsplit=1)[0]
    found = [(after.find(w), -len(w), rel, st) for w, rel, st in right if w in after]
    if found:
        _, _, rel, status = min(found)
        return rel, status
    ctx = _clause_left(text, start, blank)
    attributive_status = None
    k = len(ctx)
    while k > 0:
        hit = None
        for word, rel, status in left:
            if ctx.endswith(word, 0, k):
                hit = (word, rel, status)
                break
        if hit:
            word, rel, status = hit
            between = ctx[k:].rstrip("□")
            if between.endswith("的"):
                # 国家即将出台的《X》: the verb describes X, the report's verb stands further left
                attributive_status = attributive_status or ("planned" if _modal_in(ctx[:k]) else None)
                k -= len(word)
                continue
            return rel, status
        k -= 1
    return "cites", attributive_status


def _modal_in(s: str) -> bool:
    return any(w in s for w, _, _ in _verbs()[2])


def _sentence_left(text: str, pos: int) -> str:
    s = pos
    while s > 0 and text[s - 1] not in SENTENCE_END:
        s -= 1
    return text[s:pos]


# ----------------------------------------------------------------------------- documents


@dataclass
class _Doc:
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


class _Docs:
    """Documents keyed by normalised title, in order of first mention."""

    def __init__(self):
        self.by_key: dict[str, _Doc] = {}

    def get(self, title: str, pos: int) -> _Doc:
        key = _norm(title)
        d = self.by_key.get(key)
        if d is None:
            d = self.by_key[key] = _Doc(title, pos, dtype=doc_type(title))
        d.first = min(d.first, pos)
        return d

    def add_mention(self, d: _Doc, text: str, s: int, e: int):
        if not any(m.start == s and m.end == e for m in d.mentions):
            d.mentions.append(Mention(text[s:e], s, e))


def _canonical_title(title: str) -> str:
    """A national law's short title gets its full name (中小企业促进法 -> 中华人民共和国中小企业促进法)."""
    row = _laws().get(title)
    return row["title"] if row else title


def _place_level(title: str, city: str | None, province: str | None) -> str | None:
    short, prov_of, _ = _places()
    if title.startswith(("中华人民共和国", "全国", "国务院", "国家")):
        return "national"
    for place in sorted(short, key=len, reverse=True):
        if title.startswith(place) or (short[place] and len(short[place]) >= 2
                                       and title.startswith(short[place])):
            return "municipal" if place in prov_of and place != province else "provincial"
    if re.match(r"[\u4e00-\u9fff]{2,3}(?:新区|区|县)(?![\u4e00-\u9fff]{0,2}关于)", title) and not title.startswith("关于"):
        return "district"  # 黄岛区促进…措施: a district's own document
    if title.startswith(("关于我市", "关于本市", "我市", "本市")):
        return "municipal"
    if title.startswith(("关于我省", "我省")):
        return "provincial"
    return None


def find_documents(text: str, *, city: str | None = None, report_date: str | None = None,
                   province: str | None = None) -> list[DocumentRef]:
    """Every named document in ``text``, one :class:`DocumentRef` per document, in order of first mention.

    ``city`` (e.g. 大连市) turns 我市 into the city name; ``report_date`` (ISO) is accepted for
    callers that resolve dates and is not needed here.

    >>> ds = find_documents("贯彻实施《大连市稳市场主体促经济发展若干政策措施》(大发改法规字〔2021〕374号)。",
    ...                     city="大连市")
    >>> d = ds[0]; (d.doc_type, d.doc_number, d.issuer, d.relation, d.status_in_report)
    ('政策措施', '大发改法规字〔2021〕374号', '大连市发展和改革委员会', 'implements', 'in force')
    """
    if city is None:
        city, province = guess_place(text)
    if province is None and city:
        province = _places()[1].get(city)
    docs = _Docs()
    titles = _titles(text)
    blank = [(t.start, t.end) for t in titles if t.depth == 0]
    units = find_units(text, city=city, province=province)
    # units that can issue a title standing right after them; 向X印发 makes X a recipient instead
    unit_ends = {m.end: u.name for u in units for m in u.mentions
                 if text[max(0, m.start - 1):m.start] not in ("向", "给", "对", "致")}
    head = _report_title(text)

    # --- 1. untitled opinions carried out by the report (from its own title line)
    if head and head[2]:
        s, e = head[2]
        d = docs.get(text[s:e], s)
        docs.add_mention(d, text, s, e)
        d.relations.append(("implements", "referenced", 0))
        d.in_title_line = True
        d.cites = [_canonical_title(t.title) for t in titles if s <= t.start and t.end <= e and t.depth == 0]
        first_unit = next((u for u in units for m in u.mentions if m.start == s), None)
        if first_unit:
            d.issuer, d.level = first_unit.name, first_unit.level

    # --- 2. bracketed titles
    counted: list[tuple[int, _Title]] = []
    for t in titles:
        word = t.title.strip()
        if not word:
            continue  # an empty 《》 names nothing
        if doc_type(word) and _type_word(word) == word:
            counted.append((t.start, t))  # 《条例》: an alias, resolved below
            continue
        title = _canonical_title(word)
        d = docs.get(title, t.start)
        docs.add_mention(d, text, t.start, t.end)
        d.cites = d.cites or [_canonical_title(u.title) for u in t.inner]
        in_head = head is not None and head[0] <= t.start and t.end <= head[1]
        if t.depth == 0 and in_head:
            d.relations.append(("is_about", "in force", t.start))
            d.in_title_line = True
        elif t.depth == 0:
            rel, status = _relation(text, t.start, t.end, [b for b in blank if b != (t.start, t.end)])
            if rel in ("drafts", "issues", "cites") and _modal_in(_sentence_left(text, t.start)):
                status = "planned"
            d.relations.append((rel, status, t.start))
        _issuer_level(d, text, t, unit_ends, city, province)
        m = DOC_NUMBER.match(text, t.end + (1 if text[t.end:t.end + 1] in "(（" else 0))
        if m and t.depth == 0:
            d.number = m.group(0)
            for prefix, issuer, level in _prefixes():
                if d.number.startswith(prefix):
                    d.issuer, d.level = d.issuer or issuer, d.level or level
                    break

    # --- 3. documents named without 《》 by general patterns
    for rx, _ in _untitled(city):
        for m in rx.finditer(text):
            s, e = m.span("t")
            if any(bs <= s < be for bs, be in blank):
                continue
            surface = m.group("t")
            title = re.sub(r"^(?:我市|本市)", city or "", surface) if city else surface
            d = docs.get(title, s)
            docs.add_mention(d, text, s, e)
            rel, status = _relation(text, s, e, blank)
            d.relations.append((rel, status, s))
            d.level = d.level or (_place_level(surface, city, province) or
                                  ("municipal" if city and title.startswith(city) else None))
            blank.append((s, e))

    # --- 4. aliases: (以下简称…), N个《type》, bare 《type》, short names outside 《》
    _aliases(text, docs, titles, counted, blank)

    out = []
    for d in sorted(docs.by_key.values(), key=lambda x: x.first):
        rels = [r for r in d.relations if r[0]]
        rel, status = ("cites", "referenced")
        if rels:
            rel = min(rels, key=lambda r: (PRIORITY.index(r[0]), r[2]))[0]
            status = next((st for r, st, _ in sorted(rels, key=lambda r: r[2]) if r == rel and st),
                          STATUS_OF[rel])
        if d.level is None:
            d.level = _place_level(d.title, city, province)
        if d.level is None and rel in ("issues", "drafts") and city:
            d.level = "municipal"  # issued or drafted by the reporting (city) government itself
        d.mentions.sort(key=lambda m: m.start)
        out.append(DocumentRef(title=d.title, mentions=d.mentions, doc_type=d.dtype, issuer=d.issuer,
                               level=d.level, doc_number=d.number, status_in_report=status,
                               relation=rel, cites=d.cites))
    return out


def _issuer_level(d: _Doc, text: str, t: _Title, unit_ends: dict[int, str], city, province):
    """Issuer and level from the law table, the title's place prefix and the unit just before it."""
    law = _laws().get(d.title)
    if law:
        d.issuer = d.issuer or law["issuer"] or None
        d.level = d.level or "national"
    # a unit right before the title, possibly through 印发的 / 委托作的 … (国务院《…》, 受市政府委托作的《…》)
    left = text[max(0, t.start - 8):t.start]
    for k in range(len(left) + 1):
        pos = t.start - k
        if pos in unit_ends and re.fullmatch(r"(?:委托)?(?:作|印发|制定|出台|发布|颁布)?的?", text[pos:t.start]):
            name = unit_ends[pos]
            d.issuer = d.issuer or name
            break
    if d.level is None:
        before = text[max(0, t.start - 2):t.start]
        if before.endswith(("国家", "国务院")) or text[max(0, t.start - 3):t.start] == "国务院":
            d.level = "national"
        elif before in ("我市", "本市"):
            d.level = "municipal"
        elif before in ("我省", "本省"):
            d.level = "provincial"
        else:
            d.level = _place_level(d.title, city, province)
    head = d.title.split("关于", 1)[0] if "关于" in d.title[1:] else ""
    if d.issuer is None and 2 <= len(head) <= 30:
        # 国务院关于…的意见, 大连市人民政府办公厅关于…的通知: the title names its issuer
        u = canonical_unit(head, city=city, province=province)
        if u is not None:
            d.issuer = u.name
            d.level = d.level if d.level not in (None, "other") else u.level
    if d.issuer is None and d.dtype == "条例" and province and d.title.startswith(province):
        d.issuer = province + "人民代表大会常务委员会"  # a province's local regulation


def _report_title(text: str) -> tuple[int, int, tuple[int, int] | None] | None:
    """Span of the report's own title line and of the untitled document it carries out, if any."""
    for line in re.finditer(r"^[ \t\u3000]*(\S[^\n]{6,200}?)[ \t\u3000]*$", text[:3000], re.M):
        s, e = line.span(1)
        body = line.group(1)
        if body.startswith("《"):
            continue
        for rx, _ in _types()["report_title"]:
            m = rx.match(body)
            if m:
                inner = (s + m.start("t"), s + m.end("t")) if "t" in rx.groupindex else None
                return s, e, inner
    return None


def _aliases(text: str, docs: _Docs, titles: list[_Title], counted, blank):
    def docs_of_type(word: str, before: int, n: int) -> list[_Doc]:
        cands = [d for d in docs.by_key.values()
                 if _type_word(d.title) == word and any(m.start < before for m in d.mentions)
                 and not (d.title == word)]
        cands.sort(key=lambda d: max(m.start for m in d.mentions if m.start < before))
        return cands[-n:] if n else cands[-1:]

    # (以下简称“X”) defines X for the title just before it; 两个《条例》 names several at once
    defined: dict[str, list[_Doc]] = {}
    for m in ALIAS_DEF.finditer(text):
        a_s, a_e = m.span("a")
        alias = m.group("a")
        prev = [t for t in titles if t.depth == 0 and t.end <= m.start()]
        cm = re.fullmatch(r"([两二三四五六七八九十\d]+)个《([^》]+)》", alias)
        if cm:
            n = int(cm.group(1)) if cm.group(1).isdigit() else CN_NUM.get(cm.group(1), 0)
            targets = docs_of_type(cm.group(2), a_s, n)
        elif prev:
            key = _norm(_canonical_title(prev[-1].title))
            targets = [docs.by_key[key]] if key in docs.by_key else []
        else:
            targets = []
        if targets:
            defined[alias.strip("“”")] = targets
            for d in targets:
                docs.add_mention(d, text, a_s, a_e)
    # N个《type》 and bare 《type》 anywhere
    for _pos, t in counted:
        word = t.title.strip()
        cm = COUNT.search(text[max(0, t.start - 4):t.start])
        if cm:
            n = int(cm.group(1)) if cm.group(1).isdigit() else CN_NUM.get(cm.group(1), 0)
            s = t.start - len(cm.group(0))
            key = text[s:t.end]
            targets = defined.get(key) or docs_of_type(word, s, n)
            for d in targets:
                docs.add_mention(d, text, s, t.end)
        else:
            for d in docs_of_type(word, t.start, 1):
                docs.add_mention(d, text, t.start, t.end)
    # bare occurrences of defined aliases, short law names and the untitled documents' type words
    bare: dict[str, list[_Doc]] = {k: v for k, v in defined.items() if not k.startswith(tuple("两二三"))}
    for d in docs.by_key.values():
        if d.title.startswith("中华人民共和国") and len(d.title) > 9:
            bare.setdefault(d.title[7:], [d])
        if d.in_title_line and not any(text[m.start:m.end].startswith("《") for m in d.mentions):
            w = _type_word(d.title)
            if w and len(w) >= 4:
                bare.setdefault(w, [d])
    taken = [(m.start, m.end) for d in docs.by_key.values() for m in d.mentions] + blank
    for word, targets in bare.items():
        for m in re.finditer(re.escape(word), text):
            s, e = m.span()
            if any(ts <= s < te or ts < e <= te for ts, te in taken):
                continue
            for d in targets:
                docs.add_mention(d, text, s, e)
