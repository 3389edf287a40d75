"""The graph as networkx, in the shape :mod:`policygraph.views` draws.

Nodes are IRIs with ``type`` (class local name), ``label``, ``description``, ``number`` /
``suffix`` / ``ordinal`` (order), ``status``, ``deadline``, ``figures``, ``aliases`` (the names a
user may type: preferred and alternative labels, titles, short titles) and ``evidence`` (the node's
own spans: ``quote``, ``source``, ``path``, ``start``, ``end`` and, for a quote too short to read
alone, ``context``); articles carry ``operative`` (False for the purpose, scope and commencement
articles the linker skips), figures ``what`` / ``subject`` / ``asOf``. Edges carry ``type`` (the
property's local name) and ``evidence`` (the spans supporting that very edge, from
``pg:forProperty`` / ``pg:forObject``); implementation links also ``score``, ``rank``, ``method`` and
``matched`` (the terms that matched) from their ranked candidate. Evidence, candidates, references
and events are attributes or left out, not nodes; each structural link is one edge (``has_part``,
not also ``is_part_of``).

Every query is a named constant (or a function building one) so that a server store can later
answer the same questions through its own fetches.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from .ontology.terms import STATUSES, local_name
from .views import evidence as ev_text

HIDDEN_TYPES = ("Evidence", "ImplementationCandidate", "DocumentReference", "Event", "LegalLevel", "Status",
                "Alignment")
# Not drawn: the inverse of a drawn link (is_part_of of has_part, hasMeasure of inSection ...) and
# the plumbing of evidence, candidates and references.
HIDDEN_PROPS = ("type", "evidence", "hasSource", "hasSelector", "forProperty", "forObject", "legalLevel",
                "status", "in_force", "event", "reference", "is_realized_by", "hasSection", "hasMeasure",
                "isReplacedBy", "candidateFor", "candidateArticle", "is_part_of", "document",
                "alignmentOf", "alignedArticle")
_STATUS = {v: k for k, v in STATUSES.items()}
CONTEXT_BELOW = 6  # quotes shorter than this (持续, 市营商局) are shown with their sentence

NODES = """SELECT ?n ?type ?label ?text ?heading ?number ?suffix ?ordinal WHERE { ?n a ?type .
  FILTER(STRSTARTS(STR(?type), STR(pg:)))
  OPTIONAL { ?n rdfs:label ?label } OPTIONAL { ?n pg:heading ?heading } OPTIONAL { ?n pg:text ?text }
  OPTIONAL { ?n pg:number ?number } OPTIONAL { ?n pg:suffix ?suffix } OPTIONAL { ?n pg:ordinal ?ordinal } }"""
EDGES = """SELECT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(isIRI(?o)) FILTER(?p != rdf:type) }"""
NAMES = """SELECT ?n ?name WHERE { { ?n skos:prefLabel ?name } UNION { ?n skos:altLabel ?name }
  UNION { ?n dct:title ?name } UNION { ?n pg:shortTitle ?name } }"""
ARTICLE_TEXT = """SELECT ?n ?label ?text WHERE { ?n a pg:Article ; pg:text ?text . OPTIONAL { ?n pg:label ?label } }"""
MEASURE_ATTRS = """SELECT ?m ?st ?deadline WHERE { ?m a pg:Measure .
  OPTIONAL { ?m pg:status ?st } OPTIONAL { ?m pg:deadline ?deadline } }"""
METRIC_ATTRS = """SELECT ?x ?what ?subject ?asof ?kind WHERE { ?x a pg:Metric .
  OPTIONAL { ?x pg:what ?what } OPTIONAL { ?x pg:subjectText ?subject } OPTIONAL { ?x pg:asOfText ?asof }
  OPTIONAL { ?x pg:metricKind ?kind } }"""
EVIDENCE = """SELECT ?n ?e ?quote ?src ?srclabel ?path ?start ?end ?prop ?obj WHERE { ?n pg:evidence ?e .
  ?e oa:hasSource ?src ; oa:hasSelector ?sel . ?sel oa:exact ?quote ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?src rdfs:label ?srclabel } OPTIONAL { ?src pg:sourcePath ?path }
  OPTIONAL { ?e pg:forProperty ?prop } OPTIONAL { ?e pg:forObject ?obj } }"""
# The spans where a report names a document support the report's link to it (and the link of the
# measure whose text holds the span).
REFERENCE_EVIDENCE = """SELECT ?d ?r ?quote ?src ?srclabel ?path ?start ?end ?prop WHERE {
  ?r pg:reference ?ref . ?ref pg:document ?d ; pg:evidence ?e .
  ?e oa:hasSource ?src ; oa:hasSelector ?sel . ?sel oa:exact ?quote ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?src rdfs:label ?srclabel } OPTIONAL { ?src pg:sourcePath ?path } OPTIONAL { ?e pg:forProperty ?prop } }"""
CANDIDATES = """SELECT ?m ?a ?score ?rank ?method ?asserted ?term WHERE { ?c pg:candidateFor ?m ;
  pg:candidateArticle ?a ; pg:score ?score ; pg:rank ?rank .
  OPTIONAL { ?c pg:method ?method } OPTIONAL { ?c pg:asserted ?asserted } OPTIONAL { ?c pg:matchedTerm ?term } }"""
SOURCE_TEXT = """SELECT ?s ?text WHERE { ?s pg:text ?text }"""
SOURCE_PATHS = """SELECT ?n ?path WHERE { ?n pg:sourcePath ?path }"""
# the regulation version a part belongs to, so an article drawn without it still names it
PART_OF_VERSION = """SELECT ?n ?v ?vl WHERE { ?n eli:is_part_of+ ?v . ?v a pg:RegulationVersion ; rdfs:label ?vl }"""
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
    _add_nodes(G, store, nodes, with_paragraphs)
    restrict = nodes is not None
    for r in _select(store, EDGES, nodes, "s"):
        s, o = r["s"], r["o"]
        p = local_name(r["p"])
        if p in HIDDEN_PROPS or s not in G or o not in G or s == o:
            continue
        if not G.has_edge(s, o) or all(d["type"] != p for d in G[s][o].values()):
            G.add_edge(s, o, type=p)
    _add_names(G, store, restrict)
    _add_attributes(G, store, restrict)
    _add_evidence(G, store, restrict)
    _add_candidates(G, store, restrict)
    _structure_evidence(G)
    return G


def _of(G, types, restrict: bool):
    return [n for n, t in G.nodes(data="type") if t in types] if restrict else None


def _add_nodes(G, store, nodes, with_paragraphs: bool) -> None:
    types: dict[str, set[str]] = defaultdict(set)
    info: dict[str, dict] = {}
    for r in _select(store, NODES, nodes):
        types[r["n"]].add(local_name(r["type"]))
        d = info.setdefault(r["n"], {})
        label = r["label"] or r["heading"]
        if label and (d.get("label") is None or label < d["label"]):
            d["label"] = label  # the smallest, as graphq trace names a node
        text = r["text"] or r["heading"]
        if text and "description" not in d:
            d["description"] = text if len(text) <= 240 else text[:239] + "…"
        for k in ("number", "suffix", "ordinal"):
            if r[k] is not None:
                d[k] = int(r[k])
    skip = set(HIDDEN_TYPES) | (set() if with_paragraphs else {"Paragraph", "Item"})
    for n, ts in types.items():
        t = next((p for p in PRIORITY if p in ts), sorted(ts)[0])
        if t in skip or ts & {"Evidence", "ImplementationCandidate", "DocumentReference"}:
            continue
        G.add_node(n, type=t, **info.get(n, {}))


def _add_names(G, store, restrict: bool) -> None:
    """``aliases``: every name of a node a user may type (units' short forms, short titles)."""
    names: dict[str, set] = defaultdict(set)
    for r in _select(store, NAMES, list(G) if restrict else None):
        if r["n"] in G and r["name"]:
            names[r["n"]].add(str(r["name"]))
    forms = _gazetteer_forms(store)
    for n, d in G.nodes(data=True):
        if d.get("type") in ("Unit", "LeadingGroup", "Collective"):
            for name in list(names.get(n, ())) + [d.get("label")]:
                names[n].update(forms.get(name, ()))
    for n, found in names.items():
        found.discard(G.nodes[n].get("label"))
        if found:
            G.nodes[n]["aliases"] = sorted(found)


def _gazetteer_forms(store) -> dict[str, list[str]]:
    """Canonical unit name -> the short forms the gazetteer knows for the store's main city (what
    name look-up falls back to for names the reports never used)."""
    from .extractors.places import places
    from .extractors.units import short_forms
    from .lookup import main_city

    city = main_city(store.backend())
    return short_forms(city, places()[1].get(city) if city else None)


def _add_attributes(G, store, restrict: bool) -> None:
    from .link.articles import article_body
    from .link.text import default_analyzer
    from .records import Part

    for r in _select(store, MEASURE_ATTRS, _of(G, {"Measure"}, restrict), "m"):
        d = G.nodes.get(r["m"])
        if d is None:
            continue
        name = _STATUS.get(r["st"]) if r["st"] else None
        if name and name not in d.setdefault("status", []):
            d["status"].append(name)
        if r["deadline"]:
            d["deadline"] = str(r["deadline"])
    for d in G.nodes.values():
        if "status" in d:
            d["status"] = [s for s in STATUSES if s in d["status"]]
    for r in _select(store, METRIC_ATTRS, _of(G, {"Metric"}, restrict), "x"):
        d = G.nodes.get(r["x"])
        if d is not None:
            for k, v in (("what", r["what"]), ("subject", r["subject"]), ("asOf", r["asof"]),
                         ("metricKind", r["kind"])):
                if v:
                    d[k] = str(v)
    analyzer = None
    for r in _select(store, ARTICLE_TEXT, _of(G, {"Article"}, restrict)):
        d = G.nodes.get(r["n"])
        if d is not None:
            analyzer = analyzer or default_analyzer()
            body = article_body(Part("article", d.get("number", 0), label=r["label"] or "", text=r["text"]))
            # the linker's own test: it never links these articles, so they are no gaps
            d["operative"] = not analyzer.is_non_operative(body)
            d["_text"] = r["text"]
    parts = {"Article", "Chapter", "Book", "LegalSection", "Division", "Paragraph", "Item"}
    for r in _select(store, PART_OF_VERSION, [n for n, t in G.nodes(data="type") if t in parts]):
        if r["n"] in G:
            G.nodes[r["n"]]["_version"] = (r["v"], str(r["vl"]))
    for r in _select(store, SOURCE_PATHS, _of(G, {"RegulationVersion", "Report"}, restrict)):
        if r["n"] in G:
            G.nodes[r["n"]]["sourcePath"] = str(r["path"])
    for m, x in [(u, v) for u, v, t in G.edges(data="type") if t == "reportsMetric"]:
        fig = metric_label(G.nodes[x])
        if fig and fig not in G.nodes[m].setdefault("figures", []):
            G.nodes[m]["figures"].append(fig)


def metric_label(d: dict) -> str:
    """A figure with what it counts: ``承诺：八项``, ``网上实办率：69.19%`` (the bare number otherwise).

    >>> metric_label({"label": "八项", "what": "承诺"})
    '承诺：八项'
    """
    label = d.get("label") or ""
    return f"{d['what']}：{label}" if d.get("what") and label else label


def _evidence_row(r) -> dict:
    return {"quote": r["quote"], "source": r["srclabel"] or local_name(r["src"]), "path": r["path"] or "",
            "start": int(r["start"]), "end": int(r["end"]), "_src": r["src"]}


def _add_evidence(G, store, restrict: bool) -> None:
    """Each span on the edge it supports (``forProperty``/``forObject``), else on the node itself."""
    own: dict[str, list] = defaultdict(list)
    facts: dict[tuple, list] = defaultdict(list)
    for r in _select(store, EVIDENCE, list(G) if restrict else None):
        n = r["n"]
        if n not in G:
            continue
        row = _evidence_row(r)
        prop = local_name(r["prop"]) if r["prop"] else None
        if prop and r["obj"] and _edge(G, n, r["obj"], prop) is not None:
            facts[(n, prop, r["obj"])].append(row)
            continue
        # One span can serve several facts (a unit's mention is also the measure's responsibleUnit
        # evidence): seen from the unit it is a mention. A fact whose object is not drawn, or
        # that has no object (status), stays a fact of the node.
        if prop and r["obj"] != n:
            row["fact"] = prop
        own[n].append(row)
    for r in _select(store, REFERENCE_EVIDENCE, _of(G, {"Document", "Regulation"}, restrict), "d"):
        d = r["d"]
        if d not in G:
            continue
        row = _evidence_row(r)
        prop = local_name(r["prop"]) if r["prop"] else None
        if prop and _edge(G, r["r"], d, prop) is not None:
            facts[(r["r"], prop, d)].append(row)
        for m in G.predecessors(d):  # the measure whose text names the document
            if _edge(G, m, d, "mentionsDocument") is not None and _inside(row, own.get(m, ())):
                facts[(m, "mentionsDocument", d)].append(dict(row))
    texts = _source_texts(store, [*own.values(), *facts.values()])
    for n, rows in own.items():
        G.nodes[n]["evidence"] = _finish(rows, texts)
    for (u, p, v), rows in facts.items():
        _edge(G, u, v, p)["evidence"] = _finish(rows, texts)
    _borrow_version_evidence(G)


def _edge(G, u, v, p):
    """The data dict of edge ``u -[p]-> v``, or None."""
    for d in (G.get_edge_data(u, v) or {}).values():
        if d.get("type") == p:
            return d
    return None


def _inside(row: dict, spans) -> bool:
    return any(s["_src"] == row["_src"] and s["start"] <= row["start"] and row["end"] <= s["end"] for s in spans)


def _source_texts(store, groups) -> dict[str, str]:
    """Texts of the sources whose short quotes need their sentence (one query per few sources)."""
    wanted = sorted({r["_src"] for rows in groups for r in rows if len(r["quote"]) < CONTEXT_BELOW})
    return {r["s"]: r["text"] for r in _select(store, SOURCE_TEXT, wanted, "s")} if wanted else {}


def _finish(rows: list[dict], texts: dict[str, str]) -> list[dict]:
    """Distinct spans in text order, short quotes with their sentence (``context``, its own span)."""
    seen, out = set(), []
    for r in sorted(rows, key=lambda r: (r["_src"], r["start"], r["end"], r.get("fact") or "")):
        key = (r["_src"], r["start"], r["end"], r.get("fact"))
        if key in seen:
            continue
        seen.add(key)
        text = texts.get(r["_src"])
        if text and len(r["quote"]) < CONTEXT_BELOW and text[r["start"]:r["end"]] == r["quote"]:
            s, e = ev_text.sentence_span(text, r["start"], r["end"])
            r["context"] = {"text": text[s:e], "start": s, "end": e}
        out.append(r)
    return out


def _borrow_version_evidence(G) -> None:
    """A regulation's based_on link is read from its version's text: give it the version's spans."""
    for v, w, t in list(G.edges(data="type")):
        if t != "realizes":
            continue
        for _, o, d in G.out_edges(v, data=True):
            if d.get("evidence"):
                mine = _edge(G, w, o, d["type"])
                if mine is not None and not mine.get("evidence"):
                    mine["evidence"] = d["evidence"]


def _add_candidates(G, store, restrict: bool) -> None:
    """Score, rank, method and matched terms of each drawn implementation link (its candidate)."""
    found: dict[tuple, dict] = {}
    for r in _select(store, CANDIDATES, _of(G, {"Measure", "Document"}, restrict), "m"):
        if r["m"] not in G or r["a"] not in G:
            continue
        c = found.setdefault((r["m"], r["a"]), {"score": float(r["score"]), "rank": int(r["rank"]),
                                                "method": r["method"] or "", "matched": []})
        if r["term"] and r["term"] not in c["matched"]:
            c["matched"].append(r["term"])
    for (m, a), c in found.items():
        data = _edge(G, m, a, "ensures_implementation_of")
        if data is None:
            continue
        data.update(c)
        passage = [e for e in G.nodes[m].get("evidence") or () if not e.get("fact")]
        if passage and not data.get("evidence"):
            # the candidate's evidence is the measure's text: point at the sentence that matched
            whole = max(passage, key=lambda e: e["end"] - e["start"])
            data["evidence"] = [ev_text.best_sentence(whole, c["matched"])]


MAX_MENTIONS = 3  # spans shown for an edge that rests on where its subject stands in a report


def _structure_evidence(G) -> None:
    """Evidence for what is read from structure rather than from one span.

    An article's text is its own evidence (the law files' character offsets are not stored, so its
    position is its place in the structure: 第三章 › 第三十条), and the evidence of the link from its
    chapter; a link "in report" / "in section" rests on where its subject stands in that report.
    """
    parent = {v: u for u, v, t in G.edges(data="type") if t in ("has_part", "hasPart")}
    for n, d in G.nodes(data=True):
        text = d.pop("_text", None)
        if d.get("type") in ("Chapter", "Book", "LegalSection", "Division") and "_version" in d:
            text = d.get("label")  # a chapter is its heading in the text
        elif d.get("type") == "RegulationVersion" and d.get("sourcePath"):
            d.setdefault("evidence", [{"quote": d.get("label") or local_name(n), "source": d.get("label") or "",
                                       "path": d["sourcePath"], "start": "", "end": "", "position": "法规文件 the law file"}])
        if text is None or d.get("evidence"):
            continue
        chain, v = [], n
        while v in parent and len(chain) < 8:
            chain.append(v)
            v = parent[v]
        top = G.nodes[v]
        if "_version" in d and top.get("type") != "RegulationVersion":  # its version is not drawn
            source, path = d["_version"][1], ""
        else:
            source, path = top.get("label") or local_name(v), top.get("sourcePath", "")
        where = " › ".join(str(G.nodes[c].get("label") or local_name(c)) for c in reversed(chain)) or d.get("label")
        d["evidence"] = [{"quote": text, "source": source, "path": path, "start": "", "end": "", "position": where}]
    for u, v, data in G.edges(data=True):
        if data.get("evidence"):
            continue
        t = data.get("type")
        if t in ("has_part", "hasPart") and G.nodes[v].get("evidence"):
            data["evidence"] = G.nodes[v]["evidence"][:1]
        elif t == "realizes" and G.nodes[u].get("evidence"):  # a version is the file of its regulation
            data["evidence"] = G.nodes[u]["evidence"][:1]
            G.nodes[v].setdefault("evidence", G.nodes[u]["evidence"][:1])
        elif t in ("inReport", "inSection"):
            report = v if G.nodes[v].get("type") == "Report" else next(
                (r for _, r, k in G.out_edges(v, data="type") if k == "inReport"), v)
            rows = [e for e in G.nodes[u].get("evidence") or () if e.get("_src") == report and not e.get("fact")]
            if rows:
                data["evidence"] = sorted(rows, key=lambda e: e["end"] - e["start"], reverse=True)[:MAX_MENTIONS]


# ------------------------------------------------------------------ trace
def up_sparql(props) -> str:
    """Rows (p, o, label, type) of the links of ``?n`` along ``props`` (prefixed names)."""
    return ("SELECT ?p ?o ?label ?type WHERE { ?n ?p ?o . FILTER(?p IN (" + ", ".join(props) + "))"
            " OPTIONAL { ?o rdfs:label ?label }"
            " OPTIONAL { ?o a ?type . FILTER(STRSTARTS(STR(?type), STR(pg:))) } }")


LABELS = "SELECT ?l WHERE { ?n rdfs:label ?l }"
MENTIONED_BY = "SELECT DISTINCT ?m WHERE { ?m pg:mentionsDocument ?d }"


def trace_paths(store, start: str, max_hops: int = 8):
    """The paths :func:`policygraph.tracing.trace` computes for ``start``, read from ``store``."""
    from . import tracing
    from .build import node

    def up(props):
        query = up_sparql(props)
        return lambda n: tracing.hops_from_rows(store.select(query, {"n": node(n)}))

    def label(n):
        return (sorted(r["l"] for r in store.select(LABELS, {"n": node(n)})) or [local_name(n)])[0]

    def mentioned_by(d):
        return [r["m"] for r in store.select(MENTIONED_BY, {"d": node(d)})]

    return tracing.trace(start, up(tracing.UP), label=label, fallback_up=up(tracing.FALLBACK_UP),
                         mentioned_by=mentioned_by, max_hops=max_hops)


def path_nodes(paths, start: str) -> set[str]:
    """Every node on ``paths``, and ``start``."""
    return {start}.union(*(p.nodes() for p in paths))


def trace_nodes(store, start: str) -> set[str]:
    """The nodes of the trace of ``start`` (see :func:`trace_paths`)."""
    return path_nodes(trace_paths(store, start), start)


# ------------------------------------------------------------------ node sets of the other views
# Found by SPARQL so that a view of a large store reads only its own part.
def coverage_nodes(store, version: str) -> set[str]:
    rows = store.select("""SELECT DISTINCT ?n WHERE { { ?v eli:has_part+ ?n . FILTER NOT EXISTS { ?n a pg:Paragraph }
        FILTER NOT EXISTS { ?n a pg:Item } } UNION { ?v eli:has_part+ ?a . ?n eli:ensures_implementation_of ?a } }""",
                        {"v": version})
    return {r["n"] for r in rows} | {version}


# One step of --focus from the nodes bound to ?n: every link either way, and whether the other end
# is a report (a hub that focus does not expand).
FOCUS_STEP = """SELECT DISTINCT ?n ?p ?o ?out ?hub WHERE { { ?n ?p ?o . FILTER(isIRI(?o)) BIND(true AS ?out) }
  UNION { ?o ?p ?n . BIND(false AS ?out) }
  FILTER(?p NOT IN (rdf:type, pg:evidence, pg:reference, pg:event, pg:legalLevel, pg:status, oa:hasSource,
                    pg:candidateFor, pg:candidateArticle, pg:document, pg:alignmentOf, pg:alignedArticle,
                    pg:actor, oa:hasSelector))
  OPTIONAL { ?o a pg:Report . BIND(true AS ?hub) } }"""


def focus_nodes(store, start: str, depth: int, limit: int = 5000) -> set[str]:
    """The nodes :func:`policygraph.views.select.focus` keeps around ``start``, read step by step."""
    from .views import select

    def step(frontier):
        for i in range(0, len(frontier), CHUNK):
            values = " ".join(f"<{n}>" for n in frontier[i:i + CHUNK])
            head, body = FOCUS_STEP.split("WHERE {", 1)
            for r in store.select(f"{head}WHERE {{ VALUES ?n {{ {values} }} {body}"):
                if not r["o"].startswith("http"):
                    continue
                yield r["n"], local_name(r["p"]), r["o"], bool(r["out"]), bool(r["hub"])

    return set(select.focus_walk(start, depth, step, limit=limit))


REPORT_NODES = """SELECT DISTINCT ?n WHERE {
    { ?n pg:inReport ?r } UNION { ?n a pg:Report } UNION { ?m pg:inReport ?r ; ?p ?n . FILTER(isIRI(?n)) }
    UNION { ?r a pg:Report . ?r ?p ?n . FILTER(isIRI(?n)) }
    UNION { ?m a pg:Measure ; eli:ensures_implementation_of ?a . ?a eli:is_part_of+ ?n } }"""
# the regulations reports concern or implement, with their versions
REPORT_REGULATIONS = """SELECT DISTINCT ?w ?v WHERE { ?r a pg:Report .
    ?r (pg:concerns|eli:ensures_implementation_of) ?w . ?w eli:is_realized_by ?v }"""
PARTS = """SELECT DISTINCT ?p ?n WHERE { ?p eli:has_part ?n }"""
ARTICLES = """SELECT ?n WHERE { ?n a pg:Article }"""


def report_nodes(store) -> set[str]:
    """Everything reports say, and the regulations (with their structure) they concern or implement.

    The structure is read a level at a time from the versions found (bound first, which a single
    query with a property path over the corpus does not get: seconds instead of milliseconds).
    """
    found = {r["n"] for r in store.select(REPORT_NODES)}
    versions = set()
    for r in store.select(REPORT_REGULATIONS):
        found |= {r["w"], r["v"]}
        versions.add(r["v"])
    parts = {r["n"] for r in _select(store, PARTS, sorted(versions), "p")}
    below = {r["n"] for r in _select(store, PARTS, sorted(parts), "p")}
    articles = {r["n"] for r in _select(store, ARTICLES, sorted(below))}
    return found | parts | articles
