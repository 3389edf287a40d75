"""The fetches of :class:`~policygraph.stores.base.Backend` in SPARQL, for stores that answer it.

The twin of :mod:`policygraph.stores.cypher_queries`: each method of :class:`SparqlBackend` returns
the rows the matching method of ``CypherBackend`` returns from Neo4j or FalkorDB, so every helper
answers the same rows on every store. The query texts are written once, here; a text that varies
is built by a function with parameters (:func:`up_sparql`, :func:`timeline_sparql`), and values
always go in as bindings (``VALUES``, see :func:`policygraph.stores.oxigraph.inject_values`).

>>> print(timeline_sparql(events=False).split("WHERE")[0].strip())
SELECT ?date ?kind ?what ?subject ?stype ?source ?quote
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from pyoxigraph import Literal, NamedNode

from .. import progress
from ..build import node as _term

# ------------------------------------------------------------------ the helpers' queries
MEASURES = """
SELECT ?m ?report ?sec ?ord ?heading ?text ?deadline ?st ?unit ?doc ?art ?artnum ?regtitle WHERE {
  ?m a pg:Measure ; pg:inReport ?r ; pg:ordinal ?ord ; pg:heading ?heading ; pg:text ?text .
  ?r dct:title ?report .
  OPTIONAL { ?m pg:inSection ?s . ?s pg:heading ?sec }
  OPTIONAL { ?m pg:deadline ?deadline }
  OPTIONAL { ?m pg:status ?st }
  OPTIONAL { ?m pg:responsibleUnit ?u . ?u skos:prefLabel ?unit }
  OPTIONAL { ?m pg:mentionsDocument ?d . ?d dct:title ?doc }
  OPTIONAL { ?m eli:ensures_implementation_of ?art . ?art pg:number ?artnum .
             ?art eli:is_part_of+ ?v . ?v eli:realizes ?w . ?w dct:title ?regtitle }
}"""

UNITS = """
SELECT ?u ?name ?level ?kind ?parent
       (GROUP_CONCAT(DISTINCT ?alias; separator="\\u0001") AS ?aliases)
       (COUNT(DISTINCT ?m) AS ?nm) (COUNT(DISTINCT ?d) AS ?nd) (COUNT(DISTINCT ?x) AS ?nx) WHERE {
  ?u a pg:Unit ; skos:prefLabel ?name .
  OPTIONAL { ?u pg:level ?level } OPTIONAL { ?u pg:unitKind ?kind }
  OPTIONAL { ?u org:subOrganizationOf ?p . ?p skos:prefLabel ?parent }
  OPTIONAL { ?u skos:altLabel ?alias }
  OPTIONAL { ?m pg:responsibleUnit ?u . OPTIONAL { ?m pg:reportsMetric ?x } OPTIONAL { ?m pg:mentionsDocument ?d } }
} GROUP BY ?u ?name ?level ?kind ?parent"""

RESPONSIBILITIES = """
SELECT ?m ?heading ?report ?sec ?deadline ?st ?quote ?start ?end WHERE {
  ?m pg:responsibleUnit ?u ; pg:heading ?heading ; pg:inReport ?r . ?r dct:title ?report .
  OPTIONAL { ?m pg:inSection ?s . ?s pg:heading ?sec }
  OPTIONAL { ?m pg:deadline ?deadline } OPTIONAL { ?m pg:status ?st }
  OPTIONAL { ?m pg:evidence ?e . ?e pg:forProperty pg:responsibleUnit ; pg:forObject ?u ;
             oa:hasSelector ?sel . ?sel oa:exact ?quote ; oa:start ?start ; oa:end ?end }
}"""

DOCUMENTS = """
SELECT ?d ?title ?type ?level ?issuer ?rel ?status ?report ?quote ?start ?end WHERE {
  ?r pg:reference ?ref ; dct:title ?report . ?ref pg:document ?d ; pg:relation ?rel .
  ?d dct:title ?title .
  OPTIONAL { ?ref pg:statusInReport ?status }
  OPTIONAL { ?d pg:docType ?type } OPTIONAL { ?d pg:level ?level }
  OPTIONAL { ?d dct:creator ?iu . ?iu skos:prefLabel ?issuer }
  OPTIONAL { ?ref pg:evidence ?e . ?e oa:hasSelector ?sel . ?sel oa:exact ?quote ; oa:start ?start ; oa:end ?end }
}"""

METRICS = """
SELECT ?x ?text ?value ?approx ?mw ?what ?kind ?asof ?m ?report ?start ?end WHERE {
  ?x a pg:Metric ; rdfs:label ?text ; pg:inReport ?r . ?r dct:title ?report .
  OPTIONAL { ?x pg:value ?value } OPTIONAL { ?x pg:approximate ?approx } OPTIONAL { ?x pg:measureWord ?mw }
  OPTIONAL { ?x pg:what ?what } OPTIONAL { ?x pg:metricKind ?kind } OPTIONAL { ?x pg:asOf ?asof }
  OPTIONAL { ?m a pg:Measure ; pg:reportsMetric ?x }
  OPTIONAL { ?x pg:evidence ?e . ?e oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end }
}"""

COVERAGE_VERSIONS = """SELECT DISTINCT ?v ?date ?complete ?title WHERE { ?w eli:is_realized_by ?v ; dct:title ?title .
    ?v pg:hasArticles true . OPTIONAL { ?v eli:version_date ?date } OPTIONAL { ?v pg:complete ?complete } }"""

COVERAGE = """
SELECT ?a ?n ?suf ?label ?chapter ?m ?mh ?d ?local WHERE {
  ?v eli:has_part+ ?a . ?a a pg:Article ; pg:number ?n .
  OPTIONAL { ?a pg:suffix ?suf } OPTIONAL { ?a pg:label ?label }
  OPTIONAL { ?a eli:is_part_of ?c . ?c a pg:Chapter ; rdfs:label ?chapter }
  OPTIONAL { ?m eli:ensures_implementation_of ?a . ?m a pg:Measure ; pg:heading ?mh }
  OPTIONAL { ?d eli:ensures_implementation_of ?a . ?d a pg:Document }
  OPTIONAL { ?local pg:elaborates ?a }
}"""

SEARCH = """
SELECT ?n ?type ?label ?text WHERE {
  { ?n rdfs:label ?label . BIND(?label AS ?hay) OPTIONAL { ?n pg:text ?text } }
  UNION { ?n pg:text ?text ; rdfs:label ?label . BIND(?text AS ?hay) FILTER NOT EXISTS { ?n a pg:Paragraph } }
  UNION { ?n skos:altLabel ?hay ; rdfs:label ?label }
  FILTER(CONTAINS(?hay, ?q))
  OPTIONAL { ?n a ?type . FILTER(STRSTARTS(STR(?type), STR(pg:))) }
} LIMIT 2000"""

# the filter on ?p stands in each branch: Virtuoso 7.2 fails to compile it after the UNION
NEIGHBORS = """
SELECT ?p ?o ?dir ?label ?type WHERE {
  { ?n ?p ?o . FILTER(isIRI(?o)) FILTER(?p NOT IN (rdf:type, pg:evidence, <http://www.w3.org/ns/oa#hasSource>))
    BIND("out" AS ?dir) }
  UNION { ?o ?p ?n . FILTER(?p NOT IN (rdf:type, pg:evidence, <http://www.w3.org/ns/oa#hasSource>)) BIND("in" AS ?dir) }
  OPTIONAL { ?o rdfs:label ?label } OPTIONAL { ?o a ?type . FILTER(STRSTARTS(STR(?type), STR(pg:))) }
}"""


def up_sparql(props: list[str]) -> str:
    """The edges ``props`` (CURIEs, e.g. ``eli:is_part_of``) leaving ``?n``, with the target's label and type."""
    return ("SELECT ?p ?o ?label ?type WHERE { ?n ?p ?o . FILTER(?p IN (" + ", ".join(props) + "))"
            " OPTIONAL { ?o rdfs:label ?label }"
            " OPTIONAL { ?o a ?type . FILTER(STRSTARTS(STR(?type), STR(pg:))) } } ORDER BY ?p ?o ?type")


# The timeline: dated events, deadlines and figures' as-of dates, each a UNION branch.
_TIMELINE_VARS = "?date ?kind ?what ?subject ?stype ?source ?quote"
_TIMELINE_EVENTS = """{
    ?s pg:event ?e . ?e pg:date ?date ; pg:eventKind ?kind . OPTIONAL { ?e rdfs:label ?what }
    BIND(?s AS ?subject) BIND("event" AS ?k0)
    OPTIONAL { ?e pg:evidence ?ev . ?ev oa:hasSelector ?sel . ?sel oa:exact ?quote }
  }"""
_TIMELINE_DEADLINES = """{
    ?subject a pg:Measure ; pg:deadline ?date ; pg:heading ?what . BIND("deadline" AS ?kind)
    OPTIONAL { ?subject pg:deadlineText ?quote }
  }"""
_TIMELINE_FIGURES = """{
    ?subject a pg:Metric ; pg:asOf ?date ; rdfs:label ?what . BIND("figure" AS ?kind) BIND(?what AS ?quote)
  }"""
_TIMELINE_SUBJECT = """
  OPTIONAL { ?subject a ?stype . FILTER(STRSTARTS(STR(?stype), STR(pg:))) }
  OPTIONAL { ?subject pg:inReport ?r . ?r dct:title ?source }
  OPTIONAL { ?subject dct:title ?source }"""


def timeline_sparql(*, events: bool = True, per_graph: bool = False) -> str:
    """The timeline query: with the regulations' and reports' dated ``events`` or only deadlines and
    figures; ``per_graph`` evaluates it inside each named graph (``?g``; ``?k0`` marks events), which
    is how the embedded store's derived index (:mod:`.textindex`) keeps the rows per source."""
    branches = ([_TIMELINE_EVENTS] if events else []) + [_TIMELINE_DEADLINES, _TIMELINE_FIGURES]
    body = "\n  " + " UNION ".join(branches) + _TIMELINE_SUBJECT + "\n"
    if per_graph:
        return f"SELECT ?g ?k0 {_TIMELINE_VARS} WHERE {{ GRAPH ?g {{{body}}} }}"
    return f"SELECT {_TIMELINE_VARS} WHERE {{{body}}}"


# Nodes by IRI: $NODES is replaced by IRIs each serialised by pyoxigraph (checked, escaped).
EXISTING = """SELECT DISTINCT ?n ?type WHERE { VALUES ?n { $NODES } FILTER EXISTS { ?n ?p ?o }
  OPTIONAL { ?n a ?type . FILTER(STRSTARTS(STR(?type), STR(pg:))) } }"""
REGULATIONS_OF = """SELECT DISTINCT ?a ?t WHERE { VALUES ?a { $NODES }
  ?a eli:is_part_of+ ?v . ?v eli:realizes ?w . ?w dct:title ?t }"""


def _valid(iri: str) -> bool:
    try:
        NamedNode(iri)
    except (ValueError, TypeError):
        return False
    return True


# ------------------------------------------------------------------ what loading and linking read
TITLES_WITH_ARTICLES = ("SELECT DISTINCT ?t WHERE { ?w a pg:Regulation ; eli:is_realized_by ?v ; dct:title ?t . "
                        "?v pg:hasArticles true }")
STORED_VERSIONS = """SELECT DISTINCT ?ver ?title ?date WHERE { ?work eli:is_realized_by ?ver . ?ver pg:hasArticles true ;
    dct:title ?title . OPTIONAL { ?ver eli:version_date ?date } }"""
ARTICLE_TEXTS = """SELECT ?n ?suf ?label ?text WHERE { ?ver eli:has_part+ ?a . ?a a pg:Article ; pg:number ?n ;
    pg:text ?text . OPTIONAL { ?a pg:suffix ?suf } OPTIONAL { ?a pg:label ?label } }"""
REPORT_REFERENCES = """SELECT ?doc ?title ?rel WHERE { ?r pg:reference ?ref . ?ref pg:document ?doc ;
    pg:relation ?rel . ?doc dct:title ?title }"""
# a measure's own evidence is the one whose quote is the measure's text
REPORT_MEASURES = """SELECT ?m ?text ?ord ?heading ?marker ?ev ?start ?end WHERE {
    ?m a pg:Measure ; pg:inReport ?r ; pg:text ?text ; pg:ordinal ?ord .
    OPTIONAL { ?m pg:heading ?heading } OPTIONAL { ?m pg:marker ?marker }
    OPTIONAL { ?m pg:evidence ?ev . ?ev oa:hasSelector ?sel . ?sel oa:exact ?text ; oa:start ?start ; oa:end ?end } }"""


# ------------------------------------------------------------------ queries users write (pg.sparql)
_PROLOGUE = re.compile(r"""\s*(?:(?:\#[^\n]*\n?)|(?:PREFIX\s+[^\s:]*:\s*<[^>]*>)|(?:BASE\s*<[^>]*>)|\s+)*""",
                       re.IGNORECASE)
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "ADD", "MOVE", "COPY", "WITH")


def query_kind(sparql: str) -> str:
    """The form of a SPARQL text after its PREFIX/BASE lines and comments: ``SELECT``, ``ASK``,
    ``CONSTRUCT``, ``DESCRIBE``, an update keyword (``INSERT`` …) or ``""`` when it is neither.

    >>> query_kind("PREFIX x: <http://x/> # a comment\\nask { ?s ?p ?o }"), query_kind("DROP ALL")
    ('ASK', 'DROP')
    """
    rest = sparql[_PROLOGUE.match(sparql).end():]
    word = re.match(r"[A-Za-z]+", rest)
    return word.group(0).upper() if word and word.group(0).upper() in QUERY_FORMS + UPDATE_FORMS else ""


def check_query(sparql: str) -> str:
    """The form of a query a user wrote, after checking it: an update is refused (with the
    reason), text that is no query says what a query starts with, and a syntax error says where
    it is (line, column and the line itself, marked). Raises :class:`~policygraph.errors.PolicyGraphError`."""
    from ..errors import PolicyGraphError

    kind = query_kind(sparql)
    if kind in UPDATE_FORMS:
        raise PolicyGraphError(
            f"this is a SPARQL update ({kind}), and graphq sparql only reads: the store is written by "
            "loading files, which keeps each source's graph, its digest and the search index in step "
            "(an update would change facts behind their backs). Change the source file and load it again.")
    if not kind:
        first = sparql.strip().split(None, 1)[0] if sparql.strip() else ""
        raise PolicyGraphError(f"a SPARQL query starts with {', '.join(QUERY_FORMS)} (after PREFIX lines); "
                               f"got {first[:40]!r}")
    _syntax(sparql)
    return kind


def _syntax(sparql: str) -> None:
    """Parse ``sparql`` against an empty store (instant), so positions are those of the user's text."""
    from pyoxigraph import Store

    from ..errors import PolicyGraphError
    from ..ontology.terms import NAMESPACES

    try:
        Store().query(sparql, prefixes={p: str(ns) for p, ns in NAMESPACES.items()})
    except SyntaxError as exc:
        msg = str(exc)
        m = re.match(r"error at (\d+):(\d+): (.*)", msg, re.DOTALL)
        if not m:
            raise PolicyGraphError(f"invalid SPARQL: {msg}") from None
        line, col, what = int(m.group(1)), int(m.group(2)), m.group(3)
        text = (sparql.splitlines() or [""])[min(line, len(sparql.splitlines() or [""])) - 1]
        what = what if len(what) < 200 else what[:200] + "…"
        raise PolicyGraphError(f"invalid SPARQL at line {line}, column {col}: {what}\n  {text}\n  "
                               f"{' ' * (col - 1)}^") from None


class SparqlBackend:
    """Every fetch of :class:`~policygraph.stores.base.Backend`, from a store that answers SPARQL
    (``store.select``: Oxigraph, rdflib).

    ``index``, when given, returns the store's derived index (:class:`~.textindex.TextIndex`):
    search and timeline read it instead of scanning every literal. It is a function so that the
    index is built only when one of those two is asked.
    """

    def __init__(self, store, index: Callable[[], object] | None = None):
        self.store = store
        self.index = index

    def _column(self, sparql: str, var: str, **bindings) -> list:
        return [r[var] for r in self.store.select(sparql, bindings or None)]

    # -------------------------------------------------------------- helpers' fetches
    def measure_rows(self) -> list[dict]:
        return self.store.select(MEASURES)

    def unit_rows(self) -> list[dict]:
        rows = self.store.select(UNITS)
        for r in rows:
            r["aliases"] = [a for a in (r["aliases"] or "").split("\u0001") if a]
        return rows

    def responsibility_rows(self, unit: str) -> list[dict]:
        return self.store.select(RESPONSIBILITIES, {"u": _term(unit)})

    def document_rows(self) -> list[dict]:
        return self.store.select(DOCUMENTS)

    def metric_rows(self) -> list[dict]:
        return self.store.select(METRICS)

    def measures_of_unit(self, unit: str) -> list[str]:
        return self._column("SELECT ?m WHERE { ?m pg:responsibleUnit ?u }", "m", u=_term(unit))

    def metrics_of_unit(self, unit: str) -> list[str]:
        return self._column("SELECT ?x WHERE { ?m pg:responsibleUnit ?u ; pg:reportsMetric ?x }", "x",
                            u=_term(unit))

    def up_rows(self, node: str, props: list[str]) -> list[dict]:
        return self.store.select(up_sparql(props), {"n": _term(node)})

    def labels(self, node: str) -> list[str]:
        return self._column("SELECT ?l WHERE { ?n rdfs:label ?l }", "l", n=_term(node))

    def measures_mentioning(self, document: str) -> list[str]:
        return self._column("SELECT DISTINCT ?m WHERE { ?m pg:mentionsDocument ?d }", "m", d=_term(document))

    def versions_with_articles(self, work: str) -> list[dict]:
        return self.store.select(COVERAGE_VERSIONS, {"w": _term(work)})

    def coverage_rows(self, version: str) -> list[dict]:
        return self.store.select(COVERAGE, {"v": _term(version)})

    def timeline_rows(self, events: bool = True) -> list[dict]:
        """Events (when ``events``), deadlines and figures' as-of dates."""
        if self.index is not None:  # kept, per source graph, in the embedded store's index
            with progress.task("indexing the store for search and timeline (once; kept beside the store)"):
                return self.index().timeline(events)
        return self.store.select(timeline_sparql(events=events))

    def search_rows(self, text: str) -> list[dict]:
        if self.index is not None:  # a substring index instead of CONTAINS over every literal
            # the first search of a store builds the index: only that is slow enough to be shown
            with progress.task("indexing the store for search and timeline (once; kept beside the store)"):
                return self.index().search(text)
        return self.store.select(SEARCH, {"q": Literal(text)})

    def neighbor_rows(self, node: str) -> list[dict]:
        return self.store.select(NEIGHBORS, {"n": _term(node)})

    def class_counts(self) -> dict[str, int]:
        """Nodes per class IRI."""
        return {r["c"]: int(r["n"]) for r in self.store.select(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}

    # -------------------------------------------------------------- name look-ups
    def existing(self, iris: Iterable[str]) -> dict[str, list[str]]:
        """The IRIs among ``iris`` that name a node of the graph (the subject of a triple), each
        with its ``pg:`` types. Each IRI is checked as an IRI before it reaches the query text."""
        nodes = sorted({i for i in iris if _valid(i)})
        out: dict[str, list[str]] = {}
        for i in range(0, len(nodes), 500):
            values = " ".join(str(NamedNode(n)) for n in nodes[i: i + 500])
            for r in self.store.select(EXISTING.replace("$NODES", values)):
                types = out.setdefault(r["n"], [])
                if r["type"] and r["type"] not in types:
                    types.append(r["type"])
        return out

    def regulations_of(self, parts: Iterable[str]) -> dict[str, str]:
        """The title of the regulation each part (article, chapter, paragraph) belongs to."""
        nodes = sorted({i for i in parts if _valid(i)})
        out: dict[str, str] = {}
        for i in range(0, len(nodes), 500):
            values = " ".join(str(NamedNode(n)) for n in nodes[i: i + 500])
            for r in sorted(self.store.select(REGULATIONS_OF.replace("$NODES", values)), key=lambda r: r["t"]):
                out.setdefault(r["a"], r["t"])
        return out

    def units_named(self, name: str) -> list[str]:
        """Units whose canonical name (skos:prefLabel) or an alias (skos:altLabel) is ``name``."""
        return self._column("SELECT DISTINCT ?u WHERE { ?u a pg:Unit . { ?u skos:prefLabel ?n } "
                            "UNION { ?u skos:altLabel ?n } }", "u", n=Literal(name))

    def units_with_pref_label(self, name: str) -> list[str]:
        return self._column("SELECT ?u WHERE { ?u a pg:Unit ; skos:prefLabel ?n }", "u", n=Literal(name))

    def unit_labels(self) -> list[str]:
        return self._column("SELECT DISTINCT ?n WHERE { ?u a pg:Unit . { ?u skos:prefLabel ?n } "
                            "UNION { ?u skos:altLabel ?n } }", "n")

    def pref_labels(self, node: str) -> list[str]:
        return self._column("SELECT ?n WHERE { ?u skos:prefLabel ?n }", "n", u=_term(node))

    def report_issuers(self) -> list[tuple[str, int]]:
        """(canonical name, number of reports) of the units that issued reports."""
        return [(r["n"], int(r["c"])) for r in self.store.select(
            """SELECT ?n (COUNT(*) AS ?c) WHERE { ?r a pg:Report ; dct:creator ?u .
               ?u skos:prefLabel ?n } GROUP BY ?n""")]

    def titles(self, node: str) -> list[str]:
        """dct:title of a node."""
        return self._column("SELECT ?t WHERE { ?w dct:title ?t }", "t", w=_term(node))

    def works_named(self, name: str) -> list[str]:
        """Regulations and documents with a title whose short title or label is ``name``."""
        return self._column("""SELECT DISTINCT ?w WHERE { { ?w a pg:Regulation } UNION { ?w a pg:Document }
               { ?w pg:shortTitle ?s } UNION { ?w rdfs:label ?s } ?w dct:title ?t }""", "w", s=Literal(name))

    def regulation_titles(self) -> list[str]:
        return self._column("SELECT DISTINCT ?t WHERE { ?w a pg:Regulation ; dct:title ?t }", "t")

    def articles(self, work: str, number: int, suffix: int) -> list[tuple[str, str | None]]:
        """(article, version date) of article ``number`` (``suffix`` 0 = none) in every version of ``work``."""
        # Article IRIs are minted from the version and the number (build.article_iri), so the
        # candidates are known; asking for them is instant where a has_part+ walk takes seconds.
        versions = self.store.select(
            "SELECT DISTINCT ?v ?date WHERE { ?w eli:is_realized_by ?v . OPTIONAL { ?v eli:version_date ?date } }",
            {"w": _term(work)})
        out = []
        for r in versions:
            a = f"{r['v']}/art{number}" + (f"-{suffix}" if suffix else "")
            if self.store.select("SELECT ?n WHERE { ?a a pg:Article ; pg:number ?n }", {"a": _term(a)}):
                out.append((a, r["date"]))
        return out

    def measures_headed(self, heading: str) -> list[str]:
        return self._column("SELECT ?m WHERE { ?m a pg:Measure ; pg:heading ?h }", "m", h=Literal(heading))

    def node_labels(self) -> list[str]:
        """Labels of units, documents and measures (for suggestions)."""
        return self._column("SELECT DISTINCT ?l WHERE { { ?x a pg:Unit } UNION { ?x a pg:Document } "
                            "UNION { ?x a pg:Measure } ?x rdfs:label ?l }", "l")

    # -------------------------------------------------------------- what loading and linking read
    def titles_with_articles(self) -> list[str]:
        """Titles of regulations with article text in the store."""
        return sorted(set(self._column(TITLES_WITH_ARTICLES, "t")))

    def stored_versions(self, work: str) -> list[dict]:
        """Versions of ``work`` with article text: ver, title, date."""
        return self.store.select(STORED_VERSIONS, {"work": _term(work)})

    def article_texts(self, version: str) -> list[dict]:
        """Articles of a version: n, suf, label (第七条), text."""
        return self.store.select(ARTICLE_TEXTS, {"ver": _term(version)})

    def reports(self) -> list[str]:
        return sorted(self._column("SELECT ?r WHERE { ?r a pg:Report }", "r"))

    def report_references(self, report: str) -> list[dict]:
        """Documents a report names: doc, title, rel."""
        return self.store.select(REPORT_REFERENCES, {"r": _term(report)})

    def report_measures(self, report: str) -> list[dict]:
        """Measures of a report: m, text, ord, heading, marker, and ev/start/end = the measure's own
        evidence (the one whose quote is its text; the smallest IRI if several)."""
        out: dict[str, dict] = {}
        for r in self.store.select(REPORT_MEASURES, {"r": _term(report)}):
            old = out.get(r["m"])
            if old is None or (r["ev"] is not None and (old["ev"] is None or r["ev"] < old["ev"])):
                out[r["m"]] = r
        return list(out.values())

    # -------------------------------------------------------------- what the HTML views read
    # (ViewFetches; the query texts are at the end of the module, view_sparql composes them)
    def _view(self, query: tuple[str, str, str], nodes=None) -> list[dict]:
        """The rows of a view query over every node, or over ``nodes`` a chunk at a time."""
        if nodes is None:
            return self.store.select(view_sparql(query))
        nodes, rows = sorted(set(nodes)), []
        for i in range(0, len(nodes), VIEW_CHUNK):
            rows += self.store.select(view_sparql(query, nodes[i:i + VIEW_CHUNK]))
        return rows

    def view_size(self, limit: int) -> int:
        # counting stops after limit + 1 triples: a scan of a few 100,000, not of the whole store
        return int(self.store.select(view_size_sparql(limit + 1))[0]["n"])

    def view_nodes(self, nodes=None) -> list[dict]:
        return self._view(VIEW_NODES, nodes)

    def view_edges(self, nodes=None) -> list[dict]:
        return self._view(VIEW_EDGES, nodes)

    def view_names(self, nodes=None) -> list[dict]:
        return self._view(VIEW_NAMES, nodes)

    def view_article_texts(self, nodes=None) -> list[dict]:
        return self._view(VIEW_ARTICLE_TEXTS, nodes)

    def view_measure_attributes(self, nodes=None) -> list[dict]:
        return self._view(VIEW_MEASURE_ATTRIBUTES, nodes)

    def view_metric_attributes(self, nodes=None) -> list[dict]:
        return self._view(VIEW_METRIC_ATTRIBUTES, nodes)

    def view_evidence(self, nodes=None) -> list[dict]:
        return self._view(VIEW_EVIDENCE, nodes)

    def view_reference_evidence(self, documents=None) -> list[dict]:
        return self._view(VIEW_REFERENCE_EVIDENCE, documents)

    def view_candidates(self, nodes=None) -> list[dict]:
        return self._view(VIEW_CANDIDATES, nodes)

    def view_source_texts(self, sources) -> list[dict]:
        return self._view(VIEW_SOURCE_TEXTS, sources)

    def view_source_paths(self, nodes=None) -> list[dict]:
        return self._view(VIEW_SOURCE_PATHS, nodes)

    def view_part_versions(self, nodes) -> list[dict]:
        return self._view(VIEW_PART_VERSIONS, nodes)

    def view_focus_step(self, frontier) -> list[dict]:
        return self._view(VIEW_FOCUS_STEP, frontier)

    def view_report_nodes(self) -> list[str]:
        return [r["n"] for r in self._view(VIEW_REPORT_NODES)]

    def view_report_regulations(self) -> list[dict]:
        return self._view(VIEW_REPORT_REGULATIONS)

    def view_parts(self, nodes) -> list[dict]:
        return self._view(VIEW_PARTS, nodes)

    def view_articles(self, nodes) -> list[str]:
        return [r["n"] for r in self._view(VIEW_ARTICLES, nodes)]

    def view_implementers(self, nodes) -> list[str]:
        return [r["n"] for r in self._view(VIEW_IMPLEMENTERS, nodes)]


# ------------------------------------------------------------------ what the HTML views read
# Each query is (variables, pattern, the variable ``nodes`` restrict); view_sparql composes the text.
# The row keys are the variables, as everywhere in this module.
VIEW_CHUNK = 400  # IRIs per VALUES block

# every node with a pg: type, with what names and orders it
VIEW_NODES = ("?n ?type ?label ?text ?heading ?number ?suffix ?ordinal", """?n a ?type .
  FILTER(STRSTARTS(STR(?type), STR(pg:)))
  OPTIONAL { ?n rdfs:label ?label } OPTIONAL { ?n pg:heading ?heading } OPTIONAL { ?n pg:text ?text }
  OPTIONAL { ?n pg:number ?number } OPTIONAL { ?n pg:suffix ?suffix } OPTIONAL { ?n pg:ordinal ?ordinal }""", "n")
VIEW_EDGES = ("?s ?p ?o", "?s ?p ?o . FILTER(isIRI(?o)) FILTER(?p != rdf:type)", "s")
VIEW_NAMES = ("?n ?name", """{ ?n skos:prefLabel ?name } UNION { ?n skos:altLabel ?name }
  UNION { ?n dct:title ?name } UNION { ?n pg:shortTitle ?name }""", "n")
VIEW_ARTICLE_TEXTS = ("?n ?label ?text", "?n a pg:Article ; pg:text ?text . OPTIONAL { ?n pg:label ?label }", "n")
VIEW_MEASURE_ATTRIBUTES = ("?m ?st ?deadline", """?m a pg:Measure .
  OPTIONAL { ?m pg:status ?st } OPTIONAL { ?m pg:deadline ?deadline }""", "m")
VIEW_METRIC_ATTRIBUTES = ("?x ?what ?subject ?asof ?kind", """?x a pg:Metric .
  OPTIONAL { ?x pg:what ?what } OPTIONAL { ?x pg:subjectText ?subject } OPTIONAL { ?x pg:asOfText ?asof }
  OPTIONAL { ?x pg:metricKind ?kind }""", "x")
# a span with its source, and the edge it supports (forProperty / forObject) when it says so
VIEW_EVIDENCE = ("?n ?e ?quote ?src ?srclabel ?path ?start ?end ?prop ?obj", """?n pg:evidence ?e .
  ?e oa:hasSource ?src ; oa:hasSelector ?sel . ?sel oa:exact ?quote ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?src rdfs:label ?srclabel } OPTIONAL { ?src pg:sourcePath ?path }
  OPTIONAL { ?e pg:forProperty ?prop } OPTIONAL { ?e pg:forObject ?obj }""", "n")
# the spans where report ?r names document ?d
VIEW_REFERENCE_EVIDENCE = ("?d ?r ?quote ?src ?srclabel ?path ?start ?end ?prop", """
  ?r pg:reference ?ref . ?ref pg:document ?d ; pg:evidence ?e .
  ?e oa:hasSource ?src ; oa:hasSelector ?sel . ?sel oa:exact ?quote ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?src rdfs:label ?srclabel } OPTIONAL { ?src pg:sourcePath ?path }
  OPTIONAL { ?e pg:forProperty ?prop }""", "d")
# the ranked candidates of measure (or document) ?m, one row per matched term
# (with the sentence of the measure it rests on, when one was stored: ?ss ?se ?sq)
VIEW_CANDIDATES = ("?m ?a ?score ?rank ?method ?asserted ?probability ?term ?ss ?se ?sq", """?c pg:candidateFor ?m ;
  pg:candidateArticle ?a ; pg:score ?score ; pg:rank ?rank .
  OPTIONAL { ?c pg:method ?method } OPTIONAL { ?c pg:asserted ?asserted } OPTIONAL { ?c pg:matchedTerm ?term }
  OPTIONAL { ?c pg:probability ?probability }
  OPTIONAL { ?c pg:evidence ?ev . ?ev pg:forObject ?a ; oa:hasSelector ?sel . ?sel oa:start ?ss ; oa:end ?se ; oa:exact ?sq }""",
                   "m")
VIEW_SOURCE_TEXTS = ("?s ?text", "?s pg:text ?text", "s")
VIEW_SOURCE_PATHS = ("?n ?path", "?n pg:sourcePath ?path", "n")
# the regulation version a part belongs to, so an article drawn without it still names it
VIEW_PART_VERSIONS = ("?n ?v ?vl", "?n eli:is_part_of+ ?v . ?v a pg:RegulationVersion ; rdfs:label ?vl", "n")
# One step of --focus from ?n: every link either way (?out), and whether the other end is a report
# (a hub that focus does not expand).
VIEW_FOCUS_STEP = ("DISTINCT ?n ?p ?o ?out ?hub", """{ ?n ?p ?o . FILTER(isIRI(?o)) BIND(true AS ?out) }
  UNION { ?o ?p ?n . BIND(false AS ?out) }
  FILTER(?p NOT IN (rdf:type, pg:evidence, pg:reference, pg:event, pg:legalLevel, pg:status, oa:hasSource,
                    pg:candidateFor, pg:candidateArticle, pg:document, pg:alignmentOf, pg:alignedArticle,
                    pg:actor, oa:hasSelector))
  OPTIONAL { ?o a pg:Report . BIND(true AS ?hub) }""", "n")
# everything reports say: their members, what those link to, and the articles' structure upwards
VIEW_REPORT_NODES = ("DISTINCT ?n", """
  { ?n pg:inReport ?r } UNION { ?n a pg:Report } UNION { ?m pg:inReport ?r ; ?p ?n . FILTER(isIRI(?n)) }
  UNION { ?r a pg:Report . ?r ?p ?n . FILTER(isIRI(?n)) }
  UNION { ?m a pg:Measure ; eli:ensures_implementation_of ?a . ?a eli:is_part_of+ ?n }""", "n")
# the regulations reports concern or implement, with their versions
VIEW_REPORT_REGULATIONS = ("DISTINCT ?w ?v", """?r a pg:Report .
  ?r (pg:concerns|eli:ensures_implementation_of) ?w . ?w eli:is_realized_by ?v""", "w")
VIEW_PARTS = ("DISTINCT ?p ?n", "?p eli:has_part ?n", "p")
VIEW_ARTICLES = ("?n", "?n a pg:Article", "n")
# what implements the nodes ?a (measures, documents)
VIEW_IMPLEMENTERS = ("DISTINCT ?n", "?n eli:ensures_implementation_of ?a", "a")


def view_size_sparql(limit: int) -> str:
    """The number of triples, up to ``limit``.

    >>> view_size_sparql(10)
    'SELECT (COUNT(*) AS ?n) WHERE { SELECT ?s WHERE { ?s ?p ?o } LIMIT 10 }'
    """
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {int(limit)} }}"


def iri_values(var: str, iris) -> str:
    """A ``VALUES ?var { <iri> … }`` block of the IRIs; one that is no valid IRI names no node and is left
    out, so nothing but a serialised IRI reaches the query's text.

    >>> iri_values("n", ["https://w3id.org/x/1", "http://x> UNDEF } #"])
    'VALUES ?n { <https://w3id.org/x/1> } '
    """
    from pyoxigraph import NamedNode  # not build.node, whose cache is kept for the few predicate IRIs

    terms = []
    for iri in iris:
        try:
            terms.append(str(NamedNode(iri)))  # pyoxigraph validates and serialises the IRI
        except (TypeError, ValueError):
            continue
    return f"VALUES ?{var} {{ {' '.join(terms)} }} "


def view_sparql(query: tuple[str, str, str], nodes=None) -> str:
    """The text of a view query, its variable bound to ``nodes`` (IRIs) when given.

    >>> view_sparql(VIEW_SOURCE_TEXTS, ["https://w3id.org/x/1"])
    'SELECT ?s ?text WHERE { VALUES ?s { <https://w3id.org/x/1> } ?s pg:text ?text }'
    """
    variables, pattern, var = query
    values = "" if nodes is None else iri_values(var, nodes)
    return f"SELECT {variables} WHERE {{ {values}{pattern.strip()} }}"
