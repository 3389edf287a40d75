"""Query time: names as users type them -> nodes in the graph.

Users type 市营商局, 《条例》, 优化营商环境条例 第七条 or a measure's heading; these functions find
the node through a store's :class:`~policygraph.stores.base.Backend` (the same look-ups in SPARQL
and in Cypher), and when nothing matches raise :class:`~policygraph.errors.NotFoundError` listing
the closest known names (rapidfuzz). Where several nodes share a name, the smallest IRI wins, on
every store.

Extraction-time resolution (a report's names -> canonical entities) is :mod:`policygraph.resolve`.

>>> split_article("《优化营商环境条例》第七条")
('优化营商环境条例', 7, None)
"""

from __future__ import annotations

import re

from . import build
from .errors import NotFoundError
from .numerals import parse_cn_number
from .resolve import known_unit_name

_ARTICLE = re.compile(r"第?\s*([0-9〇零一二两三四五六七八九十百千]+)\s*条(?:之([一二三四五六七八九十]+))?\s*$")


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


def _suggest(name: str, choices: list[str], n: int = 5) -> list[str]:
    from rapidfuzz import fuzz, process

    return [c for c, score, _ in process.extract(name, choices, scorer=fuzz.WRatio, limit=n) if score > 30]


def _first(values):
    # several nodes can share a name (an alias of two units): the smallest IRI, on every store
    values = sorted(set(values))
    return values[0] if values else None


def find_unit(backend, name: str) -> str:
    """The IRI of the unit called ``name`` (canonical name, short form or alias)."""
    if name.startswith("http"):
        return name
    hit = _first(backend.units_named(name))
    if hit:
        return hit
    # the gazetteer knows short forms that this graph's reports never used
    known = known_unit_name(name, city=main_city(backend))
    hit = _first(backend.units_with_pref_label(known)) if known else None
    if hit:
        return hit
    labels = sorted(set(backend.unit_labels()))
    contains = [lab for lab in labels if name in lab]
    if len(contains) == 1:
        return find_unit(backend, contains[0])
    raise NotFoundError("unit", name, contains[:5] or _suggest(name, labels), empty=not labels)


def main_city(backend) -> str | None:
    """The city of the unit that issued most reports (市 in its reports means that city)."""
    rows = sorted(backend.report_issuers(), key=lambda r: (-r[1], r[0]))
    if rows:
        m = re.match(r"(.+?市)", rows[0][0])
        return m.group(1) if m else None
    return None


def find_regulation(backend, name: str) -> str:
    """The IRI of the regulation (work) or named document called ``name``: full or short title,
    with or without 《》 and 中华人民共和国."""
    if name.startswith("http"):
        return name
    title = clean(name)
    work = build.work_iri(title)
    if backend.titles(work):
        return work
    hit = _first(backend.works_named(title))
    if hit:
        return hit
    titles = sorted(set(backend.regulation_titles()))
    ends = sorted((t for t in titles if build.title_key(t).endswith(build.title_key(title))), key=len)
    if ends:
        return build.work_iri(ends[0])
    raise NotFoundError("regulation", name, _suggest(title, titles), empty=not titles)


def find_articles(backend, spec: str, regulation: str | None = None) -> list[str]:
    """IRIs of the article(s) named by ``spec`` ("优化营商环境条例 第七条"), in the latest version with text."""
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
    """Any node by IRI, unit name, document/regulation title, article spec or measure heading."""
    if name.startswith("http"):
        return name
    for find in (find_unit, find_regulation, lambda b, n: find_articles(b, n)[0]):
        try:
            return find(backend, name)
        except NotFoundError:
            pass
    hit = _first(backend.measures_headed(clean(name)))
    if hit:
        return hit
    labels = sorted(set(backend.node_labels()))
    raise NotFoundError("node", name, _suggest(name, labels), empty=not labels)
