"""The query helpers on Neo4j and FalkorDB: Cypher fetches that return the rows the SPARQL returns.

:mod:`policygraph.queries` splits every helper into a *fetch* and shared post-processing. This
module is the Cypher fetch (every method of :class:`~policygraph.stores.base.Backend`), written once
for both servers (no APOC, no ``shortestPath``, no
``elementId``, no date or map values), over the projection of :mod:`policygraph.stores.projection`.
Each method returns the same rows as the matching method of
:class:`policygraph.stores.sparql_queries.SparqlBackend`, so every helper answers the same rows on every store.

Three things the projection folds together are unfolded here, in Python:

- a property holding several values is a sorted list on the server and several rows in SPARQL:
  :func:`_product` expands lists into rows, as SPARQL's joins would;
- node labels are local names of every class (``Document`` is ``pg:Document`` and
  ``foaf:Document``): a node's ``pg:`` types are its labels that name a class of the ontology;
- ``pg:label`` and ``rdfs:label`` are both ``label``: on the parts of a regulation (the only
  nodes with both) ``rdfs:label`` is ``pg:label`` + " " + heading, which tells them apart.

Relationship types go back to property IRIs through the ontology's terms (``HAS_PART`` ->
``eli:has_part``), so helpers print ``has_part``, not ``HAS_PART``.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from itertools import product

from ..ontology.terms import DCT, ELI, FOAF, NAMESPACES, OA, ORG, PG, PG_CLASSES, PG_OBJECT_PROPERTIES, SKOS
from .projection import RESOURCE, relationship_type

_PG_CLASS_NAMES = frozenset(PG_CLASSES.split())
_PART = "LegalResourceSubdivision"


@lru_cache(maxsize=1)
def _rel_iris() -> dict[str, str]:
    """Relationship type -> property IRI. Our own object properties first, then the vocabularies'
    lower-case terms (properties), so ``HAS_PART`` is ``eli:has_part`` and ``EVENT`` is ``pg:event``."""
    out: dict[str, str] = {}
    for t in PG_OBJECT_PROPERTIES.split():
        out.setdefault(relationship_type(PG[t]), PG[t])
    for ns in (ELI, ORG, OA, DCT, SKOS, FOAF):
        for t in ns.terms():
            if t[:1].islower():
                out.setdefault(relationship_type(ns[t]), ns[t])
    return out


def property_iri(rel_type: str) -> str:
    """The property a relationship type stands for (``RESPONSIBLE_UNIT`` -> pg:responsibleUnit)."""
    iri = _rel_iris().get(rel_type)
    if iri is None:  # a type from elsewhere: lowerCamel under pg:, which is what local_name shows
        head, *rest = rel_type.lower().split("_")
        iri = PG + head + "".join(w.title() for w in rest)
    return iri


def _curie_type(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return relationship_type(NAMESPACES[prefix] + local)


def _vals(value) -> list:
    """A property (None, a value or a list, possibly of lists) as the list of its values."""
    if value is None:
        return []
    if isinstance(value, list):
        return [x for v in value for x in _vals(v)]
    return [value]


def _opt(value) -> list:
    """Values of an OPTIONAL: [None] when there are none, as an unbound variable."""
    return _vals(value) or [None]


def _product(**columns) -> list[dict]:
    """Rows of every combination of the given value lists (SPARQL's join of multi-valued properties)."""
    keys = list(columns)
    return [dict(zip(keys, combo, strict=True)) for combo in product(*(columns[k] for k in keys))]


def _types(labels) -> list[str]:
    """The ``pg:`` type IRIs of a node with these labels."""
    return [PG[x] for x in sorted(set(labels or ())) if x in _PG_CLASS_NAMES]


def _rdfs_labels(label, heading, labels) -> list[str]:
    """rdfs:label values of a node (``label`` also holds pg:label on parts of a regulation)."""
    values = sorted(set(_vals(label)))
    if _PART in (labels or ()) and len(values) > 1:
        heads = _vals(heading)
        pg_only = {v for v in values if any(f"{v} {h}" in values for h in heads)}
        values = [v for v in values if v not in pg_only]
    return values


def _pg_labels(label, heading, labels) -> list[str]:
    """pg:label values of a part of a regulation (see :func:`_rdfs_labels`)."""
    values = sorted(set(_vals(label)))
    if len(values) > 1:
        heads = _vals(heading)
        values = [v for v in values if not any(f"{x} {h}" == v for x in values for h in heads)]
    return values


R = RESOURCE

MEASURES = f"""
MATCH (m:Measure)-[:IN_REPORT]->(r:{R})
OPTIONAL MATCH (m)-[:IN_SECTION]->(s:{R})
WITH m, r, collect(DISTINCT s.heading) AS secs
OPTIONAL MATCH (m)-[:STATUS]->(st:{R})
WITH m, r, secs, collect(DISTINCT st.iri) AS sts
OPTIONAL MATCH (m)-[:RESPONSIBLE_UNIT]->(u:{R})
WITH m, r, secs, sts, collect(DISTINCT u.prefLabel) AS units
OPTIONAL MATCH (m)-[:MENTIONS_DOCUMENT]->(d:{R})
WITH m, r, secs, sts, units, collect(DISTINCT d.title) AS docs
OPTIONAL MATCH (m)-[:ENSURES_IMPLEMENTATION_OF]->(a:{R})-[:IS_PART_OF*1..]->(:{R})-[:REALIZES]->(w:{R})
WITH m, r, secs, sts, units, docs, collect(DISTINCT [a.iri, a.number, w.title]) AS arts
RETURN m.iri AS m, r.title AS report, m.ordinal AS ord, m.heading AS heading, m.text AS text,
       m.deadline AS deadline, secs, sts, units, docs, arts"""

UNITS = f"""
MATCH (u:Unit)
OPTIONAL MATCH (u)-[:SUB_ORGANIZATION_OF]->(p:{R})
WITH u, collect(DISTINCT p.prefLabel) AS parents
OPTIONAL MATCH (m:{R})-[:RESPONSIBLE_UNIT]->(u)
OPTIONAL MATCH (m)-[:REPORTS_METRIC]->(x:{R})
OPTIONAL MATCH (m)-[:MENTIONS_DOCUMENT]->(d:{R})
WITH u, parents, count(DISTINCT m) AS nm, count(DISTINCT d) AS nd, count(DISTINCT x) AS nx
RETURN u.iri AS u, u.prefLabel AS name, u.level AS level, u.unitKind AS kind, u.altLabel AS aliases,
       parents, nm, nd, nx"""

RESPONSIBILITIES = f"""
MATCH (m:{R})-[:RESPONSIBLE_UNIT]->(u:{R} {{iri: $u}})
MATCH (m)-[:IN_REPORT]->(r:{R})
OPTIONAL MATCH (m)-[:IN_SECTION]->(s:{R})
WITH m, u, r, collect(DISTINCT s.heading) AS secs
OPTIONAL MATCH (m)-[:STATUS]->(st:{R})
WITH m, u, r, secs, collect(DISTINCT st.iri) AS sts
OPTIONAL MATCH (m)-[:EVIDENCE]->(e:{R})-[:FOR_OBJECT]->(u)
OPTIONAL MATCH (e)-[:FOR_PROPERTY]->(fp:{R} {{iri: $prop}})
OPTIONAL MATCH (e)-[:HAS_SELECTOR]->(sel:{R})
WITH m, r, secs, sts, collect(DISTINCT [e.iri, fp.iri, sel.iri, sel.exact, sel.start, sel.end]) AS ev
RETURN m.iri AS m, m.heading AS heading, r.title AS report, m.deadline AS deadline, secs, sts, ev"""

DOCUMENTS = f"""
MATCH (r:{R})-[:REFERENCE]->(ref:{R})-[:DOCUMENT]->(d:{R})
OPTIONAL MATCH (d)-[:CREATOR]->(iu:{R})
WITH r, ref, d, collect(DISTINCT iu.prefLabel) AS issuers
OPTIONAL MATCH (ref)-[:EVIDENCE]->(e:{R})-[:HAS_SELECTOR]->(sel:{R})
WITH r, ref, d, issuers, collect(DISTINCT [e.iri, sel.iri, sel.exact, sel.start, sel.end]) AS ev
RETURN d.iri AS d, d.title AS title, d.docType AS type, d.level AS level, issuers, ref.relation AS rel,
       ref.statusInReport AS status, r.title AS report, ev"""

METRICS = f"""
MATCH (x:Metric)-[:IN_REPORT]->(r:{R})
OPTIONAL MATCH (m:Measure)-[:REPORTS_METRIC]->(x)
WITH x, r, collect(DISTINCT m.iri) AS ms
OPTIONAL MATCH (x)-[:EVIDENCE]->(e:{R})-[:HAS_SELECTOR]->(sel:{R})
WITH x, r, ms, collect(DISTINCT [e.iri, sel.iri, sel.start, sel.end]) AS ev
RETURN x.iri AS x, x.label AS text, x.value AS value, x.approximate AS approx, x.measureWord AS mw,
       x.what AS what, x.metricKind AS kind, x.asOf AS asof, ms, r.title AS report, ev"""

COVERAGE = f"""
MATCH (:{R} {{iri: $v}})-[:HAS_PART*1..]->(a:Article)
WITH DISTINCT a
OPTIONAL MATCH (a)-[:IS_PART_OF]->(c:Chapter)
WITH a, collect(DISTINCT [c.iri, c.label, c.heading]) AS chapters
OPTIONAL MATCH (m:Measure)-[:ENSURES_IMPLEMENTATION_OF]->(a)
WITH a, chapters, collect(DISTINCT [m.iri, m.heading]) AS ms
OPTIONAL MATCH (d:Document)-[:ENSURES_IMPLEMENTATION_OF]->(a)
WITH a, chapters, ms, collect(DISTINCT d.iri) AS ds
OPTIONAL MATCH (l:{R})-[:ELABORATES]->(a)
WITH a, chapters, ms, ds, collect(DISTINCT l.iri) AS locals
RETURN a.iri AS a, a.number AS n, a.suffix AS suf, a.label AS label, a.heading AS heading,
       labels(a) AS labels, chapters, ms, ds, locals"""

EVENTS = f"""
MATCH (s:{R})-[:EVENT]->(e:{R})
OPTIONAL MATCH (e)-[:EVIDENCE]->(ev:{R})-[:HAS_SELECTOR]->(sel:{R})
WITH s, e, collect(DISTINCT [ev.iri, sel.iri, sel.exact]) AS quotes
RETURN s.iri AS subject, e.date AS date, e.eventKind AS kind, e.label AS what, e.heading AS heading,
       labels(e) AS labels, quotes"""

SUBJECTS = f"""
UNWIND $iris AS i
MATCH (s:{R} {{iri: i}})
OPTIONAL MATCH (s)-[:IN_REPORT]->(r:{R})
WITH s, collect(DISTINCT r.title) AS reports
RETURN s.iri AS iri, labels(s) AS labels, s.title AS title, reports"""

SEARCH = f"""
MATCH (n:{R})
WHERE any(h IN [] + n.label WHERE h CONTAINS $q) OR any(h IN [] + n.text WHERE h CONTAINS $q)
   OR any(h IN [] + n.altLabel WHERE h CONTAINS $q)
RETURN n.iri AS n, n.label AS label, n.heading AS heading, n.text AS text, n.altLabel AS alt,
       labels(n) AS labels"""



def neighbors_cypher(direction: str) -> str:
    """Edges of ``$n`` in one ``direction`` (``out`` or ``in``), leaving out the types in ``$skip``.

    >>> neighbors_cypher("in").splitlines()[1]
    'MATCH (:Resource {iri: $n})<-[r]-(o:Resource) WHERE NOT type(r) IN $skip'
    """
    edge = {"out": "-[r]->", "in": "<-[r]-"}[direction]
    return f"""
MATCH (:{R} {{iri: $n}}){edge}(o:{R}) WHERE NOT type(r) IN $skip
RETURN type(r) AS p, o.iri AS o, o.label AS label, o.heading AS heading, labels(o) AS labels"""


UP = f"""
MATCH (:{R} {{iri: $n}})-[r]->(o:{R}) WHERE type(r) IN $types
RETURN type(r) AS p, o.iri AS o, o.label AS label, o.heading AS heading, labels(o) AS labels"""


class CypherBackend:
    """Every fetch of :class:`~policygraph.stores.base.Backend` (the twin of
    :class:`~policygraph.stores.sparql_queries.SparqlBackend`), on a server (anything with ``query(cypher, **params)``
    returning a list of dicts: :class:`~.falkordb.FalkorDBStore`, :class:`~.neo4j.Neo4jStore`)."""

    def __init__(self, server):
        self.server = server

    def q(self, cypher: str, **params) -> list[dict]:
        return self.server.query(cypher, **params)

    # ------------------------------------------------------------------ helpers' fetches
    def measure_rows(self) -> list[dict]:
        rows = []
        for r in self.q(MEASURES):
            arts = [(a[0], n, t) for a in r["arts"] if a[0] is not None
                    for n in _vals(a[1]) for t in _vals(a[2])] or [(None, None, None)]
            for base in _product(m=[r["m"]], report=_vals(r["report"]), sec=_opt(r["secs"]),
                                 ord=_vals(r["ord"]), heading=_vals(r["heading"]), text=_vals(r["text"]),
                                 deadline=_opt(r["deadline"]), st=_opt(r["sts"]), unit=_opt(r["units"]),
                                 doc=_opt(r["docs"])):
                for art, num, title in arts:
                    rows.append({**base, "art": art, "artnum": num, "regtitle": title})
        return rows

    def unit_rows(self) -> list[dict]:
        rows = []
        for r in self.q(UNITS):
            for row in _product(u=[r["u"]], name=_vals(r["name"]), level=_opt(r["level"]), kind=_opt(r["kind"]),
                                parent=_opt(r["parents"])):
                rows.append({**row, "aliases": _vals(r["aliases"]), "nm": r["nm"], "nd": r["nd"], "nx": r["nx"]})
        return rows

    def responsibility_rows(self, unit: str) -> list[dict]:
        rows = []
        for r in self.q(RESPONSIBILITIES, u=unit, prop=PG.responsibleUnit):
            # evidence counts only when it names this unit and its selector has quote and span
            ev = [(x[3], x[4], x[5]) for x in r["ev"] if None not in x]
            for base in _product(m=[r["m"]], heading=_vals(r["heading"]), report=_vals(r["report"]),
                                 sec=_opt(r["secs"]), deadline=_opt(r["deadline"]), st=_opt(r["sts"])):
                for quote, start, end in ev or [(None, None, None)]:
                    for q in _vals(quote):
                        rows.append({**base, "quote": q, "start": start, "end": end})
        return rows

    def document_rows(self) -> list[dict]:
        rows = []
        for r in self.q(DOCUMENTS):
            ev = [(q, x[3], x[4]) for x in r["ev"] if None not in x for q in _vals(x[2])] or [(None, None, None)]
            for base in _product(d=[r["d"]], title=_vals(r["title"]), type=_opt(r["type"]), level=_opt(r["level"]),
                                 issuer=_opt(r["issuers"]), rel=_vals(r["rel"]), status=_opt(r["status"]),
                                 report=_vals(r["report"])):
                for quote, start, end in ev:
                    rows.append({**base, "quote": quote, "start": start, "end": end})
        return rows

    def metric_rows(self) -> list[dict]:
        rows = []
        for r in self.q(METRICS):
            ev = [(x[2], x[3]) for x in r["ev"] if None not in x] or [(None, None)]
            for base in _product(x=[r["x"]], text=_vals(r["text"]), value=_opt(r["value"]), approx=_opt(r["approx"]),
                                 mw=_opt(r["mw"]), what=_opt(r["what"]), kind=_opt(r["kind"]), asof=_opt(r["asof"]),
                                 m=_opt(r["ms"]), report=_vals(r["report"])):
                for start, end in ev:
                    rows.append({**base, "start": start, "end": end})
        return rows

    def measures_of_unit(self, unit: str) -> list[str]:
        return [r["m"] for r in self.q(f"MATCH (m:{R})-[:RESPONSIBLE_UNIT]->(:{R} {{iri: $u}}) RETURN m.iri AS m",
                                       u=unit)]

    def metrics_of_unit(self, unit: str) -> list[str]:
        return [r["x"] for r in self.q(
            f"MATCH (m:{R})-[:RESPONSIBLE_UNIT]->(:{R} {{iri: $u}}) MATCH (m)-[:REPORTS_METRIC]->(x:{R}) "
            "RETURN x.iri AS x", u=unit)]

    def up_rows(self, node: str, props: list[str]) -> list[dict]:
        rows = []
        for r in self.q(UP, n=node, types=[_curie_type(p) for p in props]):
            rows += _product(p=[property_iri(r["p"])], o=[r["o"]],
                             label=_rdfs_labels(r["label"], r["heading"], r["labels"]) or [None],
                             type=_types(r["labels"]) or [None])
        return rows

    def measures_mentioning(self, document: str) -> list[str]:
        return [r["m"] for r in self.q(f"MATCH (m:Measure)-[:MENTIONS_DOCUMENT]->(:{R} {{iri: $d}}) "
                                       "RETURN DISTINCT m.iri AS m", d=document)]

    def labels(self, node: str) -> list[str]:
        rows = self.q(f"MATCH (n:{R} {{iri: $n}}) RETURN n.label AS label, n.heading AS heading, "
                      "labels(n) AS labels", n=node)
        return [x for r in rows for x in _rdfs_labels(r["label"], r["heading"], r["labels"])]

    def versions_with_articles(self, work: str) -> list[dict]:
        rows = self.q(f"MATCH (w:{R} {{iri: $w}})-[:IS_REALIZED_BY]->(v:{R}) RETURN v.iri AS v, "
                      "v.hasArticles AS has, v.version_date AS date, v.complete AS complete, w.title AS title", w=work)
        return [row for r in rows if True in _vals(r["has"])
                for row in _product(v=[r["v"]], date=_opt(r["date"]), complete=_opt(r["complete"]),
                                    title=_vals(r["title"]))]

    def coverage_rows(self, version: str) -> list[dict]:
        rows = []
        for r in self.q(COVERAGE, v=version):
            chapters = [c for x in r["chapters"] if x[0] is not None
                        for c in _rdfs_labels(x[1], x[2], [_PART])] or [None]
            ms = [(x[0], h) for x in r["ms"] if x[0] is not None for h in _vals(x[1])] or [(None, None)]
            for base in _product(a=[r["a"]], n=_vals(r["n"]), suf=_opt(r["suf"]),
                                 label=_pg_labels(r["label"], r["heading"], r["labels"]) or [None],
                                 chapter=chapters, d=_opt(r["ds"]), local=_opt(r["locals"])):
                for m, mh in ms:
                    rows.append({**base, "m": m, "mh": mh})
        return rows

    def timeline_rows(self, events: bool = True) -> list[dict]:
        facts = []  # (subject, date, kind, what, quote)
        for r in self.q(EVENTS) if events else ():
            quotes = [q for x in r["quotes"] if x[0] is not None and x[1] is not None for q in _vals(x[2])]
            for date, kind, what, quote in product(_vals(r["date"]), _vals(r["kind"]),
                                                   _rdfs_labels(r["what"], r["heading"], r["labels"]) or [None],
                                                   quotes or [None]):
                facts.append((r["subject"], date, kind, what, quote))
        for r in self.q("MATCH (m:Measure) WHERE m.deadline IS NOT NULL AND m.heading IS NOT NULL "
                        "RETURN m.iri AS s, m.deadline AS date, m.heading AS what, m.deadlineText AS quote"):
            for date, what, quote in product(_vals(r["date"]), _vals(r["what"]), _opt(r["quote"])):
                facts.append((r["s"], date, "deadline", what, quote))
        for r in self.q("MATCH (x:Metric) WHERE x.asOf IS NOT NULL AND x.label IS NOT NULL "
                        "RETURN x.iri AS s, x.asOf AS date, x.label AS what"):
            for date, what in product(_vals(r["date"]), _vals(r["what"])):
                facts.append((r["s"], date, "figure", what, what))
        subjects = {}
        iris = sorted({f[0] for f in facts})
        for i in range(0, len(iris), 2000):
            for r in self.q(SUBJECTS, iris=iris[i: i + 2000]):
                # pg:inReport's title when there is one, else the subject's own dct:title (see the SPARQL)
                subjects[r["iri"]] = (_types(r["labels"]) or [None], _vals(r["reports"]) or _opt(r["title"]))
        rows = []
        for subject, date, kind, what, quote in facts:
            stypes, sources = subjects.get(subject, ([None], [None]))
            for stype, source in product(stypes, sources):
                rows.append({"date": date, "kind": kind, "what": what, "subject": subject, "stype": stype,
                             "source": source, "quote": quote})
        return rows

    def search_rows(self, text: str) -> list[dict]:
        rows = []
        for r in self.q(SEARCH, q=text):
            labels = _rdfs_labels(r["label"], r["heading"], r["labels"])
            texts = [t for t in _vals(r["text"]) if isinstance(t, str)]
            types = _types(r["labels"])
            found = [(lab, t) for lab in labels if text in lab for t in texts or [None]]
            if PG.Paragraph not in types:
                found += [(lab, t) for t in texts if text in t for lab in labels]
            found += [(lab, None) for a in _vals(r["alt"]) if text in a for lab in labels]
            rows += [{"n": r["n"], "type": typ, "label": lab, "text": t}
                     for lab, t in found for typ in types or [None]]
        return rows

    def neighbor_rows(self, node: str) -> list[dict]:
        skip = [relationship_type(PG.evidence), relationship_type(OA.hasSource)]
        rows = []
        for direction in ("out", "in"):
            for r in self.q(neighbors_cypher(direction), n=node, skip=skip):
                if direction == "out" and r["o"].startswith("_:"):
                    continue  # SPARQL keeps IRIs only
                rows += _product(p=[property_iri(r["p"])], o=[r["o"]], dir=[direction],
                                 label=_rdfs_labels(r["label"], r["heading"], r["labels"]) or [None],
                                 type=_types(r["labels"]) or [None])
        return rows

    # ------------------------------------------------------------------ name look-ups (lookup.py)
    def existing(self, iris) -> dict[str, list[str]]:
        nodes = sorted(set(iris))
        out: dict[str, list[str]] = {}
        for i in range(0, len(nodes), 2000):
            for r in self.q(f"UNWIND $iris AS i MATCH (n:{R} {{iri: i}}) RETURN n.iri AS n, labels(n) AS labels",
                            iris=nodes[i: i + 2000]):
                out[r["n"]] = _types(r["labels"])
        return out

    def regulations_of(self, parts) -> dict[str, str]:
        nodes = sorted(set(parts))
        out: dict[str, str] = {}
        for i in range(0, len(nodes), 2000):
            rows = self.q(f"UNWIND $iris AS i MATCH (a:{R} {{iri: i}})-[:IS_PART_OF*1..]->(:{R})-[:REALIZES]->(w:{R}) "
                          "RETURN DISTINCT a.iri AS a, w.title AS t", iris=nodes[i: i + 2000])
            for a, t in sorted((r["a"], t) for r in rows for t in _vals(r["t"])):
                out.setdefault(a, t)
        return out

    def units_named(self, name: str) -> list[str]:
        return [r["u"] for r in self.q(
            "MATCH (u:Unit) WHERE any(x IN [] + u.prefLabel WHERE x = $n) OR any(x IN [] + u.altLabel WHERE x = $n) "
            "RETURN DISTINCT u.iri AS u", n=name)]

    def units_with_pref_label(self, name: str) -> list[str]:
        return [r["u"] for r in self.q(
            "MATCH (u:Unit) WHERE any(x IN [] + u.prefLabel WHERE x = $n) RETURN u.iri AS u", n=name)]

    def unit_labels(self) -> list[str]:
        rows = self.q("MATCH (u:Unit) RETURN u.prefLabel AS p, u.altLabel AS a")
        return sorted({x for r in rows for x in _vals(r["p"]) + _vals(r["a"])})

    def pref_labels(self, node: str) -> list[str]:
        return [x for r in self.q(f"MATCH (u:{R} {{iri: $u}}) RETURN u.prefLabel AS n", u=node) for x in _vals(r["n"])]

    def report_issuers(self) -> list[tuple[str, int]]:
        rows = self.q(f"MATCH (r:Report)-[:CREATOR]->(u:{R}) RETURN r.iri AS r, u.prefLabel AS n")
        return list(Counter(n for r in rows for n in _vals(r["n"])).items())

    def titles(self, node: str) -> list[str]:
        return [x for r in self.q(f"MATCH (w:{R} {{iri: $w}}) RETURN w.title AS t", w=node) for x in _vals(r["t"])]

    def works_named(self, name: str) -> list[str]:
        out = set()
        for label in ("Regulation", "Document"):
            out.update(r["w"] for r in self.q(
                f"MATCH (w:{label}) WHERE w.title IS NOT NULL AND (any(x IN [] + w.shortTitle WHERE x = $s) "
                "OR any(x IN [] + w.label WHERE x = $s)) RETURN w.iri AS w", s=name))
        return sorted(out)

    def regulation_titles(self) -> list[str]:
        return sorted({x for r in self.q("MATCH (w:Regulation) RETURN w.title AS t") for x in _vals(r["t"])})

    def articles(self, work: str, number: int, suffix: int) -> list[tuple[str, str | None]]:
        rows = self.q(f"MATCH (:{R} {{iri: $w}})-[:IS_REALIZED_BY]->(v:{R})-[:HAS_PART*1..]->(a:Article) "
                      "WHERE a.number = $n AND coalesce(a.suffix, 0) = $suf "
                      "RETURN DISTINCT a.iri AS a, v.version_date AS date", w=work, n=number, suf=suffix)
        return [(r["a"], d) for r in rows for d in _opt(r["date"])]

    def measures_headed(self, heading: str) -> list[str]:
        return [r["m"] for r in self.q(
            "MATCH (m:Measure) WHERE any(x IN [] + m.heading WHERE x = $h) RETURN m.iri AS m", h=heading)]

    def node_labels(self) -> list[str]:
        out = set()
        for label in ("Unit", "Document", "Measure"):
            for r in self.q(f"MATCH (x:{label}) RETURN x.label AS label, x.heading AS heading, labels(x) AS labels"):
                out.update(_rdfs_labels(r["label"], r["heading"], r["labels"]))
        return sorted(out)

    # ------------------------------------------------------------------ what loading and linking read
    def titles_with_articles(self) -> list[str]:
        rows = self.q(f"MATCH (w:Regulation)-[:IS_REALIZED_BY]->(v:{R}) RETURN w.title AS t, v.hasArticles AS has")
        return sorted({t for r in rows if True in _vals(r["has"]) for t in _vals(r["t"])})

    def stored_versions(self, work: str) -> list[dict]:
        """Versions of ``work`` with article text: ver, title (the version's), date."""
        rows = self.q(f"MATCH (:{R} {{iri: $w}})-[:IS_REALIZED_BY]->(v:{R}) RETURN v.iri AS ver, "
                      "v.hasArticles AS has, v.title AS title, v.version_date AS date", w=work)
        return [row for r in rows if True in _vals(r["has"])
                for row in _product(ver=[r["ver"]], title=_vals(r["title"]), date=_opt(r["date"]))]

    def article_texts(self, version: str) -> list[dict]:
        rows = self.q(f"MATCH (:{R} {{iri: $v}})-[:HAS_PART*1..]->(a:Article) WITH DISTINCT a "
                      "WHERE a.number IS NOT NULL AND a.text IS NOT NULL "
                      "RETURN a.number AS n, a.suffix AS suf, a.label AS label, a.heading AS heading, "
                      "labels(a) AS labels, a.text AS text", v=version)
        out = [row for r in rows for row in _product(n=_vals(r["n"]), suf=_opt(r["suf"]),
                                                     label=_pg_labels(r["label"], r["heading"], r["labels"]) or [None],
                                                     text=_vals(r["text"]))]
        return sorted(out, key=lambda r: (r["n"], r["suf"] is not None, r["suf"] or 0))

    def reports(self) -> list[str]:
        return sorted(r["r"] for r in self.q("MATCH (r:Report) RETURN r.iri AS r"))

    def report_references(self, report: str) -> list[dict]:
        rows = self.q(f"MATCH (:{R} {{iri: $r}})-[:REFERENCE]->(ref:{R})-[:DOCUMENT]->(doc:{R}) "
                      "RETURN doc.iri AS doc, doc.title AS title, ref.relation AS rel", r=report)
        return [row for r in rows for row in _product(doc=[r["doc"]], title=_vals(r["title"]), rel=_vals(r["rel"]))]

    def report_measures(self, report: str) -> list[dict]:
        """Measures of a report: m, text, ord, heading, marker, and ev/start/end = the measure's own
        evidence (the one whose quote is its text; the smallest IRI if several)."""
        rows = self.q(f"MATCH (m:Measure)-[:IN_REPORT]->(:{R} {{iri: $r}}) "
                      f"OPTIONAL MATCH (m)-[:EVIDENCE]->(e:{R})-[:HAS_SELECTOR]->(sel:{R}) "
                      "WITH m, collect(DISTINCT [e.iri, sel.exact, sel.start, sel.end]) AS ev "
                      "RETURN m.iri AS m, m.text AS text, m.ordinal AS ord, m.heading AS heading, "
                      "m.marker AS marker, ev", r=report)
        out = []
        for r in rows:
            for row in _product(m=[r["m"]], text=_vals(r["text"]), ord=_vals(r["ord"]), heading=_opt(r["heading"]),
                                marker=_opt(r["marker"])):
                own = sorted((x[0], x[2], x[3]) for x in r["ev"] if x[0] is not None and row["text"] in _vals(x[1]))
                ev, start, end = own[0] if own else (None, None, None)
                out.append({**row, "ev": ev, "start": start, "end": end})
        return out

    def class_counts(self) -> dict[str, int]:
        """Nodes per ``pg:`` class IRI."""
        rows = self.q(f"MATCH (n:{R}) UNWIND labels(n) AS label RETURN label, count(*) AS count")
        return {PG[r["label"]]: r["count"] for r in rows if r["label"] in _PG_CLASS_NAMES}

    # ------------------------------------------------------------------ what the HTML views read
    # (ViewFetches: the rows SparqlBackend's view_* return; the texts are at the end of the module)
    def _view(self, cypher, nodes=None) -> list[dict]:
        """The rows of a view query, ``cypher(restricted)``: over every node, or over ``nodes``."""
        return self.q(cypher(False)) if nodes is None else self._each(cypher(True), nodes)

    def _each(self, cypher: str, nodes, **params) -> list[dict]:
        """The rows of ``cypher`` over ``nodes`` (``$iris``), a chunk at a time."""
        nodes, rows = sorted(set(nodes)), []
        for i in range(0, len(nodes), VIEW_CHUNK):
            rows += self.q(cypher, iris=nodes[i:i + VIEW_CHUNK], **params)
        return rows

    def view_size(self, limit: int) -> int:
        """About the number of triples: relationships, types and literal properties (a list counts once);
        the server counts them all (``limit`` does not make that cheaper)."""
        nodes = self.q(VIEW_SIZE_NODES)[0]
        rels = self.q(VIEW_SIZE_RELATIONSHIPS)[0]["n"]
        # every node also has the label Resource and the properties iri and graphs, which are no triples
        return int(rels + (nodes["labels"] or 0) + (nodes["props"] or 0) - 3 * nodes["n"])

    def view_nodes(self, nodes=None) -> list[dict]:
        rows = []
        for r in self._view(view_nodes_cypher, nodes):
            types = _types(r["labels"])
            if types:
                rows += _product(n=[r["n"]], type=types, label=_rdfs_labels(r["label"], r["heading"], r["labels"])
                                 or [None], text=_opt(r["text"]), heading=_opt(r["heading"]), number=_opt(r["number"]),
                                 suffix=_opt(r["suffix"]), ordinal=_opt(r["ordinal"]))
        return rows

    def view_edges(self, nodes=None) -> list[dict]:
        return [{"s": r["s"], "p": property_iri(r["p"]), "o": r["o"]} for r in self._view(view_edges_cypher, nodes)
                if not r["o"].startswith("_:")]  # SPARQL keeps IRIs only

    def view_names(self, nodes=None) -> list[dict]:
        return [{"n": r["n"], "name": name} for r in self._view(view_names_cypher, nodes)
                for name in _vals(r["pref"]) + _vals(r["alt"]) + _vals(r["title"]) + _vals(r["short"])]

    def view_article_texts(self, nodes=None) -> list[dict]:
        return [row for r in self._view(view_article_texts_cypher, nodes)
                for row in _product(n=[r["n"]], label=_pg_labels(r["label"], r["heading"], r["labels"]) or [None],
                                    text=_vals(r["text"]))]

    def view_measure_attributes(self, nodes=None) -> list[dict]:
        return [row for r in self._view(view_measure_attributes_cypher, nodes)
                for row in _product(m=[r["m"]], st=_opt(r["sts"]), deadline=_opt(r["deadline"]))]

    def view_metric_attributes(self, nodes=None) -> list[dict]:
        return [row for r in self._view(view_metric_attributes_cypher, nodes)
                for row in _product(x=[r["x"]], what=_opt(r["what"]), subject=_opt(r["subject"]),
                                    asof=_opt(r["asof"]), kind=_opt(r["kind"]))]

    def view_evidence(self, nodes=None) -> list[dict]:
        rows = []
        for r in self._view(view_evidence_cypher, nodes):
            objects = r["objs"] + _vals(r["objlit"])  # pg:forObject is an IRI, or a literal
            rows += _product(n=[r["n"]], e=[r["e"]], **_span(r), prop=r["props"] or [None], obj=objects or [None])
        return rows

    def view_reference_evidence(self, documents=None) -> list[dict]:
        return [row for r in self._view(view_reference_evidence_cypher, documents)
                for row in _product(d=[r["d"]], r=[r["r"]], **_span(r), prop=r["props"] or [None])]

    def view_candidates(self, nodes=None) -> list[dict]:
        return [row for r in self._view(view_candidates_cypher, nodes)
                for row in _product(m=[r["m"]], a=[r["a"]], score=_vals(r["score"]), rank=_vals(r["rank"]),
                                    method=_opt(r["method"]), asserted=_opt(r["asserted"]),
                                    probability=_opt(r["probability"]), term=_opt(r["terms"]),
                                    ss=_opt(r["ss"]), se=_opt(r["se"]), sq=_opt(r["sq"]))]

    def view_source_texts(self, sources) -> list[dict]:
        return [{"s": r["s"], "text": t} for r in self._view(view_source_texts_cypher, sources) for t in _vals(r["text"])]

    def view_source_paths(self, nodes=None) -> list[dict]:
        return [{"n": r["n"], "path": p} for r in self._view(view_source_paths_cypher, nodes) for p in _vals(r["path"])]

    def view_part_versions(self, nodes) -> list[dict]:
        return [{"n": r["n"], "v": r["v"], "vl": label} for r in self._view(view_part_versions_cypher, nodes)
                for label in _rdfs_labels(r["label"], r["heading"], r["labels"])]

    def view_focus_step(self, frontier) -> list[dict]:
        skip = [relationship_type(p) for p in VIEW_FOCUS_SKIP]
        rows = []
        for outward in (True, False):
            for r in self._each(VIEW_FOCUS_STEP[outward], frontier, skip=skip):
                if outward and r["o"].startswith("_:"):
                    continue  # SPARQL follows links to IRIs only
                rows.append({"n": r["n"], "p": property_iri(r["p"]), "o": r["o"], "out": outward,
                             "hub": True if r["hub"] else None})
        return rows

    def view_report_nodes(self) -> list[str]:
        return sorted({r["n"] for cypher in VIEW_REPORT_NODES for r in self.q(cypher)})

    def view_report_regulations(self) -> list[dict]:
        return self.q(VIEW_REPORT_REGULATIONS)

    def view_parts(self, nodes) -> list[dict]:
        return self._each(VIEW_PARTS, nodes)

    def view_articles(self, nodes) -> list[str]:
        return [r["n"] for r in self._each(VIEW_ARTICLES, nodes)]

    def view_implementers(self, nodes) -> list[str]:
        return [r["n"] for r in self._each(VIEW_IMPLEMENTERS, nodes)]


# ------------------------------------------------------------------ what the HTML views read
# Each query starts from its nodes, every one of a kind or those listed in $iris (_start); the rows
# are unfolded into SparqlBackend's rows by the view_* methods above.
VIEW_CHUNK = 2000  # IRIs per $iris list
VIEW_SIZE_NODES = f"MATCH (n:{R}) RETURN count(n) AS n, sum(size(labels(n))) AS labels, sum(size(keys(n))) AS props"
VIEW_SIZE_RELATIONSHIPS = f"MATCH (:{R})-[r]->(:{R}) RETURN count(r) AS n"
# the links --focus does not follow (evidence, references, events, candidates: plumbing, not facts)
VIEW_FOCUS_SKIP = (PG.evidence, PG.reference, PG.event, PG.legalLevel, PG.status, OA.hasSource, PG.candidateFor,
                   PG.candidateArticle, PG.document, PG.alignmentOf, PG.alignedArticle, PG.actor, OA.hasSelector)


def _start(var: str, restricted: bool, label: str = R) -> str:
    """``MATCH`` the nodes a view query starts from: every ``label`` node, or those in ``$iris``.

    >>> _start("n", True, "Article")
    "UNWIND $iris AS i MATCH (n:Resource {iri: i}) WHERE 'Article' IN labels(n)"
    """
    if not restricted:
        return f"MATCH ({var}:{label})"
    # looked up by the indexed iri, then checked for the label (the index lives on :Resource)
    where = "" if label == R else f" WHERE '{label}' IN labels({var})"
    return f"UNWIND $iris AS i MATCH ({var}:{R} {{iri: i}}){where}"


def _span(r: dict) -> dict:
    """The columns of an evidence span (quote, source, position) in SPARQL's names, as value lists."""
    return {"quote": _vals(r["quote"]), "src": [r["src"]],
            "srclabel": _rdfs_labels(r["srclabel"], r["srcheading"], r["srclabels"]) or [None],
            "path": _opt(r["path"]), "start": _vals(r["start"]), "end": _vals(r["end"])}


def view_nodes_cypher(restricted: bool) -> str:
    return f"""{_start("n", restricted)}
RETURN n.iri AS n, labels(n) AS labels, n.label AS label, n.heading AS heading, n.text AS text,
       n.number AS number, n.suffix AS suffix, n.ordinal AS ordinal"""


def view_edges_cypher(restricted: bool) -> str:
    return f"{_start('s', restricted)} MATCH (s)-[r]->(o:{R}) RETURN s.iri AS s, type(r) AS p, o.iri AS o"


def view_names_cypher(restricted: bool) -> str:
    return f"""{_start("n", restricted)} WITH n
WHERE n.prefLabel IS NOT NULL OR n.altLabel IS NOT NULL OR n.title IS NOT NULL OR n.shortTitle IS NOT NULL
RETURN n.iri AS n, n.prefLabel AS pref, n.altLabel AS alt, n.title AS title, n.shortTitle AS short"""


def view_article_texts_cypher(restricted: bool) -> str:
    return f"""{_start("n", restricted, "Article")} WITH n WHERE n.text IS NOT NULL
RETURN n.iri AS n, n.label AS label, n.heading AS heading, labels(n) AS labels, n.text AS text"""


def view_measure_attributes_cypher(restricted: bool) -> str:
    return f"""{_start("m", restricted, "Measure")}
OPTIONAL MATCH (m)-[:STATUS]->(st:{R})
WITH m, collect(DISTINCT st.iri) AS sts
RETURN m.iri AS m, sts, m.deadline AS deadline"""


def view_metric_attributes_cypher(restricted: bool) -> str:
    return f"""{_start("x", restricted, "Metric")}
RETURN x.iri AS x, x.what AS what, x.subjectText AS subject, x.asOfText AS asof, x.metricKind AS kind"""


# an evidence span: the selector's quote and offsets, the source's label and file
_SPAN = """sel.exact AS quote, src.iri AS src, src.label AS srclabel, src.heading AS srcheading,
       labels(src) AS srclabels, src.sourcePath AS path, sel.start AS start, sel.end AS end"""
_SPAN_MATCH = f"""MATCH (e)-[:HAS_SOURCE]->(src:{R})
MATCH (e)-[:HAS_SELECTOR]->(sel:{R}) WHERE sel.exact IS NOT NULL AND sel.start IS NOT NULL AND sel.end IS NOT NULL
OPTIONAL MATCH (e)-[:FOR_PROPERTY]->(fp:{R})"""


def view_evidence_cypher(restricted: bool) -> str:
    return f"""{_start("n", restricted)}
MATCH (n)-[:EVIDENCE]->(e:{R})
{_SPAN_MATCH}
WITH n, e, src, sel, collect(DISTINCT fp.iri) AS props
OPTIONAL MATCH (e)-[:FOR_OBJECT]->(fo:{R})
WITH n, e, src, sel, props, collect(DISTINCT fo.iri) AS objs
RETURN n.iri AS n, e.iri AS e, {_SPAN}, props, objs, e.forObject AS objlit"""


def view_reference_evidence_cypher(restricted: bool) -> str:
    return f"""{_start("d", restricted)}
MATCH (r:{R})-[:REFERENCE]->(ref:{R})-[:DOCUMENT]->(d)
MATCH (ref)-[:EVIDENCE]->(e:{R})
{_SPAN_MATCH}
WITH d, r, e, src, sel, collect(DISTINCT fp.iri) AS props
RETURN d.iri AS d, r.iri AS r, {_SPAN}, props"""


def view_candidates_cypher(restricted: bool) -> str:
    return f"""{_start("m", restricted)}
MATCH (c:{R})-[:CANDIDATE_FOR]->(m)
MATCH (c)-[:CANDIDATE_ARTICLE]->(a:{R}) WHERE c.score IS NOT NULL AND c.rank IS NOT NULL
OPTIONAL MATCH (c)-[:EVIDENCE]->(ev:{R})-[:HAS_SELECTOR]->(sel:{R}) WHERE (ev)-[:FOR_OBJECT]->(a)
RETURN m.iri AS m, a.iri AS a, c.score AS score, c.rank AS rank, c.method AS method, c.asserted AS asserted,
       c.probability AS probability, c.matchedTerm AS terms, sel.start AS ss, sel.end AS se, sel.exact AS sq"""


def view_source_texts_cypher(restricted: bool) -> str:
    return f"{_start('s', restricted)} WITH s WHERE s.text IS NOT NULL RETURN s.iri AS s, s.text AS text"


def view_source_paths_cypher(restricted: bool) -> str:
    return f"{_start('n', restricted)} WITH n WHERE n.sourcePath IS NOT NULL RETURN n.iri AS n, n.sourcePath AS path"


def view_part_versions_cypher(restricted: bool) -> str:
    return f"""{_start("n", restricted)}
MATCH (n)-[:IS_PART_OF*1..]->(v:RegulationVersion)
WITH DISTINCT n, v WHERE v.label IS NOT NULL
RETURN n.iri AS n, v.iri AS v, v.label AS label, v.heading AS heading, labels(v) AS labels"""


def view_focus_step_cypher(outward: bool) -> str:
    """Links of the frontier ``$iris`` in one direction, but those in ``$skip``; ``hub``: the other
    end is a report."""
    edge = "-[r]->" if outward else "<-[r]-"
    return f"""{_start("n", True)}
MATCH (n){edge}(o:{R}) WHERE NOT type(r) IN $skip
RETURN DISTINCT n.iri AS n, type(r) AS p, o.iri AS o, 'Report' IN labels(o) AS hub"""


VIEW_FOCUS_STEP = {outward: view_focus_step_cypher(outward) for outward in (True, False)}


# everything reports say: their members, what those and the reports link to, the articles' structure upwards
VIEW_REPORT_NODES = (
    f"MATCH (n:{R})-[:IN_REPORT]->(:{R}) RETURN DISTINCT n.iri AS n",
    "MATCH (n:Report) RETURN n.iri AS n",
    f"MATCH (m:{R})-[:IN_REPORT]->(:{R}) MATCH (m)-->(n:{R}) RETURN DISTINCT n.iri AS n",
    f"MATCH (:Report)-->(n:{R}) RETURN DISTINCT n.iri AS n",
    f"MATCH (:Measure)-[:ENSURES_IMPLEMENTATION_OF]->(:{R})-[:IS_PART_OF*1..]->(n:{R}) RETURN DISTINCT n.iri AS n",
)
# the regulations reports concern or implement, with their versions
VIEW_REPORT_REGULATIONS = (f"MATCH (:Report)-[:CONCERNS|ENSURES_IMPLEMENTATION_OF]->(w:{R})-[:IS_REALIZED_BY]->(v:{R}) "
                           "RETURN DISTINCT w.iri AS w, v.iri AS v")
VIEW_PARTS = f"{_start('p', True)} MATCH (p)-[:HAS_PART]->(n:{R}) RETURN DISTINCT p.iri AS p, n.iri AS n"
VIEW_ARTICLES = f"{_start('n', True, 'Article')} RETURN n.iri AS n"
VIEW_IMPLEMENTERS = f"{_start('a', True)} MATCH (n:{R})-[:ENSURES_IMPLEMENTATION_OF]->(a) RETURN DISTINCT n.iri AS n"
