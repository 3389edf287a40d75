"""The graph as networkx, in the shape :mod:`policygraph.views` draws.

Nodes are IRIs with ``type`` (class local name), ``label``, ``description``, ``status``, ``deadline``,
``figures`` and ``evidence`` (quote, source, start, end); edges carry ``type`` (the property's local
name). Evidence, candidates, references and events are attributes or left out, not nodes.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from .ontology.terms import STATUSES, local_name

HIDDEN_TYPES = ("Evidence", "ImplementationCandidate", "DocumentReference", "Event", "LegalLevel", "Status",
                "Alignment")
HIDDEN_PROPS = ("type", "evidence", "hasSource", "hasSelector", "forProperty", "forObject", "legalLevel",
                "status", "in_force", "event", "reference", "is_realized_by", "hasSection", "hasMeasure",
                "isReplacedBy", "candidateFor", "candidateArticle")
_STATUS = {v: k for k, v in STATUSES.items()}

NODES = """SELECT ?n ?type ?label ?text ?heading WHERE { ?n a ?type . FILTER(STRSTARTS(STR(?type), STR(pg:)))
  OPTIONAL { ?n rdfs:label ?label } OPTIONAL { ?n pg:heading ?heading } OPTIONAL { ?n pg:text ?text } }"""
EDGES = """SELECT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(isIRI(?o)) FILTER(?p != rdf:type) }"""
MEASURE_ATTRS = """SELECT ?m ?st ?deadline ?fig WHERE { ?m a pg:Measure .
  OPTIONAL { ?m pg:status ?st } OPTIONAL { ?m pg:deadline ?deadline }
  OPTIONAL { ?m pg:reportsMetric ?x . ?x rdfs:label ?fig } }"""
EVIDENCE = """SELECT ?n ?quote ?src ?start ?end WHERE { ?n pg:evidence ?e . ?e oa:hasSource ?s ;
  oa:hasSelector ?sel . ?sel oa:exact ?quote ; oa:start ?start ; oa:end ?end . ?s rdfs:label ?src }"""
# the most specific class wins when a node has several (a regulation named in a report is also a Document)
PRIORITY = ["Report", "Regulation", "RegulationVersion", "Measure", "Section", "Article", "Chapter", "Book",
            "LegalSection", "Paragraph", "Item", "LeadingGroup", "Collective", "Unit", "Metric", "Person",
            "Document"]


CHUNK = 400  # IRIs per VALUES block


def _select(store, query: str, nodes: list[str] | None, var: str = "n"):
    """Run ``query`` over all nodes, or chunk by chunk with ``VALUES ?var`` restricted to ``nodes``."""
    if nodes is None:
        yield from store.select(query)
        return
    head, body = query.split("WHERE {", 1)
    for i in range(0, len(nodes), CHUNK):
        values = " ".join(f"<{n}>" for n in nodes[i:i + CHUNK])
        yield from store.select(f"{head}WHERE {{ VALUES ?{var} {{ {values} }} {body}")


def to_networkx(store, *, with_paragraphs: bool = False, nodes=None) -> nx.MultiDiGraph:
    """The store's graph as a ``networkx.MultiDiGraph`` for analysis and views.

    ``nodes`` (IRIs) restricts it to those nodes and the edges between them, which is what a view
    of a large store needs: the cost then follows the view, not the store.
    """
    nodes = sorted({n for n in nodes if n and n.startswith("http")}) if nodes is not None else None
    G = nx.MultiDiGraph()
    types: dict[str, set[str]] = defaultdict(set)
    info: dict[str, dict] = {}
    for r in _select(store, NODES, nodes):
        t = local_name(r["type"])
        types[r["n"]].add(t)
        d = info.setdefault(r["n"], {})
        d.setdefault("label", r["label"] or r["heading"])
        text = r["text"] or r["heading"]
        if text and "description" not in d:
            d["description"] = text if len(text) <= 240 else text[:239] + "…"
    skip = set(HIDDEN_TYPES) | (set() if with_paragraphs else {"Paragraph", "Item"})
    for n, ts in types.items():
        t = next((p for p in PRIORITY if p in ts), sorted(ts)[0])
        if t in skip or ts & {"Evidence", "ImplementationCandidate", "DocumentReference"}:
            continue
        G.add_node(n, type=t, **info.get(n, {}))
    for r in _select(store, EDGES, nodes, "s"):
        s, o = r["s"], r["o"]
        p = local_name(r["p"])
        if p in HIDDEN_PROPS or s not in G or o not in G or s == o:
            continue
        G.add_edge(s, o, type=p)
    figs: dict[str, list] = defaultdict(list)
    measures = [n for n, d in G.nodes(data=True) if d.get("type") == "Measure"] if nodes is not None else None
    for r in _select(store, MEASURE_ATTRS, measures, "m"):
        d = G.nodes.get(r["m"])
        if d is None:
            continue
        if r["st"]:
            st = d.setdefault("status", [])
            name = _STATUS.get(r["st"])
            if name and name not in st:
                st.append(name)
        if r["deadline"]:
            d["deadline"] = str(r["deadline"])
        if r["fig"] and r["fig"] not in figs[r["m"]]:
            figs[r["m"]].append(r["fig"])
    for m, f in figs.items():
        G.nodes[m]["figures"] = f
    for d in G.nodes.values():
        if "status" in d:
            d["status"] = [s for s in STATUSES if s in d["status"]]
    evid: dict[str, list] = defaultdict(list)
    for r in _select(store, EVIDENCE, list(G.nodes) if nodes is not None else None):
        if r["n"] in G and len(evid[r["n"]]) < 8:
            evid[r["n"]].append({"quote": r["quote"], "source": r["src"], "start": r["start"], "end": r["end"]})
    for n, ev in evid.items():
        G.nodes[n]["evidence"] = sorted(ev, key=lambda e: e["start"])
    return G


# Node sets of the views, found by SPARQL so that a view of a large store reads only its own part.
UPWARD = ("eli:ensures_implementation_of|eli:based_on|pg:concerns|eli:is_part_of|eli:realizes|"
          "pg:mentionsDocument|pg:elaborates|pg:inSection|pg:inReport|eli:cites")


def trace_nodes(store, start: str) -> set[str]:
    rows = store.select(f"SELECT DISTINCT ?n WHERE {{ ?s ({UPWARD})* ?n . FILTER(isIRI(?n)) }}", {"s": start})
    return {r["n"] for r in rows} | {start}


def coverage_nodes(store, version: str) -> set[str]:
    rows = store.select("""SELECT DISTINCT ?n WHERE { { ?v eli:has_part+ ?n . FILTER NOT EXISTS { ?n a pg:Paragraph }
        FILTER NOT EXISTS { ?n a pg:Item } } UNION { ?v eli:has_part+ ?a . ?n eli:ensures_implementation_of ?a } }""",
                        {"v": version})
    return {r["n"] for r in rows} | {version}


def focus_nodes(store, start: str, depth: int, limit: int = 5000) -> set[str]:
    seen, frontier = {start}, [start]
    for _ in range(depth):
        nxt = []
        for i in range(0, len(frontier), CHUNK):
            values = " ".join(f"<{n}>" for n in frontier[i:i + CHUNK])
            rows = store.select(f"""SELECT DISTINCT ?o WHERE {{ VALUES ?n {{ {values} }}
                {{ ?n ?p ?o . FILTER(isIRI(?o)) }} UNION {{ ?o ?p ?n }}
                FILTER(?p NOT IN (rdf:type, pg:evidence, pg:reference, pg:event, pg:legalLevel, pg:status,
                                  <http://www.w3.org/ns/oa#hasSource>)) }}""")
            for r in rows:
                if r["o"] not in seen and len(seen) < limit:
                    seen.add(r["o"])
                    nxt.append(r["o"])
        frontier = nxt
    return seen


def report_nodes(store) -> set[str]:
    """Everything reports say, and the regulations (with their structure) they concern or implement."""
    rows = store.select("""SELECT DISTINCT ?n WHERE {
        { ?n pg:inReport ?r } UNION { ?n a pg:Report } UNION { ?m pg:inReport ?r ; ?p ?n . FILTER(isIRI(?n)) }
        UNION { ?r a pg:Report . ?r ?p ?n . FILTER(isIRI(?n)) }
        UNION { ?r a pg:Report . ?r (pg:concerns|eli:ensures_implementation_of) ?w . ?w eli:is_realized_by ?v .
                { BIND(?w AS ?n) } UNION { BIND(?v AS ?n) } UNION { ?v eli:has_part ?n } UNION { ?v eli:has_part/eli:has_part ?n . ?n a pg:Article } }
        UNION { ?m a pg:Measure ; eli:ensures_implementation_of ?a . ?a eli:is_part_of+ ?n } }""")
    return {r["n"] for r in rows}
