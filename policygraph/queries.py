"""Query helpers: the questions users ask, one call each, as pandas DataFrames.

Each helper is a backend *fetch* (SPARQL here; Cypher in :mod:`policygraph.stores.cypher_queries`)
returning rows with fixed keys, then shared post-processing, so every store answers the same rows.
Column names are part of the API (see ``COLUMNS``). ``attach`` adds them to PolicyGraph as methods.
"""

from __future__ import annotations

import pandas as pd

from . import build
from .errors import PolicyGraphError
from .ontology.terms import STATUSES, local_name
from .resolve import SparqlLookup, resolve_article, resolve_node, resolve_regulation, resolve_unit

COLUMNS = {
    "measures": ["measure", "report", "section", "ordinal", "heading", "status", "deadline", "units",
                 "documents", "articles", "text"],
    "units": ["unit", "name", "level", "kind", "parent", "aliases", "measures", "documents", "figures"],
    "responsibilities": ["unit", "measure", "heading", "status", "deadline", "report", "section", "quote",
                         "start", "end"],
    "documents": ["document", "title", "doc_type", "level", "issuer", "relation", "status_in_report",
                  "report", "quote", "start", "end"],
    "metrics": ["metric", "text", "value", "approx", "unit", "what", "kind", "as_of", "measure", "report",
                "start", "end"],
    "trace": ["start", "path", "hops", "end", "end_type"],
    "coverage": ["article", "number", "label", "chapter", "measures", "measure_headings", "documents",
                 "local_articles", "gap"],
    "timeline": ["date", "kind", "what", "subject", "subject_type", "source", "quote"],
    "search": ["node", "type", "label", "score", "snippet"],
    "neighbors": ["source", "relation", "target", "direction", "label", "type", "depth"],
}
STATUS_ORDER = list(STATUSES)
_STATUS_BY_IRI = {v: k for k, v in STATUSES.items()}


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS[name])


def _join(values) -> str:
    return "; ".join(dict.fromkeys(v for v in values if v))


def _sort_key(value):
    # a total order over the values rows hold (None, bool, int, float, str), for _canonical
    if value is None:
        return (0, "")
    if isinstance(value, bool):
        return (1, str(value))
    if isinstance(value, (int, float)):
        return (2, "", float(value))
    return (3, str(value))


def _canonical(rows: list[dict]) -> list[dict]:
    """Rows in one fixed order, whatever order the store sent them in.

    Post-processing keeps "the first row" for a value some nodes hold several times (two titles,
    two types); sorting first makes that choice, and the order of joined lists, the same on every
    store and every run.
    """
    return sorted(rows, key=lambda r: tuple(_sort_key(v) for v in r.values()))


def backend(store):
    """The fetch interface for ``store``: a server store's own (``store.backend()``, Cypher in
    :mod:`policygraph.stores.cypher_queries`), or :class:`SparqlBackend`. A backend is returned as is."""
    if hasattr(store, "measure_rows"):
        return store
    own = getattr(store, "backend", None)
    if callable(own):
        return own()
    return SparqlBackend(store)


# ------------------------------------------------------------------ measures
MEASURES_SPARQL = """
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


def _measure_rows(store) -> list[dict]:
    acc: dict[str, dict] = {}
    for r in _canonical(backend(store).measure_rows()):
        m = acc.setdefault(r["m"], {"measure": r["m"], "report": r["report"], "section": r["sec"],
                                    "ordinal": r["ord"], "heading": r["heading"], "text": r["text"],
                                    "deadline": r["deadline"], "_st": set(), "_u": {}, "_d": {}, "_a": {}})
        if r["st"]:
            m["_st"].add(_STATUS_BY_IRI.get(r["st"], local_name(r["st"])))
        if r["unit"]:
            m["_u"][r["unit"]] = None
        if r["doc"]:
            m["_d"][r["doc"]] = None
        if r["art"]:
            m["_a"][(r["regtitle"], r["artnum"], r["art"])] = None
    return list(acc.values())


def measures(pg, unit=None, status=None, regulation=None, article=None, document=None, section=None):
    """Measures, optionally filtered.

    Columns: measure (IRI), report, section (heading), ordinal, heading, status ("done, planned"),
    deadline, units, documents, articles ("优化营商环境条例 第7条; …"), text.

    ``unit`` is a unit name as written (市营商局); ``status`` one of done/ongoing/planned;
    ``regulation`` a title (measures implementing any of its articles); ``article`` e.g.
    "优化营商环境条例 第七条"; ``document`` a title the measure names; ``section`` text in the
    section heading.

    >>> pg.measures(unit="市营商局", status="planned")    # doctest: +SKIP
    """
    store = backend(pg.store)
    if status is not None and status not in STATUS_ORDER:
        raise PolicyGraphError(f"unknown status {status!r}; use one of {', '.join(STATUS_ORDER)}")
    unit_name = None
    if unit is not None:
        unit_name = _pref_label(store, resolve_unit(store, unit))
    arts = set(resolve_article(store, article, regulation)) if article else None
    reg_title = None
    if regulation and not article:
        w = resolve_regulation(store, regulation)
        reg_title = min(store.titles(w))
    rows = _measure_rows(store)
    doc_key = build.title_key(document) if document else None
    out = []
    for m in rows:
        if unit_name and unit_name not in m["_u"]:
            continue
        if status and status not in m["_st"]:
            continue
        if arts is not None and not any(a[2] in arts for a in m["_a"]):
            continue
        if reg_title and not any(a[0] == reg_title for a in m["_a"]):
            continue
        if doc_key and not any(build.title_key(d) == doc_key for d in m["_d"]):
            continue
        if section and section not in (m["section"] or ""):
            continue
        out.append({
            "measure": m["measure"], "report": m["report"], "section": m["section"], "ordinal": m["ordinal"],
            "heading": m["heading"], "status": ", ".join(s for s in STATUS_ORDER if s in m["_st"]),
            "deadline": m["deadline"], "units": _join(m["_u"]), "documents": _join(m["_d"]),
            "articles": _join(f"{t} 第{n}条" for t, n, _ in sorted(m["_a"], key=lambda a: (a[0], a[1]))),
            "text": m["text"],
        })
    out.sort(key=lambda r: (r["report"], r["measure"]))
    return _frame("measures", out)


def _pref_label(store, unit: str) -> str:
    return min(store.pref_labels(unit))


# ------------------------------------------------------------------ units
UNITS_SPARQL = """
SELECT ?u ?name ?level ?kind ?parent
       (GROUP_CONCAT(DISTINCT ?alias; separator="\\u0001") AS ?aliases)
       (COUNT(DISTINCT ?m) AS ?nm) (COUNT(DISTINCT ?d) AS ?nd) (COUNT(DISTINCT ?x) AS ?nx) WHERE {
  ?u a pg:Unit ; skos:prefLabel ?name .
  OPTIONAL { ?u pg:level ?level } OPTIONAL { ?u pg:unitKind ?kind }
  OPTIONAL { ?u org:subOrganizationOf ?p . ?p skos:prefLabel ?parent }
  OPTIONAL { ?u skos:altLabel ?alias }
  OPTIONAL { ?m pg:responsibleUnit ?u . OPTIONAL { ?m pg:reportsMetric ?x } OPTIONAL { ?m pg:mentionsDocument ?d } }
} GROUP BY ?u ?name ?level ?kind ?parent"""


def units(pg, kind=None, level=None):
    """Units with how many measures name them and how many documents and figures those measures carry.

    Columns: unit (IRI), name, level, kind, parent, aliases, measures, documents, figures.
    ``kind``/``level`` filter by substring (``level="municipal"``, ``kind="leading"``).
    """
    rows = [{"unit": r["u"], "name": r["name"], "level": r["level"], "kind": r["kind"], "parent": r["parent"],
             "aliases": "; ".join(sorted(set(r["aliases"]))), "measures": int(r["nm"]), "documents": int(r["nd"]),
             "figures": int(r["nx"])} for r in backend(pg.store).unit_rows()]
    if kind:
        rows = [r for r in rows if kind in (r["kind"] or "")]
    if level:
        rows = [r for r in rows if level == (r["level"] or "")]
    rows.sort(key=lambda r: (-r["measures"], r["name"]))
    return _frame("units", rows)


# ------------------------------------------------------------------ responsibilities
RESP_SPARQL = """
SELECT ?m ?heading ?report ?sec ?deadline ?st ?quote ?start ?end WHERE {
  ?m pg:responsibleUnit ?u ; pg:heading ?heading ; pg:inReport ?r . ?r dct:title ?report .
  OPTIONAL { ?m pg:inSection ?s . ?s pg:heading ?sec }
  OPTIONAL { ?m pg:deadline ?deadline } OPTIONAL { ?m pg:status ?st }
  OPTIONAL { ?m pg:evidence ?e . ?e pg:forProperty pg:responsibleUnit ; pg:forObject ?u ;
             oa:hasSelector ?sel . ?sel oa:exact ?quote ; oa:start ?start ; oa:end ?end }
}"""


def responsibilities(pg, unit):
    """What ``unit`` is responsible for: one row per measure naming it, with status, deadline and
    the evidence (the mention's quote and character span in the report).

    Columns: unit, measure, heading, status, deadline, report, section, quote, start, end.

    >>> pg.responsibilities("市营商局")    # doctest: +SKIP
    """
    store = backend(pg.store)
    u = resolve_unit(store, unit)
    name = _pref_label(store, u)
    acc: dict[str, dict] = {}
    for r in _canonical(store.responsibility_rows(u)):
        m = acc.setdefault(r["m"], {"unit": name, "measure": r["m"], "heading": r["heading"], "_st": set(),
                                    "deadline": r["deadline"], "report": r["report"], "section": r["sec"],
                                    "quote": r["quote"], "start": r["start"], "end": r["end"]})
        if r["st"]:
            m["_st"].add(_STATUS_BY_IRI.get(r["st"], ""))
        if r["start"] is not None and (m["start"] is None or r["start"] < m["start"]):
            m.update(quote=r["quote"], start=r["start"], end=r["end"])
    rows = []
    for m in acc.values():
        st = m.pop("_st")
        m["status"] = ", ".join(s for s in STATUS_ORDER if s in st)
        rows.append(m)
    rows.sort(key=lambda r: (r["report"], r["start"] if r["start"] is not None else 0))
    return _frame("responsibilities", rows)


# ------------------------------------------------------------------ documents
DOCS_SPARQL = """
SELECT ?d ?title ?type ?level ?issuer ?rel ?status ?report ?quote ?start ?end WHERE {
  ?r pg:reference ?ref ; dct:title ?report . ?ref pg:document ?d ; pg:relation ?rel .
  ?d dct:title ?title .
  OPTIONAL { ?ref pg:statusInReport ?status }
  OPTIONAL { ?d pg:docType ?type } OPTIONAL { ?d pg:level ?level }
  OPTIONAL { ?d dct:creator ?iu . ?iu skos:prefLabel ?issuer }
  OPTIONAL { ?ref pg:evidence ?e . ?e oa:hasSelector ?sel . ?sel oa:exact ?quote ; oa:start ?start ; oa:end ?end }
}"""


def documents(pg, relation=None, level=None, doc_type=None):
    """Documents named by reports and how each report relates to them.

    Columns: document (IRI), title, doc_type, level, issuer, relation (is_about, implements, drafts,
    issues, revises, cites), status_in_report, report, quote (first mention), start, end.

    >>> pg.documents(relation="drafts")    # doctest: +SKIP
    """
    acc: dict[tuple, dict] = {}
    for r in _canonical(backend(pg.store).document_rows()):
        key = (r["d"], r["report"])
        row = acc.get(key)
        if row is None or (r["start"] is not None and (row["start"] is None or r["start"] < row["start"])):
            acc[key] = {"document": r["d"], "title": r["title"], "doc_type": r["type"], "level": r["level"],
                        "issuer": r["issuer"], "relation": r["rel"], "status_in_report": r["status"],
                        "report": r["report"], "quote": r["quote"], "start": r["start"], "end": r["end"]}
    rows = list(acc.values())
    if relation:
        rows = [r for r in rows if r["relation"] == relation]
    if level:
        rows = [r for r in rows if r["level"] == level]
    if doc_type:
        rows = [r for r in rows if r["doc_type"] == doc_type]
    rows.sort(key=lambda r: (r["report"], r["start"] if r["start"] is not None else 0, r["title"]))
    return _frame("documents", rows)


# ------------------------------------------------------------------ metrics
METRICS_SPARQL = """
SELECT ?x ?text ?value ?approx ?mw ?what ?kind ?asof ?m ?report ?start ?end WHERE {
  ?x a pg:Metric ; rdfs:label ?text ; pg:inReport ?r . ?r dct:title ?report .
  OPTIONAL { ?x pg:value ?value } OPTIONAL { ?x pg:approximate ?approx } OPTIONAL { ?x pg:measureWord ?mw }
  OPTIONAL { ?x pg:what ?what } OPTIONAL { ?x pg:metricKind ?kind } OPTIONAL { ?x pg:asOf ?asof }
  OPTIONAL { ?m a pg:Measure ; pg:reportsMetric ?x }
  OPTIONAL { ?x pg:evidence ?e . ?e oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end }
}"""


def metrics(pg, unit=None, measure=None):
    """Reported figures. Columns: metric, text, value, approx, unit (measure word), what, kind,
    as_of, measure, report, start, end. ``unit`` keeps figures of measures naming that unit;
    ``measure`` is a measure IRI or heading."""
    store = backend(pg.store)
    rows = [{"metric": r["x"], "text": r["text"], "value": r["value"], "approx": bool(r["approx"]),
             "unit": r["mw"], "what": r["what"], "kind": r["kind"], "as_of": r["asof"], "measure": r["m"],
             "report": r["report"], "start": r["start"], "end": r["end"]}
            for r in _canonical(store.metric_rows())]
    if unit is not None:
        ms = set(store.measures_of_unit(resolve_unit(store, unit)))
        rows = [r for r in rows if r["measure"] in ms]
    if measure is not None:
        m = resolve_node(store, measure)
        rows = [r for r in rows if r["measure"] == m]
    rows.sort(key=lambda r: (r["report"], r["start"] if r["start"] is not None else 0))
    return _frame("metrics", rows)


# ------------------------------------------------------------------ trace
# Edges followed upwards. A measure's report and the documents a text merely cites are not part of
# its implementation chain; trace falls back to them only when nothing else leads up.
UP = ["eli:ensures_implementation_of", "eli:based_on", "pg:concerns", "eli:is_part_of", "eli:realizes",
      "pg:mentionsDocument", "pg:elaborates"]
FALLBACK_UP = UP + ["pg:inReport", "eli:cites"]


def _up_sparql(props) -> str:
    return ("SELECT ?p ?o ?label ?type WHERE { ?n ?p ?o . FILTER(?p IN (" + ", ".join(props) + "))"
            " OPTIONAL { ?o rdfs:label ?label }"
            " OPTIONAL { ?o a ?type . FILTER(STRSTARTS(STR(?type), STR(pg:))) } } ORDER BY ?p ?o ?type")


def trace(pg, node, max_hops: int = 8):
    """Every path from a measure or document up to the regulations and articles it implements,
    across levels (a Dalian document -> Liaoning regulation -> State Council regulation).

    Columns: start, path ("label -[relation]-> label …"), hops, end (IRI), end_type.
    A path ends at a regulation (or an article/document with nothing further up).
    """
    store = backend(pg.store)
    start = resolve_node(store, node)
    rows = _trace_rows(store, start, UP, max_hops)
    if not any(r["end_type"] == "Regulation" for r in rows):
        # A document that links to nothing itself is carried out by the measures that name it:
        # its chain runs through them (大连市社会信用条例 <- 持续加强社会信用体系建设 -> 第三十条 -> …).
        label = (sorted(store.labels(start)) or [local_name(start)])[0]
        for m in sorted(store.measures_mentioning(start)):
            for r in _trace_rows(store, m, UP, max_hops - 1):
                if r["end_type"] != "Regulation":
                    continue  # the measure's other documents are not this document's chain
                rows.append({**r, "start": start, "path": f"{label} -[mentioned by]-> {r['path']}",
                             "hops": r["hops"] + 1})
    rows = rows or _trace_rows(store, start, FALLBACK_UP, max_hops)
    reg = [r for r in rows if r["end_type"] in ("Regulation", "Document")]
    rows = reg or rows
    rows.sort(key=lambda r: (r["hops"], r["path"]))
    return _frame("trace", rows)


def _trace_rows(store, start, props, max_hops):
    cache: dict[str, list] = {}
    pri = ["Regulation", "Article", "Measure", "Report", "Document"]

    def up(n):
        if n not in cache:
            best: dict[tuple, tuple] = {}
            rows = _canonical(store.up_rows(n, props))
            rows.sort(key=lambda r: (r["p"], r["o"], r["type"] or ""))  # the walk's order, as before
            for r in rows:
                key = (r["p"], r["o"])
                typ = local_name(r["type"]) if r["type"] else ""
                old = best.get(key)
                if old and (old[3] in pri and (typ not in pri or pri.index(old[3]) <= pri.index(typ))):
                    continue
                best[key] = (local_name(r["p"]), r["o"], r["label"] or local_name(r["o"]), typ)
            cache[n] = list(best.values())
        return cache[n]

    label0 = sorted(store.labels(start))
    rows = []

    def walk(n, path, seen):
        nexts = [x for x in up(n) if x[1] not in seen]
        if len(path) > 0 and (not nexts or len(path) >= max_hops):
            rows.append({"start": start, "path": _fmt(path), "hops": len(path),
                         "end": n, "end_type": path[-1][3]})
            return
        for rel, o, label, typ in nexts:
            walk(o, path + [(rel, o, label, typ)], seen | {o})

    def _fmt(path):
        first = label0[0] if label0 else local_name(start)
        return first + "".join(f" -[{rel}]-> {label}" for rel, _, label, _ in path)

    walk(start, [], {start})
    return rows


# ------------------------------------------------------------------ coverage
COVERAGE_SPARQL = """
SELECT ?a ?n ?suf ?label ?chapter ?m ?mh ?d ?local WHERE {
  ?v eli:has_part+ ?a . ?a a pg:Article ; pg:number ?n .
  OPTIONAL { ?a pg:suffix ?suf } OPTIONAL { ?a pg:label ?label }
  OPTIONAL { ?a eli:is_part_of ?c . ?c a pg:Chapter ; rdfs:label ?chapter }
  OPTIONAL { ?m eli:ensures_implementation_of ?a . ?m a pg:Measure ; pg:heading ?mh }
  OPTIONAL { ?d eli:ensures_implementation_of ?a . ?d a pg:Document }
  OPTIONAL { ?local pg:elaborates ?a }
}"""


def coverage(pg, regulation):
    """One row per article of the regulation's latest version with text: the measures and documents
    implementing it, local articles elaborating it, and ``gap`` = nothing implements it.

    Columns: article (IRI), number, label, chapter, measures, measure_headings, documents,
    local_articles, gap. ``df.attrs["complete"]`` is False when the loaded text is partial: then only
    the articles present are listed, and an absent article is never reported as a gap
    (``df.attrs["note"]`` says so).

    >>> pg.coverage("优化营商环境条例").query("gap")    # doctest: +SKIP
    """
    store = backend(pg.store)
    work = resolve_regulation(store, regulation)
    vers = _canonical(store.versions_with_articles(work))
    if not vers:
        raise PolicyGraphError(f"{regulation}: no article text is loaded for this regulation; load its "
                               f"text (graphq load FILE) to see coverage")
    v = max(vers, key=lambda r: r["date"] or "")  # the latest version (the first of equals)
    acc: dict[str, dict] = {}
    for r in _canonical(store.coverage_rows(v["v"])):
        a = acc.setdefault(r["a"], {"article": r["a"], "number": r["n"], "_suf": r["suf"] or 0,
                                    "label": r["label"], "chapter": r["chapter"], "_m": {}, "_d": set(),
                                    "_l": set()})
        if r["m"]:
            a["_m"][r["m"]] = r["mh"]
        if r["d"]:
            a["_d"].add(r["d"])
        if r["local"]:
            a["_l"].add(r["local"])
    rows = []
    for a in sorted(acc.values(), key=lambda a: (a["number"], a["_suf"])):
        rows.append({"article": a["article"], "number": a["number"], "label": a["label"], "chapter": a["chapter"],
                     "measures": len(a["_m"]), "measure_headings": _join(a["_m"].values()),
                     "documents": len(a["_d"]), "local_articles": len(a["_l"]),
                     "gap": not a["_m"] and not a["_d"]})
    df = _frame("coverage", rows)
    df.attrs["regulation"] = v["title"]
    df.attrs["version_iri"] = v["v"]
    df.attrs["version"] = v["date"]
    df.attrs["complete"] = v["complete"] is not False
    df.attrs["note"] = ("" if df.attrs["complete"] else
                        f"the loaded text of {v['title']} is incomplete ({len(rows)} articles present): "
                        f"articles not in the text are not listed and never counted as gaps")
    return df


# ------------------------------------------------------------------ timeline
EVENTS_BRANCH = """{
    ?s pg:event ?e . ?e pg:date ?date ; pg:eventKind ?kind . OPTIONAL { ?e rdfs:label ?what }
    BIND(?s AS ?subject) BIND("event" AS ?k0)
    OPTIONAL { ?e pg:evidence ?ev . ?ev oa:hasSelector ?sel . ?sel oa:exact ?quote }
  }"""
TIMELINE_SPARQL = """
SELECT ?date ?kind ?what ?subject ?stype ?source ?quote WHERE {
  """ + EVENTS_BRANCH + """ UNION {
    ?subject a pg:Measure ; pg:deadline ?date ; pg:heading ?what . BIND("deadline" AS ?kind)
    OPTIONAL { ?subject pg:deadlineText ?quote }
  } UNION {
    ?subject a pg:Metric ; pg:asOf ?date ; rdfs:label ?what . BIND("figure" AS ?kind) BIND(?what AS ?quote)
  }
  OPTIONAL { ?subject a ?stype . FILTER(STRSTARTS(STR(?stype), STR(pg:))) }
  OPTIONAL { ?subject pg:inReport ?r . ?r dct:title ?source }
  OPTIONAL { ?subject dct:title ?source }
}"""


def timeline(pg, unit=None):
    """Dated events (adopted, promulgated, effective, signed, published, reported dates), deadlines
    and figures' as-of dates in date order. Columns: date, kind, what, subject, subject_type, source,
    quote. ``unit`` keeps the deadlines and figures of measures naming that unit."""
    store = backend(pg.store)
    rows = []
    # a unit's timeline holds only its measures' deadlines and figures: regulation events are not read
    for r in _canonical(store.timeline_rows(events=unit is None)):
        rows.append({"date": str(r["date"]), "kind": r["kind"], "what": r["what"], "subject": r["subject"],
                     "subject_type": local_name(r["stype"]) if r["stype"] else None, "source": r["source"],
                     "quote": r["quote"]})
    if unit is not None:
        u = resolve_unit(store, unit)
        ms = set(store.measures_of_unit(u))
        xs = set(store.metrics_of_unit(u))
        rows = [r for r in rows if r["subject"] in ms or r["subject"] in xs]
    dedup = {(r["date"], r["kind"], r["what"], r["subject"]): r for r in rows}
    rows = sorted(dedup.values(), key=lambda r: (r["date"], r["kind"], r["what"] or ""))
    return _frame("timeline", rows)


# ------------------------------------------------------------------ search
SEARCH_SPARQL = """
SELECT ?n ?type ?label ?text WHERE {
  { ?n rdfs:label ?label . BIND(?label AS ?hay) OPTIONAL { ?n pg:text ?text } }
  UNION { ?n pg:text ?text ; rdfs:label ?label . BIND(?text AS ?hay) FILTER NOT EXISTS { ?n a pg:Paragraph } }
  UNION { ?n skos:altLabel ?hay ; rdfs:label ?label }
  FILTER(CONTAINS(?hay, ?q))
  OPTIONAL { ?n a ?type . FILTER(STRSTARTS(STR(?type), STR(pg:))) }
} LIMIT 2000"""


def search(pg, text, limit: int = 50):
    """Nodes whose label, alias or measure text contains ``text``, best first (exact label, then
    label prefix, then label contains, then text). Columns: node, type, label, score, snippet."""
    if not text or not text.strip():
        raise PolicyGraphError("search needs some text, e.g. graphq search 信用")
    q = text.strip()
    best: dict[str, dict] = {}
    for r in _canonical(backend(pg.store).search_rows(q)):
        label = r["label"] or ""
        score = 1.0 if label == q else 0.8 if label.startswith(q) else 0.6 if q in label else 0.4
        score += min(label.count(q) + (r["text"] or "").count(q), 10) / 100
        snippet = ""
        body = r["text"] or label
        i = body.find(q)
        if i >= 0:
            snippet = body[max(0, i - 20): i + len(q) + 20]
        row = {"node": r["n"], "type": local_name(r["type"]) if r["type"] else None, "label": label,
               "score": round(score, 3), "snippet": snippet}
        if r["n"] not in best or best[r["n"]]["score"] < score or (best[r["n"]]["type"] is None and row["type"]):
            best[r["n"]] = row
    rows = sorted(best.values(), key=lambda r: (-r["score"], len(r["label"]), r["label"]))[:limit]
    return _frame("search", rows)


# ------------------------------------------------------------------ neighbors
NEIGHBORS_SPARQL = """
SELECT ?p ?o ?dir ?label ?type WHERE {
  { ?n ?p ?o . FILTER(isIRI(?o)) BIND("out" AS ?dir) } UNION { ?o ?p ?n . BIND("in" AS ?dir) }
  FILTER(?p NOT IN (rdf:type, pg:evidence, <http://www.w3.org/ns/oa#hasSource>))
  OPTIONAL { ?o rdfs:label ?label } OPTIONAL { ?o a ?type . FILTER(STRSTARTS(STR(?type), STR(pg:))) }
}"""


def neighbors(pg, node, depth: int = 1):
    """Nodes linked to ``node`` (both directions) up to ``depth`` hops, evidence nodes left out.
    Columns: source, relation, target, direction, label, type, depth."""
    store = backend(pg.store)
    start = resolve_node(store, node)
    rows, frontier, seen = [], [start], {start}
    for d in range(1, depth + 1):
        nxt = []
        for n in frontier:
            got = {}
            for r in _canonical(store.neighbor_rows(n)):
                key = (r["p"], r["o"], r["dir"])
                if key not in got or (got[key]["type"] is None and r["type"]):
                    got[key] = {"source": n, "relation": local_name(r["p"]), "target": r["o"],
                                "direction": r["dir"], "label": r["label"],
                                "type": local_name(r["type"]) if r["type"] else None, "depth": d}
            for row in got.values():
                if row["type"] in ("Evidence", "ImplementationCandidate", "DocumentReference") and d > 1:
                    continue
                rows.append(row)
                if row["target"] not in seen:
                    seen.add(row["target"])
                    nxt.append(row["target"])
        frontier = nxt
    return _frame("neighbors", rows)


# ------------------------------------------------------------------ the SPARQL fetches
COVERAGE_VERSIONS_SPARQL = """SELECT ?v ?date ?complete ?title WHERE { ?w eli:is_realized_by ?v ; dct:title ?title .
    ?v pg:hasArticles true . OPTIONAL { ?v eli:version_date ?date } OPTIONAL { ?v pg:complete ?complete } }"""


class SparqlBackend(SparqlLookup):
    """What each helper fetches, from a store that answers SPARQL (Oxigraph, rdflib).

    Every method returns rows (dicts with fixed keys: the variables of the SPARQL above) that the
    helpers post-process; ``policygraph.stores.cypher_queries.CypherBackend`` returns the same rows
    from Neo4j or FalkorDB. Types and relations are full IRIs; several values of one property are
    several rows, as SPARQL gives them.
    """

    def measure_rows(self) -> list[dict]:
        return self.store.select(MEASURES_SPARQL)

    def unit_rows(self) -> list[dict]:
        rows = self.store.select(UNITS_SPARQL)
        for r in rows:
            r["aliases"] = [a for a in (r["aliases"] or "").split("\u0001") if a]
        return rows

    def responsibility_rows(self, unit: str) -> list[dict]:
        return self.store.select(RESP_SPARQL, {"u": build.node(unit)})

    def document_rows(self) -> list[dict]:
        return self.store.select(DOCS_SPARQL)

    def metric_rows(self) -> list[dict]:
        return self.store.select(METRICS_SPARQL)

    def measures_of_unit(self, unit: str) -> list[str]:
        return [r["m"] for r in self.store.select("SELECT ?m WHERE { ?m pg:responsibleUnit ?u }",
                                                  {"u": build.node(unit)})]

    def metrics_of_unit(self, unit: str) -> list[str]:
        return [r["x"] for r in self.store.select(
            "SELECT ?x WHERE { ?m pg:responsibleUnit ?u ; pg:reportsMetric ?x }", {"u": build.node(unit)})]

    def up_rows(self, node: str, props: list[str]) -> list[dict]:
        return self.store.select(_up_sparql(props), {"n": build.node(node)})

    def labels(self, node: str) -> list[str]:
        return [r["l"] for r in self.store.select("SELECT ?l WHERE { ?n rdfs:label ?l }", {"n": build.node(node)})]

    def measures_mentioning(self, document: str) -> list[str]:
        return [r["m"] for r in self.store.select("SELECT DISTINCT ?m WHERE { ?m pg:mentionsDocument ?d }",
                                                  {"d": build.node(document)})]

    def versions_with_articles(self, work: str) -> list[dict]:
        return self.store.select(COVERAGE_VERSIONS_SPARQL, {"w": build.node(work)})

    def coverage_rows(self, version: str) -> list[dict]:
        return self.store.select(COVERAGE_SPARQL, {"v": build.node(version)})

    def timeline_rows(self, events: bool = True) -> list[dict]:
        """Events (when ``events``), deadlines and figures' as-of dates."""
        if hasattr(self.store, "text_index"):  # kept, per source graph, in the embedded store's index
            return self.store.text_index().timeline(events)
        query = TIMELINE_SPARQL if events else TIMELINE_SPARQL.replace(EVENTS_BRANCH, "{ FILTER(false) }")
        return self.store.select(query)

    def search_rows(self, text: str) -> list[dict]:
        if hasattr(self.store, "text_index"):  # the embedded store keeps a substring index
            return self.store.text_index().search(text)
        return self.store.select(SEARCH_SPARQL, {"q": text})

    def neighbor_rows(self, node: str) -> list[dict]:
        return self.store.select(NEIGHBORS_SPARQL, {"n": build.node(node)})

    # -------------------------------------------------------------- what loading and linking read
    def titles_with_articles(self) -> list[str]:
        """Titles of regulations with article text in the store."""
        return sorted({r["t"] for r in self.store.select(
            "SELECT DISTINCT ?t WHERE { ?w a pg:Regulation ; eli:is_realized_by ?v ; dct:title ?t . "
            "?v pg:hasArticles true }")})

    def stored_versions(self, work: str) -> list[dict]:
        """Versions of ``work`` with article text: ver, title, date."""
        return self.store.select(
            """SELECT ?ver ?title ?date WHERE { ?work eli:is_realized_by ?ver . ?ver pg:hasArticles true ;
                 dct:title ?title . OPTIONAL { ?ver eli:version_date ?date } }""", {"work": build.node(work)})

    def article_texts(self, version: str) -> list[dict]:
        """Articles of a version: n, suf, text."""
        return self.store.select(
            """SELECT ?n ?suf ?text WHERE { ?ver eli:has_part+ ?a . ?a a pg:Article ; pg:number ?n ;
                 pg:text ?text . OPTIONAL { ?a pg:suffix ?suf } }""", {"ver": build.node(version)})

    def reports(self) -> list[str]:
        return sorted(r["r"] for r in self.store.select("SELECT ?r WHERE { ?r a pg:Report }"))

    def report_references(self, report: str) -> list[dict]:
        """Documents a report names: doc, title, rel."""
        return self.store.select(
            """SELECT ?doc ?title ?rel WHERE { ?r pg:reference ?ref . ?ref pg:document ?doc ;
                 pg:relation ?rel . ?doc dct:title ?title }""", {"r": build.node(report)})

    def report_measures(self, report: str) -> list[dict]:
        """Measures of a report: m, text, ord, and ev = the evidence whose quote is the measure's text."""
        return self.store.select(
            """SELECT ?m ?text ?ord (SAMPLE(?e) AS ?ev) WHERE { ?m a pg:Measure ; pg:inReport ?r ;
                 pg:text ?text ; pg:ordinal ?ord .
                 OPTIONAL { ?m pg:evidence ?e . ?e oa:hasSelector ?sel . ?sel oa:exact ?text } }
               GROUP BY ?m ?text ?ord""", {"r": build.node(report)})

    def class_counts(self) -> dict[str, int]:
        """Nodes per class IRI."""
        return {r["c"]: int(r["n"]) for r in self.store.select(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}


HELPERS = {f.__name__: f for f in (measures, units, responsibilities, documents, metrics, trace, coverage,
                                   timeline, search, neighbors)}


def attach(cls) -> None:
    """Add every helper to ``cls`` as a method with the helper's docstring.

    The helpers dispatch on the store through :func:`backend`: SPARQL on the embedded store, the
    store's own fetches (Cypher) on Neo4j and FalkorDB, then the same post-processing.
    """
    for name, fn in HELPERS.items():
        def method(self, *args, _fn=fn, **kwargs):
            return _fn(self, *args, **kwargs)

        method.__name__ = name
        method.__doc__ = fn.__doc__
        setattr(cls, name, method)

