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

from collections.abc import Callable

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

COVERAGE_VERSIONS = """SELECT ?v ?date ?complete ?title WHERE { ?w eli:is_realized_by ?v ; dct:title ?title .
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


# ------------------------------------------------------------------ what loading and linking read
TITLES_WITH_ARTICLES = ("SELECT DISTINCT ?t WHERE { ?w a pg:Regulation ; eli:is_realized_by ?v ; dct:title ?t . "
                        "?v pg:hasArticles true }")
STORED_VERSIONS = """SELECT ?ver ?title ?date WHERE { ?work eli:is_realized_by ?ver . ?ver pg:hasArticles true ;
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
            return self.index().timeline(events)
        return self.store.select(timeline_sparql(events=events))

    def search_rows(self, text: str) -> list[dict]:
        if self.index is not None:  # a substring index instead of CONTAINS over every literal
            return self.index().search(text)
        return self.store.select(SEARCH, {"q": text})

    def neighbor_rows(self, node: str) -> list[dict]:
        return self.store.select(NEIGHBORS, {"n": _term(node)})

    def class_counts(self) -> dict[str, int]:
        """Nodes per class IRI."""
        return {r["c"]: int(r["n"]) for r in self.store.select(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}

    # -------------------------------------------------------------- name look-ups
    def units_named(self, name: str) -> list[str]:
        """Units whose canonical name (skos:prefLabel) or an alias (skos:altLabel) is ``name``."""
        return self._column("SELECT DISTINCT ?u WHERE { ?u a pg:Unit . { ?u skos:prefLabel ?n } "
                            "UNION { ?u skos:altLabel ?n } }", "u", n=name)

    def units_with_pref_label(self, name: str) -> list[str]:
        return self._column("SELECT ?u WHERE { ?u a pg:Unit ; skos:prefLabel ?n }", "u", n=name)

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
               { ?w pg:shortTitle ?s } UNION { ?w rdfs:label ?s } ?w dct:title ?t }""", "w", s=name)

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
        return self._column("SELECT ?m WHERE { ?m a pg:Measure ; pg:heading ?h }", "m", h=heading)

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
