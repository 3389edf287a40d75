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

Every read is a named fetch of the store's backend (:class:`~policygraph.stores.base.ViewFetches`:
SPARQL on the embedded store, Cypher on Neo4j and FalkorDB), so every store is drawn the same way.
Rows are put in one fixed order before they are read, so the graph does not depend on the order a
store sent them in.

>>> from policygraph.stores.oxigraph import OxigraphStore
>>> to_networkx(OxigraphStore(None).backend()).number_of_nodes()
0
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

# the most specific class wins when a node has several (a regulation named in a report is also a Document)
PRIORITY = ["Report", "Regulation", "RegulationVersion", "Measure", "Section", "Article", "Chapter", "Book",
            "LegalSection", "Paragraph", "Item", "LeadingGroup", "Collective", "Unit", "Metric", "Person",
            "Document"]


def to_networkx(backend, *, with_paragraphs: bool = False, nodes=None) -> nx.MultiDiGraph:
    """The graph of a store's ``backend`` as a ``networkx.MultiDiGraph`` for analysis and views.

    ``nodes`` (IRIs) restricts it to those nodes and the edges between them, which is what a view
    of a large store needs: the cost then follows the view, not the store.
    """
    nodes = sorted({n for n in nodes if n and n.startswith("http")}) if nodes is not None else None
    G = nx.MultiDiGraph()
    _add_nodes(G, backend, nodes, with_paragraphs)
    restrict = nodes is not None
    for r in ordered(backend.view_edges(nodes)):
        s, o = r["s"], r["o"]
        p = local_name(r["p"])
        if p in HIDDEN_PROPS or s not in G or o not in G or s == o:
            continue
        if not G.has_edge(s, o) or all(d["type"] != p for d in G[s][o].values()):
            G.add_edge(s, o, type=p)
    _add_names(G, backend, restrict)
    _add_measure_attributes(G, backend, restrict)
    _add_metric_attributes(G, backend, restrict)
    _add_article_texts(G, backend, restrict)
    _add_sources(G, backend, restrict)
    _add_evidence(G, backend, restrict)
    _add_candidates(G, backend, restrict)
    _structure_evidence(G)
    return G


def ordered(rows: list[dict]) -> list[dict]:
    """Rows in one fixed order (by their values, column by column in name order), whatever order the
    store sent them in: the first row decides where a node holds a value several times.

    >>> ordered([{"n": "b", "x": None}, {"n": "a", "x": 2}, {"n": "a", "x": None}])
    [{'n': 'a', 'x': None}, {'n': 'a', 'x': 2}, {'n': 'b', 'x': None}]
    """
    return sorted(rows, key=lambda r: tuple((v is not None, str(v)) for _, v in sorted(r.items())))


def _of(G, types, restrict: bool):
    return [n for n, t in G.nodes(data="type") if t in types] if restrict else None


def _add_nodes(G, backend, nodes, with_paragraphs: bool) -> None:
    types: dict[str, set[str]] = defaultdict(set)
    info: dict[str, dict] = {}
    for r in ordered(backend.view_nodes(nodes)):
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


def _add_names(G, backend, restrict: bool) -> None:
    """``aliases``: every name of a node a user may type (units' short forms, short titles)."""
    names: dict[str, set] = defaultdict(set)
    for r in backend.view_names(list(G) if restrict else None):
        if r["n"] in G and r["name"]:
            names[r["n"]].add(str(r["name"]))
    forms = _gazetteer_forms(backend)
    for n, d in G.nodes(data=True):
        if d.get("type") in ("Unit", "LeadingGroup", "Collective"):
            for name in list(names.get(n, ())) + [d.get("label")]:
                names[n].update(forms.get(name, ()))
    for n, found in names.items():
        found.discard(G.nodes[n].get("label"))
        if found:
            G.nodes[n]["aliases"] = sorted(found)


def _gazetteer_forms(backend) -> dict[str, list[str]]:
    """Canonical unit name -> the short forms the gazetteer knows for the store's main city (what
    name look-up falls back to for names the reports never used)."""
    from .extractors.places import places
    from .extractors.units import short_forms
    from .lookup import main_city

    city = main_city(backend)
    return short_forms(city, places()[1].get(city) if city else None)


def _add_measure_attributes(G, backend, restrict: bool) -> None:
    """``status`` (in the order of :data:`STATUSES`) and ``deadline`` of measures."""
    for r in ordered(backend.view_measure_attributes(_of(G, {"Measure"}, restrict))):
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


def _add_metric_attributes(G, backend, restrict: bool) -> None:
    """What a figure counts, of whom and when (``what``, ``subject``, ``asOf``, ``metricKind``);
    ``figures`` of the measures reporting it."""
    for r in ordered(backend.view_metric_attributes(_of(G, {"Metric"}, restrict))):
        d = G.nodes.get(r["x"])
        if d is not None:
            for k, v in (("what", r["what"]), ("subject", r["subject"]), ("asOf", r["asof"]),
                         ("metricKind", r["kind"])):
                if v and k not in d:
                    d[k] = str(v)
    for m, x in [(u, v) for u, v, t in G.edges(data="type") if t == "reportsMetric"]:
        fig = metric_label(G.nodes[x])
        if fig and fig not in G.nodes[m].setdefault("figures", []):
            G.nodes[m]["figures"].append(fig)


def _add_article_texts(G, backend, restrict: bool) -> None:
    """``operative`` (the linker's own test: it never links purpose, scope and commencement
    articles, so they are no gaps) and the text each article's evidence quotes."""
    from .link.articles import article_body
    from .link.text import default_analyzer
    from .records import Part

    analyzer = None
    for r in ordered(backend.view_article_texts(_of(G, {"Article"}, restrict))):
        d = G.nodes.get(r["n"])
        if d is not None and "_text" not in d:
            analyzer = analyzer or default_analyzer()
            body = article_body(Part("article", d.get("number", 0), label=r["label"] or "", text=r["text"]))
            d["operative"] = not analyzer.is_non_operative(body)
            d["_text"] = r["text"]


PARTS = {"Article", "Chapter", "Book", "LegalSection", "Division", "Paragraph", "Item"}


def _add_sources(G, backend, restrict: bool) -> None:
    """``_version`` (the version a part belongs to, even when it is not drawn) and ``sourcePath``."""
    for r in ordered(backend.view_part_versions([n for n, t in G.nodes(data="type") if t in PARTS])):
        if r["n"] in G:
            G.nodes[r["n"]].setdefault("_version", (r["v"], str(r["vl"])))
    for r in ordered(backend.view_source_paths(_of(G, {"RegulationVersion", "Report"}, restrict))):
        if r["n"] in G:
            G.nodes[r["n"]].setdefault("sourcePath", str(r["path"]))


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


def _add_evidence(G, backend, restrict: bool) -> None:
    """Each span on the edge it supports (``forProperty``/``forObject``), else on the node itself."""
    own: dict[str, list] = defaultdict(list)
    facts: dict[tuple, list] = defaultdict(list)
    for r in ordered(backend.view_evidence(list(G) if restrict else None)):
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
    for r in ordered(backend.view_reference_evidence(_of(G, {"Document", "Regulation"}, restrict))):
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
    texts = _source_texts(backend, [*own.values(), *facts.values()])
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


def _source_texts(backend, groups) -> dict[str, str]:
    """Texts of the sources whose short quotes need their sentence (one query per few sources)."""
    wanted = sorted({r["_src"] for rows in groups for r in rows if len(r["quote"]) < CONTEXT_BELOW})
    if not wanted:
        return {}
    texts: dict[str, str] = {}
    for r in ordered(backend.view_source_texts(wanted)):
        texts.setdefault(r["s"], r["text"])
    return texts


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


def _add_candidates(G, backend, restrict: bool) -> None:
    """Score, rank, method, calibrated probability and matched terms of each drawn implementation
    link (its candidate)."""
    found: dict[tuple, dict] = {}
    for r in ordered(backend.view_candidates(_of(G, {"Measure", "Document"}, restrict))):
        if r["m"] not in G or r["a"] not in G:
            continue
        c = found.setdefault((r["m"], r["a"]), {"score": float(r["score"]), "rank": int(r["rank"]),
                                                "method": r["method"] or "", "matched": []})
        if r.get("probability") is not None:
            c["probability"] = round(float(r["probability"]), 2)
        if r["term"] and r["term"] not in c["matched"]:
            c["matched"].append(r["term"])
        if r.get("sq") is not None:  # the sentence the linker stored as the link's evidence
            c["sentence"] = {"quote": str(r["sq"]), "start": int(r["ss"]), "end": int(r["se"])}
    for (m, a), c in found.items():
        data = _edge(G, m, a, "ensures_implementation_of")
        if data is None:
            continue
        sentence = c.pop("sentence", None)
        data.update(c)
        passage = [e for e in G.nodes[m].get("evidence") or () if not e.get("fact")]
        if passage and not data.get("evidence"):
            # the candidate's evidence is the measure's text: point at the sentence that matched, as
            # the linker stored it (older stores: the sentence with most matched terms)
            whole = max(passage, key=lambda e: e["end"] - e["start"])
            data["evidence"] = [_stored_sentence(whole, sentence) if sentence else
                                ev_text.best_sentence(whole, c["matched"])]


def _stored_sentence(whole: dict, sentence: dict) -> dict:
    """The stored sentence as an evidence dict like :func:`~.views.evidence.best_sentence` gives."""
    out = {k: v for k, v in whole.items() if k not in ("quote", "start", "end", "context")}
    out.update(sentence, within={"start": int(whole["start"]), "end": int(whole["end"])})
    return out


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
        if text is not None and not d.get("evidence"):
            d["evidence"] = [_place_evidence(G, n, text, parent)]
    for u, v, data in G.edges(data=True):
        if not data.get("evidence"):
            _edge_structure_evidence(G, u, v, data)


def _place_evidence(G, n, text: str, parent: dict) -> dict:
    """A part's text, its source the version it belongs to and its position its place in it."""
    d, chain, v = G.nodes[n], [], n
    while v in parent and len(chain) < 8:
        chain.append(v)
        v = parent[v]
    top = G.nodes[v]
    if "_version" in d and top.get("type") != "RegulationVersion":  # its version is not drawn
        source, path = d["_version"][1], ""
    else:
        source, path = top.get("label") or local_name(v), top.get("sourcePath", "")
    where = " › ".join(str(G.nodes[c].get("label") or local_name(c)) for c in reversed(chain)) or d.get("label")
    return {"quote": text, "source": source, "path": path, "start": "", "end": "", "position": where}


def _edge_structure_evidence(G, u, v, data: dict) -> None:
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
