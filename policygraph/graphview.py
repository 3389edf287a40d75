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


def to_networkx(store, *, with_paragraphs: bool = False) -> nx.MultiDiGraph:
    """The store's graph as a ``networkx.MultiDiGraph`` for analysis and views."""
    G = nx.MultiDiGraph()
    types: dict[str, set[str]] = defaultdict(set)
    info: dict[str, dict] = {}
    for r in store.select(NODES):
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
    for r in store.select(EDGES):
        s, o = r["s"], r["o"]
        p = local_name(r["p"])
        if p in HIDDEN_PROPS or s not in G or o not in G or s == o:
            continue
        G.add_edge(s, o, type=p)
    figs: dict[str, list] = defaultdict(list)
    for r in store.select(MEASURE_ATTRS):
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
    for r in store.select(EVIDENCE):
        if r["n"] in G and len(evid[r["n"]]) < 8:
            evid[r["n"]].append({"quote": r["quote"], "source": r["src"], "start": r["start"], "end": r["end"]})
    for n, ev in evid.items():
        G.nodes[n]["evidence"] = sorted(ev, key=lambda e: e["start"])
    return G
