"""The query helpers: the questions users ask, one method each of :class:`QueryHelpers`, as DataFrames.

:class:`~policygraph.api.PolicyGraph` inherits them, so ``help(PolicyGraph)`` lists them. Each
helper is a *fetch* from the store's :class:`~policygraph.stores.base.Backend` (SPARQL on the
embedded store, Cypher on a server), returning rows with fixed keys, then post-processing written
once here (a ``*_rows`` function of the backend), so every store answers the same rows. Names users
type are found through :mod:`policygraph.lookup`. Column names are part of the API (``COLUMNS``).

The shape of every frame:

- **a missing value is** ``None``, in every column of every helper (never NaN): a column that has
  one holds Python objects, a column without one keeps its type (``str``, ``int``, ``float``,
  ``bool``), so ``df["deadline"].isna()`` and ``row["deadline"] is None`` both work;
- **several values are a list** (``LIST_COLUMNS``: a measure's ``status``, ``units``,
  ``documents`` and ``articles``, a unit's ``aliases``, an article's ``measure_headings``), empty
  when there are none; ``graphq`` prints them joined by ``; `` in tables and CSV, as arrays in JSON;
- ``df.attrs["note"]`` says why an answer is empty or partial (the unit exists but has no planned
  measure; here are its measures), and ``df.attrs["total"]`` how many rows there were before
  ``limit``.

>>> from policygraph import PolicyGraph
>>> list(PolicyGraph.open(memory=True).units().columns) == COLUMNS["units"]
True
"""

from __future__ import annotations

import pandas as pd

from . import build
from .errors import NotFoundError, PolicyGraphError
from .lookup import check_name, find_articles, find_node, find_regulation, find_unit
from .ontology.terms import PG, STATUSES, local_name

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
    "coverage": ["article", "regulation", "number", "label", "chapter", "measures", "measure_headings",
                 "documents", "local_articles", "gap"],
    "timeline": ["date", "kind", "what", "subject", "subject_type", "source", "quote"],
    "search": ["node", "type", "label", "regulation", "score", "snippet"],
    "neighbors": ["source", "relation", "target", "direction", "label", "type", "depth"],
    "stats": ["class", "count"],
    "align": ["local_regulation", "local_article", "national_regulation", "national_article", "score", "rank",
              "asserted", "matched"],
}
LIST_COLUMNS = {"measures": ("status", "units", "documents", "articles"), "units": ("aliases",),
                "responsibilities": ("status",), "coverage": ("measure_headings",), "align": ("matched",)}
HELPERS = tuple(c for c in COLUMNS if c not in ("stats", "align"))  # the QueryHelpers that return rows
STATUS_ORDER = list(STATUSES)
LEVELS = ("national", "provincial", "municipal", "district", "town", "other")  # pg:level of units
PART_TYPES = ("Article", "Chapter", "LegalSection", "Book", "Paragraph", "Item")  # parts of a regulation
_STATUS_BY_IRI = {v: k for k, v in STATUSES.items()}


def _column(values: list) -> pd.Series:
    # None stays None: a column with a missing value (or a list) holds objects, else its own type
    if any(v is None or isinstance(v, list) for v in values):
        return pd.Series(values, dtype=object)
    return pd.Series(values)


def frame(name: str, rows: list[dict], *, limit: int | None = None, note: str | None = None) -> pd.DataFrame:
    """The frame of helper ``name``: its columns, missing values as None, the first ``limit`` rows."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise PolicyGraphError(f"limit must be a whole number of rows, 0 or more (got {limit!r})")
    total = len(rows)
    rows = rows if limit is None else rows[:limit]
    cols = COLUMNS[name]
    df = pd.DataFrame({c: _column([r.get(c) for r in rows]) for c in cols}, columns=cols)
    df.attrs.update(helper=name, total=total)
    if note:
        df.attrs["note"] = note
    return df


def _join(values) -> list:
    return list(dict.fromkeys(v for v in values if v))


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


def _statuses(found) -> list[str]:
    return [s for s in STATUS_ORDER if s in found]


def _pref_label(b, unit: str) -> str:
    names = b.pref_labels(unit)
    return min(names) if names else local_name(unit)


def _text_filter(value, what: str) -> str:
    """A filter given as text: never empty (an empty filter would silently keep everything)."""
    if not isinstance(value, str) or not value.strip():
        raise PolicyGraphError(f"{what} needs some text (got {value!r})")
    return value.strip()


# ------------------------------------------------------------------ measures
def _measures_by_iri(b) -> list[dict]:
    """One dict per measure with its statuses, units, documents and articles gathered."""
    acc: dict[str, dict] = {}
    for r in _canonical(b.measure_rows()):
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


def _document_titles(b, document: str) -> set[str]:
    """The title keys a ``document`` filter keeps: those of the document or regulation it names."""
    try:
        work = find_regulation(b, document)
    except NotFoundError as exc:
        raise NotFoundError("document", document, exc.suggestions, reason=exc.reason) from None
    return {build.title_key(t) for t in b.titles(work)}


def _measure_filters(b, unit, status, regulation, article, document, section) -> list:
    """The filters of :meth:`QueryHelpers.measures` as predicates on a gathered measure. A filter
    given (not None) always filters: a name that names nothing is an error, never "no filter"."""
    if status is not None and status not in STATUS_ORDER:
        raise PolicyGraphError(f"unknown status {status!r}; use one of {', '.join(STATUS_ORDER)}")
    keep = []
    if unit is not None:
        names = set(b.pref_labels(find_unit(b, unit)))
        keep.append(lambda m: bool(names & m["_u"].keys()))
    if status is not None:
        keep.append(lambda m: status in m["_st"])
    if article is not None:
        arts = set(find_articles(b, article, regulation))
        keep.append(lambda m: any(a[2] in arts for a in m["_a"]))
    elif regulation is not None:
        titles = set(b.titles(find_regulation(b, regulation)))
        keep.append(lambda m: any(a[0] in titles for a in m["_a"]))
    if document is not None:
        keys = _document_titles(b, document)
        keep.append(lambda m: any(build.title_key(d) in keys for d in m["_d"]))
    if section is not None:
        text = _text_filter(section, "section")
        keep.append(lambda m: text in (m["section"] or ""))
    return keep


def _measure_row(m: dict) -> dict:
    return {
        "measure": m["measure"], "report": m["report"], "section": m["section"], "ordinal": m["ordinal"],
        "heading": m["heading"], "status": _statuses(m["_st"]), "deadline": m["deadline"],
        "units": _join(m["_u"]), "documents": _join(m["_d"]),
        "articles": _join(f"{t} 第{n}条" for t, n, _ in sorted(m["_a"], key=lambda a: (a[0], a[1]))),
        "text": m["text"],
    }


def measure_rows(b, unit=None, status=None, regulation=None, article=None, document=None, section=None):
    keep = _measure_filters(b, unit, status, regulation, article, document, section)
    out = [_measure_row(m) for m in _measures_by_iri(b) if all(k(m) for k in keep)]
    out.sort(key=lambda r: (r["report"], r["measure"]))
    return out


def _unit_measures(b, unit: str) -> list[dict]:
    """The measures naming ``unit`` (an IRI), as rows."""
    names = set(b.pref_labels(unit))
    rows = [_measure_row(m) for m in _measures_by_iri(b) if names & m["_u"].keys()]
    return sorted(rows, key=lambda r: (r["report"], r["measure"]))


def why_empty(b, unit, asked: str) -> str | None:
    """Why an answer about ``unit`` (a name) is empty: the unit has none of what was ``asked``;
    these are the measures that name it (or: no measure names it)."""
    if unit is None:
        return None
    u = find_unit(b, unit)
    name = _pref_label(b, u)
    mine = _unit_measures(b, u)
    if not mine:
        return f"{name} is named by no measure"
    listed = "; ".join(f"{r['heading']} ({', '.join(r['status']) or 'no status'}"
                       f"{', deadline ' + str(r['deadline']) if r['deadline'] else ''})" for r in mine[:8])
    more = f" and {len(mine) - 8} more" if len(mine) > 8 else ""
    return f"{name} has no {asked}; its measures: {listed}{more}"


def _describe_filters(status, regulation, article, document, section) -> str:
    words = [f"{status} measure" if status else "measure"]
    words += [f"implementing {article}" if article else f"implementing {regulation}" if regulation else "",
              f"naming {document}" if document else "", f"in a section on {section}" if section else ""]
    return " ".join(w for w in words if w)


# ------------------------------------------------------------------ units, responsibilities, documents, metrics
def _choice(value, choices, what: str):
    if value is not None and value not in choices:
        raise PolicyGraphError(f"unknown {what} {value!r}; use one of {', '.join(choices)}")
    return value


def unit_rows(b, kind=None, level=None):
    _choice(level, LEVELS, "level")
    kind = _text_filter(kind, "kind") if kind is not None else None
    rows = [{"unit": r["u"], "name": r["name"], "level": r["level"], "kind": r["kind"], "parent": r["parent"],
             "aliases": sorted(set(r["aliases"])), "measures": int(r["nm"]), "documents": int(r["nd"]),
             "figures": int(r["nx"])} for r in b.unit_rows()]
    if kind is not None:
        rows = [r for r in rows if kind in (r["kind"] or "")]
    if level is not None:
        rows = [r for r in rows if level == (r["level"] or "")]
    rows.sort(key=lambda r: (-r["measures"], r["name"]))
    return rows


def responsibility_rows(b, unit):
    u = find_unit(b, unit)
    name = _pref_label(b, u)
    acc: dict[str, dict] = {}
    for r in _canonical(b.responsibility_rows(u)):
        m = acc.setdefault(r["m"], {"unit": name, "measure": r["m"], "heading": r["heading"], "_st": set(),
                                    "deadline": r["deadline"], "report": r["report"], "section": r["sec"],
                                    "quote": r["quote"], "start": r["start"], "end": r["end"]})
        if r["st"]:
            m["_st"].add(_STATUS_BY_IRI.get(r["st"], ""))
        if r["start"] is not None and (m["start"] is None or r["start"] < m["start"]):  # the first mention
            m.update(quote=r["quote"], start=r["start"], end=r["end"])
    rows = [{**m, "status": _statuses(m.pop("_st"))} for m in acc.values()]
    rows.sort(key=lambda r: (r["report"], r["start"] if r["start"] is not None else 0))
    return rows


RELATIONS = ("is_about", "implements", "drafts", "issues", "revises", "cites")


def document_rows(b, relation=None, level=None, doc_type=None):
    _choice(relation, RELATIONS, "relation")
    level = _text_filter(level, "level") if level is not None else None
    doc_type = _text_filter(doc_type, "doc_type") if doc_type is not None else None
    acc: dict[tuple, dict] = {}
    for r in _canonical(b.document_rows()):
        key = (r["d"], r["report"])
        row = acc.get(key)
        if row is None or (r["start"] is not None and (row["start"] is None or r["start"] < row["start"])):
            acc[key] = {"document": r["d"], "title": r["title"], "doc_type": r["type"], "level": r["level"],
                        "issuer": r["issuer"], "relation": r["rel"], "status_in_report": r["status"],
                        "report": r["report"], "quote": r["quote"], "start": r["start"], "end": r["end"]}
    rows = [r for r in acc.values() if (relation is None or r["relation"] == relation)
            and (level is None or r["level"] == level) and (doc_type is None or r["doc_type"] == doc_type)]
    rows.sort(key=lambda r: (r["report"], r["start"] if r["start"] is not None else 0, r["title"]))
    return rows


def metric_rows(b, unit=None, measure=None):
    rows = [{"metric": r["x"], "text": r["text"], "value": r["value"], "approx": bool(r["approx"]),
             "unit": r["mw"], "what": r["what"], "kind": r["kind"], "as_of": r["asof"], "measure": r["m"],
             "report": r["report"], "start": r["start"], "end": r["end"]}
            for r in _canonical(b.metric_rows())]
    if unit is not None:
        ms = set(b.measures_of_unit(find_unit(b, unit)))
        rows = [r for r in rows if r["measure"] in ms]
    if measure is not None:
        m = find_node(b, measure)
        rows = [r for r in rows if r["measure"] == m]
    rows.sort(key=lambda r: (r["report"], r["start"] if r["start"] is not None else 0))
    return rows


# ------------------------------------------------------------------ coverage
def _latest_version(b, regulation) -> dict:
    work = find_regulation(b, regulation)
    vers = _canonical(b.versions_with_articles(work))
    if not vers:
        raise PolicyGraphError(f"{regulation}: no article text is loaded for this regulation; load its "
                               f"text (graphq load FILE) to see coverage")
    return max(vers, key=lambda r: r["date"] or "")  # the latest version (the first of equals)


def coverage_rows(b, version: str) -> list[dict]:
    acc: dict[str, dict] = {}
    for r in _canonical(b.coverage_rows(version)):
        a = acc.setdefault(r["a"], {"article": r["a"], "number": r["n"], "_suf": r["suf"] or 0,
                                    "label": r["label"], "chapter": r["chapter"], "_m": {}, "_d": set(),
                                    "_l": set()})
        if r["m"]:
            a["_m"][r["m"]] = r["mh"]
        if r["d"]:
            a["_d"].add(r["d"])
        if r["local"]:
            a["_l"].add(r["local"])
    return [{"article": a["article"], "number": a["number"], "label": a["label"], "chapter": a["chapter"],
             "measures": len(a["_m"]), "measure_headings": _join(a["_m"].values()),
             "documents": len(a["_d"]), "local_articles": len(a["_l"]), "gap": not a["_m"] and not a["_d"]}
            for a in sorted(acc.values(), key=lambda a: (a["number"], a["_suf"]))]


def _coverage_attrs(v: dict, articles: int) -> dict:
    complete = v["complete"] is not False
    note = ("" if complete else
            f"the loaded text of {v['title']} is incomplete ({articles} articles present): "
            f"articles not in the text are not listed and never counted as gaps")
    return {"regulation": v["title"], "version_iri": v["v"], "version": v["date"], "complete": complete,
            "note": note}


# ------------------------------------------------------------------ timeline, search, neighbors
# A report's own dated phrase (年底前, 8月末) that a more specific row already carries: the
# measure whose deadline it is, the figure it dates. Each such date is shown once, on that row.
_SAID_BY = {"deadline": ("deadline", "Measure"), "as_of": ("figure", "Metric")}


def _once(rows: list[dict]) -> list[dict]:
    carried = {(r["date"], r["source"], r["kind"], r["subject_type"]) for r in rows}
    return [r for r in rows if not (r["kind"] in _SAID_BY and r["subject_type"] not in ("Measure", "Metric")
                                    and (r["date"], r["source"], *_SAID_BY[r["kind"]]) in carried)]


def timeline_rows(b, unit=None):
    rows = []
    # a unit's timeline holds only its measures' deadlines and figures: regulation events are not read
    for r in _canonical(b.timeline_rows(events=unit is None)):
        rows.append({"date": str(r["date"]), "kind": r["kind"], "what": r["what"], "subject": r["subject"],
                     "subject_type": local_name(r["stype"]) if r["stype"] else None, "source": r["source"],
                     "quote": r["quote"]})
    if unit is not None:
        u = find_unit(b, unit)
        mine = set(b.measures_of_unit(u)) | set(b.metrics_of_unit(u))
        rows = [r for r in rows if r["subject"] in mine]
    dedup = {(r["date"], r["kind"], r["what"], r["subject"]): r for r in rows}
    # an event a catalogue row states has no words of its own: shown only when no text names it
    named = {(r["date"], r["kind"], r["subject"]) for r in dedup.values() if r["what"] is not None}
    rows = [r for r in dedup.values() if r["what"] is not None or (r["date"], r["kind"], r["subject"]) not in named]
    for r in rows:
        r["what"] = r["what"] or r["kind"]
    return sorted(_once(rows), key=lambda r: (r["date"], r["kind"], r["what"] or ""))


def _search_hit(r: dict, q: str) -> dict:
    label = r["label"] or ""
    score = 1.0 if label == q else 0.8 if label.startswith(q) else 0.6 if q in label else 0.4
    score += min(label.count(q) + (r["text"] or "").count(q), 10) / 100
    body = r["text"] or label
    i = body.find(q)
    snippet = body[max(0, i - 20): i + len(q) + 20] if i >= 0 else ""
    return {"node": r["n"], "type": local_name(r["type"]) if r["type"] else None, "label": label,
            "regulation": None, "score": round(score, 3), "snippet": snippet}


def _search_text(text) -> str:
    if not isinstance(text, str) or not text.strip():
        raise PolicyGraphError("search needs some text, e.g. graphq search 信用")
    check_name(text, "text")  # control characters: no label holds them, and the index cannot take them
    return text.strip()


def search_rows(b, text, limit: int | None = 50):
    """Search hits best first; the first ``limit`` name the regulation of each article they hold."""
    q = _search_text(text)
    best: dict[str, dict] = {}
    for r in _canonical(b.search_rows(q)):
        row = _search_hit(r, q)
        old = best.get(r["n"])
        if old is None or old["score"] < row["score"] or (old["type"] is None and row["type"]):
            best[r["n"]] = row
    rows = sorted(best.values(), key=lambda r: (-r["score"], len(r["label"]), r["label"]))
    shown = rows if limit is None else rows[:limit]
    regs = b.regulations_of([r["node"] for r in shown if r["type"] in PART_TYPES])
    for r in shown:
        r["regulation"] = regs.get(r["node"])
    return rows


_NOT_FOLLOWED = ("Evidence", "ImplementationCandidate", "DocumentReference")  # beyond the first hop


def _hops(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PolicyGraphError(f"{what} must be a whole number, 1 or more (got {value!r})")
    return value


def neighbor_rows(b, node, depth: int = 1):
    start = find_node(b, node)
    rows, frontier, seen = [], [start], {start}
    for d in range(1, _hops(depth, "depth") + 1):
        nxt = []
        for n in frontier:
            got = {}
            for r in _canonical(b.neighbor_rows(n)):
                key = (r["p"], r["o"], r["dir"])
                if key not in got or (got[key]["type"] is None and r["type"]):
                    got[key] = {"source": n, "relation": local_name(r["p"]), "target": r["o"],
                                "direction": r["dir"], "label": r["label"],
                                "type": local_name(r["type"]) if r["type"] else None, "depth": d}
            for row in got.values():
                if row["type"] in _NOT_FOLLOWED and d > 1:
                    continue
                rows.append(row)
                if row["target"] not in seen:
                    seen.add(row["target"])
                    nxt.append(row["target"])
        frontier = nxt
    return rows


def stats_rows(b) -> list[dict]:
    counts = b.class_counts()
    return [{"class": local_name(c), "count": int(n)} for c, n in sorted(counts.items()) if c.startswith(str(PG))]


# ------------------------------------------------------------------ the helpers, as methods
class QueryHelpers:
    """The questions users ask, one method each; :class:`~policygraph.api.PolicyGraph` inherits them.

    Every method reads through ``self.backend`` (the store's :class:`~policygraph.stores.base.Backend`)
    and returns a DataFrame with the columns of ``COLUMNS[name]`` (missing values None, several
    values a list: see the module docstring); ``limit`` keeps the first rows. A new helper is a
    fetch in both backends (``stores/sparql_queries.py``, ``stores/cypher_queries.py``, listed in
    ``stores/base.py``), a ``*_rows`` function here, a method below and a ``graphq`` command.
    """

    backend: object  # provided by PolicyGraph

    def measures(self, unit=None, status=None, regulation=None, article=None, document=None, section=None,
                 limit: int | None = None):
        """Measures, optionally filtered.

        Columns: measure (IRI), report, section (heading), ordinal, heading, status (list: done,
        ongoing, planned), deadline, units (list), documents (list), articles (list:
        "优化营商环境条例 第7条"), text.

        ``unit`` is a unit name as written (市营商局); ``status`` one of done/ongoing/planned;
        ``regulation`` a title (measures implementing any of its articles); ``article`` e.g.
        "优化营商环境条例 第七条"; ``document`` a title the measure names; ``section`` text in the
        section heading. A name that names nothing is a :class:`~policygraph.errors.NotFoundError`;
        when a unit exists but nothing matches, ``df.attrs["note"]`` lists its measures.

        >>> pg.measures(unit="市营商局", status="planned")    # doctest: +SKIP
        """
        b = self.backend
        rows = measure_rows(b, unit, status, regulation, article, document, section)
        note = None if rows else why_empty(b, unit, _describe_filters(status, regulation, article, document, section))
        return frame("measures", rows, limit=limit, note=note)

    def units(self, kind=None, level=None, limit: int | None = None):
        """Units with how many measures name them and how many documents and figures those measures carry.

        Columns: unit (IRI), name, level, kind, parent, aliases (list), measures, documents, figures.
        ``kind`` filters by substring (``kind="leading"``), ``level`` exactly: one of
        :data:`LEVELS` (national, provincial, municipal, district, town, other).
        """
        return frame("units", unit_rows(self.backend, kind, level), limit=limit)

    def responsibilities(self, unit, limit: int | None = None):
        """What ``unit`` is responsible for: one row per measure naming it, with status, deadline and
        the evidence (the mention's quote and character span in the report).

        Columns: unit, measure, heading, status (list), deadline, report, section, quote, start, end.

        >>> pg.responsibilities("市营商局")    # doctest: +SKIP
        """
        rows = responsibility_rows(self.backend, unit)
        return frame("responsibilities", rows, limit=limit,
                      note=None if rows else why_empty(self.backend, unit, "measure"))

    def documents(self, relation=None, level=None, doc_type=None, limit: int | None = None):
        """Documents named by reports and how each report relates to them.

        Columns: document (IRI), title, doc_type, level, issuer, relation (is_about, implements, drafts,
        issues, revises, cites), status_in_report, report, quote (first mention), start, end.

        >>> pg.documents(relation="drafts")    # doctest: +SKIP
        """
        return frame("documents", document_rows(self.backend, relation, level, doc_type), limit=limit)

    def metrics(self, unit=None, measure=None, limit: int | None = None):
        """Reported figures. Columns: metric, text, value, approx, unit (measure word), what, kind,
        as_of, measure, report, start, end. ``unit`` keeps figures of measures naming that unit;
        ``measure`` is a measure's ID, IRI or heading."""
        rows = metric_rows(self.backend, unit, measure)
        note = None if rows or measure is not None else why_empty(self.backend, unit, "measure reporting a figure")
        return frame("metrics", rows, limit=limit, note=note)

    def trace(self, node, max_hops: int = 8, limit: int | None = None):
        """Every path from a measure or document up to the regulations and articles it implements,
        across levels (a Dalian document -> Liaoning regulation -> State Council regulation).

        Columns: start, path ("label -[relation]-> label …", articles named with their
        regulation), hops, end (IRI), end_type. A path ends at a regulation (or an
        article/document with nothing further up).
        """
        from . import tracing

        start = find_node(self.backend, node)
        paths = tracing.store_paths(self.backend, start, _hops(max_hops, "max_hops"))  # the trace view draws them too
        return frame("trace", tracing.rows(paths, tracing.node_label(self.backend, start)), limit=limit)

    def coverage(self, regulation, gaps: bool = False, limit: int | None = None):
        """One row per article of the regulation's latest version with text: the measures and documents
        implementing it, local articles elaborating it, and ``gap`` = nothing implements it;
        ``gaps=True`` keeps only the gaps.

        Columns: article (IRI), regulation (its title), number, label, chapter, measures,
        measure_headings (list), documents, local_articles, gap. ``df.attrs["complete"]`` is False
        when the loaded text is partial: then only the articles present are listed, and an absent
        article is never reported as a gap (``df.attrs["note"]`` says so).

        >>> pg.coverage("优化营商环境条例", gaps=True)    # doctest: +SKIP
        """
        v = _latest_version(self.backend, regulation)
        rows = [{**r, "regulation": v["title"]} for r in coverage_rows(self.backend, v["v"])]
        df = frame("coverage", [r for r in rows if r["gap"]] if gaps else rows, limit=limit)
        df.attrs.update(_coverage_attrs(v, len(rows)))
        return df

    def timeline(self, unit=None, limit: int | None = None):
        """Dated events (adopted, promulgated, effective, signed, published, reported dates), deadlines
        and figures' as-of dates in date order, each date once (a report's 年底前 is shown on the
        measure whose deadline it is). Columns: date, kind, what, subject, subject_type, source,
        quote. ``unit`` keeps the deadlines and figures of measures naming that unit."""
        rows = timeline_rows(self.backend, unit)
        note = None if rows else why_empty(self.backend, unit, "measure with a deadline or a dated figure")
        return frame("timeline", rows, limit=limit, note=note)

    def search(self, text, limit: int | None = 50):
        """Nodes whose label, alias or measure text contains ``text``, best first (exact label, then
        label prefix, then label contains, then text). Columns: node, type, label, regulation (the
        title an article, chapter or paragraph belongs to), score, snippet."""
        return frame("search", search_rows(self.backend, text, limit), limit=limit)

    def neighbors(self, node, depth: int = 1, limit: int | None = None):
        """Nodes linked to ``node`` (both directions) up to ``depth`` hops, evidence nodes left out.
        Columns: source, relation, target, direction, label, type, depth."""
        return frame("neighbors", neighbor_rows(self.backend, node, depth), limit=limit)

    def stats(self, as_dict: bool = False):
        """Node counts per class of the ontology: a DataFrame (class, count), or with ``as_dict``
        a dict keyed by the class's local name.

        >>> from policygraph import PolicyGraph
        >>> PolicyGraph.open(memory=True).stats(as_dict=True)
        {}
        """
        rows = stats_rows(self.backend)
        if as_dict:
            return {r["class"]: r["count"] for r in rows}
        return frame("stats", rows)
