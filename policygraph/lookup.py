"""Query time: names as users type them -> nodes in the graph.

Users type 市营商局, 《条例》, 优化营商环境条例 第七条, a measure's heading, or an ID that a table
printed (``关于落实/s1/m1``, ``unit/大连市营商环境建设局``, a full IRI); these functions find the
node through a store's :class:`~policygraph.stores.base.Backend` (the same look-ups in SPARQL and
in Cypher), and when nothing matches raise :class:`~policygraph.errors.NotFoundError` listing the
closest known names (rapidfuzz). Where several nodes share a name, the smallest IRI wins, on every
store.

A name is taken as it was typed first (a title with quotes or ``>`` in it is found by typing it
exactly), then without the quotes and brackets around it. A name resolves only when the match
means something: an empty name, a name of control characters, or one character contained in some
label is an error, never "the first node". An IRI is checked twice before it reaches a store: it
must be a valid IRI (:func:`valid_iri`) and name a node that exists.

Extraction-time resolution (a report's names -> canonical entities) is :mod:`policygraph.resolve`.

>>> split_article("《优化营商环境条例》第七条")
('优化营商环境条例', 7, None)
"""

from __future__ import annotations

import re
import unicodedata

from pyoxigraph import NamedNode

from . import build
from .errors import NotFoundError
from .numerals import parse_cn_number
from .ontology.terms import ID, PG
from .resolve import known_unit_name

_ARTICLE = re.compile(r"第?\s*([0-9〇零一二两三四五六七八九十百千]+)\s*条(?:之([一二三四五六七八九十]+))?\s*$")
BASE = str(ID)  # every node the package mints is under this IRI
UNIT_TYPES = frozenset({PG.Unit, PG.LeadingGroup, PG.Collective})
MIN_CONTAINED = 2  # characters a name needs before "the one label containing it" counts as a match
MIN_TITLE_END = 4  # characters a title needs before "the shortest title ending with it" counts


def split_article(spec: str) -> tuple[str | None, int | None, int | None]:
    """"优化营商环境条例 第七条" -> ("优化营商环境条例", 7, None); "第十条之一" -> (None, 10, 1);
    a bare regulation name -> (name, None, None).

    >>> split_article("第十条之一"), split_article("优化营商环境条例 7")
    ((None, 10, 1), ('优化营商环境条例', 7, None))
    """
    s = spec.strip()
    m = _ARTICLE.search(s)
    if not m:
        m2 = re.search(r"\s+(\d+)$", s)
        if m2:
            return clean(s[: m2.start()]) or None, int(m2.group(1)), None
        return clean(s) or None, None, None
    number = parse_cn_number(m.group(1))
    suffix = parse_cn_number(m.group(2)) if m.group(2) else None
    return clean(s[: m.start()]) or None, number, suffix


def clean(name: str) -> str:
    """A name without the quotes and title brackets users put around it.

    >>> clean(" 《条例》 ")
    '条例'
    """
    return name.strip().strip("《》<>〈〉\"“”' ").strip()


def valid_iri(value: str) -> bool:
    """Whether ``value`` is an absolute IRI a query may carry (RFC 3987, as pyoxigraph checks it).

    >>> valid_iri("https://w3id.org/policygraph/id/unit/大连市"), valid_iri("http://x> UNDEF } #")
    (True, False)
    """
    try:
        NamedNode(value)
    except (ValueError, TypeError):
        return False
    return True


def looks_like_iri(name: str) -> bool:
    """A name the user meant as an IRI (``http://…``, ``https://…``, ``urn:…``)."""
    return bool(re.match(r"(?i)(https?://|urn:)", name))


def check_name(name, kind: str) -> str:
    """``name`` if it can name something; else :class:`NotFoundError` saying why (an empty name, a
    name of only quotes and brackets, control characters, an invalid IRI)."""
    if not isinstance(name, str):
        raise NotFoundError(kind, str(name), reason="a name is text")
    if not clean(name):
        raise NotFoundError(kind, name, reason="the name is empty" if not name.strip()
                            else "the name is only quotes or brackets")
    bad = next((ch for ch in name if unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n"), None)
    if bad is not None:
        raise NotFoundError(kind, name, reason=f"the name contains the control character U+{ord(bad):04X}")
    if looks_like_iri(name) and not valid_iri(name):
        raise NotFoundError(kind, name, reason=f"not a valid IRI: {_iri_problem(name)}")
    return name


def _iri_problem(value: str) -> str:
    try:
        NamedNode(value)
    except ValueError as exc:
        return str(exc)
    return ""


def _suggest(name: str, choices: list[str], n: int = 5) -> list[str]:
    from rapidfuzz import fuzz, process

    return [c for c, score, _ in process.extract(name, choices, scorer=fuzz.WRatio, limit=n) if score > 30]


def _first(values):
    # several nodes can share a name (an alias of two units): the smallest IRI, on every store
    values = sorted(set(values))
    return values[0] if values else None


def _spellings(name: str) -> list[str]:
    """The name exactly as typed, trimmed, then without surrounding quotes and brackets (once each)."""
    return list(dict.fromkeys(x for x in (name, name.strip(), clean(name)) if x))


# ------------------------------------------------------------------ IDs printed by the tables
def _report_keys(backend) -> dict[str, str]:
    """Report IRI -> its key (the part after ``id/work/``)."""
    head = BASE + "work/"
    return {r: r[len(head):] for r in backend.reports() if r.startswith(head)}


def display_id(iri: str, report_keys: dict[str, str]) -> str:
    """What a table prints for a node: an ID that :func:`find_node` takes back.

    A node of a report (its sections, measures, figures) is the shortest prefix (four characters
    or more) of the report's key that no other report shares, then its own part; other nodes are
    their IRI without ``https://w3id.org/policygraph/id/``.

    >>> r = BASE + "work/关于落实审议意见的报告"
    >>> display_id(r + "/s1/m1", {r: "关于落实审议意见的报告"})
    '关于落实/s1/m1'
    >>> display_id(BASE + "unit/大连市营商环境建设局", {})
    'unit/大连市营商环境建设局'
    """
    if not iri.startswith(BASE):
        return iri
    for report, key in sorted(report_keys.items(), key=lambda kv: -len(kv[0])):
        if iri.startswith(report + "/"):
            others = [k for r, k in report_keys.items() if r != report]
            n = min(MIN_TITLE_END, len(key))
            while n < len(key) and any(k.startswith(key[:n]) for k in others):
                n += 1
            return f"{key[:n]}/{iri[len(report) + 1:]}"
    return iri[len(BASE):]


def id_formatter(backend):
    """``display_id`` bound to the store's reports (read once, when the first ID is printed)."""
    keys: dict[str, str] | None = None

    def show(iri: str) -> str:
        nonlocal keys
        if keys is None and iri.startswith(BASE + "work/"):
            keys = _report_keys(backend)
        return display_id(iri, keys or {})

    return show


def find_id(backend, name: str) -> str | None:
    """The node an IRI or a printed ID names (None when ``name`` is neither); an IRI or ID that
    names no node, or several, is a :class:`NotFoundError`."""
    if looks_like_iri(name):
        check_name(name, "node")
        if not backend.existing([name]):
            raise NotFoundError("node", name, reason="no node has this IRI in the graph")
        return name
    if "/" not in name or name != name.strip():
        return None
    head, _, tail = name.partition("/")
    candidates = [BASE + name] + [r + "/" + tail for r, key in _report_keys(backend).items() if key.startswith(head)]
    found = sorted(backend.existing([c for c in dict.fromkeys(candidates) if valid_iri(c)]))
    if len(found) > 1:
        keys = _report_keys(backend)
        raise NotFoundError("node", name, [display_id(f, {r: k for r, k in keys.items() if f.startswith(r)})
                                           for f in found], reason="several nodes have this ID")
    return found[0] if found else None


def _typed(backend, iri: str, kind: str, types: frozenset[str] | None) -> str:
    """``iri`` if it has one of ``types`` (any type when None); else why not."""
    if types is None:
        return iri
    have = set(backend.existing([iri]).get(iri, ()))
    if have & types:
        return iri
    what = ", ".join(sorted(t.rsplit("#", 1)[-1] for t in have)) or "untyped"
    raise NotFoundError(kind, iri, reason=f"that node is a {what}, not a {kind}")


# ------------------------------------------------------------------ units, regulations, articles, any node
def find_unit(backend, name: str) -> str:
    """The IRI of the unit called ``name`` (canonical name, short form or alias, or its ID)."""
    check_name(name, "unit")
    iri = find_id(backend, name)
    if iri is not None:
        return _typed(backend, iri, "unit", UNIT_TYPES)
    for spelling in _spellings(name):
        hit = _first(backend.units_named(spelling))
        if hit:
            return hit
    # the gazetteer knows short forms that this graph's reports never used
    known = known_unit_name(clean(name), city=main_city(backend))
    hit = _first(backend.units_with_pref_label(known)) if known else None
    if hit:
        return hit
    labels = sorted(set(backend.unit_labels()))
    short = clean(name)
    contains = [lab for lab in labels if short in lab] if len(short) >= MIN_CONTAINED else []
    if len(contains) == 1:
        return _first(backend.units_named(contains[0]))
    raise NotFoundError("unit", name, contains[:5] or _suggest(short, labels), empty=not labels)


def main_city(backend) -> str | None:
    """The city of the unit that issued most reports (市 in its reports means that city)."""
    rows = sorted(backend.report_issuers(), key=lambda r: (-r[1], r[0]))
    if rows:
        m = re.match(r"(.+?市)", rows[0][0])
        return m.group(1) if m else None
    return None


def find_regulation(backend, name: str) -> str:
    """The IRI of the regulation (work) or named document called ``name``: full or short title,
    with or without 《》 and 中华人民共和国, or its ID."""
    check_name(name, "regulation")
    iri = find_id(backend, name)
    if iri is not None:
        if not backend.titles(iri):
            raise NotFoundError("regulation", name, reason="that node has no title: it is not a regulation or document")
        return iri
    for title in _spellings(name):
        work = build.work_iri(title)
        if valid_iri(work) and backend.titles(work):
            return work
        hit = _first(backend.works_named(title))
        if hit:
            return hit
    title = clean(name)
    titles = sorted(set(backend.regulation_titles()))
    key = build.title_key(title)
    if len(key) >= MIN_TITLE_END:  # a short title: the shortest full title that ends with it
        ends = sorted((t for t in titles if build.title_key(t).endswith(key)), key=lambda t: (len(t), t))
        if ends:
            return build.work_iri(ends[0])
    raise NotFoundError("regulation", name, _suggest(title, titles), empty=not titles)


def find_articles(backend, spec: str, regulation: str | None = None) -> list[str]:
    """IRIs of the article(s) named by ``spec`` ("优化营商环境条例 第七条"), in the latest version with text."""
    check_name(spec, "article")
    iri = find_id(backend, spec)
    if iri is not None:
        return [_typed(backend, iri, "article", frozenset({PG.Article}))]
    reg_name, number, suffix = split_article(spec)
    reg_name = reg_name or regulation
    if number is None or reg_name is None:
        raise NotFoundError("article", spec, ["优化营商环境条例 第七条"])
    work = find_regulation(backend, reg_name)
    rows = backend.articles(work, number, suffix or 0)
    if not rows:
        raise NotFoundError("article", spec, [])
    # the latest version (undated last), then the smallest IRI; sort is stable
    rows = sorted(sorted(set(rows)), key=lambda r: r[1] or "", reverse=True)
    return [rows[0][0]]


def find_node(backend, name: str) -> str:
    """Any node by IRI or printed ID, unit name, document/regulation title, article spec or
    measure heading."""
    check_name(name, "node")
    iri = find_id(backend, name)
    if iri is not None:
        return iri
    for find in (find_unit, find_regulation, lambda b, n: find_articles(b, n)[0]):
        try:
            return find(backend, name)
        except NotFoundError:
            pass
    for heading in _spellings(name):
        hit = _first(backend.measures_headed(heading))
        if hit:
            return hit
    labels = sorted(set(backend.node_labels()))
    raise NotFoundError("node", name, _suggest(clean(name), labels), empty=not labels)


def find_document(backend, name: str, titles) -> str:
    """The title among ``titles`` (documents measures name) that ``name`` names: equal once
    brackets, dashes and spaces are folded (:func:`policygraph.build.title_key`)."""
    check_name(name, "document")
    by_key: dict[str, str] = {}
    for t in sorted(set(titles)):
        by_key.setdefault(build.title_key(t), t)
    for spelling in _spellings(name):
        hit = by_key.get(build.title_key(spelling))
        if hit:
            return hit
    raise NotFoundError("document", name, _suggest(clean(name), sorted(by_key.values())), empty=not by_key)
