"""Names as users write them -> nodes in the graph.

Users type 市营商局, 《条例》, 优化营商环境条例 第七条 or a measure's heading; these functions find
the node, and when nothing matches raise :class:`~policygraph.errors.NotFoundError` listing the
closest known names (rapidfuzz).

The look-ups go through a small interface, :class:`SparqlLookup` here (embedded store) and
``CypherBackend`` in :mod:`policygraph.stores.cypher_queries` (Neo4j / FalkorDB), so the same names
resolve to the same nodes on every store. :func:`lookup` picks the one a store needs.
"""

from __future__ import annotations

import re

from . import build
from .errors import NotFoundError
from .numerals import parse_cn_number

_ARTICLE = re.compile(r"第?\s*([0-9〇零一二两三四五六七八九十百千]+)\s*条(?:之([一二三四五六七八九十]+))?\s*$")


def split_article(spec: str) -> tuple[str | None, int | None, int | None]:
    """"优化营商环境条例 第七条" -> ("优化营商环境条例", 7, None); "第十条之一" -> (None, 10, 1);
    a bare regulation name -> (name, None, None).

    >>> split_article("《优化营商环境条例》第七条")
    ('优化营商环境条例', 7, None)
    """
    s = spec.strip()
    m = _ARTICLE.search(s)
    if not m:
        m2 = re.search(r"\s+(\d+)$", s)
        if m2:
            return _clean(s[: m2.start()]) or None, int(m2.group(1)), None
        return _clean(s) or None, None, None
    number = parse_cn_number(m.group(1))
    suffix = parse_cn_number(m.group(2)) if m.group(2) else None
    return _clean(s[: m.start()]) or None, number, suffix


def _clean(name: str) -> str:
    return name.strip().strip("《》<>〈〉\"“”' ").strip()


def _suggest(name: str, choices: list[str], n: int = 5) -> list[str]:
    from rapidfuzz import fuzz, process

    return [c for c, score, _ in process.extract(name, choices, scorer=fuzz.WRatio, limit=n) if score > 30]


class SparqlLookup:
    """Name look-ups on a store that answers SPARQL (``store.select``). Every method returns plain
    values; callers sort where the answer must not depend on the store's row order."""

    def __init__(self, store):
        self.store = store

    def units_named(self, name: str) -> list[str]:
        """Units whose canonical name (skos:prefLabel) or an alias (skos:altLabel) is ``name``."""
        return [r["u"] for r in self.store.select(
            "SELECT DISTINCT ?u WHERE { ?u a pg:Unit . { ?u skos:prefLabel ?n } UNION { ?u skos:altLabel ?n } }",
            {"n": name})]

    def units_with_pref_label(self, name: str) -> list[str]:
        return [r["u"] for r in self.store.select("SELECT ?u WHERE { ?u a pg:Unit ; skos:prefLabel ?n }",
                                                  {"n": name})]

    def unit_labels(self) -> list[str]:
        return [r["n"] for r in self.store.select(
            "SELECT DISTINCT ?n WHERE { ?u a pg:Unit . { ?u skos:prefLabel ?n } UNION { ?u skos:altLabel ?n } }")]

    def pref_labels(self, node: str) -> list[str]:
        return [r["n"] for r in self.store.select("SELECT ?n WHERE { ?u skos:prefLabel ?n }",
                                                  {"u": build.node(node)})]

    def report_issuers(self) -> list[tuple[str, int]]:
        """(canonical name, number of reports) of the units that issued reports."""
        return [(r["n"], int(r["c"])) for r in self.store.select(
            """SELECT ?n (COUNT(*) AS ?c) WHERE { ?r a pg:Report ; dct:creator ?u .
               ?u skos:prefLabel ?n } GROUP BY ?n""")]

    def titles(self, node: str) -> list[str]:
        """dct:title of a node."""
        return [r["t"] for r in self.store.select("SELECT ?t WHERE { ?w dct:title ?t }", {"w": build.node(node)})]

    def works_named(self, name: str) -> list[str]:
        """Regulations and documents with a title whose short title or label is ``name``."""
        return [r["w"] for r in self.store.select(
            """SELECT DISTINCT ?w WHERE { { ?w a pg:Regulation } UNION { ?w a pg:Document }
               { ?w pg:shortTitle ?s } UNION { ?w rdfs:label ?s } ?w dct:title ?t }""", {"s": name})]

    def regulation_titles(self) -> list[str]:
        return [r["t"] for r in self.store.select("SELECT DISTINCT ?t WHERE { ?w a pg:Regulation ; dct:title ?t }")]

    def articles(self, work: str, number: int, suffix: int) -> list[tuple[str, str | None]]:
        """(article, version date) of article ``number`` (``suffix`` 0 = none) in every version of ``work``."""
        # Article IRIs are minted from the version and the number (build.add_part), so the candidates
        # are known; asking for them is instant where a has_part+ walk over the corpus takes seconds.
        versions = self.store.select(
            "SELECT DISTINCT ?v ?date WHERE { ?w eli:is_realized_by ?v . OPTIONAL { ?v eli:version_date ?date } }",
            {"w": build.node(work)})
        out = []
        for r in versions:
            a = f"{r['v']}/art{number}" + (f"-{suffix}" if suffix else "")
            if self.store.select("SELECT ?n WHERE { ?a a pg:Article ; pg:number ?n }", {"a": build.node(a)}):
                out.append((a, r["date"]))
        return out

    def measures_headed(self, heading: str) -> list[str]:
        return [r["m"] for r in self.store.select("SELECT ?m WHERE { ?m a pg:Measure ; pg:heading ?h }",
                                                  {"h": heading})]

    def node_labels(self) -> list[str]:
        """Labels of units, documents and measures (for suggestions)."""
        return [r["l"] for r in self.store.select(
            "SELECT DISTINCT ?l WHERE { { ?x a pg:Unit } UNION { ?x a pg:Document } UNION { ?x a pg:Measure } "
            "?x rdfs:label ?l }")]


def lookup(store):
    """The look-up interface for ``store``: its own (a server store's ``backend()``), or SPARQL.
    A look-up object passed in is returned as is."""
    if hasattr(store, "units_named"):
        return store
    backend = getattr(store, "backend", None)
    if callable(backend):
        return backend()
    return SparqlLookup(store)


def _first(values):
    # several nodes can share a name (an alias of two units): the smallest IRI, on every store
    values = sorted(set(values))
    return values[0] if values else None


def resolve_unit(store, name: str) -> str:
    """The IRI of the unit called ``name`` (canonical name, short form or alias)."""
    if name.startswith("http"):
        return name
    look = lookup(store)
    hit = _first(look.units_named(name))
    if hit:
        return hit
    try:  # the gazetteer knows short forms that this graph's reports never used
        from .extractors.units import canonical_unit

        u = canonical_unit(name, city=_main_city(look))
        if u is not None:
            hit = _first(look.units_with_pref_label(u.name))
            if hit:
                return hit
    except Exception:  # noqa: BLE001 - the gazetteer is a convenience here, never a failure
        pass
    labels = sorted(set(look.unit_labels()))
    contains = [lab for lab in labels if name in lab]
    if len(contains) == 1:
        return resolve_unit(look, contains[0])
    raise NotFoundError("unit", name, contains[:5] or _suggest(name, labels), empty=not labels)


def _main_city(store) -> str | None:
    rows = sorted(lookup(store).report_issuers(), key=lambda r: (-r[1], r[0]))
    if rows:
        m = re.match(r"(.+?市)", rows[0][0])
        return m.group(1) if m else None
    return None


def resolve_regulation(store, name: str) -> str:
    """The IRI of the regulation (work) or named document called ``name``: full or short title,
    with or without 《》 and 中华人民共和国."""
    if name.startswith("http"):
        return name
    look = lookup(store)
    clean = _clean(name)
    work = build.work_iri(clean)
    if look.titles(work):
        return work
    hit = _first(look.works_named(clean))
    if hit:
        return hit
    titles = sorted(set(look.regulation_titles()))
    ends = sorted((t for t in titles if build.title_key(t).endswith(build.title_key(clean))), key=len)
    if ends:
        return build.work_iri(ends[0])
    raise NotFoundError("regulation", name, _suggest(clean, titles), empty=not titles)


def resolve_article(store, spec: str, regulation: str | None = None) -> list[str]:
    """IRIs of the article(s) named by ``spec`` ("优化营商环境条例 第七条"), in the latest version with text."""
    reg_name, number, suffix = split_article(spec)
    reg_name = reg_name or regulation
    if number is None or reg_name is None:
        raise NotFoundError("article", spec, ["优化营商环境条例 第七条"])
    look = lookup(store)
    work = resolve_regulation(look, reg_name)
    rows = look.articles(work, number, suffix or 0)
    if not rows:
        raise NotFoundError("article", spec, [])
    # the latest version (undated last), then the smallest IRI; sort is stable
    rows = sorted(sorted(set(rows)), key=lambda r: r[1] or "", reverse=True)
    return [rows[0][0]]


def resolve_node(store, name: str) -> str:
    """Any node by IRI, unit name, document/regulation title, article spec or measure heading."""
    if name.startswith("http"):
        return name
    look = lookup(store)
    for fn in (resolve_unit, resolve_regulation):
        try:
            return fn(look, name)
        except NotFoundError:
            pass
    try:
        return resolve_article(look, name)[0]
    except NotFoundError:
        pass
    hit = _first(look.measures_headed(_clean(name)))
    if hit:
        return hit
    labels = sorted(set(look.node_labels()))
    raise NotFoundError("node", name, _suggest(name, labels), empty=not labels)
