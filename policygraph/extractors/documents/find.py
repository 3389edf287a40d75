"""find_documents: every document a text names, with its mentions, relation, status, issuer and level."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from ...records import DocumentRef
from ..units import _places, find_units, guess_place
from .aliases import resolve_aliases
from .bare import Found, Scan, find_bare, local_scope, opens_at
from .context import TextContext
from .issuers import UnitsBefore, canonical_title, set_issuer_level, set_number
from .model import Docs, doc_type, type_word
from .places import Place
from .tables import laws, types
from .titles import Title, bracket_titles, doc_number_after

UNCLOSED = "W-DOCUMENTS-001"


class _Reader:
    """The state of one call: the text, its place, the documents so far and what governs them."""

    def __init__(self, text: str, place: Place, tense_at, warnings: list[str] | None):
        self.text, self.place, self.warnings = text, place, warnings
        unclosed: list[int] = []
        self.titles = bracket_titles(text, unclosed)
        for pos in unclosed:
            self.warn(UNCLOSED, f"《 at {pos} is never closed: the title after it is not read")
        self.top = [t for t in self.titles if t.depth == 0]
        self.ctx = TextContext(text, [(t.start, t.end) for t in self.top], tense_at)
        self.docs = Docs(text)
        self.units = UnitsBefore(text, find_units(text, city=place.city, province=place.province))
        self.head = report_title(text)
        self.counted: list[Title] = []
        self.scan = Scan(text, self.ctx, place, warnings)

    def warn(self, code: str, message: str) -> None:
        if self.warnings is not None:
            self.warnings.append(f"{code}: {message}")

    def opens_at(self, i: int) -> bool:
        return opens_at(self.ctx, i)


def find_documents(text: str, *, city: str | None = None, report_date: str | None = None,
                   province: str | None = None, district: str | None = None,
                   tense_at: Callable[[int], str | None] | None = None,
                   warnings: list[str] | None = None) -> list[DocumentRef]:
    """Every named document in ``text``, one :class:`DocumentRef` per document, in order of first mention.

    ``city``, ``province`` and ``district`` are the text's own places: 我市 and 市 mean the city,
    我省 and 省 the province (guessed from the text when neither city nor province is given; an
    unknown place is never guessed). ``tense_at(offset)`` -> "done" | "planned" | None gives the
    tense of the part an offset stands in: a document 出台 in a plan part is still to be drafted,
    one 制定 in a review part has been issued. ``report_date`` (ISO) is accepted for callers that
    resolve dates and is not needed here. Coded warnings (an unclosed 《, a 我市 whose city is not
    known) are appended to ``warnings`` when a list is given.

    >>> ds = find_documents("贯彻实施《大连市稳市场主体促经济发展若干政策措施》(大发改法规字〔2021〕374号)。",
    ...                     city="大连市")
    >>> d = ds[0]; (d.doc_type, d.doc_number, d.issuer, d.relation, d.status_in_report)
    ('政策措施', '大发改法规字〔2021〕374号', '大连市发展和改革委员会', 'implements', 'in force')
    """
    if city is None and province is None:
        city, province = guess_place(text)
    if province is None and city:
        province = _places()[1].get(city)
    r = _Reader(text, Place(city, province, district), tense_at, warnings)
    _report_opinions(r)
    for t in r.titles:
        _bracketed(r, t)
    for f in find_bare(r.scan):
        _bare(r, f)
    resolve_aliases(text, r.docs, r.top, r.counted, bytearray(r.ctx.taken))
    own = "district" if district else "municipal" if city else "provincial" if province else None
    out = []
    for d in r.docs:
        rel, status = d.relation()
        if d.level is None and rel in ("issues", "drafts"):
            d.level = own  # issued or drafted by the reporting government itself
        out.append(d.ref(rel, status))
    return out


def _report_opinions(r: _Reader) -> None:
    """The untitled opinions a report's own title says it carries out (关于落实X审议意见情况的报告 -> X)."""
    if not (r.head and r.head[2]):
        return
    s, e = r.head[2]
    d = r.docs.get(r.text[s:e], s)
    r.docs.mention(d, s, e)
    d.relations.append(("implements", "referenced", 0))
    d.in_title_line = True
    d.cites = [canonical_title(t.title) for t in r.top if s <= t.start and t.end <= e]
    by = r.units.starting_at(s)  # 市人大常委会对…审议意见: the body that opens the span gave the opinions
    if by:
        d.issuer, d.level = by
    r.ctx.take(s, e)


def _bracketed(r: _Reader, t: Title) -> None:
    word = t.title.strip()
    if not word:
        return  # an empty 《》 names nothing
    if doc_type(word) and type_word(word) == word:
        r.counted.append(t)  # 《条例》: an alias, resolved once every title is known
        return
    title, level = canonical_title(word), None
    if title in _national_titles():
        local = local_scope(r.scan, t.start, {"doc_type": doc_type(title)})
        if local and r.place.of(local[0]):  # 本市《优化营商环境条例》: the city's own, not the State Council's
            title, level = r.place.of(local[0]) + word, r.place.level_of(local[0])
    d = r.docs.get(title, t.start)
    r.docs.mention(d, t.start, t.end)
    d.titled, d.level = True, d.level or level
    d.cites = d.cites or [canonical_title(u.title) for u in t.inner]
    if t.depth == 0 and r.head is not None and r.head[0] <= t.start and t.end <= r.head[1]:
        d.relations.append(("is_about", "in force", t.start))
        d.in_title_line = True
    elif t.depth == 0:
        d.relations.append((*r.ctx.relation(t.start, t.end), t.start))
    if t.depth == 0:
        set_number(d, doc_number_after(r.text, t.end), r.place)
    set_issuer_level(d, r.ctx.masked, t.start, r.units, r.place, r.opens_at)


@cache
def _national_titles() -> frozenset[str]:
    return frozenset(row["title"] for row in laws().values())


def _bare(r: _Reader, f: Found) -> None:
    d = r.docs.get(f.title, f.start)
    r.docs.mention(d, f.start, f.end)
    d.titled = True
    d.relations.append((*r.ctx.relation(f.start, f.end), f.start))
    if f.row is not None:
        d.issuer = d.issuer or f.row.get("issuer") or None
        d.level = d.level or f.row.get("level") or None
    if f.scope:
        d.level = d.level or r.place.level_of(f.scope)
    set_issuer_level(d, r.ctx.masked, f.start, r.units, r.place, r.opens_at)


def report_title(text: str) -> tuple[int, int, tuple[int, int] | None] | None:
    """Span of the report's own title line and of the untitled document it carries out, if any."""
    for line in re.finditer(r"^[ \t\u3000]*(\S[^\n]{6,200}?)[ \t\u3000]*$", text[:3000], re.M):
        s, e = line.span(1)
        body = line.group(1)
        if body.startswith("《"):
            continue
        for rx, _ in types().report_title:
            m = rx.match(body)
            if m:
                inner = (s + m.start("t"), s + m.end("t")) if "t" in rx.groupindex else None
                return s, e, inner
    return None
